"""A permuted free leg's path (``permute: true``, placed by :mod:`tensordiag.layout.permute`).

Straight out of its shape, parallel to the side it leaves on, to its first bend; then from bend to
bend (a fan that keeps the legs' order, then the crossing layers) one cubic Bézier each, both
tangents along that side; then straight to its open end. Every leg bends at the same heights and
its controls sit at the same heights, so within a step the legs' sideways positions are
``from + (to - from)·s`` with one ``s`` for all, rising with the height: two legs cross in a step
exactly when their order flips in it, and then once.
"""

from __future__ import annotations

import math

from .elements import Point, ShapeG
from .shapes import boundary


def exit_point(shape: ShapeG | None, start: Point, u: Point, fallback: Point) -> Point:
    """Where the line through ``start`` along ``-u`` (back toward the shape) meets the shape's outline on
    its ``u`` side: the leg leaves the shape parallel to its side. ``fallback`` (a node's point) when there is
    no shape or the line misses it."""
    if shape is None or shape.shape in ("none", "dot"):
        return fallback
    sx, sy = start
    if shape.radius:
        # start - t·u on the circle: |start - c - t·u|² = r²
        fx, fy = sx - shape.x, sy - shape.y
        b = fx * u[0] + fy * u[1]
        disc = b * b - (fx * fx + fy * fy - shape.radius ** 2)
        return (sx - (b - math.sqrt(disc)) * u[0], sy - (b - math.sqrt(disc)) * u[1]) if disc > 0 else \
            boundary(shape, start)
    best = None
    pts = shape.outline
    for a, c in zip(pts, pts[1:] + pts[:1]):
        ex, ey = c[0] - a[0], c[1] - a[1]
        den = -u[0] * ey + u[1] * ex
        if abs(den) < 1e-12:
            continue
        # start - t·u = a + v·e
        rx, ry = a[0] - sx, a[1] - sy
        t = (rx * ey - ry * ex) / den
        v = (-u[0] * ry + u[1] * rx) / den
        if -1e-9 <= v <= 1 + 1e-9 and (best is None or t < best):
            best = t
    return (sx - best * u[0], sy - best * u[1]) if best is not None else boundary(shape, start)


def crossing_path(shape: ShapeG | None, fallback: Point, bends: tuple[Point, ...], end: Point) -> tuple[Point, ...]:
    """A chain of cubic Béziers: straight out of ``shape`` (from ``fallback`` when it has no outline) to the
    first of ``bends``, an S from each bend to the next, and straight on from the last to the open ``end``;
    last bend → ``end`` is the direction the legs leave in."""
    last = bends[-1]
    d = math.hypot(end[0] - last[0], end[1] - last[1]) or 1.0
    u = ((end[0] - last[0]) / d, (end[1] - last[1]) / d)
    leave = exit_point(shape, bends[0], u, fallback)

    def line(p: Point, q: Point) -> tuple[Point, Point, Point]:
        return ((p[0] + (q[0] - p[0]) / 3, p[1] + (q[1] - p[1]) / 3),
                (p[0] + 2 * (q[0] - p[0]) / 3, p[1] + 2 * (q[1] - p[1]) / 3), q)

    def ess(p: Point, q: Point) -> tuple[Point, Point, Point]:
        half = ((q[0] - p[0]) * u[0] + (q[1] - p[1]) * u[1]) / 2
        return ((p[0] + u[0] * half, p[1] + u[1] * half), (q[0] - u[0] * half, q[1] - u[1] * half), q)

    path: tuple[Point, ...] = (leave,) + line(leave, bends[0])
    for p, q in zip(bends, bends[1:]):
        path += ess(p, q)
    return path + line(last, end)
