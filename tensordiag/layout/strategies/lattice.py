"""Lattices of the triangular family: honeycomb, triangular and kagome patches in their own geometry.

A stress layout (:mod:`..stress`) recovers the patch's shape from its graph distances. Every bond is
then snapped to the nearest of six directions 60° apart (turned by the bonds' mean angle modulo 60°),
and the positions are solved again from the snapped bonds alone, each one bond long.
The component is such a lattice when that solution is exact: every bond one unit long at its snapped
angle, and no two nodes in one place; so unit bonds between points of one lattice, which cannot cross.
A honeycomb (no node with more than three bonds) is turned so that one bond in three is vertical;
the others so that one in three is horizontal. Physical legs all leave one way, as a lattice seen
from above is drawn: up and to the right (60°) on a honeycomb, straight up on the others, 30° clear
of every bond. Of the twelve turns and mirror images that keep the
lattice's angles, the widest picture is taken, with the first tensor toward the top left.
"""

from __future__ import annotations

import math
from collections import deque

from ...network import NodeId
from ..graph import Graph, Point, Shaped

EXACT = 1e-6
"""How far a solved bond may be from its snapped unit vector (in bonds) for the lattice to count as exact."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A honeycomb, triangular or kagome patch (see the module's docstring), or None."""
    n, m = len(g.nodes), len(g.edges)
    if n < 6 or m < n or any(g.degree(v) > 6 for v in g.nodes) or any(not v.is_tensor for v in g.nodes):
        return None
    if not _short_cycles(g):
        return None
    import numpy as np

    from ..stress import distances, stress_layout

    d = distances(g)
    x = stress_layout(d)
    index = g.order
    ea = np.array([index[a] for a, _ in g.edges])
    eb = np.array([index[b] for _, b in g.edges])
    delta = x[eb] - x[ea]
    phi = np.arctan2(delta[:, 1], delta[:, 0])
    theta = float(np.angle(np.exp(6j * phi).sum())) / 6
    offset = math.pi / 6 if max(g.degree(v) for v in g.nodes) <= 3 else 0.0
    k = np.round((phi - theta) / (math.pi / 3)).astype(int) % 6
    angle = offset + k * (math.pi / 3)
    unit = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    solved = _solve(n, ea, eb, unit)
    if solved is None:
        return None
    if np.abs(solved[eb] - solved[ea] - unit).max() > EXACT:
        return None
    keys = {(round(float(px) * 2, 3), round(float(py) * 2, 3)) for px, py in solved}
    if len(keys) != n:
        return None
    positions = _canonical(g, [(float(px), float(py)) for px, py in solved])
    leg = 60.0 if offset else 90.0  # seen from above: every physical leg one way, 30° clear of every bond
    return Shaped("lattice", positions, {v: [leg, leg + 180.0, leg + 60.0, leg + 120.0] for v in g.nodes})


def _short_cycles(g: Graph) -> bool:
    """Every node lies on a cycle of at most six bonds (a patch of these lattices; cheap, and rules out
    trees, long rings and most random networks before any layout is computed)."""
    for v in g.nodes:
        depth = {v: 0}
        parent = {v: v}
        frontier = [v]
        found = False
        for level in range(3):
            nxt = []
            for u in frontier:
                for w in g.adj[u]:
                    if w == parent[u]:
                        continue
                    if w in depth:
                        if depth[w] + level + 1 <= 6:
                            found = True
                        continue
                    depth[w], parent[w] = level + 1, u
                    nxt.append(w)
            frontier = nxt
            if found:
                break
        if not found:
            return False
    return True


def _solve(n: int, ea, eb, unit):  # type: ignore[no-untyped-def]
    """Positions from the snapped bonds: each node one snapped unit from the node it was reached from,
    breadth-first from the first (the caller then checks every bond, so a cycle that does not close fails)."""
    import numpy as np

    steps: list[list[tuple[int, float, float]]] = [[] for _ in range(n)]
    for (a, b), (ux, uy) in zip(zip(ea.tolist(), eb.tolist()), unit.tolist()):
        steps[a].append((b, ux, uy))
        steps[b].append((a, -ux, -uy))
    solved = np.zeros((n, 2))
    seen = [False] * n
    seen[0] = True
    queue = deque([0])
    while queue:
        v = queue.popleft()
        for w, ux, uy in steps[v]:
            if not seen[w]:
                seen[w] = True
                solved[w] = (solved[v][0] + ux, solved[v][1] + uy)
                queue.append(w)
    return np.round(solved, 9)


def _canonical(g: Graph, pts: list[Point]) -> dict[NodeId, Point]:
    """Of the turns by 60° and mirror images, the widest picture, then the first tensor top left."""
    best: tuple | None = None
    for turn in range(6):
        c, s = math.cos(turn * math.pi / 3), math.sin(turn * math.pi / 3)
        for mirror in (1.0, -1.0):
            q = [(round(mirror * (x * c - y * s), 6), round(x * s + y * c, 6)) for x, y in pts]
            xs, ys = [p[0] for p in q], [p[1] for p in q]
            width, height = round(max(xs) - min(xs), 6), round(max(ys) - min(ys), 6)
            fx, fy = q[0]
            key = (-width, height, round(fx - min(xs), 6), round(max(ys) - fy, 6), turn, -mirror)
            if best is None or key < best[0]:
                best = (key, q)
    assert best is not None
    q = best[1]
    return {v: (q[k][0] - q[0][0] + 0.0, q[k][1] - q[0][1] + 0.0) for k, v in enumerate(g.nodes)}
