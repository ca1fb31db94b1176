"""PyTorch on tracers, through ``__torch_function__``: torch functions, ``torch.nn.functional`` and tensor
methods reduce to :mod:`tensordiag.trace.ops`; anything else is refused in one line.

Used only when an example is a torch tensor, and torch is imported only then, so tensordiag never needs torch
otherwise (the ``[torch]`` extra installs it).
"""

from __future__ import annotations

import numbers
from typing import Any, Callable

from . import norms, ops, slices
from .graph import Tracer, refuse
from .numpy_ops import split_einsum


def _einsum(spec: str, *operands: Any) -> Any:
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    labels, out, names = split_einsum(spec, operands)
    return ops.einsum(list(operands), labels, out, names, "torch.einsum")


def _dims(args: tuple[Any, ...]) -> list[int]:
    return list(args[0]) if len(args) == 1 and not isinstance(args[0], numbers.Integral) else list(args)


def _softmax(x: Any, dim: int | None = None, *args: Any, **kwargs: Any) -> Any:
    if dim is None:
        raise refuse("softmax", "give dim")
    return ops.func(x, "softmax", dim, "softmax")


def _gelu(x: Any, approximate: str = "none") -> Any:
    return ops.func(x, "gelu" if approximate == "tanh" else "gelu_erf", what="gelu")


def _linear(x: Any, weight: Any, bias: Any = None) -> Any:
    y = ops.matmul(x, ops.transpose(weight, None, "F.linear"), "F.linear")
    return y if bias is None else ops.add(y, bias, "F.linear's bias")


def _sum(x: Any, dim: Any = None, keepdim: bool = False, **kw: Any) -> Any:
    return ops.reduce_sum(x, dim, keepdim, "sum")


def _mean(x: Any, dim: Any = None, keepdim: bool = False, **kw: Any) -> Any:
    return ops.mean(x, dim, keepdim, "mean")


def _reshape(x: Any, *shape: Any) -> Any:
    return ops.reshape(x, _dims(shape), "reshape")


def _split(x: Any, size: Any, dim: int = 0) -> Any:
    return slices.split(x, size, dim, "split", by_size=True)


