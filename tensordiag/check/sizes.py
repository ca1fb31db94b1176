"""Sizes: every index of a figure gets a small size, so checks stay cheap.

A declared size (the diagram's or equation's ``dims``, an einsum keyword) is kept when it is at most
``max_dim``; every other index gets 2, 3, …, ``max_dim``, 2, … in order of first appearance, so
distinct indices usually differ in size and a swapped leg shows as a shape error.
``kron(eye(5), eye(3))`` keeps 5 and 3 only with ``max_dim >= 5``. Some indices must be equal and are
tied first: those at the same position on tensors that share data (``V`` and ``Vd``), the legs of a
delta or identity, the ports of a copy or add node, and the two halves of a unitary. A shift's legs
get at least one more than the number of shifts (δ(k, q+1) composed n times vanishes at size n).
Every isometry's tip (:func:`isometry_tip`, the drawing's rule) is made no bigger than its other legs
by monotone steps: first other legs grow (up to ``max_dim``) while the tip is not strictly smaller,
then tips shrink while still bigger. A claimed SVD's bond is capped at the rank its matrix can have.
Last, no stand-in may hold more than :data:`STAND_IN_ENTRIES`: its undeclared legs shrink (the
biggest first, never below 2) before anything is allocated, and a tensor too big even then is a
:class:`~tensordiag.errors.CheckError`; all stand-ins together may hold at most :data:`STAND_IN_TOTAL`.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Callable, Mapping, Sequence

from ..errors import CheckError
from ..model import Diagram, Equation, Tensor
from ..styles import tip_indices
from ..values import one_hot_sizes
from .nets import node_ports, parse
from .svd import Svd

STAND_IN_ENTRIES = 2**20
"""No stand-in holds more entries than this (16 MB of complex numbers): its undeclared legs are shrunk to fit,
never below 2, before anything is allocated; a tensor too big even then is refused."""
STAND_IN_TOTAL = 2**23
"""No figure's stand-ins hold more entries than this in all (128 MB of complex numbers): checked with the sizes,
before anything is allocated."""


def isometry_tip(t: Tensor, dims: Mapping[str, int]) -> tuple[str, ...]:
    """The indices the check takes as an isometry's tip: the drawn ones (:func:`tensordiag.styles.tip_indices`,
    one rule for both), except that a one-leg isometry without a declared tip has none (a unit vector)."""
    if t.tip or len(t.legs) > 1:
        return tip_indices(t, dict(dims))
    return ()


def diagrams(figure: Diagram | Equation) -> list[Diagram]:
    """The figure's diagrams: its own, or every term's."""
    return [t.diagram for t in figure.terms] if isinstance(figure, Equation) else [figure]


def defining(figure: Diagram | Equation) -> dict[str, Tensor]:
    """Per source, the tensor whose kind, tip and leg shape define its array: the one of that name, else the first."""
    found: dict[str, Tensor] = {}
    for t in (t for d in diagrams(figure) for t in d.tensors):
        if t.source not in found or (t.name == t.source and found[t.source].name != t.source):
            found[t.source] = t
    return found


def tips(figure: Diagram | Equation) -> dict[str, tuple[str, ...]]:
    """Per source, its defining tensor's tip (:func:`isometry_tip`, with the dims of the diagram it is in)."""
    owners = defining(figure)
    shared = dict(figure.dims) if isinstance(figure, Equation) else {}
    found: dict[str, tuple[str, ...]] = {}
    for d in diagrams(figure):
        for t in d.tensors:
            if owners[t.source] is t and t.source not in found:
                found[t.source] = isometry_tip(t, {**shared, **d.dim_map}) if t.kind == "isometry" else ()
    return found


