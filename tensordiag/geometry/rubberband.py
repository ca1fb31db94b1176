"""A smooth outline around a group of tensors and the bonds between them (cotengra's "rubberband"): the
level set, at zero, of a soft minimum of the distances to the group's shapes (discs) and to its bonds
(capsules), traced by marching squares and thinned (Ramer–Douglas–Peucker). It hugs the group, so it goes
around a tensor of the network that is not in it, where a convex hull would cut across it, and a bigger
radius over a bigger group contains the smaller outline: nested groups give nested outlines.

>>> [len(loop) > 8 for loop in outline([(0.0, 0.0, 0.5), (2.0, 0.0, 0.5)], [((0.0, 0.0), (2.0, 0.0), 0.5)])]
[True]
"""

from __future__ import annotations

import math

import numpy as np

Point = tuple[float, float]
CELL = 0.04
"""The grid's cell (cm): the outline is exact to a small fraction of it after interpolation."""
SOFT = 0.12
"""How round (cm) a concave corner is, where a bond meets a tensor (the soft minimum's width)."""
THIN = 0.004
"""Points closer than this (cm) to the line through their neighbours are dropped."""


WINDOW = 12
"""An element counts only within this many :data:`SOFT` beyond its radius: farther, its share of the soft
minimum is below e⁻¹², so each element costs the cells near it, not the whole grid."""


def _field(xs: np.ndarray, ys: np.ndarray, discs: list[tuple[float, float, float]],
           capsules: list[tuple[Point, Point, float]]) -> np.ndarray:
    """The smooth minimum of the signed distances to every disc and capsule (positive far from all of them).

    Each element joins the union by a polynomial smooth minimum (:func:`_smin`) that rounds a concave corner,
    where a bond meets a tensor or another bond at an angle, over :data:`SOFT`; where two elements' outlines run
    on in the same direction (a bond's end cap under the row it hangs from) it rounds nothing, so an outline
    around a row runs straight past every tensor. (A soft minimum of exponentials bulged ``SOFT·ln 3`` over
    every tensor of a row, its disc and two bonds, and a nested outline around the row waved.)"""
    far = WINDOW * SOFT
    low = np.full((len(ys), len(xs)), far)
    nx = np.zeros_like(low)  # the direction away from the nearest element so far
    ny = np.zeros_like(low)
    elements = [((x, y), (x, y), r) for x, y, r in discs] + list(capsules)
    for (ax, ay), (bx, by), r in elements:
        i0, i1 = np.searchsorted(xs, [min(ax, bx) - r - far, max(ax, bx) + r + far])
        j0, j1 = np.searchsorted(ys, [min(ay, by) - r - far, max(ay, by) + r + far])
        gx, gy = np.meshgrid(xs[i0:i1], ys[j0:j1])
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = np.clip(((gx - ax) * dx + (gy - ay) * dy) / length2, 0.0, 1.0) if length2 > 0 else 0.0
        ex, ey = gx - ax - t * dx, gy - ay - t * dy
        reach = np.hypot(ex, ey)
        d = reach - r
        ex, ey = ex / np.maximum(reach, 1e-12), ey / np.maximum(reach, 1e-12)
        window = (slice(j0, j1), slice(i0, i1))
        turn = np.clip(1.0 - (nx[window] * ex + ny[window] * ey), 0.0, 1.0)  # 0 where both face one way
        nearer = d < low[window]
        nx[window] = np.where(nearer, ex, nx[window])
        ny[window] = np.where(nearer, ey, ny[window])
        low[window] = _smin(low[window], d, SOFT, turn)
    return low


def _smin(a: np.ndarray, b: np.ndarray, k: float, turn: np.ndarray | float = 1.0) -> np.ndarray:
    """The polynomial smooth minimum: min(a, b) where they differ by ``k`` or more, at most ``k / 4`` below it,
    the rounding scaled by ``turn`` (0: none, the plain minimum)."""
    h = np.clip(0.5 + 0.5 * (b - a) / k, 0.0, 1.0)
    return np.minimum(b + (a - b) * h - k * h * (1.0 - h) * turn, np.minimum(a, b))


