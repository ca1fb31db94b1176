"""Two-dimensional tests shared by layout, geometry and the layout measures: one place for each.

Points are ``(x, y)`` tuples in TikZ units (cm). Nothing here knows about tensors or wires: the
callers decide what a segment or a box stands for. Each test states its tolerance, because the
callers need different ones (a layout move compares bare bonds; the measures must not count a wire
that only touches a shape).

>>> segments_cross((0, 0), (2, 2), (0, 2), (2, 0))
True
>>> segments_cross((0, 0), (1, 1), (1, 1), (2, 0))      # a shared end is not a crossing
False
>>> segment_hits_box((-1, 0.5), (2, 0.5), (0, 0, 1, 1))
True
>>> on_segment((1, 0.1), (0, 0), (2, 0))
True
"""

from __future__ import annotations

import math
from typing import Sequence

Point = tuple[float, float]
Box = tuple[float, float, float, float]
"""``(x0, y0, x1, y1)`` with x0 ≤ x1 and y0 ≤ y1."""

EPS = 1e-9


def orient(a: Point, b: Point, c: Point) -> float:
    """Twice the signed area of triangle abc: positive when c lies left of a→b."""
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(p: Point, q: Point, r: Point, s: Point, *, eps: float = EPS) -> bool:
    """True when segments pq and rs meet at one point interior to both: not at an end, not collinear.

    The tolerance is relative: ``eps`` times the product of the two lengths, so the answer does not
    change with the picture's scale.
    """
    tol = eps * math.dist(p, q) * math.dist(r, s)
    d1, d2 = orient(p, q, r), orient(p, q, s)
    if not ((d1 > tol and d2 < -tol) or (d1 < -tol and d2 > tol)):
        return False
    d3, d4 = orient(r, s, p), orient(r, s, q)
    return (d3 > tol and d4 < -tol) or (d3 < -tol and d4 > tol)


def bonds_cross(p: Point, q: Point, r: Point, s: Point, *, tol: float = 1e-12) -> bool:
    """The layout's cheaper test between bare bonds: the orientation products are below ``-tol``.

    Unlike :func:`segments_cross` the tolerance is absolute, which is what the layout's untangling
    was tuned with; the measures use :func:`segments_cross`.
    """
    return orient(p, q, r) * orient(p, q, s) < -tol and orient(r, s, p) * orient(r, s, q) < -tol


def clip_segment(a: Point, b: Point, box: Box, *, interior: bool = True) -> tuple[float, float] | None:
    """Liang–Barsky: the parameters (t0, t1) of the stretch of segment ab inside ``box``, None when it misses.
    With ``interior``, a segment running along one of the box's sides misses it; else it touches it."""
    x0, y0, x1, y1 = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if abs(p) < 1e-12:
            if q < 0 or (interior and q == 0):
                return None
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 >= t1:
                return None
    return (t0, t1)


def segment_hits_box(a: Point, b: Point, box: Box) -> bool:
    """Does segment ab pass through the box's interior?"""
    return clip_segment(a, b, box) is not None


def segment_distance(p: Point, a: Point, b: Point) -> float:
    """From ``p`` to segment ab.

    >>> segment_distance((1, 1), (0, 0), (2, 0)), segment_distance((3, 0), (0, 0), (2, 0))
    (1.0, 1.0)
    """
    dx, dy = b[0] - a[0], b[1] - a[1]
    d2 = dx * dx + dy * dy
    t = 0.0 if d2 < 1e-12 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / d2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def polyline_distance(p: Point, pts: Sequence[Point]) -> float:
    """From ``p`` to the polyline through ``pts`` (infinite for fewer than two points)."""
    return min((segment_distance(p, a, b) for a, b in zip(pts, pts[1:])), default=math.inf)


def segment_enters_circle(a: Point, b: Point, centre: Point, radius: float, *, margin: float = 1e-6) -> bool:
    """Does segment ab come closer to ``centre`` than ``radius - margin``?"""
    if radius <= EPS:
        return False
    dx, dy = b[0] - a[0], b[1] - a[1]
    d2 = dx * dx + dy * dy
    t = 0.0 if d2 < EPS else max(0.0, min(1.0, ((centre[0] - a[0]) * dx + (centre[1] - a[1]) * dy) / d2))
    return math.hypot(centre[0] - (a[0] + t * dx), centre[1] - (a[1] + t * dy)) < radius - margin


