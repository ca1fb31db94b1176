"""The operations a trace records, independent of the framework: numpy_ops and torch_ops reduce every call
they accept to these, and give each a :class:`~tensordiag.trace.graph.Tracer`'s methods.

Every contraction is an ``einsum`` node; a label used by one input only and not in the output is a sum, drawn
as a contraction with a vector of ones; a broadcast is an outer product with one.
"""

from __future__ import annotations

import numbers
from typing import Any, Sequence

from . import norms
from .graph import Graph, Tracer, refuse

Names = dict[str, tuple[str, int]]
"""label -> (index name, priority): 3 the user's, 2 an einops pattern's, 1 an einsum letter, 0 a default."""


def graph_of(*values: Any) -> Graph:
    return next(v.graph for v in values if isinstance(v, Tracer))


def like(x: Tracer, node: int) -> Tracer:
    return type(x)(x.graph, node)


def is_scalar(v: Any) -> bool:
    if isinstance(v, numbers.Number) and not isinstance(v, bool):
        return True
    shape = getattr(v, "shape", None)
    return shape == () and not isinstance(v, Tracer) and hasattr(v, "item")


def scalar_value(v: Any) -> float:
    value = complex(v.item() if hasattr(v, "item") else v)
    if value.imag:
        raise refuse("multiplication by a complex number")
    return value.real


def fresh_labels(count: int, taken: set[str]) -> list[str]:
    out, k = [], 0
    while len(out) < count:
        label = f"_{k}"
        if label not in taken:
            out.append(label)
        k += 1
    return out


def einsum(inputs: Sequence[Tracer], labels: Sequence[Sequence[str]], out: Sequence[str], names: Names | None,
           what: str) -> Tracer:
    """The einsum of ``inputs``, one label per axis; sizes are checked as numpy would."""
    size: dict[str, int] = {}
    for x, ls in zip(inputs, labels):
        if len(ls) != x.ndim:
            raise refuse(what, f"{len(ls)} labels for an array of {x.ndim} axes")
        for label, n in zip(ls, x.shape):
            if size.setdefault(label, n) != n:
                raise refuse(what, f"axis '{names_of(names, label)}' is {size[label]} and {n}")
    for label in out:
        if label not in size:
            raise refuse(what, f"output axis '{names_of(names, label)}' is on no input")
    if len(set(out)) != len(out):
        raise refuse(what, "an output axis repeats")
    shape = tuple(size[label] for label in out)
    graph = graph_of(*inputs)
    node = graph.add("einsum", tuple(x.node for x in inputs), shape, labels=tuple(tuple(ls) for ls in labels),
                     out=tuple(out), names=dict(names or {}), what=what)
    return like(inputs[0], node)


def names_of(names: Names | None, label: str) -> str:
    return (names or {}).get(label, (label, 0))[0]


def transpose(x: Tracer, axes: Sequence[int] | None, what: str = "transpose") -> Tracer:
    axes = list(range(x.ndim))[::-1] if axes is None or len(axes) == 0 else [a % x.ndim for a in axes]
    if sorted(axes) != list(range(x.ndim)):
        raise refuse(what, f"axes {tuple(axes)} are not a permutation of {x.ndim} axes")
    labels = fresh_labels(x.ndim, set())
    return einsum([x], [labels], [labels[a] for a in axes], None, what)


def swapaxes(x: Tracer, a: int, b: int, what: str = "swapaxes") -> Tracer:
    axes = list(range(x.ndim))
    axes[a % x.ndim], axes[b % x.ndim] = axes[b % x.ndim], axes[a % x.ndim]
    return transpose(x, axes, what)


