"""The order as text, for ``tensordiag path``: one line per step (what it contracts, the legs of what it
makes, its size and FLOPs), then the totals and the largest intermediate."""

from __future__ import annotations

from typing import Any

from ..model import Diagram
from .cost import numbers_known, plain, shown_sizes, step_flops, step_size, total_flops
from .path import Order, contraction_order
from .sequence import intermediate_names


def order_report(diagram: Diagram, path: Any = None) -> tuple[Order, str]:
    order = contraction_order(diagram, path)
    shown = shown_sizes(diagram)
    names = intermediate_names(diagram, order)
    rows = [("step", "contracts", "legs", "size", "FLOPs")]
    for s in order.steps:
        rows.append((str(s.number), " ".join(names.get(int(o), o) if o.isdigit() else o for o in s.operands),
                     " ".join(s.legs) or "(scalar)", plain(step_size(s, shown)), plain(step_flops(s, shown))))
    widths = [max(len(r[k]) for r in rows) for k in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    method = path if path is not None else diagram.contraction.path if diagram.contraction else "optimal"
    method = method if isinstance(method, str) else "given"
    total = plain(total_flops(order, shown))
    if numbers_known(diagram, order) and total != f"{order.opt_cost:,}":
        total += f" = {order.opt_cost:,}"
    wide = order.widest
    lines.insert(0, f"path ({method}): {[list(p) for p in order.path]}")
    lines.append(f"total FLOPs: {total}")
    lines.append(f"largest intermediate: {names[wide.number]} (step {wide.number}), {len(wide.legs)} legs "
                 f"({' '.join(wide.legs)}), size {plain(step_size(wide, shown))}")
    return order, "\n".join(lines)