def segment_enters_convex(a: Point, b: Point, poly: Sequence[Point], *, margin: float = 1e-6) -> bool:
    """Cyrus–Beck: is some stretch of segment ab inside the convex polygon ``poly`` by more than ``margin``?"""
    n = len(poly)
    area = sum(poly[k][0] * poly[(k + 1) % n][1] - poly[(k + 1) % n][0] * poly[k][1] for k in range(n))
    sign = 1.0 if area > 0 else -1.0
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for k in range(n):
        (px, py), (qx, qy) = poly[k], poly[(k + 1) % n]
        ex, ey = qx - px, qy - py
        length = math.hypot(ex, ey)
        if length < EPS:
            continue
        nx, ny = -ey * sign / length, ex * sign / length  # inward unit normal
        base = nx * (a[0] - px) + ny * (a[1] - py) - margin
        rate = nx * dx + ny * dy
        if abs(rate) < EPS:
            if base <= 0:
                return False
            continue
        t = -base / rate
        if rate > 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return t1 - t0 > EPS


def on_segment(p: Point, a: Point, b: Point, *, tol: float = 0.15) -> bool:
    """Whether ``p`` lies on segment ab, strictly between its ends, within ``tol`` of the line."""
    (ax, ay), (bx, by) = a, b
    length2 = (bx - ax) ** 2 + (by - ay) ** 2
    if length2 < 1e-12:
        return False
    t = ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / length2
    if not 0 < t < 1:
        return False
    return math.hypot(ax + t * (bx - ax) - p[0], ay + t * (by - ay) - p[1]) < tol


def boxes_overlap(a: Box, b: Box, *, tol: float = 1e-6) -> bool:
    """Do two boxes overlap by more than ``tol`` in both directions?"""
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


_FEW_SAMPLES = 16
"""Up to this many samples a plain loop is quicker than numpy's call overhead; both give the same cells."""


def cells_along(a: Point, b: Point, cell: float) -> set[tuple[int, int]]:
    """The square cells (of side ``cell``) a segment passes through, for filing it in a grid: samples every half
    cell, each filed in the cells within a quarter cell of it, which hold every point of the segment near the
    sample. A long slanted segment costs its own cells, not its bounding box's.

    >>> sorted(cells_along((0.1, 0.1), (1.9, 0.1), 1.0))
    [(-1, -1), (-1, 0), (0, -1), (0, 0), (1, -1), (1, 0), (2, -1), (2, 0)]
    """
    steps = max(1, math.ceil(math.dist(a, b) / (cell / 2)))
    q = cell / 4
    # a quarter cell each way spans at most two cells: the two floors on each axis give every cell
    if steps <= _FEW_SAMPLES:
        floor = math.floor
        out: set[tuple[int, int]] = set()
        for t in range(steps + 1):
            x, y = a[0] + (b[0] - a[0]) * t / steps, a[1] + (b[1] - a[1]) * t / steps
            i0, i1, j0, j1 = floor((x - q) / cell), floor((x + q) / cell), floor((y - q) / cell), floor((y + q) / cell)
            out.update(((i0, j0), (i1, j0), (i0, j1), (i1, j1)))
        return out
    import numpy as np  # only here: a small figure's start-up loads no numpy

    k = np.arange(steps + 1, dtype=float)
    x = a[0] + (b[0] - a[0]) * k / steps
    y = a[1] + (b[1] - a[1]) * k / steps
    i0, i1 = np.floor((x - q) / cell).astype(np.int64), np.floor((x + q) / cell).astype(np.int64)
    j0, j1 = np.floor((y - q) / cell).astype(np.int64), np.floor((y + q) / cell).astype(np.int64)
    ii = np.concatenate([i0, i1, i0, i1]).tolist()
    jj = np.concatenate([j0, j0, j1, j1]).tolist()
    return set(zip(ii, jj))