def outline(discs: list[tuple[float, float, float]], capsules: list[tuple[Point, Point, float]]) -> list[list[Point]]:
    """The closed loops (usually one) around the discs ``(x, y, r)`` and capsules ``(a, b, r)``."""
    reach = max([r for _, _, r in discs] + [r for _, _, r in capsules]) + 3 * SOFT + 2 * CELL
    x0 = min([x for x, _, _ in discs] + [min(a[0], b[0]) for a, b, _ in capsules]) - reach
    x1 = max([x for x, _, _ in discs] + [max(a[0], b[0]) for a, b, _ in capsules]) + reach
    y0 = min([y for _, y, _ in discs] + [min(a[1], b[1]) for a, b, _ in capsules]) - reach
    y1 = max([y for _, y, _ in discs] + [max(a[1], b[1]) for a, b, _ in capsules]) + reach
    xs = x0 + CELL * np.arange(int(math.ceil((x1 - x0) / CELL)) + 1)
    ys = y0 + CELL * np.arange(int(math.ceil((y1 - y0) / CELL)) + 1)
    f = _field(xs, ys, discs, capsules)
    loops = _trace(f, xs, ys)
    # the boundary of a hole (a ring of bonds around a space) runs the other way round: it is not drawn
    if not loops:
        return []
    sign = math.copysign(1.0, _area(max(loops, key=lambda loop: abs(_area(loop)))))
    outer = [loop for loop in loops if _area(loop) * sign > 0]
    return [_thin(loop) for loop in outer]


def _area(loop: list[Point]) -> float:
    """Twice the signed area (positive counter-clockwise)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(loop, loop[1:] + loop[:1]))


def _trace(f: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> list[list[Point]]:
    """Marching squares: the zero level of ``f`` (negative inside) as closed loops, an outer boundary and a
    hole's running opposite ways round."""
    inside = f < 0

    def cross(e: tuple[int, int, int]) -> Point:
        j, i, horizontal = e  # an edge: from grid point (j, i) to the right (horizontal) or up
        j2, i2 = (j, i + 1) if horizontal else (j + 1, i)
        a, b = f[j, i], f[j2, i2]
        t = float(a / (a - b))
        return (float(xs[i] + t * (xs[i2] - xs[i])), float(ys[j] + t * (ys[j2] - ys[j])))

    nxt: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    count = (inside[:-1, :-1].astype(int) + inside[:-1, 1:] + inside[1:, 1:] + inside[1:, :-1])
    for j, i in zip(*(a.tolist() for a in np.nonzero((count > 0) & (count < 4)))):  # only the cells it crosses
        c = (int(inside[j, i]), int(inside[j, i + 1]), int(inside[j + 1, i + 1]), int(inside[j + 1, i]))
        # edge k runs from corner k to corner k + 1, counter-clockwise: bottom, right, top, left
        edges = ((j, i, 1), (j, i + 1, 0), (j + 1, i, 1), (j, i, 0))
        entering = [k for k in range(4) if not c[k] and c[(k + 1) % 4]]
        exiting = [k for k in range(4) if c[k] and not c[(k + 1) % 4]]
        if len(entering) == 1:
            nxt[edges[entering[0]]] = edges[exiting[0]]
            continue
        joined = f[j:j + 2, i:i + 2].mean() < 0  # a saddle: the centre decides whether the insides join
        for k in entering:
            m = (k + 3) % 4 if joined else (k + 1) % 4
            nxt[edges[k]] = edges[m]
    loops = []
    seen: set[tuple[int, int, int]] = set()
    for e in sorted(nxt):
        if e in seen:
            continue
        loop = []
        while e not in seen and e in nxt:
            seen.add(e)
            loop.append(cross(e))
            e = nxt[e]
        if len(loop) > 2:
            loops.append(loop)
    return loops


def _thin(loop: list[Point]) -> list[Point]:
    """Ramer–Douglas–Peucker on a closed loop, points rounded to 1e-4 cm."""
    if len(loop) < 4:
        return loop
    far = max(range(len(loop)), key=lambda k: math.dist(loop[0], loop[k]))

    def rdp(pts: list[Point]) -> list[Point]:
        a, b = pts[0], pts[-1]
        length = math.dist(a, b)
        best, where = 0.0, 0
        for k in range(1, len(pts) - 1):
            p = pts[k]
            d = (abs((b[0] - a[0]) * (a[1] - p[1]) - (a[0] - p[0]) * (b[1] - a[1])) / length) if length else math.dist(a, p)
            if d > best:
                best, where = d, k
        if best <= THIN:
            return [a, b]
        return rdp(pts[:where + 1])[:-1] + rdp(pts[where:])

    kept = rdp(loop[:far + 1])[:-1] + rdp(loop[far:] + [loop[0]])[:-1]
    return [(round(x, 4), round(y, 4)) for x, y in kept]
