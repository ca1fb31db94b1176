"""A nanoGPT-style block in PyTorch: layer norms with their gains, one fused QKV projection split into q, k and v
and into heads by view, traced through __torch_function__ (compare 18b). nanoGPT's causal mask is left out, as in
the post (masked_fill is not a tensor network). The fused weight is drawn as its three slices, W_Q, W_K, W_V."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class LayerNorm(nn.Module):
    """nanoGPT's layer norm with its gain and no bias (nanoGPT's bias=False). The gain is drawn in each branch
    that reads the norm, as the norm itself is: a dot on the branch's wire with the gain beside it."""

    def __init__(self, ndim):
        super().__init__()
        self.ndim = ndim
        self.weight = nn.Parameter(torch.ones(ndim))

    def forward(self, x):
        return F.layer_norm(x, (self.ndim,), self.weight, None, 1e-5)


class Block(nn.Module):
    def __init__(self, n_embd=6, n_head=2):
        super().__init__()
        self.n_head = n_head
        self.ln_1 = LayerNorm(n_embd)
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=False)
        self.c_proj = nn.Linear(n_embd, n_embd, bias=False)
        self.ln_2 = LayerNorm(n_embd)
        self.c_fc = nn.Linear(n_embd, 4 * n_embd, bias=False)
        self.mlp_proj = nn.Linear(4 * n_embd, n_embd, bias=False)

    def attn(self, x):
        T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=1)
        q, k, v = (a.view(T, self.n_head, C // self.n_head).transpose(0, 1) for a in (q, k, v))
        att = F.softmax(q @ k.transpose(-2, -1) * (1.0 / math.sqrt(k.size(-1))), dim=-1)
        y = (att @ v).transpose(0, 1).contiguous().view(T, C)
        return self.c_proj(y)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x))))


block = Block()

TRACE = {
    "function": "block",
    "shapes": {"x": (4, 6)},
    "names": {"x": "seq_pos hidden"},
    "rename": {"d2": "num_heads", "d3": "head_size", "d24": "mlp"},
    "copies": "node",
    "spec": {"title": "Traced from PyTorch: a nanoGPT-style block (fused QKV, layer norms)",
             "tensors": {"ln_1_weight": {"label": "\\gamma_1"}, "ln_2_weight": {"label": "\\gamma_2"},
                         "c_attn_weight_0": {"label": "W_Q"}, "c_attn_weight_1": {"label": "W_K"},
                         "c_attn_weight_2": {"label": "W_V"}, "c_proj_weight": {"label": "W_O"},
                         "c_fc_weight": {"label": "W_{\\uparrow}"}, "mlp_proj_weight": {"label": "W_{\\downarrow}"}}},
}
