"""Counting crossings between straight bonds, in a uniform grid so that only near bonds are compared.

Used by the force strategy to rank its candidates, by the free legs to find a stub clear of the
wires, and by the tests. The arithmetic is :func:`tensordiag.plane.bonds_cross`, vectorised.
"""

from __future__ import annotations

import math

from ..network import NodeId
from .graph import Point


_PAIRS = 1 << 21
"""Pairs compared at once (a block of a cell's pairs): bounds the memory of a cell that holds thousands of bonds."""
_HUB = 32
"""A cell with this many bonds or more is searched for a node most of them share (a junction dot's spokes)."""


def crossings(positions: dict[NodeId, Point], edges: list[tuple[NodeId, NodeId]], *, limit: int | None = None) -> int:
    """Proper crossings between straight bonds that share no endpoint. Bonds are filed in a uniform grid
    (cells one median bond wide) and compared cell by cell, all pairs of a cell at once; a crossing is
    counted in the one cell that holds its point, so a pair sharing several cells counts once. With
    ``limit``, counting stops once the count exceeds it (a candidate already worse than the best need not be
    counted out)."""
    segs = [(positions[a], positions[b], a, b) for a, b in edges if positions[a] != positions[b]]
    if len(segs) < 2:
        return 0
    lengths = sorted(math.dist(p, q) for p, q, _, _ in segs)
    cell = max(lengths[len(lengths) // 2], 1e-6)
    ox = min(min(p[0], q[0]) for p, q, _, _ in segs) - 0.381966 * cell
    oy = min(min(p[1], q[1]) for p, q, _, _ in segs) - 0.236068 * cell
    grid: dict[tuple[int, int], list[int]] = {}
    for k, (a, b, _, _) in enumerate(segs):
        for c in segment_cells(a, b, ox, oy, cell):
            grid.setdefault(c, []).append(k)
    import numpy as np

    p = np.array([seg[0] for seg in segs], dtype=float)
    q = np.array([seg[1] for seg in segs], dtype=float)
    ids = {v: k for k, v in enumerate(dict.fromkeys(x for seg in segs for x in seg[2:]))}
    ea = np.array([ids[seg[2]] for seg in segs])
    eb = np.array([ids[seg[3]] for seg in segs])
    state = {"count": 0}
    batch: list[tuple[object, object, object, object]] = []
    waiting = 0

    def tally(k, l, ci, cj) -> bool:  # type: ignore[no-untyped-def]
        """Count the crossings among pairs (k, l) filed in cells (ci, cj); True once past ``limit``."""
        keep = (ea[k] != ea[l]) & (ea[k] != eb[l]) & (eb[k] != ea[l]) & (eb[k] != eb[l])
        k, l, ci, cj = k[keep], l[keep], ci[keep], cj[keep]
        rx, ry, tx, ty = p[k, 0], p[k, 1], q[k, 0], q[k, 1]
        px, py, qx, qy = p[l, 0], p[l, 1], q[l, 0], q[l, 1]
        d1 = (tx - rx) * (py - ry) - (ty - ry) * (px - rx)
        d2 = (tx - rx) * (qy - ry) - (ty - ry) * (qx - rx)
        d3 = (qx - px) * (ry - py) - (qy - py) * (rx - px)
        d4 = (qx - px) * (ty - py) - (qy - py) * (tx - px)
        hit = (d1 * d2 < -1e-12) & (d3 * d4 < -1e-12)
        if hit.any():
            # where bond k meets bond l: at the fraction d1 / (d1 - d2) of the way along l
            f = d1[hit] / (d1[hit] - d2[hit])
            x = px[hit] + f * (qx[hit] - px[hit])
            y = py[hit] + f * (qy[hit] - py[hit])
            state["count"] += int(((np.floor((x - ox) / cell) == ci[hit]) & (np.floor((y - oy) / cell) == cj[hit])).sum())
        return limit is not None and state["count"] > limit

    def flush() -> bool:
        nonlocal batch, waiting
        parts, batch, waiting = batch, [], 0
        return bool(parts) and tally(*(np.concatenate([part[n] for part in parts]) for n in range(4)))

    upper: dict[int, tuple[object, object]] = {}
    for (ci, cj), members in grid.items():
        if len(members) < 2:
            continue
        ks = np.array(members)
        groups, rest = _hubs(ks, ea, eb, np)
        m = len(rest)
        spokes = np.concatenate(groups) if groups else rest[:0]
        if len(groups) > 1:  # spokes of two hubs may cross: compared hub by hub, a block at a time
            for a in range(len(groups)):
                for b in range(a + 1, len(groups)):
                    i, j = np.repeat(groups[a], len(groups[b])), np.tile(groups[b], len(groups[a]))
                    for first in range(0, len(i), _PAIRS):
                        cut = slice(first, first + _PAIRS)
                        if tally(i[cut], j[cut], np.full(len(i[cut]), ci), np.full(len(i[cut]), cj)):
                            return state["count"]
        pairs = m * (m - 1) // 2 + m * len(spokes)  # the rest among themselves, and each spoke with the rest
        if pairs == 0:
            continue
        if pairs <= _PAIRS:  # small cells are pooled, so that numpy's cost per call is paid rarely
            i, j = upper.setdefault(m, np.triu_indices(m, 1))
            k = np.concatenate([rest[i], np.repeat(spokes, m)])
            l = np.concatenate([rest[j], np.tile(rest, len(spokes))])
            batch.append((k, l, np.full(len(k), ci), np.full(len(k), cj)))
            waiting += len(k)
            if waiting >= _PAIRS and flush():
                return state["count"]
            continue
        both = np.concatenate([rest, spokes])  # a crowded cell alone, a block of rows at a time
        rows = max(1, _PAIRS // max(m, 1))
        for first in range(0, len(both), rows):
            row = np.arange(first, min(first + rows, len(both)))[:, None]
            i, j = np.nonzero((row < np.arange(m)[None, :]) | (row >= m))  # a spoke meets every bond of the rest
            if len(i) and tally(both[i + first], rest[j], np.full(len(i), ci), np.full(len(i), cj)):
                return state["count"]
    flush()
    return state["count"]


def _hubs(ks, ea, eb, np):  # type: ignore[no-untyped-def]
    """The bonds ``ks`` of a crowded cell split into hubs (the spokes of a node, most of all a junction dot,
    which never cross each other) and the rest: each node holding ``_HUB`` or more of them, most first."""
    groups = []
    rest = ks
    while len(rest) >= _HUB:
        ends = np.concatenate([ea[rest], eb[rest]])
        counts = np.bincount(ends)
        top = int(counts.argmax())
        if counts[top] < _HUB:
            break
        hub = (ea[rest] == top) | (eb[rest] == top)
        groups.append(rest[hub])
        rest = rest[~hub]
    return groups, rest


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
