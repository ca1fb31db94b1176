"""Keeping nodes apart: the closest pair, pushing overlapping tensors apart, settling junction dots."""

from __future__ import annotations

import math

from ..model import Diagram
from ..network import NodeId, tensor_id
from ..plane import on_segment
from ..style import STYLE
from .graph import Point


def closest(pts: list[Point]) -> float:
    """The distance between the two closest points (1.0 for fewer than two): a sweep along x that compares
    each point only with those less than the best distance to its right."""
    ordered = sorted(pts)
    best = math.inf
    for k, p in enumerate(ordered):
        for q in ordered[k + 1:]:
            if q[0] - p[0] >= best:
                break
            best = min(best, math.dist(p, q))
    return best if best < math.inf else 1.0


def separate(diagram: Diagram, pos: dict[NodeId, Point], extents: dict[str, tuple[float, float]]) -> None:
    """Push apart any two tensors closer than their sizes allow; pinned tensors never move.

    Up to ``separate_sweeps`` sweeps; each compares only the pairs that sit in neighbouring cells of a grid
    as wide as the largest distance two shapes need (built at the start of the sweep), in spec order, so a
    sweep costs time linear in the number of tensors (when they are not heaped in a few cells)."""
    gap = STYLE.layout.shape_gap
    pinned = {tensor_id(t.name) for t in diagram.tensors if t.at is not None}
    ids = [tensor_id(t.name) for t in diagram.tensors]
    radius = {tensor_id(n): max(w, h) / 2 for n, (w, h) in extents.items()}
    cell = 2 * max(radius.values(), default=0.0) + gap
    for _ in range(STYLE.layout.separate_sweeps):
        moved = False
        grid: dict[tuple[int, int], list[int]] = {}
        for i, a in enumerate(ids):
            grid.setdefault((math.floor(pos[a][0] / cell), math.floor(pos[a][1] / cell)), []).append(i)
        for i, a in enumerate(ids):
            cx, cy = math.floor(pos[a][0] / cell), math.floor(pos[a][1] / cell)
            near = sorted(j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in grid.get((cx + dx, cy + dy), ()) if j > i)
            for j in near:
                b = ids[j]
                need = radius[a] + radius[b] + gap
                (ax, ay), (bx, by) = pos[a], pos[b]
                d = math.hypot(bx - ax, by - ay)
                if d >= need:
                    continue
                ux, uy = ((bx - ax) / d, (by - ay) / d) if d > 1e-9 else (1.0, 0.0)
                push = need - d
                if a in pinned and b in pinned:
                    continue
                share_a = 0.0 if a in pinned else (1.0 if b in pinned else 0.5)
                share_b = 1.0 - share_a
                pos[a] = (ax - ux * push * share_a, ay - uy * push * share_a)
                pos[b] = (bx + ux * push * share_b, by + uy * push * share_b)
                moved = True
        if not moved:
            break


def settle(pos: dict[NodeId, Point], movable: list[NodeId], core: list[NodeId],
           edges: list[tuple[NodeId, NodeId]]) -> None:
    """Put each of ``movable`` (dots, reshape points) amid the tensors it joins: the coordinate-wise median
    (a T, not a Y), else the mean, else beside it, never on another bond or within ``settle_clearance``
    of another node. Nodes not yet placed, and movable ones not yet settled, are ignored."""
    style = STYLE.layout
    nbrs: dict[NodeId, list[NodeId]] = {}
    for a, b in edges:
        nbrs.setdefault(a, []).append(b)
        nbrs.setdefault(b, []).append(a)
    settled: set[NodeId] = {m for m in pos if m not in movable}

    def fixed(m: NodeId) -> bool:
        return m.is_tensor or m in settled

    for n in movable:
        near = [pos[m] for m in nbrs.get(n, []) if m in pos and fixed(m)]
        if not near:
            continue
        mx, my = _median([p[0] for p in near]), _median([p[1] for p in near])
        cx, cy = sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)
        spots = [(mx, my), (cx, cy)] + [(cx + dx, cy + dy) for r in style.settle_rings
                                         for dx, dy in ((0, r), (r, 0), (0, -r), (-r, 0), (r, r), (-r, r))]
        others = [pos[m] for m in core if m != n and m in pos and fixed(m)]
        pos[n] = next((p for p in spots
                       if not any(on_segment(p, pos[a], pos[b], tol=style.on_bond_tolerance) for a, b in edges
                                  if n not in (a, b) and a in pos and b in pos and fixed(a) and fixed(b))
                       and all(math.dist(p, q) > style.settle_clearance for q in others)), (cx, cy))
        settled.add(n)


def _median(values: list[float]) -> float:
    """The coordinate-wise median puts a dot joining U — V with λ below on the U–V line: a T, not a Y."""
    v = sorted(values)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2
