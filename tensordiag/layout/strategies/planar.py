"""Planar: a planar network drawn with no bond crossing a bond, and bonds even.

Three steps, each bounded by a work budget:

1. networkx's planar embedding, its inner faces triangulated (``triangulate_embedding``; the face with
   the most nodes stays outside);
2. Tutte's barycentric embedding of that triangulation: the outer face on a circle, every other node at
   the mean of its neighbours (a sparse linear system, solved by conjugate gradients with numpy). Every
   face comes out convex, so the drawing has no crossing;
3. a refinement that keeps it so (after PrEd, Bertault 2000): springs pull each bond toward one unit,
   nodes push apart, a node pushes off a bond not its own. Every node moves at once, at most a share of
   its room; the ends of a bond that would then cross go half the way back, then all the way, until no
   bond crosses. The drawing never crosses, so the result does not.

A node the refinement left wedged on a bond not its own (in a flat triangle), or touching another node, is
then tried in 64 spots around it and moved to the clearest that makes no crossing (twice over: a node moved
clear leaves its neighbour room). Free legs then take, of 25 directions, one that crosses no bond and keeps
clear of other tensors. Every step compares only what lies near (a grid of cells, :mod:`..near`), so a sweep
is linear in the size. Not guaranteed: that no wire passes through a tensor and no two shapes touch
(tests/test_layout_planar.py measures it, with a strict xfail where not).
"""

from __future__ import annotations

import math

import numpy as np

from ...network import NodeId
from ..graph import Graph, Point, Shaped
from ..near import meeting
from .planar_legs import leg_angles

MIN_NODES = 12
"""Smaller planar networks stay with force, whose candidates (the planar embedding among them) already
draw them without crossings, and whose drawings the gallery and the goldens keep."""
SWEEPS = 60
"""Refinement sweeps (every node moved at once in a sweep)."""
WORK = 400_000
"""Nodes and bonds moved and tested the refinement may spend in all (a sweep costs about the size, the pairs
near each other found through a grid), so a very large network gets fewer sweeps, never a switch."""
HUB = 16
"""A node with more bonds than this (a hyperedge's dot among many tensors) cannot have them all about one bond
long without crowding: such a network is left to force (and star), which spread hubs on purpose."""
UNEVEN = 60.0
"""A Tutte drawing whose longest bond is this many times its median one shrinks some faces geometrically
(nested triangles): no refinement evens it, so the network is left to force."""
RANGE = 1.2
"""How far (in bonds) the refinement looks for other nodes and bonds: a node's room limits its move only
below ``0.33 / ROOM`` = 1.1, and nothing farther pushes."""
SPREAD = 1.7
"""The median bond is this many units long: a random planar network's bonds vary, and the shorter ones
need room for the shapes and for a leg between them."""
STUCK = 0.2
"""A node closer than this (in bonds) to a bond not its own is tried elsewhere."""
CROWD = 0.4
"""So is a node closer than this to another node, or one whose bonds pass this close to another node: two
shapes touch (each is about half a bond across)."""
UNSTICK_TRIES = 16
"""Directions such a node is tried in, at four distances (up to 0.6 bond away)."""
ROOM = 0.3
"""A node moves at most this share of its room in a sweep, so a crowded corner opens up step by step."""
REACH = 1.0
"""Nodes closer than this (in bonds) push each other apart."""
CLEARANCE = 0.6
"""A node closer than this to a bond not its own pushes off it."""
CLEAR_ENOUGH = 1.0
"""A node this far (in bonds) from every other node and bond is clear: moving it farther gains nothing."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """Place a planar component of at least :data:`MIN_NODES` nodes with more bonds than a tree."""
    import networkx as nx

    n = len(g.nodes)
    if n < MIN_NODES or len(g.edges) < n or max(g.degree(v) for v in g.nodes) > HUB:
        return None
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    edges = [(g.order[a], g.order[b]) for a, b in g.edges]
    graph.add_edges_from(edges)
    planar, embedding = nx.check_planarity(graph)
    if not planar:
        return None
    xy = _tutte(embedding, n)
    ea, eb = np.array(edges, dtype=int).T
    lengths = np.hypot(*(xy[ea] - xy[eb]).T)
    if lengths.max() > UNEVEN * max(float(np.median(lengths)), 1e-300):
        return None  # Tutte's drawing nests faces ever smaller (nested triangles): force draws it
    xy = _refine(xy, np.array(edges, dtype=int), seed)
    xy -= xy.mean(axis=0)
    xy *= SPREAD / max(float(np.median(np.hypot(*(xy[[a for a, _ in edges]] - xy[[b for _, b in edges]]).T))), 1e-9)
    pos = {v: (round(float(xy[k, 0]), 6), round(float(xy[k, 1]), 6)) for k, v in enumerate(g.nodes)}
    tips = [k for k, v in enumerate(g.nodes) if g.free.get(v)]
    return Shaped("planar", pos, {g.nodes[k]: [a] for k, a in zip(tips, leg_angles(xy, np.array(edges), tips))})


def _tutte(embedding: object, n: int) -> np.ndarray:
    """Tutte's embedding of the triangulated embedding: the outer face on a circle of about one unit of
    area per node, every other node at the mean of its neighbours. Every face comes out convex."""
    from networkx.algorithms.planar_drawing import triangulate_embedding

    full, outer = triangulate_embedding(embedding, fully_triangulate=False)
    pairs = np.array(sorted({(min(a, b), max(a, b)) for a, b in full.edges()}), dtype=int)
    xy = np.zeros((n, 2))
    k = len(outer)
    radius = math.sqrt(n / math.pi)  # about one unit of area per node
    for i, v in enumerate(outer):
        xy[v] = (radius * math.cos(2 * math.pi * i / k), radius * math.sin(2 * math.pi * i / k))
    free = np.ones(n, dtype=bool)
    free[list(outer)] = False
    a, b = np.concatenate([pairs[:, 0], pairs[:, 1]]), np.concatenate([pairs[:, 1], pairs[:, 0]])
    return _barycentres(xy, free, a, b, np.ones(len(a)))


def _barycentres(xy: np.ndarray, free: np.ndarray, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Every free node at the weighted mean of its neighbours (the fixed ones where they are): the sparse
    linear system solved by conjugate gradients, each coordinate on its own."""
    n = len(xy)
    degree = np.bincount(a, weights=w, minlength=n)

    def laplace(x: np.ndarray) -> np.ndarray:  # (L x) on the free nodes, x zero on the fixed ones
        out = degree[:, None] * x - np.stack([np.bincount(a, weights=w * x[b, c], minlength=n) for c in (0, 1)], axis=1)
        out[~free] = 0.0
        return out

    rhs = np.stack([np.bincount(a, weights=w * np.where(free[b], 0.0, xy[b, c]), minlength=n) for c in (0, 1)], axis=1)
    rhs[~free] = 0.0
    x = np.where(free[:, None], xy, 0.0)
    r = rhs - laplace(x)
    p = r.copy()
    rr = (r * r).sum(axis=0)
    for _ in range(4 * n + 50):
        if rr.max() < 1e-18:
            break
        lp = laplace(p)
        alpha = rr / np.maximum((p * lp).sum(axis=0), 1e-300)
        x += alpha * p
        r -= alpha * lp
        new = (r * r).sum(axis=0)
        p = r + (new / np.maximum(rr, 1e-300)) * p
        rr = new
    out = xy.copy()
    out[free] = x[free]
    return out


