"""A contraction order's cost table, set beside the figure (to its right, centred on it), or below it, centred,
when beside it the two would be wider than a page (:data:`PAGE`): one row per step
(its number, what it contracts, the legs of the intermediate it makes, its size and FLOPs), then the total
FLOPs and the largest intermediate, between booktabs-like rules. Sizes are numbers, or monomials in the
symbols of :mod:`tensordiag.order.cost` (``2\\chi^{4}``); the totals add the number when every size has one.
Cells are labels (``table`` role: TeX math, set small) centred in their column, so TikZ and SVG agree."""

from __future__ import annotations

from dataclasses import replace

from .. import sizes
from ..model import Diagram
from ..order.cost import numbers_known, shown_sizes, step_flops, step_size, tex_monomial, total_flops
from ..order.path import Order
from ..style import STYLE
from .elements import Geometry, LabelG, OutlineG, with_bbox
from .labels import LEG_SCALE
from .leg_labels import leg_label_text

GAP = 0.8
"""Between the figure and the table (cm)."""
ROW = 0.5
COLUMN_PAD = 0.35
HEADER = ("step", "contracts", "legs", "size", "FLOPs")
PAGE = STYLE.layout.shelf_width
"""A page's width (cm): a figure and its table side by side must fit in it, else the table goes below."""


def table_cells(diagram: Diagram, order: Order) -> list[tuple[tuple[str, bool], ...]]:
    """The table's rows, each cell (text, is it math): the header, the steps, the totals."""
    from .shapes import default_label

    shown = shown_sizes(diagram)
    labels = dict(diagram.index_labels)
    label_of = {t.name: t.label or default_label(t) for t in diagram.tensors}

    def legs(ix: tuple[str, ...]) -> str:
        return r"\;".join(leg_label_text((i,), {}, False, labels) for i in ix)

    rows: list[tuple[tuple[str, bool], ...]] = [tuple((h, False) for h in HEADER)]
    for s in order.steps:
        ops = r"\;".join(f"T_{{{o}}}" if o.isdigit() else label_of[o] for o in s.operands)
        rows.append(((str(s.number), True), (ops, True), (legs(s.legs), True) if s.legs else ("scalar", False),
                     (step_size(s, shown), True),
                     (step_flops(s, shown), True)))
    total = total_flops(order, shown)
    if numbers_known(diagram, order) and any(not isinstance(v, int) for v in shown.values()):
        total += " = " + tex_monomial(order.opt_cost, {})
    rows.append((("total", False), ("", False), ("", False), ("", False), (total, True)))
    wide = order.widest
    rows.append((("largest", False), (f"T_{{{wide.number}}}", True), (legs(wide.legs), True),
                 (step_size(wide, shown), True), ("", False)))
    return rows


def _width(text: str, math: bool) -> float:
    return sizes.label_width(text) * LEG_SCALE if math else len(text) * sizes.CHAR_WIDTH * LEG_SCALE


def with_cost_table(g: Geometry, diagram: Diagram, order: Order) -> Geometry:
    rows = table_cells(diagram, order)
    widths = [max(_width(r[k][0], r[k][1]) for r in rows) + COLUMN_PAD for k in range(len(HEADER))]
    height = ROW * len(rows)
    if g.bbox[2] - g.bbox[0] + GAP + sum(widths) <= PAGE:
        x0 = g.bbox[2] + GAP
        top = (g.bbox[1] + g.bbox[3]) / 2 + height / 2
    else:
        x0 = (g.bbox[0] + g.bbox[2]) / 2 - sum(widths) / 2
        top = g.bbox[1] - GAP
    labels = []
    for k, row in enumerate(rows):
        y = top - ROW * (k + 0.5)
        x = x0
        for (text, math), w in zip(row, widths):
            if text:
                labels.append(LabelG(text, x + w / 2, y, _width(text, math), sizes.LABEL_HEIGHT, "table", math))
            x += w
    x1 = x0 + sum(widths)
    rules = [top, top - ROW, top - ROW * (len(rows) - 2), top - height]
    outlines = tuple(OutlineG(((x0, y), (x1, y)), False, "rule") for y in rules)
    return with_bbox(replace(g, labels=g.labels + tuple(labels), outlines=g.outlines + outlines))