def _chunk(x: Any, chunks: int, dim: int = 0) -> Any:
    return slices.split(x, -(-x.shape[dim] // int(chunks)), dim, "chunk", by_size=True)


def _unbind(x: Any, dim: int = 0) -> Any:
    return slices.unbind(x, dim, "unbind")


def _var(x: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
         correction: Any = None) -> Any:
    shift = (1 if unbiased is None or unbiased else 0) if correction is None else correction
    return norms.variance(x, dim, keepdim, shift, "var")


def _dropout(x: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:
    if training and p:
        raise refuse("F.dropout", "random while training (trace the module in eval mode: model.eval())")
    return x


def _attention(q: Any, k: Any, v: Any, attn_mask: Any = None, dropout_p: float = 0.0, is_causal: bool = False,
               scale: float | None = None, **kwargs: Any) -> Any:
    """``softmax(q kᵀ · scale) v``, drawn as written out; a mask or dropout is refused."""
    if attn_mask is not None or is_causal or dropout_p or kwargs:
        raise refuse("F.scaled_dot_product_attention", "with a mask or dropout (a mask is not a tensor network)")
    c = scale if scale is not None else q.shape[-1] ** -0.5
    scores = ops.scale(ops.matmul(q, ops.swapaxes(k, -1, -2, "attention"), "attention"), c)
    return ops.matmul(ops.func(scores, "softmax", -1, "attention's softmax"), v, "attention")


def table() -> dict[Callable[..., Any], Callable[..., Any]]:
    import torch
    import torch.nn.functional as F

    T = torch.Tensor
    entries: dict[Callable[..., Any], Callable[..., Any]] = {
        torch.einsum: _einsum,
        torch.matmul: lambda a, b: ops.matmul(a, b, "torch.matmul"), T.matmul: lambda a, b: ops.matmul(a, b, "matmul"),
        T.__matmul__: lambda a, b: ops.matmul(a, b, "@"), T.__rmatmul__: lambda a, b: ops.matmul(b, a, "@"),
        torch.mm: lambda a, b: ops.matmul(a, b, "torch.mm"), torch.bmm: lambda a, b: ops.matmul(a, b, "torch.bmm"),
        torch.tensordot: lambda a, b, dims=2: ops.tensordot(a, b, dims, "torch.tensordot"),
        torch.transpose: lambda x, a, b: ops.swapaxes(x, a, b, "torch.transpose"),
        T.transpose: lambda x, a, b: ops.swapaxes(x, a, b, ".transpose"),
        torch.swapaxes: lambda x, a, b: ops.swapaxes(x, a, b, "torch.swapaxes"),
        T.swapaxes: lambda x, a, b: ops.swapaxes(x, a, b, ".swapaxes"),
        torch.permute: lambda x, *d: ops.transpose(x, _dims(d), "torch.permute"),
        T.permute: lambda x, *d: ops.transpose(x, _dims(d), ".permute"),
        T.t: lambda x: ops.transpose(x, None, ".t"),
        torch.reshape: lambda x, shape: ops.reshape(x, list(shape), "torch.reshape"),
        T.reshape: _reshape, T.view: _reshape,
        torch.sum: _sum, T.sum: _sum, torch.mean: _mean, T.mean: _mean,
        torch.add: lambda a, b: ops.add(a, b, "torch.add"), T.__add__: lambda a, b: ops.add(a, b, "+"),
        T.__radd__: lambda a, b: ops.add(b, a, "+"),
        T.__sub__: lambda a, b: ops.sub(a, b, "-"), T.__rsub__: lambda a, b: ops.sub(b, a, "-"),
        torch.sub: lambda a, b: ops.sub(a, b, "torch.sub"),
        T.__mul__: lambda a, b: ops.multiply(a, b, "*"), T.__rmul__: lambda a, b: ops.multiply(b, a, "*"),
        torch.mul: lambda a, b: ops.multiply(a, b, "torch.mul"),
        T.__truediv__: lambda a, b: ops.divide(a, b, "/"), torch.div: lambda a, b: ops.divide(a, b, "torch.div"),
        T.__neg__: lambda a: ops.scale(a, -1.0), torch.neg: lambda a: ops.scale(a, -1.0),
        torch.tanh: lambda x: ops.func(x, "tanh", what="torch.tanh"), T.tanh: lambda x: ops.func(x, "tanh"),
        torch.exp: lambda x: ops.func(x, "exp", what="torch.exp"), T.exp: lambda x: ops.func(x, "exp"),
        torch.sigmoid: lambda x: ops.func(x, "sigmoid", what="torch.sigmoid"),
        T.sigmoid: lambda x: ops.func(x, "sigmoid"), F.sigmoid: lambda x: ops.func(x, "sigmoid"),
        torch.relu: lambda x: ops.func(x, "relu", what="torch.relu"), T.relu: lambda x: ops.func(x, "relu"),
        F.relu: lambda x, inplace=False: ops.func(x, "relu", what="F.relu"),
        F.gelu: _gelu, torch.softmax: _softmax, T.softmax: _softmax, F.softmax: _softmax,
        F.linear: _linear,
        torch.split: _split, T.split: _split, torch.chunk: _chunk, T.chunk: _chunk,
        torch.unbind: _unbind, T.unbind: _unbind, T.__getitem__: slices.getitem,
        T.contiguous: lambda x, *a, **k: x,
        F.dropout: _dropout, F.scaled_dot_product_attention: _attention,
        F.layer_norm: norms.torch_layer_norm, torch.var: _var, T.var: _var,
        torch.sqrt: norms.sqrt, T.sqrt: norms.sqrt, torch.square: lambda x: ops.multiply(x, x, "square"),
        torch.rsqrt: lambda x: norms.sqrt(x, True), T.rsqrt: lambda x: norms.sqrt(x, True),
        torch.pow: lambda x, p: x ** p, T.pow: lambda x, p: x ** p, T.__pow__: lambda x, p: x ** p,
    }
    return entries


_TABLE: dict[Any, Callable[..., Any]] = {}


def _name(func: Any) -> str:
    """``torch.cumsum``, ``Tensor.cumsum``, ``F.layer_norm``: how the refusal names a torch function."""
    qual = getattr(func, "__qualname__", "") or ""
    name = getattr(func, "__name__", str(func))
    if qual.startswith("_TensorBase.") or qual.startswith("TensorBase.") or qual.startswith("Tensor."):
        return f"Tensor.{name}"
    if getattr(func, "__module__", "") == "torch.nn.functional":
        return f"F.{name}"
    return f"torch.{name}"


class TorchTracer(Tracer):
    """A tracer that torch dispatches to (``__torch_function__``), with the tensor methods models use."""

    @classmethod
    def __torch_function__(cls, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        if not _TABLE:
            _TABLE.update(table())
        handler = _TABLE.get(func)
        if handler is None:
            raise refuse(_name(func))
        return handler(*args, **{k: v for k, v in (kwargs or {}).items() if v is not None})

    def _call(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        return type(self).__torch_function__(func, (), (self, *args), kwargs)

    def __add__(self, o: Any) -> Any: return ops.add(self, o, "+")
    def __radd__(self, o: Any) -> Any: return ops.add(o, self, "+")
    def __sub__(self, o: Any) -> Any: return ops.sub(self, o, "-")
    def __rsub__(self, o: Any) -> Any: return ops.sub(o, self, "-")
    def __mul__(self, o: Any) -> Any: return ops.multiply(self, o, "*")
    def __rmul__(self, o: Any) -> Any: return ops.multiply(o, self, "*")
    def __truediv__(self, o: Any) -> Any: return ops.divide(self, o, "/")
    def __neg__(self) -> Any: return ops.scale(self, -1.0)
    def __matmul__(self, o: Any) -> Any: return ops.matmul(self, o, "@")
    def __rmatmul__(self, o: Any) -> Any: return ops.matmul(o, self, "@")

    @property
    def T(self) -> Any:
        return ops.transpose(self, None, ".T")

    @property
    def mT(self) -> Any:
        return ops.swapaxes(self, -1, -2, ".mT")

    def dim(self) -> int:
        return self.ndim

    def transpose(self, a: int, b: int) -> Any: return ops.swapaxes(self, a, b, ".transpose")
    def swapaxes(self, a: int, b: int) -> Any: return ops.swapaxes(self, a, b, ".swapaxes")
    def permute(self, *d: Any) -> Any: return ops.transpose(self, _dims(d), ".permute")
    def t(self) -> Any: return ops.transpose(self, None, ".t")
    def reshape(self, *shape: Any) -> Any: return ops.reshape(self, _dims(shape), ".reshape")
    def view(self, *shape: Any) -> Any: return ops.reshape(self, _dims(shape), ".view")
    def sum(self, dim: Any = None, keepdim: bool = False) -> Any: return ops.reduce_sum(self, dim, keepdim, ".sum")
    def mean(self, dim: Any = None, keepdim: bool = False) -> Any: return ops.mean(self, dim, keepdim, ".mean")
    def softmax(self, dim: int) -> Any: return ops.func(self, "softmax", dim, ".softmax")
    def tanh(self) -> Any: return ops.func(self, "tanh", what=".tanh")
    def exp(self) -> Any: return ops.func(self, "exp", what=".exp")
    def sigmoid(self) -> Any: return ops.func(self, "sigmoid", what=".sigmoid")
    def relu(self) -> Any: return ops.func(self, "relu", what=".relu")
    def matmul(self, o: Any) -> Any: return ops.matmul(self, o, ".matmul")
    def split(self, size: Any, dim: int = 0) -> Any: return _split(self, size, dim)
    def chunk(self, chunks: int, dim: int = 0) -> Any: return _chunk(self, chunks, dim)
    def unbind(self, dim: int = 0) -> Any: return _unbind(self, dim)
    def contiguous(self, *args: Any, **kwargs: Any) -> Any: return self
    def var(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, **kw: Any) -> Any:
        return _var(self, dim, unbiased, keepdim, correction=kw.get("correction"))
    def sqrt(self) -> Any: return norms.sqrt(self)
    def rsqrt(self) -> Any: return norms.sqrt(self, True)
    def __pow__(self, p: Any) -> Any: raise refuse("**", "a power of an array")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise refuse(f".{name}")
