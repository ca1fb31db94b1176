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

from .elements import Point

CELL = 0.5
"""The side (cm) of a filing cell."""


def _distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    d2 = dx * dx + dy * dy
    t = 0.0 if d2 < 1e-12 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / d2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


class OwnWires:
    """The wires' pieces by cell, each with the index it carries."""

    def __init__(self, lines: Iterable[tuple[str, Sequence[Point]]]) -> None:
        self.pieces: list[tuple[str, Point, Point]] = []
        self.cells: dict[tuple[int, int], list[int]] = {}
        for index, pts in lines:
            for a, b in zip(pts, pts[1:]):
                self.pieces.append((index, a, b))
                k = len(self.pieces) - 1
                for i in range(math.floor(min(a[0], b[0]) / CELL), math.floor(max(a[0], b[0]) / CELL) + 1):
                    for j in range(math.floor(min(a[1], b[1]) / CELL), math.floor(max(a[1], b[1]) / CELL) + 1):
                        self.cells.setdefault((i, j), []).append(k)

    def _near(self, p: Point, reach: float) -> set[int]:
        out: set[int] = set()
        for i in range(math.floor((p[0] - reach) / CELL), math.floor((p[0] + reach) / CELL) + 1):
            for j in range(math.floor((p[1] - reach) / CELL), math.floor((p[1] + reach) / CELL) + 1):
                out.update(self.cells.get((i, j), ()))
        return out

    def _gap(self, box: list[Point], k: int) -> float:
        return min(_distance(q, *self.pieces[k][1:]) for q in box)

    def own(self, p: Point, index: str, half: tuple[float, float] = (0.0, 0.0)) -> bool:
        """Whether a box centred at ``p`` (``half`` its half width and height) lies nearer a wire of ``index``
        than every wire of another index, measured from its centre, corners and sides' middles."""
        box = [(p[0] + sx * half[0], p[1] + sy * half[1]) for sx in (-1, 0, 1) for sy in (-1, 0, 1)]
        reach = CELL + max(half)
        mine = None
        while mine is None:  # widen the search until a piece of its own index turns up
            near = [k for k in self._near(p, reach) if self.pieces[k][0] == index]
            if near:
                first = min(self._gap(box, k) for k in near)
                mine = min(self._gap(box, k) for k in self._near(p, first + max(half))
                           if self.pieces[k][0] == index)
            elif reach > 64 * CELL:
                return True
            else:
                reach *= 2
        return all(self._gap(box, k) > mine for k in self._near(p, mine + max(half))
                   if self.pieces[k][0] != index)