def matmul(a: Any, b: Any, what: str = "matmul") -> Tracer:
    if not isinstance(a, Tracer) or not isinstance(b, Tracer):
        raise refuse(what, "both sides must be traced arrays (pass constants as arguments)")
    if a.ndim == 0 or b.ndim == 0:
        raise refuse(what, "matmul of a scalar")
    na, nb = max(a.ndim - 2, 0), max(b.ndim - 2, 0)
    batch = [f"_b{k}" for k in range(max(na, nb))]
    left = batch[len(batch) - na:] + (["_i", "_k"] if a.ndim >= 2 else ["_k"])
    right = batch[len(batch) - nb:] + (["_k", "_j"] if b.ndim >= 2 else ["_k"])
    out = batch + (["_i"] if a.ndim >= 2 else []) + (["_j"] if b.ndim >= 2 else [])
    return einsum([a, b], [left, right], out, None, what)


def tensordot(a: Tracer, b: Tracer, axes: Any = 2, what: str = "tensordot") -> Tracer:
    if isinstance(axes, numbers.Integral):
        n = int(axes)
        axes = (list(range(a.ndim - n, a.ndim)), list(range(n)))
    ax_a, ax_b = ([x] if isinstance(x, numbers.Integral) else list(x) for x in axes)
    ax_a = [int(i) % a.ndim for i in ax_a]
    ax_b = [int(i) % b.ndim for i in ax_b]
    la = [f"_a{i}" for i in range(a.ndim)]
    lb = [f"_b{i}" for i in range(b.ndim)]
    for i, j in zip(ax_a, ax_b):
        lb[j] = la[i]
    out = [la[i] for i in range(a.ndim) if i not in ax_a] + [lb[j] for j in range(b.ndim) if j not in ax_b]
    return einsum([a, b], [la, lb], out, None, what)


def reduce_sum(x: Tracer, axis: Any, keepdims: bool = False, what: str = "sum") -> Tracer:
    if keepdims:
        raise refuse(what, "keepdims keeps an axis of size 1, which the tracer does not draw")
    axes = range(x.ndim) if axis is None else ([axis] if isinstance(axis, numbers.Integral) else list(axis))
    gone = {int(a) % x.ndim for a in axes}
    labels = fresh_labels(x.ndim, set())
    return einsum([x], [labels], [lab for k, lab in enumerate(labels) if k not in gone], None, what)


def mean(x: Tracer, axis: Any, keepdims: bool = False, what: str = "mean") -> Tracer:
    if keepdims:  # a layer norm's mean or variance
        return norms.mean_kept(x, axis, what)  # type: ignore[no-any-return]
    total = reduce_sum(x, axis, keepdims, what)
    count = 1
    for n in x.shape:
        count *= n
    for n in total.shape:
        count //= n
    return scale(total, 1.0 / count)


def ones(graph: Graph, n: int) -> int:
    return graph.add("ones", (), (n,))


def broadcast(x: Tracer, shape: tuple[int, ...], what: str) -> Tracer:
    """``x`` broadcast to ``shape`` (numpy's rule, without axes of size 1): an outer product with ones."""
    if x.shape == shape:
        return x
    lead = len(shape) - x.ndim
    if lead < 0 or tuple(shape[lead:]) != x.shape:
        raise refuse(what, f"shapes {x.shape} and {shape} broadcast only with axes of size 1, which are not drawn")
    labels = fresh_labels(len(shape), set())
    vectors = [like(x, ones(x.graph, n)) for n in shape[:lead]]
    return einsum([x, *vectors], [labels[lead:], *([lab] for lab in labels[:lead])], labels, None, what)


def binary_shapes(a: Any, b: Any, what: str) -> tuple[Tracer, Tracer]:
    if not isinstance(a, Tracer) or not isinstance(b, Tracer):
        other = b if isinstance(a, Tracer) else a
        raise refuse(what, f"a traced array with a constant of type {type(other).__name__} (pass it as an argument)")
    shape = a.shape if a.ndim >= b.ndim else b.shape
    return broadcast(a, shape, what), broadcast(b, shape, what)


def add(a: Any, b: Any, what: str = "+") -> Tracer:
    if norms.involved(a, b):
        return norms.combine("add", a, b, what)  # type: ignore[no-any-return]
    if is_scalar(a) or is_scalar(b):
        raise refuse(what, "adding a constant number is not a tensor network")
    a, b = binary_shapes(a, b, what)
    return like(a, a.graph.add("add", (a.node, b.node), a.shape, what=what))


