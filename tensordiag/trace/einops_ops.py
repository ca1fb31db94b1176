"""einops on tracers: ``einsum``, ``rearrange``, ``reduce`` (sum, mean) and ``repeat``, whose patterns name
the indices.

While ``fn`` runs, :func:`patched` puts wrappers in place of those four functions, in the ``einops`` module
and among ``fn``'s globals (so ``from einops import rearrange`` works too); a wrapper given no tracer calls
the real function. einops itself is only needed by the code being traced.
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import Any, Callable, Iterator

from . import ops
from .graph import Tracer, refuse

_TOKEN = re.compile(r"\(|\)|[^\s()]+")


def axes_of(side: str, what: str) -> list[list[str]]:
    """``'b (h d) s'`` -> ``[['b'], ['h', 'd'], ['s']]``."""
    out: list[list[str]] = []
    group: list[str] | None = None
    for tok in _TOKEN.findall(side):
        if tok == "(":
            if group is not None:
                raise refuse(what, "nested parentheses")
            group = []
        elif tok == ")":
            if group is None:
                raise refuse(what, "an unmatched ')'")
            out.append(group)
            group = None
        elif not re.fullmatch(r"[^\W\d]\w*", tok):
            raise refuse(what, f"the axis '{tok}' (anonymous axes and '...' are not drawn)")
        elif group is not None:
            group.append(tok)
        else:
            out.append([tok])
    if group is not None:
        raise refuse(what, "an unclosed '('")
    return out


def _names(atoms: list[str]) -> ops.Names:
    return {a: (a, 2) for a in atoms}


def _split(x: Tracer, left: list[list[str]], sizes: dict[str, int], what: str) -> tuple[Tracer, list[str]]:
    """``x`` reshaped so that each atom of the left side is an axis of its own."""
    if len(left) != x.ndim:
        raise refuse(what, f"the pattern has {len(left)} axes, the array {x.ndim}")
    known = dict(sizes)
    shape: list[int] = []
    for group, n in zip(left, x.shape):
        unknown = [a for a in group if a not in known]
        product = 1
        for a in group:
            product *= known.get(a, 1)
        if len(unknown) > 1:
            raise refuse(what, f"the sizes of {', '.join(unknown)} are not given")
        if unknown:
            known[unknown[0]] = n // product
        shape += [known[a] for a in group]
    atoms = [a for g in left for a in g]
    if any(len(g) > 1 for g in left):
        x = ops.reshape(x, shape, what)
    sizes.update(known)
    return x, atoms


def _merge(x: Tracer, right: list[list[str]], sizes: dict[str, int], what: str) -> Tracer:
    if all(len(g) == 1 for g in right):
        return x
    shape = []
    for group in right:
        product = 1
        for a in group:
            product *= sizes[a]
        shape.append(product)
    return ops.reshape(x, shape, what)


def _sides(pattern: str, what: str) -> tuple[list[list[str]], list[list[str]]]:
    if "->" not in pattern:
        raise refuse(what, f"'{pattern}' has no '->'")
    lhs, rhs = pattern.split("->", 1)
    return axes_of(lhs, what), axes_of(rhs, what)


def traced_einsum(*args: Any) -> Any:
    *tensors, pattern = args
    lhs, rhs = pattern.split("->", 1) if "->" in pattern else (pattern, None)
    if rhs is None:
        raise refuse("einops.einsum", "a pattern without '->'")
    inputs = [[a for g in axes_of(side, "einops.einsum") for a in g] for side in lhs.split(",")]
    out = [a for g in axes_of(rhs, "einops.einsum") for a in g]
    if "(" in pattern:
        raise refuse("einops.einsum", "parentheses in an einsum pattern")
    return ops.einsum(tensors, inputs, out, _names([a for ls in inputs for a in ls]), "einops.einsum")


def traced_rearrange(x: Tracer, pattern: str, **sizes: int) -> Any:
    what = "einops.rearrange"
    left, right = _sides(pattern, what)
    known = dict(sizes)
    x, atoms = _split(x, left, known, what)
    out = [a for g in right for a in g]
    if sorted(out) != sorted(atoms):
        raise refuse(what, f"'{pattern}' does not use the same axes on both sides")
    x = ops.einsum([x], [atoms], out, _names(atoms), what)
    return _merge(x, right, known, what)


def traced_reduce(x: Tracer, pattern: str, reduction: str, **sizes: int) -> Any:
    what = f"einops.reduce(..., '{reduction}')"
    if reduction not in ("sum", "mean"):
        raise refuse(what, "only sum and mean are tensor networks")
    left, right = _sides(pattern, what)
    known = dict(sizes)
    x, atoms = _split(x, left, known, what)
    out = [a for g in right for a in g]
    if not set(out) <= set(atoms):
        raise refuse(what, "a new axis in a reduction")
    y = ops.einsum([x], [atoms], out, _names(atoms), what)
    if reduction == "mean":
        count = 1
        for a in atoms:
            count *= known[a] if a not in out else 1
        y = ops.scale(y, 1.0 / count)
    return _merge(y, right, known, what)


def traced_repeat(x: Tracer, pattern: str, **sizes: int) -> Any:
    what = "einops.repeat"
    left, right = _sides(pattern, what)
    known = dict(sizes)
    x, atoms = _split(x, left, known, what)
    out = [a for g in right for a in g]
    new = [a for a in out if a not in atoms]
    if any(a not in known for a in new):
        raise refuse(what, f"the size of the new axis '{next(a for a in new if a not in known)}' is not given")
    vectors = [ops.like(x, ops.ones(x.graph, known[a])) for a in new]
    y = ops.einsum([x, *vectors], [atoms, *([a] for a in new)], out, _names(atoms + new), what)
    return _merge(y, right, known, what)


TRACED = {"einsum": traced_einsum, "rearrange": traced_rearrange, "reduce": traced_reduce, "repeat": traced_repeat}


def _wrapper(real: Callable[..., Any], traced: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        if any(isinstance(a, Tracer) for a in args):
            return traced(*args, **kwargs)
        return real(*args, **kwargs)

    call.__wrapped__ = real  # type: ignore[attr-defined]
    return call


@contextlib.contextmanager
def patched(fn: Callable[..., Any]) -> Iterator[None]:
    """einops' four functions traced while ``fn`` runs (in the module and among ``fn``'s globals)."""
    einops = sys.modules.get("einops")
    if einops is None:
        yield
        return
    saved: list[tuple[Any, str, Any]] = []
    spaces = [einops.__dict__, getattr(fn, "__globals__", {})]
    reals = {name: getattr(einops, name) for name in TRACED if hasattr(einops, name)}
    for space in spaces:
        for key, value in list(space.items()):
            for name, real in reals.items():
                if value is real:
                    saved.append((space, key, value))
                    space[key] = _wrapper(real, TRACED[name])
    try:
        yield
    finally:
        for space, key, value in reversed(saved):
            space[key] = value
