"""One transformer block (attention, then MLP) in PyTorch, traced through __torch_function__ (compare 18b)."""
import torch
import torch.nn.functional as F


def transformer_block(x, W_Q, W_K, W_V, W_O, W_up, W_down):
    q = torch.einsum("sd,dhk->shk", x, W_Q)
    k = torch.einsum("sd,dhk->shk", x, W_K)
    v = torch.einsum("sd,dhk->shk", x, W_V)
    pattern = torch.softmax(torch.einsum("qhk,thk->hqt", q, k) / W_Q.shape[-1] ** 0.5, dim=-1)
    x = x + torch.einsum("hqt,thk,hkd->qd", pattern, v, W_O)
    return x + F.gelu(x @ W_up) @ W_down


TRACE = {
    "function": "transformer_block",
    "shapes": {"x": (4, 6), "W_Q": (6, 2, 3), "W_K": (6, 2, 3), "W_V": (6, 2, 3), "W_O": (2, 3, 6),
               "W_up": (6, 8), "W_down": (8, 6)},
    "names": {"x": "seq_pos hidden", "W_Q": "hidden num_heads head_size", "W_V": "hidden num_heads head_size",
              "W_up": "hidden mlp"},
    "torch": True,
    "spec": {"title": "Traced from PyTorch: one transformer block",
             "tensors": {"W_up": {"label": "W_{\\uparrow}"}, "W_down": {"label": "W_{\\downarrow}"}}},
}
