"""Layer norm written out, ``(x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + eps)``,
recognised step by step and drawn as one bubble, ``layernorm`` over the axis (with its epsilon).

Each step makes a :class:`Partial`: a stand-in that is no array of the figure yet, only a part of a layer norm
of ``of`` along ``axis`` (``mean``, ``centred``, ``sq``, ``var``, ``std``, ``rstd``). The steps it accepts:

* ``mean(x, axis, keepdims=True)`` → mean; ``x - mean`` → centred; ``centred ** 2``, ``centred * centred``,
  ``np.square(centred)`` → sq; ``mean(sq, axis, keepdims=True)`` or ``var(x, axis, keepdims=True)`` (divided by
  n: numpy's default, torch's ``unbiased=False``) → var; ``var + eps`` → var with eps; ``sqrt(var)`` → std,
  ``rsqrt(var)`` → rstd;
* ``centred / std`` or ``centred * rstd`` → the layer norm: a ``func`` node of ``of``.

A Partial used any other way (returned, contracted, added to an array) is refused in one line, since it is not
a tensor network: its ``node`` is asked for, and that refuses. ``F.layer_norm`` and ``nn.LayerNorm`` give the
bubble at once (:func:`torch_layer_norm`); a gain is a Hadamard product (a hyperedge on the axis), a bias an add.
"""

from __future__ import annotations

from typing import Any

from . import ops
from .graph import Tracer, refuse

STEPS = {"mean": "x.mean(axis, keepdims=True)", "centred": "x - mean", "sq": "(x - mean) ** 2",
         "var": "the variance", "std": "sqrt(variance + eps)", "rstd": "rsqrt(variance + eps)"}
_CLASSES: dict[type, type] = {}


class Partial:
    """A part of a layer norm of ``of`` along ``axis``; ``eps`` is added to the variance."""

    of: Tracer
    kind: str
    axis: int
    eps: float

    @property
    def node(self) -> int:
        raise refuse(STEPS[self.kind], "a part of a layer norm, used otherwise: the tracer draws (x - mean) / "
                                       "sqrt(var + eps) whole")

    @property
    def shape(self) -> tuple[int, ...]:
        shape = self.of.shape
        if self.kind in ("centred", "sq"):
            return shape
        return shape[:self.axis] + (1,) + shape[self.axis + 1:]

    def __pow__(self, power: Any) -> Any:
        if self.kind == "centred" and ops.is_scalar(power) and ops.scalar_value(power) == 2:
            return partial(self.of, "sq", self.axis)
        raise refuse("**", "a power of an array")

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        name = ufunc.__name__
        if method == "__call__" and name in ("sqrt", "square", "power") and not kwargs.get("out"):
            return {"sqrt": sqrt, "square": lambda v: v ** 2, "power": lambda v, p: v ** p}[name](*inputs)
        return super().__array_ufunc__(ufunc, method, *inputs, **kwargs)  # type: ignore[misc]


def partial(of: Tracer, kind: str, axis: int, eps: float = 0.0) -> Any:
    base = type(of)
    if base not in _CLASSES:
        _CLASSES[base] = type(f"{base.__name__}Partial", (Partial, base), {})
    p = object.__new__(_CLASSES[base])
    p.graph, p.of, p.kind, p.axis, p.eps = of.graph, of, kind, axis, eps
    return p


def _same(a: Any, b: Any) -> bool:
    return a.of.node == b.of.node and a.axis == b.axis


def involved(*values: Any) -> bool:
    return any(isinstance(v, Partial) for v in values)


def combine(op: str, a: Any, b: Any, what: str) -> Any:
    """``a op b`` where one side is a :class:`Partial`: the next step of a layer norm, or a refusal."""
    pa, pb = isinstance(a, Partial), isinstance(b, Partial)
    if op == "sub" and pb and b.kind == "mean" and not pa and isinstance(a, Tracer) and a.node == b.of.node:
        return partial(a, "centred", b.axis)
    if op == "add" and (pa != pb):
        v, c = (a, b) if pa else (b, a)
        if v.kind == "var" and ops.is_scalar(c):
            return partial(v.of, "var", v.axis, v.eps + ops.scalar_value(c))
    if pa and pb and _same(a, b):
        kinds = {a.kind, b.kind}
        if op == "mul" and kinds == {"centred"}:
            return partial(a.of, "sq", a.axis)
        if (op == "mul" and kinds == {"centred", "rstd"}) or (op == "div" and (a.kind, b.kind) == ("centred", "std")):
            return layer_norm(a.of, a.axis, (b if b.kind != "centred" else a).eps, "layer norm")
    side = a if pa else b
    raise refuse(what, f"with {STEPS[side.kind]}, a part of a layer norm: the tracer draws (x - mean) / "
                       "sqrt(var + eps) whole")


def layer_norm(x: Tracer, axis: int, eps: float, what: str) -> Tracer:
    return ops.func(x, "layernorm", axis, what, eps=eps)


def mean_kept(x: Any, axis: Any, what: str) -> Any:
    """``mean(x, axis, keepdims=True)``: a layer norm's mean (of x) or variance (of the squared centred x)."""
    if not isinstance(axis, int) and not (isinstance(axis, (tuple, list)) and len(axis) == 1):
        raise refuse(what, "keepdims over several axes (a layer norm's mean runs along one)")
    axis = int(axis if isinstance(axis, int) else axis[0]) % len(x.shape)
    if isinstance(x, Partial):
        if x.kind == "sq" and x.axis == axis:
            return partial(x.of, "var", axis)
        raise refuse(what, f"of {STEPS[x.kind]}")
    return partial(x, "mean", axis)


def variance(x: Any, axis: Any, keepdims: bool, divisor_shift: float, what: str) -> Any:
    """``var(x, axis, keepdims=True)`` divided by n (``divisor_shift`` 0): a layer norm's variance."""
    if not keepdims or isinstance(x, Partial) or not isinstance(x, Tracer):
        raise refuse(what, "only var(x, axis, keepdims=True) inside a layer norm is drawn")
    if divisor_shift:
        raise refuse(what, "the unbiased variance (a layer norm divides by n: ddof=0, unbiased=False)")
    if axis is None:
        raise refuse(what, "give the axis")
    return partial(x, "var", int(axis if isinstance(axis, int) else axis[0]) % x.ndim)


def sqrt(v: Any, reciprocal: bool = False) -> Any:
    what = "rsqrt" if reciprocal else "sqrt"
    if isinstance(v, Partial) and v.kind == "var":
        return partial(v.of, "rstd" if reciprocal else "std", v.axis, v.eps)
    raise refuse(what, "only the square root of a layer norm's variance is drawn")


def torch_layer_norm(x: Any, normalized_shape: Any, weight: Any = None, bias: Any = None, eps: float = 1e-5) -> Any:
    """``F.layer_norm`` (``nn.LayerNorm`` calls it): the bubble over the last axis, then the gain and the bias."""
    what = "F.layer_norm"
    shape = (int(normalized_shape),) if isinstance(normalized_shape, int) else tuple(int(n) for n in normalized_shape)
    if not isinstance(x, Tracer) or shape != x.shape[-1:]:
        raise refuse(what, f"over {len(shape)} axes (the tracer draws a layer norm over the last axis only)")
    y = layer_norm(x, x.ndim - 1, float(eps), what)
    if weight is not None:
        y = ops.multiply(y, weight, "layer norm's gain")
    if bias is not None:
        y = ops.add(y, bias, "layer norm's bias")
    return y