def sub(a: Any, b: Any, what: str = "-") -> Tracer:
    if norms.involved(a, b):
        return norms.combine("sub", a, b, what)  # type: ignore[no-any-return]
    if is_scalar(a) or is_scalar(b):
        raise refuse(what, "subtracting a constant number is not a tensor network")
    a, b = binary_shapes(a, b, what)
    return add(a, scale(b, -1.0), what)


def scale(x: Tracer, c: float) -> Tracer:
    return like(x, x.graph.add("scale", (x.node,), x.shape, value=float(c)))


def multiply(a: Any, b: Any, what: str = "*") -> Tracer:
    if norms.involved(a, b):
        return norms.combine("mul", a, b, what)  # type: ignore[no-any-return]
    if is_scalar(b) and isinstance(a, Tracer):
        return scale(a, scalar_value(b))
    if is_scalar(a) and isinstance(b, Tracer):
        return scale(b, scalar_value(a))
    if isinstance(a, Tracer) and isinstance(b, Tracer) and a.ndim != b.ndim:  # a gain on the last axes: a delta
        big, small = (a, b) if a.ndim > b.ndim else (b, a)  # per axis (a dot), so the product has wires of its own
        lead = big.ndim - small.ndim
        if big.shape[lead:] == small.shape:
            labels = fresh_labels(big.ndim, set())
            gain, out = [f"_g{k}" for k in range(small.ndim)], labels[:lead] + [f"_o{k}" for k in range(small.ndim)]
            deltas = [like(x, x.graph.add("delta", (), (n, n, n))) for x, n in zip([big] * small.ndim, small.shape)]
            return einsum([big, small, *deltas], [labels, gain, *([labels[lead + k], gain[k], out[lead + k]]
                                                                   for k in range(small.ndim))],
                          out, None, what + " (Hadamard product)")
    a, b = binary_shapes(a, b, what)
    labels = fresh_labels(a.ndim, set())
    return einsum([a, b], [labels, labels], labels, None, what + " (Hadamard product)")


def divide(a: Any, b: Any, what: str = "/") -> Tracer:
    if norms.involved(a, b):
        return norms.combine("div", a, b, what)  # type: ignore[no-any-return]
    if isinstance(a, Tracer) and is_scalar(b):
        return scale(a, 1.0 / scalar_value(b))
    raise refuse(what, "division by an array")


def func(x: Any, name: str, axis: int | None = None, what: str | None = None, **extra: Any) -> Tracer:
    """A nonlinearity: ``name`` is a function of the check's registry (relu, gelu, softmax, ...)."""
    if not isinstance(x, Tracer):
        raise refuse(what or name, "not applied to a traced array")
    if axis is not None:
        if x.ndim == 0:
            raise refuse(what or name, "along an axis of a scalar")
        axis = int(axis) % x.ndim
    return like(x, x.graph.add("func", (x.node,), x.shape, name=name, axis=axis, what=what or name, **extra))


def reshape(x: Tracer, shape: Sequence[int], what: str = "reshape") -> Tracer:
    """A reshape that merges neighbouring axes into groups, or splits such a group again; recorded as its shape."""
    shape = [int(n) for n in shape]
    if shape.count(-1) == 1:
        known = 1
        for n in shape:
            known *= n if n != -1 else 1
        total = 1
        for n in x.shape:
            total *= n
        shape[shape.index(-1)] = total // known if known else 0
    total_in = total_out = 1
    for n in x.shape:
        total_in *= n
    for n in shape:
        total_out *= n
    if total_in != total_out:
        raise refuse(what, f"cannot reshape {x.shape} into {tuple(shape)}")
    from .slices import pushed_reshape

    split = pushed_reshape(x, shape, what)  # an axis split: moved down to the arguments, one leg per axis
    return split if split is not None else like(x, x.graph.add("reshape", (x.node,), tuple(shape), what=what))
