"""Per-head terms (``per: [h]``): which indices a term sums as Σ_h over per-head tensors, and whether it can.

Model code (it imports only the model), read by the spec, the drawing (:mod:`tensordiag.geometry.perhead`)
and the check (:mod:`tensordiag.check.perhead`), so a term built in Python meets the same rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Diagram


def per_problem(d: Diagram, per: tuple[str, ...], sum_over: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """Why per-head indices ``per`` of a term drawing ``d`` cannot be drawn or checked (the place and the reason),
    or None: every per-head index is a plain leg of some tensor, and neither a free leg nor summed with ``sum``."""
    if per and d.has_copy_add:
        return "per[0]", "a term with copy or add nodes cannot be per-head: draw the heads as a num-heads wire"
    free = {i for leg in d.output for i in leg}
    for k, h in enumerate(per):
        where = f"per[{k}]"
        grouped = [t.name for t in d.tensors if any(h in leg and len(leg) > 1 for leg in t.legs)]
        if grouped:
            return where, f"'{h}' is inside a grouped leg of '{grouped[0]}': a per-head index is a leg of its own"
        if not any((h,) in t.legs for t in d.tensors):
            return where, f"'{h}' is on no leg of this term (its indices: {', '.join(d.indices) or 'none'})"
        if h in free or h in sum_over:
            return where, (f"'{h}' is a free leg of this term: Σ over a per-head index sums it, so leave it "
                           f"out of the output" if h in free else f"'{h}' is both per-head and in sum")
    return None