def _side(o: np.ndarray, s: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (s[..., 0] - o[..., 0]) * (w[..., 1] - o[..., 1]) - (s[..., 1] - o[..., 1]) * (w[..., 0] - o[..., 0])


def _crossing_bonds(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray, before: np.ndarray | None = None,
                   pairs: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The bonds that cross another bond sharing no end with it (a boolean per bond). ``pairs``, the bond
    pairs that may cross, are by default those whose boxes share a cell of a grid one median bond wide
    (:func:`near.meeting`; with ``before``, the boxes hold the bonds both where they are and where they
    were, so the pairs serve every position in between); each is then tested exactly."""
    p, q = xy[ea], xy[eb]
    i, j = _bond_pairs(xy, ea, eb, before) if pairs is None else pairs
    hit = ((_side(p[i], q[i], p[j]) * _side(p[i], q[i], q[j]) < -1e-12)
           & (_side(p[j], q[j], p[i]) * _side(p[j], q[j], q[i]) < -1e-12))
    out = np.zeros(len(ea), dtype=bool)
    out[i[hit]] = True
    out[j[hit]] = True
    return out


def _bond_pairs(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray, before: np.ndarray | None = None,
                ) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of bonds sharing no end whose boxes (around both ``xy`` and ``before``) share a cell."""
    p, q = xy[ea], xy[eb]
    low, high = np.minimum(p, q), np.maximum(p, q)
    size = float(np.median(np.hypot(*(q - p).T))) if len(ea) else 1.0
    if before is not None:
        low = np.minimum(low, np.minimum(before[ea], before[eb]))
        high = np.maximum(high, np.maximum(before[ea], before[eb]))
    i, j = meeting(low, high, low, high, max(size, 1e-6 * float(np.ptp(xy)) + 1e-12))
    keep = (i < j) & (ea[i] != ea[j]) & (ea[i] != eb[j]) & (eb[i] != ea[j]) & (eb[i] != eb[j])
    return i[keep], j[keep]


def _crosses_at(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray, u: int) -> bool:
    """Whether a bond of node ``u`` crosses a bond sharing no end with it (only ``u`` has moved)."""
    mine = np.nonzero((ea == u) | (eb == u))[0]
    p, q = xy[ea], xy[eb]
    for k in mine:
        apart = (ea != ea[k]) & (ea != eb[k]) & (eb != ea[k]) & (eb != eb[k])
        a, b = p[apart], q[apart]
        if ((_side(p[k], q[k], a) * _side(p[k], q[k], b) < -1e-12) & (_side(a, b, p[k]) * _side(a, b, q[k]) < -1e-12)).any():
            return True
    return False


def _refine(xy: np.ndarray, edges: np.ndarray, seed: int) -> np.ndarray:
    """Even the bonds and clear the nodes off foreign bonds, all nodes at once, without ever making a
    crossing: the ends of a bond that would cross go back where they were, until none would."""
    n, m = len(xy), len(edges)
    ea, eb = edges[:, 0], edges[:, 1]
    lengths = np.hypot(*(xy[ea] - xy[eb]).T)
    xy = xy / max(float(np.median(lengths)), 1e-9)
    sweeps = max(1, min(SWEEPS, WORK // max(1, n + m)))
    for sweep in range(sweeps):
        step = 0.3 * (1 - sweep / sweeps) + 0.03
        force, room = _forces(xy, ea, eb)
        size = np.maximum(np.hypot(force[:, 0], force[:, 1]), 1e-12)
        move = force * np.minimum(1.0, np.minimum(step, ROOM * room) / size)[:, None]
        old = xy.copy()
        xy = xy + move
        pairs = _bond_pairs(xy, ea, eb, old)
        for attempt in range(n + 1):
            bad = _crossing_bonds(xy, ea, eb, pairs=pairs)
            if not bad.any():
                break
            back = np.zeros(n, dtype=bool)
            back[ea[bad]] = True
            back[eb[bad]] = True
            xy[back] = old[back] if attempt else (old[back] + xy[back]) / 2  # half the way first, then none
    return _unstick(_unstick(xy, ea, eb), ea, eb)  # a node moved clear may leave its neighbour room to move


def _rooms(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray, u: int, spots: np.ndarray, nodes: np.ndarray,
           bonds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How clear node ``u`` would be at each of ``spots``: the least distance from it to another node or a
    bond not its own, and from its bonds to a node not at their ends; and the least distance from it to a
    bond not its own. Only ``nodes`` and ``bonds`` (those near ``u``, see :func:`_unstick`) are looked at;
    beyond :data:`CLEAR_ENOUGH` every spot is as clear as another."""

    def gaps(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:  # points × segments
        seg = b - a
        t = np.clip(((points[:, None, :] - a) * seg).sum(axis=-1) / np.maximum((seg * seg).sum(axis=-1), 1e-12), 0, 1)
        return np.hypot(*(points[:, None, :] - a - t[..., None] * seg).transpose(2, 0, 1))

    mine = (ea[bonds] == u) | (eb[bonds] == u)
    foreign = bonds[~mine]
    others = nodes[nodes != u]
    near = np.hypot(*(spots[:, None, :] - xy[others][None, :, :]).transpose(2, 0, 1)).min(axis=1, initial=np.inf)
    off = np.minimum(gaps(spots, xy[ea[foreign]], xy[eb[foreign]]).min(axis=1, initial=np.inf), CLEAR_ENOUGH)
    ends = np.concatenate([ea[bonds][mine], eb[bonds][mine]])
    far = xy[nodes[~np.isin(nodes, ends)]]
    on_mine = np.full(len(spots), np.inf)
    for w in ends[ends != u]:  # each bond of u, from each spot to its other end
        seg = xy[w] - spots
        t = np.clip(((far[None, :, :] - spots[:, None, :]) * seg[:, None, :]).sum(axis=-1)
                    / np.maximum((seg * seg).sum(axis=-1), 1e-12)[:, None], 0, 1)
        gap = np.hypot(*(far[None, :, :] - spots[:, None, :] - t[..., None] * seg[:, None, :]).transpose(2, 0, 1))
        on_mine = np.minimum(on_mine, gap.min(axis=1, initial=np.inf))
    return np.minimum(np.minimum(near, off), np.minimum(on_mine, CLEAR_ENOUGH)), off


def _unstick(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray) -> np.ndarray:
    """Nodes the refinement left on a bond not their own (wedged in a flat triangle): each tried in
    :data:`UNSTICK_TRIES` spots around it and moved to the clearest that makes no crossing."""
    p, q = xy[ea], xy[eb]
    e, v = meeting(np.minimum(p, q) - CROWD, np.maximum(p, q) + CROWD, xy, xy, 0.5)
    i, j = meeting(xy - CROWD, xy + CROWD, xy, xy, CROWD)
    keep = (ea[e] != v) & (eb[e] != v)
    e, v = e[keep], v[keep]
    seg = q[e] - p[e]
    t = np.clip(((xy[v] - p[e]) * seg).sum(axis=1) / np.maximum((seg * seg).sum(axis=1), 1e-12), 0.0, 1.0)
    close = np.hypot(*(xy[v] - p[e] - t[:, None] * seg).T) < CROWD
    crowded = (i != j) & (np.hypot(*(xy[i] - xy[j]).T) < CROWD)
    suspects = set(v[close].tolist()) | set(i[crowded].tolist())
    for u in sorted(suspects):
        p, q = xy[ea], xy[eb]
        mine = (ea == u) | (eb == u)
        reach = 0.6 + CLEAR_ENOUGH
        low = np.minimum(np.minimum(p[mine], q[mine]).min(axis=0), xy[u]) - reach
        high = np.maximum(np.maximum(p[mine], q[mine]).max(axis=0), xy[u]) + reach
        nodes = np.nonzero(((xy >= low) & (xy <= high)).all(axis=1))[0]
        bonds = np.nonzero(mine | ((np.maximum(p, q) >= xy[u] - reach) & (np.minimum(p, q) <= xy[u] + reach)).all(axis=1))[0]
        here, off = (float(r[0]) for r in _rooms(xy, ea, eb, u, xy[[u]], nodes, bonds))
        if off >= STUCK and here >= CROWD:
            continue
        home = xy[u].copy()
        turns = 2 * np.pi * np.arange(UNSTICK_TRIES) / UNSTICK_TRIES
        spots = home + np.concatenate([r * np.stack([np.cos(turns), np.sin(turns)], axis=1) for r in (0.15, 0.3, 0.45, 0.6)])
        rooms = _rooms(xy, ea, eb, u, spots, nodes, bonds)[0]
        for k in sorted(range(len(spots)), key=lambda k: (-rooms[k], k)):  # the clearest spot that crosses nothing
            if rooms[k] <= here + 1e-9:
                break
            xy[u] = spots[k]
            if not _crosses_at(xy, ea, eb, u):
                break
            xy[u] = home
    return xy


def _forces(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pull on every node (its bonds toward one unit, other nodes away within :data:`REACH`, bonds not
    its own away within :data:`CLEARANCE`), and its room: the distance to the nearest other node or bond
    (infinite beyond :data:`RANGE`). Only the pairs the grid finds within :data:`RANGE` are compared."""
    n = len(xy)
    room = np.full(n, np.inf)
    d = xy[eb] - xy[ea]
    dist = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)
    pull = (dist - 1.0)[:, None] * d / dist[:, None]
    force = np.zeros_like(xy)
    for c in (0, 1):
        force[:, c] += np.bincount(ea, weights=pull[:, c], minlength=n) - np.bincount(eb, weights=pull[:, c], minlength=n)
    i, j = meeting(xy - RANGE, xy + RANGE, xy, xy, RANGE)
    i, j = i[i != j], j[i != j]
    d = xy[i] - xy[j]
    dist = np.hypot(d[:, 0], d[:, 1])
    push = np.where((dist < REACH) & (dist > 1e-12), (REACH - dist) / np.maximum(dist, 1e-12) ** 2, 0.0)
    for c in (0, 1):
        force[:, c] += np.bincount(i, weights=push * d[:, c], minlength=n)
    np.minimum.at(room, i, np.where(dist > 1e-12, dist, np.inf))
    p, q = xy[ea], xy[eb]
    e, v = meeting(np.minimum(p, q) - RANGE, np.maximum(p, q) + RANGE, xy, xy, RANGE)
    keep = (ea[e] != v) & (eb[e] != v)
    e, v = e[keep], v[keep]
    seg = q[e] - p[e]
    t = np.clip(((xy[v] - p[e]) * seg).sum(axis=1) / np.maximum((seg * seg).sum(axis=1), 1e-12), 0.0, 1.0)
    off = xy[v] - (p[e] + t[:, None] * seg)
    gap = np.hypot(off[:, 0], off[:, 1])
    push = np.where((gap < CLEARANCE) & (gap > 1e-12), 4.0 * (CLEARANCE - gap) / np.maximum(gap, 1e-12), 0.0)
    for c in (0, 1):
        force[:, c] += np.bincount(v, weights=push * off[:, c], minlength=n)
    toward = (force[v] * off).sum(axis=1) < 0
    np.minimum.at(room, v, np.where(toward, gap, np.inf))  # no bar to moving off a bond
    return force, room
