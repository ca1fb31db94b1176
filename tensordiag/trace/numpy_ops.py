"""numpy on tracers: ``__array_ufunc__`` and ``__array_function__`` reduce each accepted call to
:mod:`tensordiag.trace.ops`; any other numpy function or ufunc is refused in one line.

``np.einsum`` is taken in every call form: ``'ij,jk->ik'``, implicit output ``'ij,jk'``, ellipses
``'...ij,jk'``, and the interleaved ``einsum(a, [0, 1], b, [1, 2], [0, 2])``; its letters name the indices.
"""

from __future__ import annotations

import numbers
from typing import Any, Sequence

import numpy as np

from . import norms, ops, slices
from .graph import Tracer, refuse


def _ndim(x: Any) -> int:
    return x.ndim if isinstance(x, Tracer) else int(np.ndim(x))


def split_einsum(spec: str, operands: Sequence[Any]) -> tuple[list[list[str]], list[str], ops.Names]:
    """Labels per operand and output of numpy's string form, ellipses expanded, each letter its own name."""
    text = spec.replace(" ", "")
    if "->" in text:
        lhs, rhs = text.split("->", 1)
        explicit = True
    else:
        lhs, rhs, explicit = text, "", False
    terms = lhs.split(",")
    if len(terms) != len(operands):
        raise refuse("np.einsum", f"'{spec}' names {len(terms)} operands, but {len(operands)} are given")
    width = 0
    parsed: list[list[str]] = []
    for term, x in zip(terms, operands):
        letters = term.replace("...", "")
        if not all(ch.isalpha() for ch in letters):
            raise refuse("np.einsum", f"'{spec}' is not an einsum (letters, commas, '...', '->')")
        if "..." in term:
            width = max(width, _ndim(x) - len(letters))
        parsed.append(list(term))
    ell = [f"_e{k}" for k in range(width)]

    def expand(term: str, ndim: int | None) -> list[str]:
        if "..." not in term:
            return list(term)
        head, tail = term.split("...")
        n = (ndim - len(head) - len(tail)) if ndim is not None else width
        return list(head) + ell[width - n:] + list(tail)

    labels = [expand(term, _ndim(x)) for term, x in zip(terms, operands)]
    if explicit:
        out = expand(rhs, None)
    else:
        counts: dict[str, int] = {}
        for ls in labels:
            for label in ls:
                counts[label] = counts.get(label, 0) + 1
        out = ell + sorted(k for k, n in counts.items() if n == 1 and not k.startswith("_"))
    names = {ch: (ch, 1) for ls in labels for ch in ls if not ch.startswith("_")}
    return labels, out, names


def np_einsum(*args: Any, **kwargs: Any) -> Any:
    for key in kwargs:
        if key not in ("optimize", "dtype", "casting", "order"):
            raise refuse("np.einsum", f"the option {key}= is not drawn")
    if isinstance(args[0], str):
        operands = list(args[1:])
        labels, out, names = split_einsum(args[0], operands)
    else:  # interleaved: a, [0, 1], b, [1, 2], [0, 2]
        pairs = args[:-1] if len(args) % 2 else args
        out_subs = args[-1] if len(args) % 2 else None
        operands, subs = list(pairs[0::2]), list(pairs[1::2])
        if any(s is Ellipsis for sub in subs for s in sub):
            raise refuse("np.einsum", "an ellipsis in the interleaved form (write the string form)")
        labels = [[f"_n{int(s)}" for s in sub] for sub in subs]
        if out_subs is None:
            counts: dict[str, int] = {}
            for ls in labels:
                for label in ls:
                    counts[label] = counts.get(label, 0) + 1
            out = sorted((k for k, n in counts.items() if n == 1), key=lambda k: int(k[2:]))
        else:
            out = [f"_n{int(s)}" for s in out_subs]
        names = {}
    if not all(isinstance(x, Tracer) for x in operands):
        raise refuse("np.einsum", "an operand is a constant, not a traced argument (pass it as an argument)")
    return ops.einsum(operands, labels, out, names, "np.einsum")


def _axes_arg(args: tuple[Any, ...], kwargs: dict[str, Any], key: str = "axes") -> Any:
    return args[0] if args else kwargs.get(key)


def _sum(x: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: bool = False, **kw: Any) -> Any:
    return ops.reduce_sum(x, axis, keepdims, "np.sum")


def _mean(x: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: bool = False, **kw: Any) -> Any:
    return ops.mean(x, axis, keepdims, "np.mean")


def _transpose(x: Any, axes: Any = None) -> Any:
    return ops.transpose(x, axes, "np.transpose")


def _reshape(x: Any, *args: Any, **kwargs: Any) -> Any:
    shape = args[0] if args else kwargs.get("shape", kwargs.get("newshape"))
    return ops.reshape(x, [shape] if isinstance(shape, numbers.Integral) else shape, "np.reshape")


def _dot(a: Any, b: Any) -> Any:
    if getattr(a, "ndim", 0) > 2 or getattr(b, "ndim", 0) > 2:
        raise refuse("np.dot", "of arrays with more than two axes (use np.einsum or np.tensordot)")
    return ops.matmul(a, b, "np.dot")


