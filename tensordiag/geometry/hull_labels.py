"""Leg labels moved off the contraction hulls (:mod:`.hulls`): a bond's label that an outline would run over slides
along its own wire, either side, to the nearest spot no outline comes within :data:`.hull_gaps.CLEARANCE` of, that
covers no shape, wire or other label, and still reads as its wire's (nearer it than any other wire). Only a
label with no such spot keeps its place, and the outline is broken around it there (:func:`.hull_gaps.pieces`).

>>> [round(t, 2) for t in STOPS[:5]]
[0.5, 0.45, 0.55, 0.4, 0.6]
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Iterable, Sequence

from ..plane import Box, clip_segment, polyline_distance, segment_hits_box
from .elements import LabelG, Point, ShapeG, WireG, flatten
from .hull_gaps import CLEARANCE

STOPS = sorted((k / 20 for k in range(2, 19)), key=lambda t: (round(abs(t - 0.5), 6), t))
"""Where along its wire (fractions of its length) a moved label is tried, from the middle out."""


def _box(x: float, y: float, lb: LabelG, grow: float = 0.0) -> Box:
    return (x - lb.width / 2 - grow, y - lb.height / 2 - grow, x + lb.width / 2 + grow, y + lb.height / 2 + grow)


class Segments:
    """Line pieces filed by the square cells (:data:`CELL` cm) their bounding boxes cover, so a box is tested only
    against the pieces near it: a 10 × 10 PEPS's 99 outlines and 180 labels stay quick."""

    def __init__(self, lines: Iterable[Sequence[Point]], closed: bool = False) -> None:
        self.pieces: list[tuple[Point, Point]] = []
        self.cells: dict[tuple[int, int], list[int]] = {}
        for line in lines:
            ring = list(line) + ([line[0]] if closed and line else [])
            for a, b in zip(ring, ring[1:]):
                k = len(self.pieces)
                self.pieces.append((a, b))
                for cell in _cells((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))):
                    self.cells.setdefault(cell, []).append(k)

    def near(self, box: Box) -> list[tuple[Point, Point]]:
        found = sorted({k for cell in _cells(box) for k in self.cells.get(cell, ())})
        return [self.pieces[k] for k in found]

    def cross(self, box: Box) -> bool:
        """Whether a piece touches ``box`` (its sides included)."""
        return any(clip_segment(a, b, box, interior=False) for a, b in self.near(box))

    def enter(self, box: Box) -> bool:
        """Whether a piece passes through ``box``'s inside."""
        return any(segment_hits_box(a, b, box) for a, b in self.near(box))


class Boxes:
    """Boxes filed by the cells they cover (:data:`CELL`), for a quick test whether a box overlaps any of them."""

    def __init__(self, boxes: Iterable[Box]) -> None:
        self.boxes = list(boxes)
        self.cells: dict[tuple[int, int], list[int]] = {}
        for k, box in enumerate(self.boxes):
            for cell in _cells(box):
                self.cells.setdefault(cell, []).append(k)

    def along(self, loop: Sequence[Point]) -> list[Box]:
        """The boxes in the cells a closed line's pieces cover (those it may meet), in their order."""
        ring = list(loop) + [loop[0]]
        found: set[int] = set()
        for a, b in zip(ring, ring[1:]):
            for cell in _cells((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))):
                found.update(self.cells.get(cell, ()))
        return [self.boxes[k] for k in sorted(found)]

    def hit(self, box: Box) -> bool:
        """Whether ``box`` overlaps one of the boxes (strictly: touching sides do not count)."""
        return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                   for cell in _cells(box) for b in (self.boxes[k] for k in self.cells.get(cell, ())))


CELL = 0.5
"""The side (cm) of a filing cell of :class:`Segments` and :class:`Boxes`."""


def _cells(box: Box) -> list[tuple[int, int]]:
    return [(i, j) for i in range(math.floor(box[0] / CELL), math.floor(box[2] / CELL) + 1)
            for j in range(math.floor(box[1] / CELL), math.floor(box[3] / CELL) + 1)]


