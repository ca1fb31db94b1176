"""Contraction hulls that leave the network's leg labels readable: each outline is broken where it would pass
within :data:`CLEARANCE` of a leg label's box, so the label sits on top with white space around it, as a
hand-drawn outline is lifted off the text it would run through (:mod:`.hulls`).

>>> loop = ((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0))
>>> [len(p) for p in pieces(loop, [(0.8, -0.2, 1.2, 0.2)])]
[6]
>>> pieces(loop, [(0.8, -0.2, 1.2, 0.2)])[0][0], pieces(loop, [(0.8, -0.2, 1.2, 0.2)])[0][-1]
((1.2, 0.0), (0.8, 0.0))
"""

from __future__ import annotations

from typing import Sequence

from ..plane import Box, clip_segment
from .elements import LabelG, Point

CLEARANCE = 0.06
"""How far (cm) a hull keeps from a leg label's box."""

def label_boxes(labels: Sequence[LabelG], clearance: float = CLEARANCE) -> list[Box]:
    """The boxes of the leg labels, each grown by ``clearance`` on every side."""
    return [(lb.x - lb.width / 2 - clearance, lb.y - lb.height / 2 - clearance,
             lb.x + lb.width / 2 + clearance, lb.y + lb.height / 2 + clearance)
            for lb in labels if lb.role == "leg"]


def _inside(p: Point, box: Box) -> bool:
    return box[0] < p[0] < box[2] and box[1] < p[1] < box[3]


def _visible(a: Point, b: Point, boxes: Sequence[Box]) -> list[tuple[float, float]]:
    """The parameter intervals of segment ab outside every box, in order."""
    hidden = sorted(c for box in boxes if (c := clip_segment(a, b, box, interior=False)) is not None)
    out: list[tuple[float, float]] = []
    t = 0.0
    for t0, t1 in hidden:
        if t0 > t + 1e-9:
            out.append((t, t0))
        t = max(t, t1)
    if t < 1.0 - 1e-9:
        out.append((t, 1.0))
    return out


def _at(a: Point, b: Point, t: float) -> Point:
    return (round(a[0] + (b[0] - a[0]) * t, 9), round(a[1] + (b[1] - a[1]) * t, 9))


def pieces(loop: Sequence[Point], boxes: Sequence[Box]) -> list[tuple[Point, ...]]:
    """The closed polyline ``loop`` as the open runs that stay outside ``boxes``; ``[loop]`` itself (still
    closed) when it meets none of them. A run that wraps past the loop's first point is joined into one."""
    ring = list(loop) + [loop[0]]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    boxes = [b for b in boxes if b[0] <= max(xs) and min(xs) <= b[2] and b[1] <= max(ys) and min(ys) <= b[3]]
    if not any(clip_segment(a, b, box, interior=False) for a, b in zip(ring, ring[1:]) for box in boxes):
        return [tuple(loop)]
    runs: list[list[Point]] = []
    current: list[Point] = []
    for a, b in zip(ring, ring[1:]):
        for t0, t1 in _visible(a, b, boxes):
            start, end = _at(a, b, t0), _at(a, b, t1)
            if t0 > 1e-9 or not current:  # the line resumes after a gap (or starts)
                if len(current) > 1:
                    runs.append(current)
                current = [start]
            current.append(end)
            if t1 < 1.0 - 1e-9:  # a gap follows
                runs.append(current)
                current = []
    if len(current) > 1:
        runs.append(current)
    if len(runs) > 1 and runs[0][0] == runs[-1][-1]:  # the loop's seam lies on a visible stretch
        runs[0] = runs.pop() + runs[0][1:]
    return [tuple(r) for r in runs if len(r) > 1]