def index_sizes(figure: Diagram | Equation, max_dim: int, svd: Svd | None, lift: int = 0) -> dict[str, int]:
    """Every index's size (see the module's docstring); ``lift`` makes every undeclared size bigger."""
    if max_dim < 1:
        raise CheckError(f"max_dim must be at least 1, got {max_dim}")
    parent: dict[str, str] = {}
    declared = list(figure.dims) if isinstance(figure, Equation) else []
    for d in diagrams(figure):
        names = [i for t in d.tensors for i in t.indices] + [i for leg in d.output for i in leg]
        if d.einsum is not None:
            parsed = parse(d.einsum)
            names += [i for legs in parsed.operands for leg in legs for i in leg]
            declared += parsed.dims
        declared += d.dims
        for i in names:
            parent.setdefault(i, i)
    fixed: dict[str, int] = {}  # per class root: its declared size
    for index, n in declared:
        if index in parent and n <= max_dim and fixed.setdefault(index, n) != n:
            raise CheckError(f"'{index}' is declared both {fixed[index]} and {n}")
    rank = {i: k for k, i in enumerate(parent)}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = i = parent[parent[i]]
        return i

    def tie(a: Sequence[str], b: Sequence[str]) -> None:
        """Give the indices at each position the same size, unless both were declared, differently."""
        for x, y in zip(a, b) if len(a) == len(b) else ():
            rx, ry = sorted((find(x), find(y)), key=rank.__getitem__)
            if rx != ry and fixed.get(rx, fixed.get(ry)) == fixed.get(ry, fixed.get(rx)):
                parent[ry] = rx
                fixed.update({rx: fixed[ry]} if ry in fixed else {})

    owners = defining(figure)
    for t in (t for d in diagrams(figure) for t in d.tensors):
        tie(owners[t.source].indices, t.indices)
        if t.kind in ("delta", "identity", "shift"):
            for leg in t.legs[1:]:
                tie(t.legs[0], leg)
        if t.kind in ("copy", "add"):  # every port carries the same value: sizes agree position by position
            first, *rest = node_ports(t)
            for port in rest:
                tie(first.indices, port.indices)
        if (t.kind in ("unitary", "invertible") or t.inverse) and len(t.legs) % 2 == 0:
            for a, b in zip(t.legs[: len(t.legs) // 2], t.legs[len(t.legs) // 2:]):
                tie(a, b)
    cycle = list(range(2, max_dim + 1)) or [1]
    size: dict[str, int] = {}
    free = 0  # undeclared classes so far
    for i in parent:
        r = find(i)
        if r not in size:
            size[r] = fixed[r] if r in fixed else cycle[free % len(cycle)] + lift
            free += r not in fixed
    shifts = max(sum(t.kind == "shift" for t in d.tensors) for d in diagrams(figure))
    for t in owners.values():  # δ(k, q+1) composed n times vanishes at sizes up to n
        for c in {find(i) for i in t.indices} if t.kind == "shift" else ():
            size[c] = size[c] if c in fixed else max(size[c], shifts + 1)
    for t in owners.values():  # a one-hot: one position per token, room for the largest
        if t.kind == "one_hot":
            for leg, least in zip(t.legs, one_hot_sizes(t.tokens)):
                if len(leg) == 1 and (c := find(leg[0])) not in fixed:  # kept: no budget may shrink them
                    size[c] = fixed[c] = least if leg is t.legs[0] else max(size[c], least)
    tip = tips(figure)
    fit_isometries([(tuple(find(i) for i in t.indices if i in tip[s]),
                     tuple(find(i) for i in t.indices if i not in tip[s]))
                    for s, t in owners.items() if t.kind == "isometry" and tip[s]], size, fixed, max_dim + lift)
    if svd is not None:
        bond, limit = find(svd.lam.indices[0]), min(math.prod(size[find(i)] for i in svd.rows),
                                                    math.prod(size[find(i)] for i in svd.cols))
        if size[bond] > limit:
            if bond in fixed:
                raise CheckError(f"the SVD of '{svd.m.name}' has rank at most {limit}, but its bond "
                                 f"'{svd.lam.indices[0]}' is declared {size[bond]}")
            size[bond] = limit
    for t in owners.values():
        fit_budget(t, [find(i) for i in t.indices], size, fixed, STAND_IN_ENTRIES)
    total = sum(math.prod(size[find(i)] for i in t.indices) for t in owners.values())
    if total > STAND_IN_TOTAL:  # each fits, but not all together: refused before anything is allocated
        raise CheckError(f"the stand-ins of its {len(owners):,} tensors need {count(total)} entries in all, over the "
                         f"budget of {STAND_IN_TOTAL:,}: too big to check numerically (declare smaller dims)")
    return {i: size[find(i)] for i in parent}


def fit_isometries(isometries: list[tuple[tuple[str, ...], tuple[str, ...]]], size: dict[str, int],
                   fixed: Mapping[str, int], max_dim: int) -> None:
    """Make every isometry's tip (its size classes) no bigger than its other legs, by monotone steps.

    First only growing: a class off some tip grows (up to ``max_dim``) while that isometry's tip is at
    least as big as the rest, so the tip ends strictly smaller where it can. Then only shrinking: a tip
    class shrinks while its tip is still bigger. Each phase moves sizes one way and ends; a conflict left
    over (declared sizes) is reported by the stand-in. Each step revisits only the isometries it touched.
    """
    holding: dict[str, list[int]] = {}
    for k, (tip, rest) in enumerate(isometries):
        for c in dict.fromkeys(tip + rest):
            holding.setdefault(c, []).append(k)

    def run(step: Callable[[tuple[str, ...], tuple[str, ...]], str | None]) -> None:
        queue, queued = deque(range(len(isometries))), [True] * len(isometries)
        while queue:
            k = queue.popleft()
            queued[k] = False
            moved = step(*isometries[k])
            for j in holding[moved] if moved else ():
                if not queued[j]:
                    queue.append(j)
                    queued[j] = True

    def grow(tip: tuple[str, ...], rest: tuple[str, ...]) -> str | None:
        if math.prod(size[c] for c in tip) < math.prod(size[c] for c in rest):
            return None
        c = next((c for c in rest if c not in fixed and c not in tip and size[c] < max_dim), None)
        if c is not None:
            size[c] += 1
        return c

    def shrink(tip: tuple[str, ...], rest: tuple[str, ...]) -> str | None:
        if math.prod(size[c] for c in tip) <= math.prod(size[c] for c in rest):
            return None
        c = next((c for c in tip if c not in fixed and c not in rest and size[c] > 1), None)
        if c is not None:
            size[c] -= 1
        return c

    run(grow)
    run(shrink)


def count(n: int) -> str:
    """``n`` with thousands separators, or as a power of ten when it has more than 30 digits (a 3,000-leg
    tensor's count has 900)."""
    digits = len(str(n))
    return f"{n:,}" if digits <= 30 else f"about 10^{digits - 1}"


def fit_budget(t: Tensor, classes: list[str], size: dict[str, int], fixed: Mapping[str, int], budget: int) -> None:
    """Shrink ``t``'s undeclared legs (the biggest first, never below 2) until its stand-in fits the budget;
    refuse before anything is allocated when even that is too big."""
    least = math.prod(size[c] if c in fixed else min(size[c], 2) for c in classes)
    if least > budget:  # refused at once: shrinking one leg at a time cost the square of 5,000 legs
        raise CheckError(f"its stand-in needs {count(least)} entries with every leg of size 2 (or as declared), "
                         f"over the budget of {budget:,}: too big to check numerically", where=f"tensors.{t.name}")
    entries = math.prod(size[c] for c in classes)
    while entries > budget:
        c = max((c for c in classes if c not in fixed and size[c] > 2), key=size.__getitem__, default=None)
        if c is None:
            raise CheckError(f"its stand-in needs {count(entries)} entries with every leg of size 2 (or as declared), "
                             f"over the budget of {budget:,}: too big to check numerically", where=f"tensors.{t.name}")
        size[c] -= 1
        entries = math.prod(size[c] for c in classes)