FUNCTIONS = {
    np.einsum: np_einsum,
    np.matmul: lambda a, b: ops.matmul(a, b, "np.matmul"),
    np.dot: _dot,
    np.tensordot: lambda a, b, axes=2: ops.tensordot(a, b, axes, "np.tensordot"),
    np.transpose: _transpose,
    np.swapaxes: lambda x, a, b: ops.swapaxes(x, a, b, "np.swapaxes"),
    np.reshape: _reshape,
    np.sum: _sum,
    np.mean: _mean,
    np.add: lambda a, b: ops.add(a, b, "np.add"),
    np.ndim: lambda x: x.ndim,
    np.shape: lambda x: x.shape,
    np.subtract: lambda a, b: ops.sub(a, b, "np.subtract"),
    np.multiply: lambda a, b: ops.multiply(a, b, "np.multiply"),
    np.split: lambda x, parts, axis=0: slices.split(x, parts, axis, "np.split"),
    np.var: lambda x, axis=None, dtype=None, out=None, ddof=0, keepdims=False: norms.variance(
        x, axis, keepdims, ddof, "np.var"),
}

UFUNCS = {
    "add": lambda a, b: ops.add(a, b, "+"),
    "subtract": lambda a, b: ops.sub(a, b, "-"),
    "multiply": lambda a, b: ops.multiply(a, b, "*"),
    "true_divide": lambda a, b: ops.divide(a, b, "/"),
    "divide": lambda a, b: ops.divide(a, b, "/"),
    "negative": lambda a: ops.scale(a, -1.0),
    "matmul": lambda a, b: ops.matmul(a, b, "@"),
    "tanh": lambda a: ops.func(a, "tanh", what="np.tanh"),
    "exp": lambda a: ops.func(a, "exp", what="np.exp"),
    "sqrt": lambda a: norms.sqrt(a),
    "square": lambda a: ops.multiply(a, a, "np.square"),
}


def _maximum(a: Any, b: Any) -> Any:
    x, zero = (a, b) if isinstance(a, Tracer) else (b, a)
    if ops.is_scalar(zero) and ops.scalar_value(zero) == 0:
        return ops.func(x, "relu", what="np.maximum(x, 0)")
    raise refuse("np.maximum", "only np.maximum(x, 0), a ReLU, is drawn")


UFUNCS["maximum"] = _maximum


class NumpyTracer(Tracer):
    """A tracer that numpy treats as an array: its functions and ufuncs come back here."""

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        handler = UFUNCS.get(ufunc.__name__)
        if method != "__call__" or handler is None or kwargs.get("out") is not None:
            raise refuse(f"np.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}"))
        return handler(*inputs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        handler = FUNCTIONS.get(func)
        if handler is None:
            raise refuse(f"np.{func.__name__}")
        return handler(*args, **kwargs)

    # Python operators and the array methods the tracer draws
    def __add__(self, other: Any) -> Any: return ops.add(self, other, "+")
    def __radd__(self, other: Any) -> Any: return ops.add(other, self, "+")
    def __sub__(self, other: Any) -> Any: return ops.sub(self, other, "-")
    def __rsub__(self, other: Any) -> Any: return ops.sub(other, self, "-")
    def __mul__(self, other: Any) -> Any: return ops.multiply(self, other, "*")
    def __rmul__(self, other: Any) -> Any: return ops.multiply(other, self, "*")
    def __truediv__(self, other: Any) -> Any: return ops.divide(self, other, "/")
    def __rtruediv__(self, other: Any) -> Any: raise refuse("/", "division by an array")
    def __neg__(self) -> Any: return ops.scale(self, -1.0)
    def __pow__(self, other: Any) -> Any: raise refuse("**", "a power of an array")
    def var(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, **kw: Any) -> Any:
        return norms.variance(self, axis, keepdims, ddof, ".var")
    def __matmul__(self, other: Any) -> Any: return ops.matmul(self, other, "@")
    def __rmatmul__(self, other: Any) -> Any: return ops.matmul(other, self, "@")

    @property
    def T(self) -> Any:
        return ops.transpose(self, None, ".T")

    @property
    def size(self) -> int:  # type: ignore[override]
        total = 1
        for n in self.shape:
            total *= n
        return total

    def transpose(self, *axes: Any) -> Any:
        if len(axes) == 1 and not isinstance(axes[0], numbers.Integral):
            axes = tuple(axes[0]) if axes[0] is not None else ()
        return ops.transpose(self, list(axes), ".transpose")

    def swapaxes(self, a: int, b: int) -> Any:
        return ops.swapaxes(self, a, b, ".swapaxes")

    def reshape(self, *shape: Any, **kwargs: Any) -> Any:
        if len(shape) == 1 and not isinstance(shape[0], numbers.Integral):
            shape = tuple(shape[0])
        return ops.reshape(self, shape, ".reshape")

    def sum(self, axis: Any = None, keepdims: bool = False, **kw: Any) -> Any:
        return ops.reduce_sum(self, axis, keepdims, ".sum")

    def mean(self, axis: Any = None, keepdims: bool = False, **kw: Any) -> Any:
        return ops.mean(self, axis, keepdims, ".mean")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise refuse(f".{name}")
