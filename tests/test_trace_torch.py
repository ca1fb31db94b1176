"""Tracing PyTorch through ``__torch_function__``: each operation against the function's own output.

``make test`` installs the ``[torch]`` extra (the CPU wheel), so these run in CI; without torch they skip."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from tensordiag.trace import TraceError, trace  # noqa: E402


def z(*shape: int):  # type: ignore[no-untyped-def]
    return torch.zeros(shape, dtype=torch.float64)


CASES = {
    "einsum": (lambda a, b: torch.einsum("ij,jk->ik", a, b), (z(3, 4), z(4, 2))),
    "einsum list": (lambda a, b: torch.einsum("ij,jk", [a, b]), (z(3, 4), z(4, 2))),
    "@": (lambda a, b: a @ b, (z(3, 4), z(4, 2))),
    "matmul": (lambda a, b: torch.matmul(a, b), (z(2, 3, 4), z(2, 4, 5))),
    "tensordot": (lambda a, b: torch.tensordot(a, b, dims=([1], [0])), (z(3, 4), z(4, 2))),
    "transpose": (lambda a: a.transpose(0, 2), (z(2, 3, 4),)),
    "permute": (lambda a: a.permute(2, 0, 1), (z(2, 3, 4),)),
    ".T and .mT": (lambda a, b: a.T @ b.mT, (z(4, 3), z(2, 4))),
    "view merge": (lambda a: a.view(6, 4), (z(2, 3, 4),)),
    "reshape merge and split": (lambda a, b: (a.reshape(6, 4) @ b).reshape(2, 3, 5), (z(2, 3, 4), z(4, 5))),
    "sum": (lambda a: a.sum(dim=1), (z(3, 4),)),
    "mean": (lambda a: torch.mean(a, dim=0), (z(3, 4),)),
    "tanh": (lambda a: torch.tanh(a), (z(3, 4),)),
    "exp": (lambda a: a.exp(), (z(3, 4),)),
    "relu": (lambda a, b: F.relu(a @ b), (z(3, 4), z(4, 2))),
    "sigmoid": (lambda a: torch.sigmoid(a), (z(3, 4),)),
    "gelu (erf)": (lambda a, b: F.gelu(a @ b), (z(3, 4), z(4, 2))),
    "gelu (tanh)": (lambda a, b: F.gelu(a @ b, approximate="tanh"), (z(3, 4), z(4, 2))),
    "softmax": (lambda a, b: torch.softmax(a @ b, dim=-1), (z(3, 4), z(4, 2))),
    "softmax method": (lambda a, b: (a @ b).softmax(0), (z(3, 4), z(4, 2))),
    "F.linear with bias": (lambda x, w, b: F.linear(x, w, b), (z(3, 4), z(2, 4), z(2))),
    "residual": (lambda x, w: x + x @ w, (z(3, 4), z(4, 4))),
    "subtract and scale": (lambda a, b, c: 0.5 * (a @ b) - c / 2, (z(3, 4), z(4, 2), z(3, 2))),
    "split, view and transpose (nanoGPT)": (lambda x, w: nano_heads(x, w), (z(4, 6), z(6, 18))),
    "view(..., 3, heads, head_size) and unbind": (lambda x, w: torch.einsum("qhk,thk->hqt", *(x @ w).view(4, 3, 2, 3).unbind(1)[:2]),
                                                  (z(4, 6), z(6, 18))),
    "indexing": (lambda x, w: torch.einsum("qhk,thk->hqt", (x @ w).view(4, 3, 2, 3)[:, 0], (x @ w).view(4, 3, 2, 3)[:, 1]),
                 (z(4, 6), z(6, 18))),
    "chunk": (lambda x, w: torch.chunk(x @ w, 3, dim=-1)[2], (z(4, 6), z(6, 18))),
    "torch.split sizes": (lambda x, w: torch.split(x @ w, [2, 4], dim=1)[1], (z(4, 6), z(6, 6))),
    "F.layer_norm": (lambda x, g, b: F.layer_norm(x, (6,), g, b, 1e-5), (z(4, 6), z(6), z(6))),
    "layer norm written out": (lambda x: (x - x.mean(-1, keepdim=True)) * torch.rsqrt(x.var(-1, keepdim=True,
                                                                                             unbiased=False) + 1e-5),
                               (z(4, 6),)),
    "F.dropout in eval mode": (lambda x, w: F.dropout(x @ w, 0.1, training=False), (z(4, 6), z(6, 3))),
    "F.scaled_dot_product_attention": (lambda q, k, v: F.scaled_dot_product_attention(q, k, v),
                                       (z(2, 4, 3), z(2, 5, 3), z(2, 5, 3))),
    "heads merged into a weight": (lambda x, w, p: nano_heads(x, w) @ p, (z(4, 6), z(6, 18), z(6, 5))),
}


def nano_heads(x, w):  # type: ignore[no-untyped-def]
    q, k, v = (a.view(4, 2, 3).transpose(0, 1) for a in (x @ w).split(6, dim=-1))
    att = F.softmax((q @ k.transpose(-2, -1)) * (1.0 / 3 ** 0.5), dim=-1)
    return (att @ v).transpose(0, 1).contiguous().view(4, 6)


@pytest.mark.parametrize("case", sorted(CASES))
def test_torch_operation_matches_the_function(case: str) -> None:
    fn, examples = CASES[case]
    t = trace(fn, *examples)
    assert t.verdict.verdict == "ok", t.verdict.detail
    assert t.check().verdict == "ok", t.check().detail


def test_torch_refusal_names_the_operation_and_line() -> None:
    def fn(a):  # type: ignore[no-untyped-def]
        return torch.cumsum(a, 0)

    line = fn.__code__.co_firstlineno + 1
    with pytest.raises(TraceError, match=rf"^test_trace_torch.py:{line}: torch.cumsum: the tracer does not draw it$"):
        trace(fn, z(3))


def test_a_module_is_traced_with_its_parameters_named_and_put_back() -> None:
    class Mlp(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.up = torch.nn.Linear(4, 8)
            self.W_down = torch.nn.Parameter(torch.randn(8, 4))

        def forward(self, x):  # type: ignore[no-untyped-def]
            return x + F.relu(self.up(x)) @ self.W_down

    model = Mlp()
    weight = model.up.weight
    t = trace(model, z(3, 4), names={"x": "seq hidden"})
    assert t.verdict.verdict == "ok", t.verdict.detail
    assert t.spec["einsum"].startswith("einsum(x, x, up_weight, up_bias, one1, add1, P1, W_down, add2")
    assert model.up.weight is weight and isinstance(model.W_down, torch.nn.Parameter)
    assert [n for n, _ in model.named_parameters()] == ["W_down", "up.weight", "up.bias"]


def test_nn_layer_norm_is_a_bubble_with_its_gain_and_bias_and_other_norms_are_refused() -> None:
    t = trace(torch.nn.LayerNorm(6).double(), z(4, 6), names={"input": "seq_pos hidden"})
    assert t.verdict.verdict == "ok", t.verdict.detail
    assert t.spec["bubbles"][0]["function"] == "layernorm" and t.spec["bubbles"][0]["over"] == "hidden"
    assert t.spec["einsum"].startswith('einsum(input, weight, delta1, bias, one1, add1, "seq_pos hidden, hidden.2, hidden hidden.2 hidden.3,')
    with pytest.raises(TraceError, match=r"F.layer_norm: over 2 axes"):
        trace(lambda x: F.layer_norm(x, (4, 6)), z(4, 6))
    with pytest.raises(TraceError, match=r"var: the unbiased variance"):
        trace(lambda x: x.var(-1, keepdim=True), z(4, 6))
    with pytest.raises(TraceError, match=r"indexing: a slice with a step"):
        trace(lambda x: x[:, ::2], z(4, 6))
    with pytest.raises(TraceError, match=r"^test_trace_torch.py:\d+: F.scaled_dot_product_attention: with a mask"):
        trace(lambda q: F.scaled_dot_product_attention(q, q, q, is_causal=True), z(4, 6))
    with pytest.raises(TraceError, match=r"F.dropout: random while training"):
        trace(lambda x: F.dropout(x, 0.1), z(4, 6))
