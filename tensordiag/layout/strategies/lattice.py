"""Lattice patches in their own geometry: honeycomb, triangular, kagome, square (any outline) and
their mixtures, every bond one length at the lattice's angles.

A lattice patch is planar, and in its planar embedding (networkx's, of the graph in spec order) every
face but the outer one is a regular triangle, square or hexagon. So the angle between two bonds that
follow each other around a tensor is known: the corner of the face between them, 60°, 90° or 120°.
From the first bond (at 0°) those corners give every bond its direction, breadth-first around each
tensor and across each bond; the positions follow, each tensor one unit from the one it was reached
from. The component is such a lattice when that is consistent: every bond exactly one unit at its
direction and no two tensors in one place (unit bonds between points of one lattice cannot cross).
Linear in the size: one planarity test, one pass over the faces, one breadth-first search.

(A stress layout from graph distances, snapped to the lattice's angles, was tried first and found
the same pictures up to about 100 tensors; it needs n² memory and time, so this exact construction
replaced it.)

A honeycomb is turned so that one bond in three is vertical, the others so that one in three is
horizontal; of the turns and mirror images that keep the lattice's angles, the widest picture is
taken, with the first tensor toward the top left. Physical legs all leave one way, as a lattice seen
from above is drawn: up and to the right (60°) on a honeycomb, straight up on triangles and kagome,
on the diagonal on squares: as far from every bond as the lattice allows.
"""

from __future__ import annotations

import math
from collections import deque

from ...network import NodeId
from ..graph import DIAGONAL, Graph, Point, Shaped

CORNER = {3: 60.0, 4: 90.0, 6: 120.0}
"""The corner of each regular face a lattice patch may have, in degrees, by its number of sides."""
EXACT = 1e-6
"""How far a solved bond may be from its unit vector (in bonds) for the lattice to count as exact."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A lattice patch (see the module's docstring), or None."""
    n, m = len(g.nodes), len(g.edges)
    if n < 6 or m < n or m > 3 * n - 6 or any(not v.is_tensor or g.degree(v) > 6 for v in g.nodes):
        return None
    if not all(_on_a_face(g, v) for v in g.nodes):
        return None
    found = _directions(g)
    if found is None:
        return None
    direction, sides = found
    turn = 30.0 if sides == {6} else 0.0  # a honeycomb: vertical bonds
    points = _positions(g, direction, turn)
    if points is None:
        return None
    step = 90 if sides == {4} else 60 if 4 not in sides else 30
    positions = _canonical(g, points, step)
    leg = 60.0 if sides == {6} else DIAGONAL if sides == {4} else 90.0
    return Shaped("lattice", positions, {v: [leg, leg + 180.0, leg + 90.0, leg + 270.0] for v in g.nodes})


def _on_a_face(g: Graph, v: NodeId) -> bool:
    """Whether a breadth-first search of three steps from ``v`` closes a cycle (of at most six bonds), as
    it does from every tensor of a lattice patch, which lies on a face (cheap: rules out most networks
    before the planarity test)."""
    depth, parent, frontier = {v: 0}, {v: v}, [v]
    for level in range(3):
        nxt = []
        for u in frontier:
            for w in g.adj[u]:
                if w == parent[u]:
                    continue
                if w in depth:
                    return True
                depth[w], parent[w] = level + 1, u
                nxt.append(w)
        frontier = nxt
    return False


