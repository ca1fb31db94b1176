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
    _unheap(pos, [a for a in ids if a not in pinned], pinned, cell)
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


def _unheap(pos: dict[NodeId, Point], loose: list[NodeId], pinned: set[NodeId], cell: float) -> None:
    """Scale the whole picture up, about its middle (or about its one pin), while more than ``heap`` tensors
    share a cell: a sweep compares the pairs in neighbouring cells, so a heap of n in a few cells cost n² per
    sweep (1,000 operands sharing two indices heaped 316 to a cell: 8 s). Each round scales by the square
    root of the busiest cell's count, so that cell's tensors spread over about as many cells; scaling keeps
    every direction and every crossing, and the sweeps then only nudge. Tensors on one spot cannot be told
    apart by scaling: the rounds are few. Several pins fix the scale: nothing is scaled."""
    if len(pinned) > 1 or len(loose) < 2 or cell <= 0:
        return
    heap = STYLE.layout.separate_heap
    xs, ys = [pos[a][0] for a in loose], [pos[a][1] for a in loose]
    area = max(max(xs) - min(xs), cell) * max(max(ys) - min(ys), cell)
    # never more than room for every tensor in four cells: a dense core must not blow up its thin rim
    room = math.sqrt(4 * len(loose) * cell * cell / area)
    for _ in range(STYLE.layout.separate_heap_rounds):
        counts: dict[tuple[int, int], int] = {}
        for a in loose:
            key = (math.floor(pos[a][0] / cell), math.floor(pos[a][1] / cell))
            counts[key] = counts.get(key, 0) + 1
        busiest = max(counts.values())
        factor = min(math.sqrt(busiest), room)
        if busiest <= heap or factor <= 1.0 + 1e-9:
            return
        room /= factor
        xs, ys = [pos[a][0] for a in loose], [pos[a][1] for a in loose]
        cx, cy = pos[next(iter(pinned))] if pinned else ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
        for v, (x, y) in pos.items():
            pos[v] = (cx + (x - cx) * factor, cy + (y - cy) * factor)


def settle(pos: dict[NodeId, Point], movable: list[NodeId], core: list[NodeId],
           edges: list[tuple[NodeId, NodeId]]) -> None:
    """Put each of ``movable`` (dots, reshape points) amid the tensors it joins: the coordinate-wise median
    (a T, not a Y), else the mean, else beside it, never on another bond or within ``settle_clearance``
    of another node. Nodes not yet placed, and movable ones not yet settled, are ignored.

    The bonds and nodes a spot is tested against are kept in a uniform grid (:class:`_Near`), filled as
    nodes settle, so each spot costs the few bonds and nodes near it: linear in the network, not
    dots × bonds."""
    style = STYLE.layout
    nbrs: dict[NodeId, list[NodeId]] = {}
    for a, b in edges:
        nbrs.setdefault(a, []).append(b)
        nbrs.setdefault(b, []).append(a)
    settled: set[NodeId] = {m for m in pos if m not in movable}

    def fixed(m: NodeId) -> bool:
        return m.is_tensor or m in settled

    near_index = _Near(max(style.settle_clearance, style.on_bond_tolerance, 0.5))
    for a, b in edges:
        if a in pos and b in pos and fixed(a) and fixed(b):
            near_index.add_bond(a, b, pos)
    in_core = set(core)
    for m in core:
        if m in pos and fixed(m):
            near_index.add_node(m, pos[m])

    for n in movable:
        near = [pos[m] for m in nbrs.get(n, []) if m in pos and fixed(m)]
        if not near:
            continue
        mx, my = _median([p[0] for p in near]), _median([p[1] for p in near])
        cx, cy = sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)
        spots = [(mx, my), (cx, cy)] + [(cx + dx, cy + dy) for r in style.settle_rings
                                         for dx, dy in ((0, r), (r, 0), (0, -r), (-r, 0), (r, r), (-r, r))]
        pos[n] = next((p for p in spots
                       if not any(on_segment(p, pos[a], pos[b], tol=style.on_bond_tolerance)
                                  for a, b in near_index.bonds_near(p) if n not in (a, b))
                       and all(math.dist(p, q) > style.settle_clearance for m, q in near_index.nodes_near(p) if m != n)),
                      (cx, cy))
        settled.add(n)
        for m in nbrs.get(n, []):
            if m in pos and fixed(m):
                near_index.add_bond(n, m, pos)
        if n in in_core:
            near_index.add_node(n, pos[n])


class _Near:
    """Bonds and nodes filed by the cells of a uniform grid of side ``cell``: a bond in the cell of each point
    sampled along it every half cell, a node in its own cell. A point's nearby bonds and nodes are those
    filed in its cell and the eight around it: a superset of every bond within ``3 cell / 4`` and every
    node within ``cell`` of it, which the caller then tests exactly."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.bonds: dict[tuple[int, int], list[tuple[NodeId, NodeId]]] = {}
        self.nodes: dict[tuple[int, int], list[tuple[NodeId, Point]]] = {}

    def _key(self, p: Point) -> tuple[int, int]:
        return (math.floor(p[0] / self.cell), math.floor(p[1] / self.cell))

    def add_bond(self, a: NodeId, b: NodeId, pos: dict[NodeId, Point]) -> None:
        (ax, ay), (bx, by) = pos[a], pos[b]
        steps = max(1, math.ceil(math.hypot(bx - ax, by - ay) / (self.cell / 2)))
        cells = {self._key((ax + (bx - ax) * k / steps, ay + (by - ay) * k / steps)) for k in range(steps + 1)}
        for cx, cy in cells:
            self.bonds.setdefault((cx, cy), []).append((a, b))

    def add_node(self, m: NodeId, p: Point) -> None:
        self.nodes.setdefault(self._key(p), []).append((m, p))

    def _around(self, p: Point) -> list[tuple[int, int]]:
        cx, cy = self._key(p)
        return [(cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]

    def bonds_near(self, p: Point) -> list[tuple[NodeId, NodeId]]:
        return [bond for key in self._around(p) for bond in self.bonds.get(key, ())]

    def nodes_near(self, p: Point) -> list[tuple[NodeId, Point]]:
        return [node for key in self._around(p) for node in self.nodes.get(key, ())]


def _median(values: list[float]) -> float:
    """The coordinate-wise median puts a dot joining U — V with λ below on the U–V line: a T, not a Y."""
    v = sorted(values)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2
