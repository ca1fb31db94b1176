"""A diagram with a ``contraction:`` key, drawn and checked (the api calls these; they run layout and
geometry as :func:`tensordiag.api.build_geometry` does).

``show`` picks the drawings: ``numbers`` and ``hulls`` mark the network itself, ``sequence`` draws the
network after each step instead, and ``table`` sets the cost table beside whichever of them is drawn.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..model import Diagram, Equation
from .path import Order, contraction_order
from .sequence import order_sequence


def sequence_of(diagram: Diagram, order: Order, *, seed: int = 0, width: float | None = None) -> Equation:
    """The order's sequence, every tensor pinned where the whole network's layout puts it."""
    from ..layout import layout
    from ..network import tensor_id

    placement = layout(replace(diagram, contraction=None), seed=seed)
    pins = {t.name: (round(placement.positions[tensor_id(t.name)][0], 3),
                     round(placement.positions[tensor_id(t.name)][1], 3)) for t in diagram.tensors}
    return order_sequence(diagram, order, pins, width=width)


def shown_sequence(diagram: Diagram, *, seed: int = 0, width: float | None = None) -> Equation:
    """The sequence a diagram showing its order as one is drawn as (what its JSON describes)."""
    return sequence_of(diagram, contraction_order(diagram), seed=seed, width=width)


def order_geometry(diagram: Diagram, *, seed: int = 0, width: float | None = None) -> Any:
    """The geometry of ``diagram`` with its contraction order shown as its ``contraction.show`` asks."""
    from ..api import build_geometry
    from ..geometry.cost_table import with_cost_table
    from ..geometry.hulls import with_hulls, with_step_numbers

    order = contraction_order(diagram)
    show = diagram.contraction.show if diagram.contraction else ("numbers",)
    plain = replace(diagram, contraction=None)
    if "sequence" in show:
        g = build_geometry(sequence_of(diagram, order, seed=seed, width=width), seed=seed, width=width)
    else:
        g = build_geometry(plain, seed=seed)
        if "hulls" in show:
            g = with_hulls(g, diagram, order)
        if "numbers" in show:
            g = with_step_numbers(g, order)
    if "table" in show:
        g = with_cost_table(g, diagram, order)
    return g


def order_checked(diagram: Diagram, result: Any, *, seed: int = 0, **options: Any) -> Any:
    """``result`` (the diagram's own check) joined with the order's: every intermediate is its group's
    contraction, the costs are opt_einsum's, and a drawn sequence's steps each equal the one before."""
    from ..check import check
    from ..check.verdicts import CheckResult
    from .check import check_order

    if not result.ok:
        return result
    order = check_order(diagram, seed=seed)
    if not order.ok:
        return CheckResult("mismatch", result.max_diff, f"the contraction order: {order.detail}", False)
    detail = f"{result.detail}; contraction order: {order.detail}"
    if diagram.contraction is not None and "sequence" in diagram.contraction.show:
        steps = check(sequence_of(diagram, contraction_order(diagram), seed=0), seed=seed, **options)
        if not steps.ok:
            return steps
        detail += "; the sequence: each step equals the one before"
    return replace(result, detail=detail)
