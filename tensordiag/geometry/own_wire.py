"""Whether a spot beside a wire reads as that wire's: nearer it than any wire of another index. A leg label
set there cannot be taken for another wire's (FIGURES.md: "never nearer another wire").

The wires' pieces are filed in square cells, so a test looks only at the pieces within reach of the spot:
labelling a 64 × 64 PEPS stays linear in its size.

>>> near = OwnWires([("i", [(0.0, 0.0), (4.0, 0.0)]), ("j", [(0.0, 1.0), (4.0, 1.0)])])
>>> near.own((2.0, 0.3), "i"), near.own((2.0, 0.7), "i")
(True, False)
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

from ..plane import cells_along, segment_distance
from .elements import Point

CELL = 0.5
"""The side (cm) of the finest filing cell (:func:`..plane.cells_along`); long pieces widen it (as :class:`.labels.LabelPlacer` does), to about
the square root of the median piece, so a piece costs about that many cells however long the wires are."""


CROWD = 48
"""More pieces of other wires than this near a spot (the fan of a tensor with thousands of legs) are not
weighed: the spot counts as its wire's, and the placer's own tests keep the label off every wire."""


class OwnWires:
    """The wires' pieces by cell, each with the index it carries."""

    def __init__(self, lines: Iterable[tuple[str, Sequence[Point]]]) -> None:
        self.pieces: list[tuple[str, Point, Point]] = [(index, a, b) for index, pts in lines
                                                        for a, b in zip(pts, pts[1:])]
        lengths = sorted(math.dist(a, b) for _, a, b in self.pieces)
        median = lengths[len(lengths) // 2] if lengths else CELL
        self.cell = max(CELL, min(median, 2.0 * math.sqrt(median)))
        self.cells: dict[tuple[int, int], list[int]] = {}
        for k, (_, a, b) in enumerate(self.pieces):
            for cell in cells_along(a, b, self.cell):
                self.cells.setdefault(cell, []).append(k)

    def _near(self, p: Point, reach: float) -> set[int]:
        out: set[int] = set()
        c = self.cell
        for i in range(math.floor((p[0] - reach) / c), math.floor((p[0] + reach) / c) + 1):
            for j in range(math.floor((p[1] - reach) / c), math.floor((p[1] + reach) / c) + 1):
                out.update(self.cells.get((i, j), ()))
        return out

    def _gap(self, box: list[Point], k: int) -> float:
        return min(segment_distance(q, *self.pieces[k][1:]) for q in box)

    def own(self, p: Point, index: str, half: tuple[float, float] = (0.0, 0.0)) -> bool:
        """Whether a box centred at ``p`` (``half`` its half width and height) lies nearer a wire of ``index``
        than every wire of another index, measured from its centre, corners and sides' middles (a box with no
        other wire within a cell of it is its wire's)."""
        box = [(p[0] + sx * half[0], p[1] + sy * half[1]) for sx in (-1, 0, 1) for sy in (-1, 0, 1)]
        others = [k for k in self._near(p, CELL + max(half)) if self.pieces[k][0] != index]
        if not others or len(others) > CROWD:
            return True
        other = min(self._gap(box, k) for k in others)
        return any(self.pieces[k][0] == index and self._gap(box, k) < other
                   for k in sorted(self._near(p, other + max(half))))
