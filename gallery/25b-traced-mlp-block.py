"""An MLP block with GELU in numpy, traced (compare 20a)."""
import numpy as np

from tensordiag.trace import gelu


def mlp_block(x, W_up, W_down):
    hidden = gelu(x @ W_up)                  # up to the MLP's width, then GELU
    return x + hidden @ W_down               # down again, added back into the stream


TRACE = {
    "function": "mlp_block",
    "shapes": {"x": (4, 6), "W_up": (6, 8), "W_down": (8, 6)},
    "names": {"x": "seq_pos hidden", "W_up": "hidden mlp"},
    "copies": "node",                        # x into the block through a copy node, as 20a draws it
    "spec": {"title": "Traced from numpy: the MLP block with GELU",
             "tensors": {"W_up": {"label": "W_{\\uparrow}"}, "W_down": {"label": "W_{\\downarrow}"}}},
}