def _directions(g: Graph) -> tuple[dict[tuple[int, int], float], set[int]] | None:
    """Each half-bond's direction in degrees (tensors by spec index), and the inner faces' sizes."""
    import networkx as nx

    n = len(g.nodes)
    index = g.order
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((index[a], index[b]) for a, b in g.edges)
    planar, emb = nx.check_planarity(graph)
    if not planar:
        return None
    face_of: dict[tuple[int, int], int] = {}
    sizes: list[int] = []
    around = [list(emb.neighbors_cw_order(v)) for v in range(n)]
    for v in range(n):
        for w in around[v]:
            if (v, w) not in face_of:
                marked: set[tuple[int, int]] = set()
                emb.traverse_face(v, w, mark_half_edges=marked)
                for half in marked:
                    face_of[half] = len(sizes)
                sizes.append(len(marked))
    outer = max(range(len(sizes)), key=lambda f: (sizes[f], -f))
    inner = {sizes[f] for f in range(len(sizes)) if f != outer}
    if not inner or any(k not in CORNER for k in inner):
        return None
    direction: dict[tuple[int, int], float] = {(0, around[0][0]): 0.0}
    queue = deque([0])
    complete = [False] * n

    def put(half: tuple[int, int], angle: float) -> bool:
        angle = round(angle % 360.0, 6) % 360.0
        if half in direction:
            return abs((direction[half] - angle + 180.0) % 360.0 - 180.0) < 1e-6
        direction[half] = angle
        return True

    while queue:  # a tensor is walked around again only when a bond of it has newly got its direction
        v = queue.popleft()
        if complete[v]:
            continue
        cw = around[v]
        k = len(cw)
        start = next(i for i, w in enumerate(cw) if (v, w) in direction)
        i = start
        for _ in range(k - 1):  # clockwise: the next bond is the corner of the face between them further
            f = face_of[(v, cw[i])]
            if f == outer or not put((v, cw[(i + 1) % k]), direction[(v, cw[i])] - CORNER[sizes[f]]):
                break
            i = (i + 1) % k
        i = start
        for _ in range(k - 1):  # counter-clockwise
            f = face_of[(v, cw[(i - 1) % k])]
            if f == outer or not put((v, cw[(i - 1) % k]), direction[(v, cw[i])] + CORNER[sizes[f]]):
                break
            i = (i - 1) % k
        complete[v] = all((v, w) in direction for w in cw)
        for w in cw:
            if (v, w) in direction and (w, v) not in direction:
                put((w, v), direction[(v, w)] + 180.0)
                queue.append(w)
            elif (v, w) in direction and not put((w, v), direction[(v, w)] + 180.0):
                return None
    if len(direction) != 2 * len(g.edges):
        return None
    return direction, inner


def _positions(g: Graph, direction: dict[tuple[int, int], float], turn: float) -> list[Point] | None:
    """Each tensor one unit from the one it was reached from; None unless every bond is exactly one unit
    at its direction and no two tensors share a place."""
    n = len(g.nodes)
    index = g.order
    nbrs = [[index[w] for w in g.adj[v]] for v in g.nodes]

    def unit(v: int, w: int) -> Point:
        a = math.radians(direction[(v, w)] + turn)
        return (math.cos(a), math.sin(a))

    pts: list[Point | None] = [None] * n
    pts[0] = (0.0, 0.0)
    queue = deque([0])
    while queue:
        v = queue.popleft()
        for w in nbrs[v]:
            if pts[w] is None:
                ux, uy = unit(v, w)
                pts[w] = (pts[v][0] + ux, pts[v][1] + uy)  # type: ignore[index]
                queue.append(w)
    if any(p is None for p in pts):
        return None
    placed: list[Point] = [(round(p[0], 9), round(p[1], 9)) for p in pts]  # type: ignore[index]
    for a, b in g.edges:
        i, j = index[a], index[b]
        ux, uy = unit(i, j)
        if abs(placed[j][0] - placed[i][0] - ux) > EXACT or abs(placed[j][1] - placed[i][1] - uy) > EXACT:
            return None
    if len({(round(x * 2, 3), round(y * 2, 3)) for x, y in placed}) != n:
        return None
    return placed


def _canonical(g: Graph, pts: list[Point], step: int) -> dict[NodeId, Point]:
    """Of the turns by ``step`` degrees and mirror images, the widest picture, then the first tensor top left."""
    best: tuple | None = None
    for turn in range(360 // step):
        c, s = math.cos(math.radians(turn * step)), math.sin(math.radians(turn * step))
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