def _at(pts: Sequence[Point], t: float) -> tuple[Point, Point]:
    """The point ``t`` of the way along a polyline, and the unit direction of the piece it lies on."""
    lengths = [math.dist(a, b) for a, b in zip(pts, pts[1:])]
    left = t * sum(lengths)
    for (a, b), d in zip(zip(pts, pts[1:]), lengths):
        if left <= d and d > 0:
            return (a[0] + (b[0] - a[0]) * left / d, a[1] + (b[1] - a[1]) * left / d), ((b[0] - a[0]) / d, (b[1] - a[1]) / d)
        left -= d
    a, b = pts[-2], pts[-1]
    d = math.dist(a, b) or 1.0
    return b, ((b[0] - a[0]) / d, (b[1] - a[1]) / d)


def clear_of_hulls(labels: Sequence[LabelG], wires: Sequence[WireG], shapes: Sequence[ShapeG],
                   loops: Sequence[Sequence[Point]]) -> tuple[LabelG, ...]:
    """``labels`` with each bond label an outline of ``loops`` runs over moved beside its own wire, where none does."""
    hulls = Segments(loops, closed=True)
    lines = [(w, flatten(w)) for w in wires]
    drawn = Segments(pts for _, pts in lines)
    solid = [(s.x - s.width / 2, s.y - s.height / 2, s.x + s.width / 2, s.y + s.height / 2) for s in shapes]
    out = list(labels)
    for k, lb in enumerate(out):
        if lb.role != "leg" or not hulls.cross(_box(lb.x, lb.y, lb, CLEARANCE)):
            continue
        own = [(w, pts) for w, pts in lines if w.index == lb.key and w.role != "free" and len(pts) > 1]
        if not own:
            continue
        w, pts = min(own, key=lambda wp: polyline_distance((lb.x, lb.y), wp[1]))
        near, (dx, dy) = _at(pts, 0.5)
        side = 1.0 if (lb.x - near[0]) * -dy + (lb.y - near[1]) * dx >= 0 else -1.0
        rest = [b for j, b in enumerate(out) if j != k]
        for t in STOPS:
            spot = (_spot(pts, t, lb, side, hulls, solid, rest, drawn, w.index, lines)
                    or _spot(pts, t, lb, -side, hulls, solid, rest, drawn, w.index, lines))
            if spot is not None:
                out[k] = replace(lb, x=round(spot[0], 6), y=round(spot[1], 6))
                break
    return tuple(out)


def _spot(pts: Sequence[Point], t: float, lb: LabelG, side: float, hulls: Segments, solid: list[Box],
          rest: list[LabelG], drawn: Segments, index: str, lines: list[tuple[WireG, Sequence[Point]]]
          ) -> Point | None:
    """The spot beside the wire ``t`` of the way along it on ``side`` (its box's side a small gap off the wire),
    when it is free of outlines, shapes, other labels and wires and nearer its wire than any other; else None."""
    (px, py), (ux, uy) = _at(pts, t)
    nx, ny = -uy * side, ux * side
    off = GAP + (abs(nx) * lb.width + abs(ny) * lb.height) / 2
    x, y = px + nx * off, py + ny * off
    box = _box(x, y, lb)
    if hulls.cross(_box(x, y, lb, CLEARANCE)) or any(_overlaps(box, s) for s in solid):
        return None
    if any(_overlaps(box, _box(o.x, o.y, o)) for o in rest) or drawn.enter(box):
        return None
    mine = polyline_distance((x, y), pts)
    reach = (box[0] - mine, box[1] - mine, box[2] + mine, box[3] + mine)
    if any(w.index != index and polyline_distance((x, y), line) <= mine
           for w, line in lines if _overlaps(reach, _bounds(line))):
        return None
    return (x, y)


GAP = 0.08
"""How far (cm) a moved label's box keeps from its own wire."""


def _bounds(line: Sequence[Point]) -> Box:
    return (min(p[0] for p in line), min(p[1] for p in line), max(p[0] for p in line), max(p[1] for p in line))


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
