"""Consistency across tensors: sizes that must agree (an identity's two legs, a delta's legs, the ports of a copy
node) and ``data:`` shared between tensors (same number of legs, same size on each axis)."""

from __future__ import annotations

from ..definitions import full_legs
from ..model import Diagram, Leg, Tensor, leg_text
from .primitives import Ctx


def shared_data(diagrams: list[tuple[Diagram, str]], ctx: Ctx, *, scope: str) -> None:
    """``data:`` names a tensor (of this diagram, or of any term of an equation) that holds its own
    numbers, with the same number of legs and, where ``dims`` tell, the same size on each axis."""
    owners: dict[str, tuple[Tensor, dict[str, int]]] = {}
    for diagram, _ in diagrams:
        for t in diagram.tensors:
            owners.setdefault(t.name, (t, diagram.dim_map))
    for diagram, base in diagrams:
        for t in diagram.tensors:
            if t.data is None or t.data == t.name:
                continue
            tp = f"{base}.tensors.{t.name}" if base else f"tensors.{t.name}"
            if t.data not in owners:
                raise ctx.error(f"{tp}.data", f"'{t.data}' is no tensor of this {scope} (tensors: {', '.join(owners)})")
            source, source_dims = owners[t.data]
            if source.data not in (None, source.name):
                raise ctx.error(f"{tp}.data", f"'{t.data}' itself shares the numbers of '{source.data}': "
                                              f"name that one (data: {source.data})")
            mine_legs, source_legs = full_legs(t), full_legs(source)
            if len(mine_legs) != len(source_legs):
                sliced = f" (with its slice at {', '.join(t.slice)})" if t.slice else ""
                raise ctx.error(f"{tp}.legs", f"{len(mine_legs)} legs{sliced}, but it shares the numbers of "
                                              f"'{source.name}', which has {len(source_legs)}")
            dims = diagram.dim_map
            for k, (leg, other) in enumerate(zip(mine_legs, source_legs)):
                mine, theirs = leg_size(leg, dims), leg_size(other, source_dims)
                if mine is not None and theirs is not None and mine != theirs:
                    raise ctx.error(f"{tp}.legs[{k}]", f"'{leg_text(leg)}' is {mine}, but it shares the numbers of "
                                                       f"'{source.name}', whose axis {k} '{leg_text(other)}' is {theirs}")


def one_size(t: Tensor, dims: dict[str, int], path: str, ctx: Ctx) -> None:
    """An identity joins two legs of one size; a delta tensor's legs all have one size; the ports of a
    copy or add node carry the same value, so their legs agree in size position by position."""
    if t.kind in ("copy", "add"):
        count = t.ports or 3
        width = len(t.legs) // count
        for pos in range(width):
            group = [t.legs[p * width + pos] for p in range(count)]
            known = [(k, leg, leg_size(leg, dims)) for k, leg in enumerate(group)]
            known = [(k, leg, n) for k, leg, n in known if n is not None]
            for k, leg, n in known[1:]:
                if n != known[0][2]:
                    raise ctx.error(f"{path}.legs[{k * width + pos}]",
                                    f"'{leg_text(leg)}' is {n}, but '{leg_text(known[0][1])}' is {known[0][2]}: "
                                    f"every port of a {t.kind} node carries the same value")
        return
    if t.kind not in ("identity", "delta", "shift"):
        return
    rule = ("an identity joins two legs of one size" if t.kind == "identity" else
            "a shift joins two legs of one size" if t.kind == "shift" else f"a {t.kind} tensor's legs all have one size")
    first: tuple[str, int] | None = None
    for k, leg in enumerate(t.legs):
        size = leg_size(leg, dims)
        if size is None:
            continue
        if first is None:
            first = (leg_text(leg), size)
        elif size != first[1]:
            raise ctx.error(f"{path}.legs[{k}]", f"'{leg_text(leg)}' is {size}, but '{first[0]}' is {first[1]}: {rule}")


def leg_size(leg: Leg, dims: dict[str, int]) -> int | None:
    """The size of one axis: the product of its indices' sizes, or None when one is unknown."""
    size = 1
    for index in leg:
        if index not in dims:
            return None
        size *= dims[index]
    return size
