"""Tracing numpy and einops code: every operation the tracer draws, checked against the function's own output
(the trace's verdict compares the figure with ``fn`` on random inputs), and the one-line refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tensordiag.trace import TraceError, gelu, relu, sigmoid, softmax, trace


def z(*shape: int) -> np.ndarray:
    return np.zeros(shape)


def ok(fn, *examples, **kw):  # type: ignore[no-untyped-def]
    t = trace(fn, *examples, **kw)
    assert t.verdict.verdict == "ok", t.verdict.detail
    assert t.check().verdict == "ok", t.check().detail
    return t


CASES = {
    "einsum string": (lambda a, b: np.einsum("ij,jk->ik", a, b), (z(3, 4), z(4, 2))),
    "einsum implicit": (lambda a, b: np.einsum("ij,jk", a, b), (z(3, 4), z(4, 2))),
    "einsum ellipsis": (lambda a, b: np.einsum("...ij,jk->...ik", a, b), (z(2, 3, 4), z(4, 2))),
    "einsum interleaved": (lambda a, b: np.einsum(a, [0, 1], b, [1, 2], [2, 0]), (z(3, 4), z(4, 2))),
    "einsum trace": (lambda a: np.einsum("ii->", a), (z(3, 3),)),
    "einsum hyperedge": (lambda a, b: np.einsum("ij,j->ij", a, b), (z(3, 4), z(4))),
    "matmul @": (lambda a, b: a @ b, (z(3, 4), z(4, 2))),
    "np.matmul batched": (lambda a, b: np.matmul(a, b), (z(2, 3, 4), z(2, 4, 5))),
    "matrix-vector": (lambda a, v: a @ v, (z(3, 4), z(4))),
    "np.dot": (lambda a, b: np.dot(a, b), (z(3, 4), z(4, 2))),
    "tensordot int": (lambda a, b: np.tensordot(a, b, 2), (z(2, 3, 4), z(3, 4, 5))),
    "tensordot axes": (lambda a, b: np.tensordot(a, b, axes=([0], [1])), (z(3, 4), z(2, 3))),
    "transpose .T": (lambda a, b: a.T @ b, (z(4, 3), z(4, 2))),
    "np.transpose axes": (lambda a: np.transpose(a, (2, 0, 1)), (z(2, 3, 4),)),
    "swapaxes": (lambda a: np.swapaxes(a, 0, 2), (z(2, 3, 4),)),
    "reshape merge": (lambda a: a.reshape(6, 4), (z(2, 3, 4),)),
    "reshape merge and split": (lambda a, b: (a.reshape(6, 4) @ b).reshape(2, 3, 5), (z(2, 3, 4), z(4, 5))),
    "sum": (lambda a: a.sum(axis=1), (z(3, 4),)),
    "mean": (lambda a: np.mean(a, axis=0), (z(3, 4),)),
    "tanh": (lambda a, b: np.tanh(a @ b), (z(3, 4), z(4, 2))),
    "exp": (lambda a: np.exp(a), (z(3, 4),)),
    "relu as maximum": (lambda a, b: np.maximum(a @ b, 0), (z(3, 4), z(4, 2))),
    "relu": (lambda a: relu(a), (z(3, 4),)),
    "gelu": (lambda a, b: gelu(a @ b), (z(3, 4), z(4, 2))),
    "sigmoid": (lambda a: sigmoid(a), (z(3, 4),)),
    "softmax": (lambda a, b: softmax(a @ b, axis=0), (z(3, 4), z(4, 2))),
    "add": (lambda a, b, c: a @ b + c, (z(3, 4), z(4, 2), z(3, 2))),
    "subtract": (lambda a, b, c: a @ b - c, (z(3, 4), z(4, 2), z(3, 2))),
    "bias broadcast": (lambda a, b, c: a @ b + c, (z(3, 4), z(4, 2), z(2))),
    "residual (copy node)": (lambda x, w: x + x @ w, (z(3, 4), z(4, 4))),
    "arguments used again": (lambda x, a, b: (x @ a) @ (x @ b).T + x @ a @ b.T @ x.T, (z(3, 4), z(4, 2), z(4, 2))),
    "computed value used twice": (lambda x, w, v: np.tanh(x @ w) @ v + np.tanh(x @ w) @ v, (z(3, 4), z(4, 4), z(4, 2))),
    "scalar": (lambda a, b: 0.5 * (a @ b), (z(3, 4), z(4, 2))),
    "division and negation": (lambda a, b: -(a @ b) / 4, (z(3, 4), z(4, 2))),
    "scalar in softmax": (lambda a, b: softmax((a @ b.T) / np.sqrt(4), axis=-1), (z(3, 4), z(5, 4))),
    "hadamard": (lambda a, b: a * b, (z(3, 4), z(3, 4))),
    "scalar outside a bubble": (lambda a, b: 0.5 * np.tanh(a @ b), (z(3, 4), z(4, 2))),
    "scalar inside a bubble": (lambda a, b: np.tanh(0.5 * (a @ b)), (z(3, 4), z(4, 2))),
    "scaled residual branch": (lambda x, w: x + 0.5 * np.tanh(x @ w), (z(3, 4), z(4, 4))),
    "sum of everything": (lambda a: np.sum(a), (z(3, 4),)),
    "slice": (lambda x, w: (x @ w)[:, 2:5], (z(3, 4), z(4, 6))),
    "slice with ...": (lambda x, w: (x @ w)[..., -3:], (z(3, 4), z(4, 6))),
    "integer index": (lambda x, w: (x @ w)[1], (z(3, 4), z(4, 6))),
    "np.split": (lambda x, w: np.split(x @ w, 3, axis=-1)[1] + np.split(x @ w, [2, 4], axis=1)[2], (z(3, 4), z(4, 6))),
    "slice through +, a number and tanh": (lambda x, w, b: (np.tanh(0.5 * (x @ w)) + b)[:, :2], (z(3, 4), z(4, 6), z(6))),
    "unpacking": (lambda x, w: np.einsum("ij,ij->ij", *(x @ w).reshape(3, 2, 3).swapaxes(0, 1)), (z(3, 4), z(4, 6))),
    "reshape splits an argument's axis": (lambda x, w: np.einsum("shk,shk->s", (x @ w).reshape(3, 2, 3), (x @ w).reshape(3, 2, 3)),
                                          (z(3, 4), z(4, 6))),
    "tanh of a sum (a bubble around a pasted copy alone)": (lambda x, w, b: np.tanh(x @ w + b), (z(3, 4), z(4, 6), z(6))),
    "layer norm written out": (lambda x, g, b: (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
                               * g + b, (z(4, 6), z(6), z(6))),
    "layer norm by steps": (lambda x, w: ln_steps(x) @ w, (z(4, 6), z(6, 3))),
    "grouped leg into a weight": (lambda x, w, p: np.einsum("sd,dhk->shk", x, w).reshape(3, 6) @ p, (z(3, 4), z(4, 2, 3), z(6, 5))),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_operation_matches_the_function(case: str) -> None:
    fn, examples = CASES[case]
    ok(fn, *examples)


def attention(x, W_Q, W_K, W_V, W_O):  # type: ignore[no-untyped-def]
    q = np.einsum("sd,dhk->shk", x, W_Q)
    k = np.einsum("sd,dhk->shk", x, W_K)
    v = np.einsum("sd,dhk->shk", x, W_V)
    pattern = softmax(np.einsum("qhk,thk->hqt", q, k) / np.sqrt(W_Q.shape[-1]), axis=-1)
    return x + np.einsum("hqt,thk,hkd->qd", pattern, v, W_O)


def test_attention_block_is_a_flow_with_copies_and_a_softmax_over_the_key_position() -> None:
    t = ok(attention, z(4, 6), z(6, 2, 3), z(6, 2, 3), z(6, 2, 3), z(2, 3, 6), names={"x": "seq hidden"})
    kinds = {name: p.get("kind") for name, p in t.spec["tensors"].items()}
    assert list(kinds.values()).count("add") == 1 and "copy" not in kinds.values()
    # x feeds the add; query, key and value read pasted copies of it, as the post's attention block draws them
    assert [n for n, p in t.spec["tensors"].items() if p.get("data") == "x"] == ["x'", "x''", "x'''"]
    (bubble,) = t.spec["bubbles"]
    assert bubble["function"] == "softmax" and bubble["over"].startswith("seq")
    assert bubble["scale"] == "3^{-1/2}" and "c1" not in t.spec["tensors"]  # 1/sqrt(d) folded into the softmax
    assert set(t.spec["leg_colors"]) == {i for i in t.spec["dims"] if i.startswith("seq")}  # seq pos red


def test_a_scale_folds_into_its_bubble_only_when_its_text_is_exact() -> None:
    t = ok(lambda a, b: np.tanh((a @ b) / 8), z(3, 4), z(4, 2))
    assert t.spec["bubbles"][0]["scale"] == "0.125" and "c1" not in t.spec["tensors"]
    t = ok(lambda a, b: np.tanh((a @ b) / 3), z(3, 4), z(4, 2))  # 0.3333 is not 1/3: a coefficient the check holds
    assert "scale" not in t.spec["bubbles"][0] and t.spec["tensors"]["c1"]["label"] == "0.3333"
    t = ok(lambda a, b: gelu(0.5 * (a @ b)), z(3, 4), z(4, 2))
    assert t.spec["bubbles"][0]["label"] == r"GELU(0.5\cdot)"


def test_a_value_read_three_times_leaves_the_stream_through_one_copy_node_per_branch() -> None:
    t = ok(attention, z(4, 6), z(6, 2, 3), z(6, 2, 3), z(6, 2, 3), z(2, 3, 6), names={"x": "seq_pos hidden"},
           copies="node")
    copies = {n: p for n, p in t.spec["tensors"].items() if p.get("kind") == "copy"}
    assert [p["ports"] for p in copies.values()] == [3, 3, 3, 2, 2, 2]  # C1 C2 C3 along the stream, then pasted


def ln_steps(x):  # type: ignore[no-untyped-def]
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.mean(np.square(x - mu), axis=1, keepdims=True)
    return (x - mu) / np.sqrt(var + 0.001)


def test_layer_norm_is_one_bubble_over_its_axis_with_its_epsilon_and_gain() -> None:
    t = ok(lambda x, g: (x - x.mean(-1, keepdims=True)) / np.sqrt(np.var(x, -1, keepdims=True) + 1e-5) * g, z(4, 6),
           z(6), names={"x": "seq_pos hidden"})
    assert t.spec["bubbles"] == [{"name": "layernorm1", "function": "layernorm", "members": ["x"], "label": "LN",
                                  "eps": r"1\cdot 10^{-5}", "over": "hidden"}]
    # the gain: a delta (a dot) joining the normalised hidden, the gain and the product's own wire
    assert t.spec["einsum"] == 'einsum(x, g, delta1, "seq_pos hidden, hidden.2, hidden hidden.2 hidden.3 -> seq_pos hidden.3")'
    assert t.spec["tensors"]["delta1"] == {"kind": "delta", "shape": "dot"}
    with pytest.raises(TraceError, match=r"x - mean: a part of a layer norm, used otherwise"):
        trace(lambda x: x - x.mean(-1, keepdims=True), z(4, 6))
    with pytest.raises(TraceError, match=r"np.var: the unbiased variance"):
        trace(lambda x: (x - x.mean(-1, keepdims=True)) / np.sqrt(np.var(x, -1, ddof=1, keepdims=True)), z(4, 6))
    with pytest.raises(TraceError, match=r"test_trace.py:\d+: sqrt: only the square root of a layer norm's variance"):
        trace(lambda x: np.sqrt(x), z(4, 6))


def fused_attention(x, W_qkv, W_O):  # type: ignore[no-untyped-def]
    q, k, v = (a.reshape(4, 2, 3) for a in np.split(x @ W_qkv, 3, axis=-1))
    pattern = softmax(np.einsum("qhk,thk->hqt", q, k) / np.sqrt(3), axis=-1)
    return x + np.einsum("hqt,thk,hkd->qd", pattern, v, W_O)


def test_a_fused_qkv_projection_is_drawn_as_three_slices_of_its_weight() -> None:
    t = ok(fused_attention, z(4, 6), z(6, 18), z(2, 3, 6), names={"x": "seq_pos hidden"})
    tensors = t.spec["tensors"]
    assert [n for n in tensors if n.startswith("W_qkv")] == ["W_qkv_0", "W_qkv_1", "W_qkv_2"]
    assert tensors["W_qkv_1"] == {"label": r"W_{\mathrm{qkv}}^{(1)}", "role": "weight"}
    assert "x' hidden.2 h k" not in t.spec["einsum"] and "hidden.2 h k," in t.spec["einsum"]  # one leg per axis
    assert t.spec["bubbles"][0]["members"] == ["x'", "W_qkv_0", "x''", "W_qkv_1"]


def test_a_layer_norm_read_by_three_branches_is_drawn_in_each_and_a_weight_used_twice_again() -> None:
    def fn(x, W_Q, W_K, W_V, W_O):  # type: ignore[no-untyped-def]
        n = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
        return attention(n, W_Q, W_K, W_V, W_O) + x  # attention adds n back: n is read four times

    t = ok(fn, z(4, 6), z(6, 2, 3), z(6, 2, 3), z(6, 2, 3), z(2, 3, 6), names={"x": "seq_pos hidden"}, copies="node")
    assert [b["members"] for b in t.spec["bubbles"] if b["function"] == "layernorm"] == [["P1"], ["P2"], ["P3"], ["P4"]]
    assert [p["ports"] for p in t.spec["tensors"].values() if p.get("kind") == "copy"][:4] == [3, 3, 3, 3]
    t = ok(lambda x, w: np.tanh(x @ w) @ w.T, z(4, 6), z(6, 3), copies="node")
    assert t.spec["tensors"]["w'"] == {"data": "w", "label": "w", "role": "weight"}  # a weight drawn again, yellow


def test_single_head_attention_through_copy_nodes_is_checked_as_one_block() -> None:
    def f(x, W_Q, W_K, W_V):  # type: ignore[no-untyped-def]
        return x + softmax((x @ W_Q) @ (x @ W_K).T, axis=-1) @ (x @ W_V)

    # no tensor joins the pattern and the value side: only the key position, leaving two pasted copies
    ok(f, z(4, 6), z(6, 3), z(6, 3), z(6, 6), names={"x": "seq_pos hidden"}, copies="node")


def test_names_come_from_arguments_then_einsum_letters_then_sizes_and_can_be_renamed() -> None:
    t = ok(lambda x, w: x @ w, z(3, 4), z(4, 2), names={"x": "seq hidden"})
    assert t.spec["einsum"] == 'einsum(x, w, "seq hidden, hidden d2 -> seq d2")'
    t = ok(lambda x, w: np.einsum("ab,bc->ac", x, w), z(3, 4), z(4, 2))
    assert t.spec["einsum"] == 'einsum(x, w, "a b, b c -> a c")'
    t = ok(lambda x, w: x @ w, z(3, 4), z(4, 2), rename={"d2": "out"})
    assert t.spec["einsum"] == 'einsum(x, w, "d3 d4, d4 out -> d3 out")'


def test_einops_patterns_name_the_indices() -> None:
    einops = pytest.importorskip("einops")

    def fn(x, w, b):  # type: ignore[no-untyped-def]
        y = einops.einsum(x, w, "seq hidden, hidden out -> seq out")
        y = einops.rearrange(y, "seq (head k) -> head seq k", head=2)
        return einops.reduce(y, "head seq k -> seq k", "sum") + einops.repeat(b, "k -> seq k", seq=3)

    t = ok(fn, z(3, 4), z(4, 6), z(3))  # splitting w's axis is moved down to w: its legs head and k
    assert t.spec["einsum"].startswith('einsum(x, w, one1, b, one2, add1, "seq hidden, hidden head k, head, k.2')

    def fn2(x, w, b):  # type: ignore[no-untyped-def]
        y = einops.einsum(x, w, "seq hidden, hidden head k -> seq head k")
        y = einops.rearrange(y, "seq head k -> seq (head k)")
        z_ = einops.reduce(einops.rearrange(y, "seq (head k) -> head seq k", head=2), "head seq k -> seq k", "mean")
        return z_ + einops.repeat(b, "k -> seq k", seq=3)

    t = ok(fn2, z(3, 4), z(4, 2, 3), z(3))
    assert t.spec["einsum"].startswith('einsum(x, c1, w, one1, b, one2, add1, "seq hidden, , hidden head k, head, k.2')


def test_refusals_name_the_operation_and_the_line() -> None:
    def sort(a):  # type: ignore[no-untyped-def]
        return np.sort(a)

    line = sort.__code__.co_firstlineno + 1
    with pytest.raises(TraceError, match=rf"^test_trace.py:{line}: np.sort: the tracer does not draw it$"):
        trace(sort, z(3))
    with pytest.raises(TraceError, match=r"np.maximum: only np.maximum\(x, 0\), a ReLU, is drawn"):
        trace(lambda a: np.maximum(a, 1), z(3))
    with pytest.raises(TraceError, match=r"\*\*: a power of an array"):
        trace(lambda a: a**2, z(3))
    with pytest.raises(TraceError, match=r"adding a constant number is not a tensor network"):
        trace(lambda a: a + 1, z(3))
    with pytest.raises(TraceError, match=r"indexing: an index of type list \(only slices and integers are drawn\)"):
        trace(lambda a: a[[0, 1]], z(3))
    with pytest.raises(TraceError, match=r"indexing: a slice with a step"):
        trace(lambda a: a[::2], z(4))
    with pytest.raises(TraceError, match=r"indexing: slices or splits the axis softmax runs along"):
        trace(lambda a: softmax(a, axis=0)[1:], z(4))
    with pytest.raises(TraceError, match=r"returned float, not an array"):
        trace(lambda a: 1.0, z(3))
    with pytest.raises(TraceError, match=r"names: 'y' is not an argument"):
        trace(lambda a: a, z(3), names={"y": "i"})


GALLERY_LIKE = '''
import numpy as np

def f(x, W):
    return np.tanh(x @ W)

def g(x):
    return np.sort(x)

def h(x):
    raise ValueError("no")
'''


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tensordiag", "trace", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_cli_traces_a_file_and_refuses_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(GALLERY_LIKE)
    done = run_cli("m.py:f", "--shape", "x=3,4", "--shape", "W=4,2", "--names", "x=seq hidden",
                   "-o", "f.svg", "-o", "f.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == ("ok  m.py:f: traced figure vs the function on random inputs: "
                                          "agrees to 1e-9 (relative)")
    assert (tmp_path / "f.svg").read_text().startswith("<?xml")
    assert "seq hidden, hidden d2" in (tmp_path / "f.yaml").read_text()
    done = run_cli("m.py:g", "--shape", "x=3", "-o", "g.svg", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "tensordiag: error: m.py:8: np.sort: the tracer does not draw it\n"
    done = run_cli("m.py:f", "--shape", "x=3,4", "-o", "f.svg", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "tensordiag: error: --shape: f(x, W) needs a shape for 'W'\n")
    done = run_cli("m.py:f", "--shape", "x=3,a", "--shape", "W=4,2", "-o", "f.svg", cwd=tmp_path)
    assert done.returncode == 2 and "sizes are whole numbers" in done.stderr
    done = run_cli("m.py:h", "--shape", "x=3", "-o", "h.svg", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "tensordiag: error: m.py:11: h raised ValueError: no\n")
    done = run_cli("nope.py:h", "--shape", "x=3", "-o", "h.svg", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "tensordiag: error: no such file: 'nope.py'\n")


def test_the_trace_check_can_fail() -> None:
    from tensordiag.trace.verify import compare

    t = ok(lambda a, b: a @ b, z(3, 4), z(4, 2))
    data = {"a": ("leaf", 0), "b": ("leaf", 1)}
    wrong = compare(t.drawing.figure, data, lambda a, b: 2 * (a @ b), [(3, 4), (4, 2)], np.asarray, np.asarray)
    assert (wrong.verdict, wrong.detail) == ("mismatch", "traced figure vs the function on random inputs: "
                                                         "differs by ≥ 0.1 (relative)")
    shape = compare(t.drawing.figure, data, lambda a, b: a, [(3, 4), (4, 2)], np.asarray, np.asarray)
    assert shape.verdict == "mismatch" and "the figure has 6 entries, the function 12" in shape.detail


def test_same_code_same_spec_and_the_package_is_callable() -> None:
    import tensordiag

    first = tensordiag.trace(attention, z(4, 6), z(6, 2, 3), z(6, 2, 3), z(6, 2, 3), z(2, 3, 6)).spec
    assert trace(attention, z(4, 6), z(6, 2, 3), z(6, 2, 3), z(6, 2, 3), z(2, 3, 6)).spec == first
    with pytest.raises(TraceError, match=r"rename: no index is named 'nope'"):
        trace(lambda a: a, z(3), rename={"nope": "i"})


def test_a_gallery_spec_that_is_not_what_its_code_traces_to_fails(tmp_path: Path) -> None:
    from tensordiag.trace.sources import retrace

    gallery = Path(__file__).resolve().parents[1] / "gallery"
    for suffix in (".py", ".yaml"):
        text = (gallery / f"25b-traced-mlp-block{suffix}").read_text(encoding="utf-8")
        (tmp_path / f"b{suffix}").write_text(text.replace("mlp: 8", "mlp: 9"), encoding="utf-8")
    code, result = retrace(tmp_path / "b.yaml")  # type: ignore[misc]
    assert code.startswith('"""An MLP block') and result.verdict == "mismatch"
    assert "b.yaml is not what tracing b.py gives" in result.detail


