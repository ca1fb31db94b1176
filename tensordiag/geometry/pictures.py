"""Value pictures and shift marks: what a tensor of exact values shows beside its shape.

A *value picture* (``picture: up``) is a small grid of the tensor's entries, one cell per entry, dark
for 1 and light for 0, rows along its first leg (top to bottom) and columns along its second (left to
right), set beside the shape on the side asked. The entries are :func:`tensordiag.values.entries`, the
numbers the check's stand-in holds: a one-hot input x = δ(seq pos, token), or the δ(k, q+1) pattern with
its zero last column.

A *shift* δ(k, q+1) is drawn as a delta dot (it is an off-diagonal delta tensor, in the post's words)
with a small "+1" beside its second leg q, where it meets the dot: k = q + 1.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..model import Diagram, Tensor
from ..values import entries, picture_size
from .elements import Point, ShapeG, WireG
from .labels import LabelPlacer

CELL = 0.2
"""A picture's cell (cm): its most, and ``PICTURE_MOST`` / the longer side when that is smaller."""
PICTURE_MOST = 2.4
"""The widest or tallest a picture may be (cm)."""
GAP = 0.14
"""Between the shape and its picture (cm)."""
DARK, LIGHT = "#404040", "#ffffff"


def picture_cells(t: Tensor, s: ShapeG, dims: dict[str, int]) -> tuple[tuple[float, float, float, float, str], ...]:
    """The cells (x0, y0, x1, y1, fill) of ``t``'s picture beside its shape ``s``."""
    rows, cols = picture_size(t.kind, t.legs, t.tokens, dims, f"tensors.{t.name}.picture")
    values = entries(t.kind, rows, cols, t.tokens)
    cell = min(CELL, PICTURE_MOST / max(rows, cols))
    w, h = cols * cell, rows * cell
    reach_x = max(s.width, 2 * s.radius) / 2 + GAP
    reach_y = max(s.height, 2 * s.radius) / 2 + GAP
    left, top = {"up": (s.x - w / 2, s.y + reach_y + h), "down": (s.x - w / 2, s.y - reach_y),
                 "left": (s.x - reach_x - w, s.y + h / 2), "right": (s.x + reach_x, s.y + h / 2)}[t.picture or "up"]
    return tuple((round(left + c * cell, 6), round(top - (r + 1) * cell, 6), round(left + (c + 1) * cell, 6),
                  round(top - r * cell, 6), DARK if values[r][c] else LIGHT)
                 for r in range(rows) for c in range(cols))


def with_pictures(diagram: Diagram, shapes: dict[str, ShapeG]) -> dict[str, ShapeG]:
    """``shapes`` with the cells of every tensor that asks for a picture."""
    dims = diagram.dim_map
    out = dict(shapes)
    for t in diagram.tensors:
        if t.picture:
            out[t.name] = replace(shapes[t.name], cells=picture_cells(t, shapes[t.name], dims))
    return out


def picture_box(s: ShapeG) -> tuple[float, float, float, float]:
    return (min(c[0] for c in s.cells), min(c[1] for c in s.cells), max(c[2] for c in s.cells),
            max(c[3] for c in s.cells))


def mark_shifts(diagram: Diagram, shapes: dict[str, ShapeG], wires: list[WireG], labels: LabelPlacer) -> None:
    """A "+1" beside each dot-drawn shift's second leg q, next to the dot (k = q + 1)."""
    for t in diagram.tensors:
        s = shapes[t.name]
        if t.kind != "shift" or s.shape != "dot":
            continue
        q = t.legs[1]
        wire = next((w for w in wires if s.ident in w.ends and _carries(w, q)), None)
        if wire is None:
            continue
        start, toward = ((wire.points[0], wire.points[1]) if wire.ends[0] == s.ident
                         else (wire.points[-1], wire.points[-2]))
        dx, dy = toward[0] - start[0], toward[1] - start[1]
        d = math.hypot(dx, dy) or 1.0
        ux, uy = dx / d, dy / d
        spots: list[Point] = []
        for along in (0.3, 0.45, 0.6):
            for side in (1.0, -1.0):
                spots.append((start[0] + ux * along - uy * 0.2 * side, start[1] + uy * along + ux * 0.2 * side))
        if not labels.try_place("+1", spots, "leg", s.ident):
            labels.place_at("+1", *spots[0], "leg", anchor=s.ident)


def _carries(w: WireG, leg: tuple[str, ...]) -> bool:
    return w.index == (leg[0] if len(leg) == 1 else "(" + " ".join(leg) + ")")
