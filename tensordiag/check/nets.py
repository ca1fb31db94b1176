"""The networks the check contracts: the drawn one and the einsum's, read from the model.

A :class:`Net` is a list of operands (a label for messages, the tensor's name, its legs, its array)
with an output and the bubbles to apply. :func:`drawn` takes the legs as drawn; :func:`declared`
takes the einsum's operand legs on the tensors its names (or positions) pick out. :func:`bind`
reads every index's size from the arrays, so a leg that disagrees shows as a :class:`Mismatch`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np

from ..einsum import parse_einsum
from ..errors import CheckError, SpecError
from ..model import Bubble, Diagram, Leg, Tensor, leg_text
from ..ports import Port, ports_of
from .functions import needs_axis
from .scaled import Scaled
from .verdicts import Mismatch

parse = lru_cache(maxsize=32)(parse_einsum)
"""The einsum parser with one cache for the whole check (sizes, declared networks and detail lines read it)."""


@dataclass(frozen=True)
class Net:
    labels: tuple[str, ...]
    names: tuple[str, ...]
    legs: tuple[tuple[Leg, ...], ...]
    arrays: tuple[np.ndarray, ...]
    output: tuple[Leg, ...]
    bubbles: tuple[Bubble, ...]
    exponents: tuple[int, ...] = ()
    """Per tensor, the power of two its array is scaled by (values passed along by data flow); () for none."""


def legs_text(legs: Sequence[Leg]) -> str:
    """``i j (k l)``: legs as a detail line shows them."""
    return " ".join(leg_text(leg) for leg in legs)


def leg_shape(t: Tensor, sizes: Mapping[str, int]) -> tuple[int, ...]:
    """``t``'s array shape: one axis per leg, a grouped leg the product of its indices' sizes."""
    return tuple(math.prod(sizes[i] for i in leg) for leg in t.legs)


def node_ports(t: Tensor) -> list[Port]:
    """:func:`tensordiag.ports.ports_of`, its legs that do not split into ports a :class:`CheckError` here."""
    try:
        return ports_of(t)
    except SpecError as exc:
        raise CheckError(exc.message, where=exc.where) from None


def array_of(t: Tensor, arrays: Mapping[str, np.ndarray | Scaled], sizes: Mapping[str, int] | None,
             defining: Mapping[str, Tensor] | None = None) -> np.ndarray:
    """Tensor ``t``'s array: its source's, reshaped to ``t``'s legs (when sizes are known), conjugated for a dagger."""
    if t.source not in arrays:
        raise CheckError(f"no array for tensor '{t.name}' (data '{t.source}')", where=f"tensors.{t.name}")
    base = arrays[t.source]
    base = base.mantissa if isinstance(base, Scaled) else base
    if sizes is not None and base.shape != (shape := leg_shape(t, sizes)):
        if base.size != math.prod(shape):
            first = defining[t.source].name if defining else t.source
            raise CheckError(f"tensors '{first}' and '{t.name}' share data '{t.source}' but have shapes "
                             f"{base.shape} and {shape}", where=f"tensors.{t.name}")
        base = base.reshape(shape)
    if t.inverse:
        from .inverse import inverse_of  # it reads legs_text from here

        base = inverse_of(t, base)
    return base.conj() if t.dagger else base


def drawn(d: Diagram, arrays: Mapping[str, np.ndarray | Scaled], sizes: Mapping[str, int] | None) -> Net:
    """The network as drawn: every tensor with its own legs."""
    exponents = tuple(a.exponent if isinstance(a := arrays.get(t.source), Scaled) else 0 for t in d.tensors)
    return Net(tuple(f"tensor '{t.name}'" for t in d.tensors), tuple(t.name for t in d.tensors),
               tuple(t.legs for t in d.tensors), tuple(array_of(t, arrays, sizes) for t in d.tensors),
               d.output, d.bubbles, exponents)


