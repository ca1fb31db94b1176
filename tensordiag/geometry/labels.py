"""The label placer: puts label boxes where they overlap no shape, no wire, no bubble side and no other
label, testing only what is near through a uniform grid of cells."""

from __future__ import annotations

import bisect
import math
from typing import Callable, Iterable, Iterator

from .. import sizes
from ..plane import boxes_overlap, cells_along, segment_hits_box
from ..style import STYLE
from .elements import BubbleG, LabelG, Point, ShapeG, WireG, flatten

Box = tuple[float, float, float, float]
_D = STYLE.drawing
_SPOKES = 2.0
"""A wire cell is at most this times the square root of the median wire piece (both in cm)."""
LEG_SCALE = _D.leg_label_scale
"""Leg labels are set smaller than tensor labels (TikZ \\small, SVG 11.5 px against 13.3 px)."""


class LabelPlacer:
    """Places label boxes so they overlap no shape, no wire and no other label.

    Boxes and wire segments are filed in grids (:class:`_Boxes`, :class:`_Segments`), so each test looks
    only at what is near: placing the labels of a 64 × 64 PEPS stays linear in its size, and so does the
    memory for a few thousand shapes half a metre wide. The grids only prune: every answer is the exact test
    (:func:`boxes_overlap`, :func:`segment_hits_box`), so the spots chosen do not depend on the cell sizes.
    """

    CELL = 1.0
    """The finest cell (cm); :meth:`avoid_wires` widens the wires' cells for long wires."""

    def __init__(self, shapes: Iterable[ShapeG]) -> None:
        self.placed: list[LabelG] = []
        self.boxes = _Boxes(self.CELL)
        self.segments = _Segments(self.CELL)
        self.rows: list[tuple[float, float, float]] = []
        """Horizontal bubble sides (y, x0, x1), sorted."""
        self.columns: list[tuple[float, float, float]] = []
        """Vertical bubble sides (x, y0, y1), sorted."""
        for s in shapes:
            if s.shape != "none":
                self.boxes.add((s.x - s.width / 2, s.y - s.height / 2, s.x + s.width / 2, s.y + s.height / 2))

    def avoid_wires(self, wires: list[WireG]) -> None:
        lines = [flatten(w) for w in wires]
        pieces = [(a, b) for pts in lines for a, b in zip(pts, pts[1:])]
        lengths = sorted(math.dist(a, b) for a, b in pieces)
        if lengths:
            # cells of about the square root of the median piece (in cm): a piece costs about that many
            # cells, however long the wires are (a hyperedge of thousands of operands has long spokes),
            # and a cell near a junction dot holds a few of its spokes, not all of them
            median = lengths[len(lengths) // 2]
            self.segments.cell = max(self.CELL, min(median, _SPOKES * math.sqrt(median)))
        for a, b in pieces:
            self.segments.add(a, b)

    def avoid_outlines(self, bubbles: Iterable[BubbleG]) -> None:
        """A bubble's border is a line labels must not sit on, like a wire. Its sides are kept sorted by
        height (the top and bottom) and by x (the left and right), not in cells: nested bubbles grow with
        their depth, and filing each side in every cell it crosses would cost the square of the depth."""
        for b in bubbles:
            self.rows.extend(((b.y0, b.x0, b.x1), (b.y1, b.x0, b.x1)))
            self.columns.extend(((b.x0, b.y0, b.y1), (b.x1, b.y0, b.y1)))
        self.rows.sort()
        self.columns.sort()

    def free(self, box: Box) -> bool:
        x0, y0, x1, y1 = box
        if self.boxes.hit(box):
            return False
        if _crosses_side(self.rows, x0, y0, x1, y1) or _crosses_side(self.columns, y0, x0, y1, x1):
            return False
        return not self.segments.hit(box)

    def try_place(self, text: str, candidates: list[Point], role: str, anchor: str, key: str = "",
                  base: Point | None = None, *, accept: Callable[[Point], bool] | None = None) -> bool:
        """Place ``text`` at the first free one of ``candidates`` (that ``accept`` takes, when given); False when
        none is (``key``, ``base``: see :attr:`LabelG.key`)."""
        w = sizes.label_width(text) * (LEG_SCALE if role == "leg" else 1.0) + _D.label_pad
        h = sizes.LABEL_HEIGHT
        for x, y in candidates:
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            if self.free(box) and (accept is None or accept((x, y))):
                self._add(text, x, y, w, h, role, anchor, key, base)
                return True
        return False

    def place_at(self, text: str, x: float, y: float, role: str, *, corner: str = "c", anchor: str = "",
                 key: str = "", base: Point | None = None) -> None:
        """Place ``text`` with its centre (``corner="c"``) or its top left corner (``"nw"``) at (x, y), free or not
        (a ``key``ed leg label: as wide as :meth:`try_place` makes it)."""
        w = sizes.label_width(text) * (LEG_SCALE if key else 1.0) + _D.label_pad
        h = sizes.LABEL_HEIGHT
        if corner == "nw":
            x, y = x + w / 2, y - h / 2
        self._add(text, x, y, w, h, role, anchor, key, base)

    def _add(self, text: str, x: float, y: float, w: float, h: float, role: str, anchor: str, key: str = "",
             base: Point | None = None) -> None:
        self.placed.append(LabelG(text, x, y, w, h, role, True, anchor, key, base))
        self.boxes.add((x - w / 2, y - h / 2, x + w / 2, y + h / 2))


def _cells(cell: float, x0: float, y0: float, x1: float, y1: float) -> Iterator[tuple[int, int]]:
    for i in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
        for j in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
            yield (i, j)


class _Boxes:
    """Boxes filed by size: a box goes to the level whose cells (``cell`` × 2^level) are as large as its
    longer side, so it sits in at most four cells however large it is; a test visits, on each level in use,
    the cells it covers. Memory is linear in the number of boxes (filing a shape 50 cm wide in every 1 cm
    cell it covered took 2,500 entries, a gigabyte for a few thousand such shapes)."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.boxes: list[Box] = []
        self.levels: dict[int, dict[tuple[int, int], list[int]]] = {}

    def add(self, box: Box) -> None:
        size, level = max(box[2] - box[0], box[3] - box[1]), 0
        while self.cell * 2 ** level < size:
            level += 1
        grid, cell = self.levels.setdefault(level, {}), self.cell * 2 ** level
        self.boxes.append(box)
        for key in _cells(cell, *box):
            grid.setdefault(key, []).append(len(self.boxes) - 1)

    def hit(self, box: Box) -> bool:
        """Does ``box`` overlap a filed box?"""
        for level, grid in self.levels.items():
            for key in _cells(self.cell * 2 ** level, *box):
                for k in grid.get(key, ()):
                    if boxes_overlap(box, self.boxes[k], tol=0.0):
                        return True
        return False


class _Segments:
    """Wire segments filed in every cell they pass through, so a long wire costs its length, not the area of
    its bounding box, and a test visits only the cells its box covers."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.segments: list[tuple[Point, Point]] = []
        self.bounds: list[Box] = []
        """Each segment's bounding box: most segments near a box miss it by a whole side (parallel legs that end
        before a label beyond them), and comparing four numbers decides that at a fraction of the exact test."""
        self.cells: dict[tuple[int, int], list[int]] = {}

    def add(self, a: Point, b: Point) -> None:
        self.segments.append((a, b))
        self.bounds.append((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))
        for key in cells_along(a, b, self.cell):
            self.cells.setdefault(key, []).append(len(self.segments) - 1)

    def hit(self, box: Box) -> bool:
        """Does ``box`` overlap a filed box?"""
        for level, grid in self.levels.items():
            for key in _cells(self.cell * 2 ** level, *box):
                for k in grid.get(key, ()):
                    if boxes_overlap(box, self.boxes[k], tol=0.0):
                        return True
        return False


class _Segments:
    """Wire segments filed in every cell they pass through, so a long wire costs its length, not the area of
    its bounding box, and a test visits only the cells its box covers."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.segments: list[tuple[Point, Point]] = []
        self.bounds: list[Box] = []
        """Each segment's bounding box: most segments near a box miss it by a whole side (parallel legs that end
        before a label beyond them), and comparing four numbers decides that at a fraction of the exact test."""
        self.cells: dict[tuple[int, int], list[int]] = {}

    def add(self, a: Point, b: Point) -> None:
        self.segments.append((a, b))
        self.bounds.append((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))
        for key in cells_along(a, b, self.cell):
            self.cells.setdefault(key, []).append(len(self.segments) - 1)

    def _along(self, a: Point, b: Point) -> set[tuple[int, int]]:
        """The cells a segment passes through: samples every half cell, each registering the cells of the
        square of half a cell around it, which holds every point of the segment within a quarter cell of the
        sample."""
        c = self.cell
        steps = max(1, math.ceil(math.dist(a, b) / (c / 2)))
        q = c / 4
        cells: set[tuple[int, int]] = set()
        for k in range(steps + 1):
            x = a[0] + (b[0] - a[0]) * k / steps
            y = a[1] + (b[1] - a[1]) * k / steps
            for i in range(math.floor((x - q) / c), math.floor((x + q) / c) + 1):
                for j in range(math.floor((y - q) / c), math.floor((y + q) / c) + 1):
                    cells.add((i, j))
        return cells

    def hit(self, box: Box) -> bool:
        """Does a filed segment pass through the interior of ``box``?"""
        segments, bounds = self.segments, self.bounds
        x0, y0, x1, y1 = box
        for key in _cells(self.cell, *box):
            for k in self.cells.get(key, ()):
                sx0, sy0, sx1, sy1 = bounds[k]
                if sx1 <= x0 or sx0 >= x1 or sy1 <= y0 or sy0 >= y1:
                    continue  # wholly on one side of the box: it cannot pass through the interior
                if segment_hits_box(*segments[k], box):
                    return True
        return False


def _crosses_side(sides: list[tuple[float, float, float]], u0: float, v0: float, u1: float, v1: float) -> bool:
    """Does one of the sorted axis-parallel ``sides`` (v, u_from, u_to) pass through the box's interior
    (v strictly between v0 and v1, and a stretch of positive length between u0 and u1)?"""
    k = bisect.bisect_right(sides, (v0, math.inf, math.inf))
    while k < len(sides) and sides[k][0] < v1:
        _, a, b = sides[k]
        if max(u0, min(a, b)) < min(u1, max(a, b)):
            return True
        k += 1
    return False
