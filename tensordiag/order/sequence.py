"""An order drawn as a sequence: the network after each step, each intermediate one tensor ``T_k`` with its
legs, joined by arrows (``->`` terms, :mod:`tensordiag.check.sequence`). ``T_k`` absorbs the operands of its
step, so the check gives it their contraction and compares every step with the one before; the first step
is the diagram with its einsum, so the last equals the einsum.

Every tensor keeps the place it has in the whole network (a pin) and an intermediate sits at the centre of
the tensors it holds, so the steps read as the same picture shrinking, as the post draws them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from ..model import Diagram, Equation, Tensor, Term
from .path import Order

Point = tuple[float, float]


def intermediate_names(diagram: Diagram, order: Order) -> dict[int, str]:
    """The name of each step's intermediate: ``T1``, ``T2``, … (followed by ``'`` while a tensor has it)."""
    taken = {t.name for t in diagram.tensors}
    names = {}
    for s in order.steps:
        name = f"T{s.number}"
        while name in taken:
            name += "'"
        taken.add(name)
        names[s.number] = name
    return names


def order_sequence(diagram: Diagram, order: Order, pins: Mapping[str, Point], *, width: float | None = None) -> Equation:
    """The steps of ``order`` as an equation of ``->`` terms, the first ``diagram`` itself (without its
    contraction, with every tensor at ``pins``)."""
    names = intermediate_names(diagram, order)
    at = dict(pins)
    base = replace(diagram, contraction=None, title=None,
                   tensors=tuple(replace(t, at=t.at or at.get(t.name)) for t in diagram.tensors))
    left: list[Tensor] = list(base.tensors)
    terms = [Term(base)]
    by_step = {str(s.number): names[s.number] for s in order.steps}
    for s in order.steps:
        operands = [by_step.get(o, o) for o in s.operands]
        points = [at[m] for m in s.members if m in at]
        centre = (round(sum(p[0] for p in points) / len(points), 3), round(sum(p[1] for p in points) / len(points), 3)) \
            if points else None
        name = names[s.number]
        if centre is not None:
            at[name] = centre
        new = Tensor(name, tuple((i,) for i in s.legs), label=f"T_{{{s.number}}}", absorbs=tuple(operands),
                     at=centre, color="grey")
        first = min(k for k, t in enumerate(left) if t.name in operands)
        left = [t for t in left if t.name not in operands]
        left.insert(min(first, len(left)), new)
        terms.append(Term(replace(base, tensors=tuple(left), einsum=None, bubbles=(), bundles=(),
                                  sides=tuple((leg, side) for leg, side in base.sides)),
                          op="->", step=f"{s.number}"))
    return Equation(tuple(terms), title=diagram.title, dims=(), width=width)