def test_an_argument_used_twice_can_go_through_a_copy_node() -> None:
    def mlp(x, W_up, W_down):  # type: ignore[no-untyped-def]
        return x + gelu(x @ W_up) @ W_down

    t = ok(mlp, z(4, 6), z(6, 8), z(8, 6), names={"x": "seq hidden"}, copies="node")
    kinds = [p.get("kind") for p in t.spec["tensors"].values()]
    assert kinds.count("copy") == 2 and kinds.count("add") == 1  # the stream's copy node and the pasted copy
    assert t.spec["bubbles"][0]["members"] == ["P1", "W_up"]
    with pytest.raises(TraceError, match=r"copies: 'both' is not 'data' or 'node'"):
        trace(mlp, z(4, 6), z(6, 8), z(8, 6), copies="both")


def test_an_einops_fused_qkv_is_drawn_as_three_slices_with_the_pattern_names() -> None:
    einops = pytest.importorskip("einops")

    def att(x, W_qkv, W_O):  # type: ignore[no-untyped-def]
        q, k, v = einops.rearrange(x @ W_qkv, "s (three h d) -> three s h d", three=3, h=2)
        p = softmax(einops.einsum(q, k, "q h d, t h d -> h q t") / np.sqrt(3), axis=-1)
        return x + einops.einsum(p, v, W_O, "h q t, t h d, h d m -> q m")

    t = ok(att, z(4, 6), z(6, 18), z(2, 3, 6), names={"x": "seq_pos hidden"})
    assert ", hidden.2 h d, " in t.spec["einsum"] and "W_qkv_2" in t.spec["tensors"]


def test_axis_names_of_transformer_code_read_as_the_posts_and_seq_pos_is_red() -> None:
    t = ok(lambda x, w: np.einsum("sd,dhk->shk", x, w), z(4, 6), z(6, 2, 3),
           names={"x": "seq d_model", "w": "d_model n_head d_head"})
    assert t.spec["index_labels"] == {"seq": "seq pos", "d_model": "hidden", "n_head": "num heads",
                                      "d_head": "head size"}
    assert t.spec["leg_colors"] == {"seq": "#b2182b"} and "seq d_model," in t.spec["einsum"]