def declared(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int]) -> Net:
    """The einsum's operand legs on the tensors its names (or positions) pick out, and the same bubbles."""
    parsed = parse(d.einsum or "")
    picked: list[Tensor] = []
    options: dict[str, list[int]] = {}
    for key in ("name", "source"):  # by name first, then by the data a tensor shares
        for k, t in enumerate(d.tensors):
            if key == "name" or t.source != t.name:
                options.setdefault(getattr(t, key), []).append(k)
    used: set[int] = set()
    for k, name in enumerate(parsed.names):
        if parsed.named:
            if name not in options:
                raise CheckError(f"the einsum names '{name}', which is no tensor of the diagram "
                                 f"({', '.join(t.name for t in d.tensors)})", where="einsum")
            pick = next((j for j in options[name] if j not in used), options[name][0])
            used.add(pick)
            picked.append(d.tensors[pick])
        elif k < len(d.tensors):
            picked.append(d.tensors[k])
        else:
            raise CheckError(f"the einsum has {len(parsed.operands)} operands but the diagram only "
                             f"{len(d.tensors)} tensors", where="einsum")
    return Net(tuple(f"einsum operand {k + 1} ({n})" for k, n in enumerate(parsed.names)),
               tuple(t.name for t in picked), parsed.operands, tuple(array_of(t, arrays, sizes) for t in picked),
               parsed.output, d.bubbles)


def bind(net: Net, fallback: Mapping[str, int]) -> dict[str, int]:
    """Every index's size, read from the arrays; a contradiction is a :class:`Mismatch`."""
    size: dict[str, int] = {}
    origin: dict[str, str] = {}

    def put(index: str, n: int, where: str) -> None:
        if size.setdefault(index, n) != n:
            raise Mismatch(f"'{index}' is {n} on {where}, but {size[index]} on {origin[index]}")
        origin.setdefault(index, where)

    groups = []
    for label, legs, a in zip(net.labels, net.legs, net.arrays):
        if len(legs) != a.ndim:
            raise Mismatch(f"{label} has {len(legs)} legs ({legs_text(legs)}) but its array has {a.ndim} axes")
        for axis, leg in enumerate(legs):
            if len(leg) == 1:
                put(leg[0], a.shape[axis], f"{label} leg {axis + 1}")
            else:
                groups.append((f"{label} leg {axis + 1} {leg_text(leg)}", leg, a.shape[axis]))
    while unknown := [i for _, leg, _ in groups for i in leg if i not in size]:
        for where, leg, n in groups:  # a group with one unknown index: divide
            missing = [i for i in leg if i not in size]
            known = math.prod(size[i] for i in leg if i in size)
            if len(missing) == 1 and n % known == 0:
                put(missing[0], n // known, where)
                break
        else:
            given = [i for i in unknown if i in fallback]
            if not given:
                raise CheckError(f"cannot tell the size of '{unknown[0]}': give it in dims")
            put(given[0], fallback[given[0]], "the sizes given")
    for where, leg, n in groups:
        if math.prod(size[i] for i in leg) != n:
            raise Mismatch(f"{where} has size {n}, but its indices make {math.prod(size[i] for i in leg)}")
    for index in (i for leg in net.output for i in leg):
        if index not in size:
            raise CheckError(f"output index '{index}' is on no tensor")
    return size


def check_bubbles(d: Diagram) -> None:
    """Every bubble names a known function (with ``over`` when it needs one) and members no other bubble holds."""
    known: set[str] = {t.name for t in d.tensors}
    owner: dict[str, str] = {}
    for b in d.bubbles:
        where = f"bubbles.{b.name}"
        try:
            axis = needs_axis(b.function)
        except CheckError as exc:
            raise CheckError(exc.message, where=where) from None
        if axis and b.over is None:
            raise CheckError(f"{b.function} normalises along a leg: give 'over'", where=where)
        for m in b.members:
            if m not in known:
                raise CheckError(f"member '{m}' is no tensor or earlier bubble", where=where)
            if owner.setdefault(m, b.name) != b.name:
                raise CheckError(f"'{m}' is already inside bubble '{owner[m]}'", where=where)
        known.add(b.name)


def same_wiring(a: Net, b: Net) -> bool:
    """Whether ``b`` is ``a`` with its indices renamed: same tensors, same legs, same output."""
    if sorted(a.names) != sorted(b.names) or len(set(a.names)) != len(a.names):
        return False
    at = {n: k for k, n in enumerate(a.names)}
    renamed: dict[str, str] = {}
    for x, y in [*((a.legs[at[n]], legs) for n, legs in zip(b.names, b.legs)), (a.output, b.output)]:
        if [len(leg) for leg in x] != [len(leg) for leg in y]:
            return False
        for i, j in zip((i for leg in x for i in leg), (j for leg in y for j in leg)):
            if renamed.setdefault(i, j) != j:
                return False
    return len(set(renamed.values())) == len(renamed)
