"""Counting crossings between straight bonds, in a uniform grid so that only near bonds are compared.

Used by the force strategy to rank its candidates, by the free legs to find a stub clear of the
wires, and by the tests. The arithmetic is :func:`tensordiag.plane.bonds_cross`, vectorised.
"""

from __future__ import annotations

import math

from ..network import NodeId
from .graph import Point


def crossings(positions: dict[NodeId, Point], edges: list[tuple[NodeId, NodeId]], *, limit: int | None = None) -> int:
    """Proper crossings between straight bonds that share no endpoint. Bonds are filed in a uniform grid
    (cells one median bond wide), so only bonds sharing a cell are compared; with ``limit``, counting
    stops once the count exceeds it (a candidate already worse than the best need not be counted out)."""
    segs = [(positions[a], positions[b], a, b) for a, b in edges if positions[a] != positions[b]]
    if len(segs) < 2:
        return 0
    lengths = sorted(math.dist(p, q) for p, q, _, _ in segs)
    cell = max(lengths[len(lengths) // 2], 1e-6)
    ox = min(min(p[0], q[0]) for p, q, _, _ in segs) - 0.381966 * cell
    oy = min(min(p[1], q[1]) for p, q, _, _ in segs) - 0.236068 * cell
    grid: dict[tuple[int, int], list[int]] = {}
    where = [segment_cells(a, b, ox, oy, cell) for a, b, _, _ in segs]
    for k, cells in enumerate(where):
        for c in cells:
            grid.setdefault(c, []).append(k)
    import numpy as np

    p = np.array([seg[0] for seg in segs], dtype=float)
    q = np.array([seg[1] for seg in segs], dtype=float)
    ids = {v: k for k, v in enumerate(dict.fromkeys(x for seg in segs for x in seg[2:]))}
    ea = np.array([ids[seg[2]] for seg in segs])
    eb = np.array([ids[seg[3]] for seg in segs])
    count = 0
    for k, cells in enumerate(where):  # each bond against the later bonds that share a cell with it, at once
        near: set[int] = set()
        for c in cells:
            near.update(grid[c])
        j = np.array(sorted(x for x in near if x > k), dtype=int)
        if not len(j):
            continue
        (rx, ry), (tx, ty) = p[k], q[k]
        px, py, qx, qy = p[j, 0], p[j, 1], q[j, 0], q[j, 1]
        d1 = (tx - rx) * (py - ry) - (ty - ry) * (px - rx)
        d2 = (tx - rx) * (qy - ry) - (ty - ry) * (qx - rx)
        d3 = (qx - px) * (ry - py) - (qy - py) * (rx - px)
        d4 = (qx - px) * (ty - py) - (qy - py) * (tx - px)
        hit = (d1 * d2 < -1e-12) & (d3 * d4 < -1e-12)
        hit &= (ea[j] != ea[k]) & (ea[j] != eb[k]) & (eb[j] != ea[k]) & (eb[j] != eb[k])
        count += int(hit.sum())
        if limit is not None and count > limit:
            break
    return count


def segment_cells(p: Point, q: Point, ox: float, oy: float, cell: float) -> list[tuple[int, int]]:
    """The grid cells segment pq may touch: column by column, the rows its stretch in that column spans."""
    (ax, ay), (bx, by) = (p, q) if p[0] <= q[0] else (q, p)
    i0, i1 = math.floor((ax - ox) / cell), math.floor((bx - ox) / cell)
    out = []
    for i in range(i0, i1 + 1):
        if bx - ax > 1e-12:
            x0, x1 = max(ax, ox + i * cell), min(bx, ox + (i + 1) * cell)
            y0 = ay + (x0 - ax) / (bx - ax) * (by - ay)
            y1 = ay + (x1 - ax) / (bx - ax) * (by - ay)
        else:
            y0, y1 = ay, by
        lo, hi = min(y0, y1), max(y0, y1)
        out.extend((i, j) for j in range(math.floor((lo - oy) / cell - 1e-9), math.floor((hi - oy) / cell + 1e-9) + 1))
    return out
