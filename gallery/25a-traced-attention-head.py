"""An attention head in numpy, traced into the post's attention block (compare 21a)."""
import numpy as np

from tensordiag.trace import softmax


def attention_block(x, W_Q, W_K, W_V, W_O):
    q = np.einsum("sd,dhk->shk", x, W_Q)            # queries, per head
    k = np.einsum("sd,dhk->shk", x, W_K)            # keys
    v = np.einsum("sd,dhk->shk", x, W_V)            # values
    scores = np.einsum("qhk,thk->hqt", q, k)        # query against key position
    pattern = softmax(scores, axis=-1)              # over the key position
    z = np.einsum("hqt,thk->qhk", pattern, v)       # each query's mix of values
    return x + np.einsum("qhk,hkd->qd", z, W_O)     # added back into the stream


TRACE = {
    "function": "attention_block",
    "shapes": {"x": (4, 6), "W_Q": (6, 2, 3), "W_K": (6, 2, 3), "W_V": (6, 2, 3), "W_O": (2, 3, 6)},
    "names": {"x": "seq_pos hidden", "W_Q": "hidden num_heads head_size", "W_V": "hidden num_heads head_size"},
    "spec": {"title": "Traced from numpy: the attention block"},
}
