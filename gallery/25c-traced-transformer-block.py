"""One transformer block (attention, then an MLP) as a minimal PyTorch module, traced through
__torch_function__ (compare 18b). Each parameter is drawn as a tensor named after it."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, hidden=6, heads=2, head_size=3, mlp=8):
        super().__init__()
        self.W_Q, self.W_K, self.W_V = (nn.Parameter(torch.randn(hidden, heads, head_size)) for _ in range(3))
        self.W_O = nn.Parameter(torch.randn(heads, head_size, hidden))
        self.W_up = nn.Parameter(torch.randn(hidden, mlp))
        self.W_down = nn.Parameter(torch.randn(mlp, hidden))

    def forward(self, x):
        q = torch.einsum("sd,dhk->shk", x, self.W_Q)
        k = torch.einsum("sd,dhk->shk", x, self.W_K)
        v = torch.einsum("sd,dhk->shk", x, self.W_V)
        pattern = torch.softmax(torch.einsum("qhk,thk->hqt", q, k) / q.shape[-1] ** 0.5, dim=-1)
        x = x + torch.einsum("hqt,thk,hkd->qd", pattern, v, self.W_O)
        return x + F.gelu(x @ self.W_up) @ self.W_down


block = Block()

TRACE = {
    "function": "block",
    "shapes": {"x": (4, 6)},
    "names": {"x": "seq_pos hidden", "W_Q": "hidden num_heads head_size", "W_V": "hidden num_heads head_size",
              "W_up": "hidden mlp"},
    "copies": "node",                        # the stream copied once per branch, as 18b draws it
    "spec": {"title": "Traced from PyTorch: one transformer block",
             "tensors": {"W_up": {"label": "W_{\\uparrow}"}, "W_down": {"label": "W_{\\downarrow}"}}},
}
