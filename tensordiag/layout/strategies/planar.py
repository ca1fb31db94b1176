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

A node the refinement left wedged on a bond not its own (in a flat triangle) is then tried in 48 spots
around it and moved to the clearest that makes no crossing. Free legs then take, of 25 directions, one
that crosses no bond and keeps clear of other tensors. Not guaranteed: that no wire passes through a
tensor and no two shapes touch (tests/test_layout_planar.py measures it, with a strict xfail where not).
"""

from __future__ import annotations

import math

import numpy as np

from ...network import NodeId
from ..graph import Graph, Point, Shaped

MIN_NODES = 12
"""Smaller planar networks stay with force, whose candidates (the planar embedding among them) already
draw them without crossings, and whose drawings the gallery and the goldens keep."""
SWEEPS = 60
"""Refinement sweeps (every node moved at once in a sweep)."""
WORK = 60_000_000
"""Pair tests (bond pairs, node pairs, node–bond pairs) the refinement may spend in all, so a large network
gets fewer sweeps, never a switch."""
BLOCK = 256
"""Rows of the pairwise arrays computed at a time: memory is ``BLOCK`` × the size, not its square."""
SPREAD = 1.7
"""The median bond is this many units long: a random planar network's bonds vary, and the shorter ones
need room for the shapes and for a leg between them."""
LEG = 0.75
"""How far (in bonds) a free leg is taken to reach when its direction is chosen (its drawn length is a
fraction of a bond that depends on the shapes and labels: this is the longest)."""
LEG_DIRECTIONS = 24
"""Directions tried for a free leg besides the middle of the widest angle between its tensor's bonds."""
LEG_ROOM = 0.45
"""A leg this far (in bonds) from every other node is clear enough: beyond it, the angle from its own
bonds decides."""
STUCK = 0.2
"""A node closer than this (in bonds) to a bond not its own is tried elsewhere."""
UNSTICK_TRIES = 16
"""Directions such a node is tried in, at three distances."""
ROOM = 0.3
"""A node moves at most this share of its room in a sweep, so a crowded corner opens up step by step."""
REACH = 1.0
"""Nodes closer than this (in bonds) push each other apart."""
CLEARANCE = 0.6
"""A node closer than this to a bond not its own pushes off it."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """Place a planar component of at least :data:`MIN_NODES` nodes with more bonds than a tree."""
    import networkx as nx

    n = len(g.nodes)
    if n < MIN_NODES or len(g.edges) < n:
        return None
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    edges = [(g.order[a], g.order[b]) for a, b in g.edges]
    graph.add_edges_from(edges)
    planar, embedding = nx.check_planarity(graph)
    if not planar:
        return None
    xy = _tutte(embedding, n)
    xy = _refine(xy, np.array(edges, dtype=int), seed)
    xy -= xy.mean(axis=0)
    xy *= SPREAD / max(float(np.median(np.hypot(*(xy[[a for a, _ in edges]] - xy[[b for _, b in edges]]).T))), 1e-9)
    pos = {v: (round(float(xy[k, 0]), 6), round(float(xy[k, 1]), 6)) for k, v in enumerate(g.nodes)}
    tips = [k for k, v in enumerate(g.nodes) if g.free.get(v)]
    return Shaped("planar", pos, {g.nodes[k]: [a] for k, a in zip(tips, _leg_angles(xy, np.array(edges), tips))})


def _leg_angles(xy: np.ndarray, edges: np.ndarray, tips: list[int]) -> list[float]:
    """For each node in ``tips``, the direction (degrees) of its free legs: of :data:`LEG_DIRECTIONS` ways
    and the middle of the widest angle between its bonds, the one whose leg (:data:`LEG` long) crosses the
    fewest bonds, then keeps farthest (up to :data:`LEG_ROOM`) from other nodes, then from its own bonds."""
    ea, eb = edges[:, 0], edges[:, 1]
    out = []
    for k in tips:
        mine = (ea == k) | (eb == k)
        other = np.concatenate([ea[mine & (eb != k)], eb[mine & (ea != k)]])
        bonds = np.sort(np.arctan2(xy[other, 1] - xy[k, 1], xy[other, 0] - xy[k, 0]))
        gaps = (np.roll(bonds, -1) - bonds) % (2 * math.pi)
        gaps[gaps == 0] = 2 * math.pi
        widest = float(bonds[int(np.argmax(gaps))] + gaps.max() / 2) if len(bonds) else math.pi / 2
        candidates = np.array([widest] + [2 * math.pi * j / LEG_DIRECTIONS for j in range(LEG_DIRECTIONS)])
        ends = xy[k] + LEG * np.stack([np.cos(candidates), np.sin(candidates)], axis=1)
        start = np.broadcast_to(xy[k], ends.shape)
        p, q = xy[ea[~mine]], xy[eb[~mine]]
        r, t = start[:, None, :], ends[:, None, :]
        crossed = ((_side(r, t, p) * _side(r, t, q) < -1e-12) & (_side(p, q, r) * _side(p, q, t) < -1e-12)).sum(axis=1)
        seg = ends - start
        others = np.delete(np.arange(len(xy)), k)
        w = xy[others][None, :, :] - start[:, None, :]
        along = np.clip((w * seg[:, None, :]).sum(axis=-1) / (LEG * LEG), 0.0, 1.0)
        near = np.hypot(*(w - along[..., None] * seg[:, None, :]).transpose(2, 0, 1)).min(axis=1)
        apart = np.abs((candidates[:, None] - bonds[None, :] + math.pi) % (2 * math.pi) - math.pi).min(axis=1) \
            if len(bonds) else np.full(len(candidates), math.pi)
        score = [(int(c), -round(min(float(d), LEG_ROOM), 6), -round(float(a), 6), j)
                 for j, (c, d, a) in enumerate(zip(crossed, near, apart))]
        out.append(round(math.degrees(float(candidates[min(score)[3]])) % 360, 3))
    return out


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


def _crossing_bonds(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray) -> np.ndarray:
    """The bonds that cross another bond sharing no end with it (a boolean per bond): pairs whose boxes
    meet, found in blocks of rows, then tested exactly."""
    m = len(ea)
    p, q = xy[ea], xy[eb]
    low, high = np.minimum(p, q), np.maximum(p, q)
    out = np.zeros(m, dtype=bool)
    for lo in range(0, m, BLOCK):
        hi = min(m, lo + BLOCK)
        meet = ((low[None, :, 0] <= high[lo:hi, None, 0]) & (high[None, :, 0] >= low[lo:hi, None, 0])
                & (low[None, :, 1] <= high[lo:hi, None, 1]) & (high[None, :, 1] >= low[lo:hi, None, 1]))
        i, j = np.nonzero(meet)
        i = i + lo
        apart = (ea[i] != ea[j]) & (ea[i] != eb[j]) & (eb[i] != ea[j]) & (eb[i] != eb[j])
        i, j = i[apart], j[apart]
        hit = ((_side(p[i], q[i], p[j]) * _side(p[i], q[i], q[j]) < -1e-12)
               & (_side(p[j], q[j], p[i]) * _side(p[j], q[j], q[i]) < -1e-12))
        out[i[hit]] = True
    return out


def _refine(xy: np.ndarray, edges: np.ndarray, seed: int) -> np.ndarray:
    """Even the bonds and clear the nodes off foreign bonds, all nodes at once, without ever making a
    crossing: the ends of a bond that would cross go back where they were, until none would."""
    n, m = len(xy), len(edges)
    ea, eb = edges[:, 0], edges[:, 1]
    lengths = np.hypot(*(xy[ea] - xy[eb]).T)
    xy = xy / max(float(np.median(lengths)), 1e-9)
    sweeps = max(1, min(SWEEPS, WORK // max(1, m * m + n * (n + m))))
    for sweep in range(sweeps):
        step = 0.3 * (1 - sweep / sweeps) + 0.03
        force, room = _forces(xy, ea, eb)
        size = np.maximum(np.hypot(force[:, 0], force[:, 1]), 1e-12)
        move = force * np.minimum(1.0, np.minimum(step, ROOM * room) / size)[:, None]
        old = xy.copy()
        xy = xy + move
        for attempt in range(n + 1):
            bad = _crossing_bonds(xy, ea, eb)
            if not bad.any():
                break
            back = np.zeros(n, dtype=bool)
            back[ea[bad]] = True
            back[eb[bad]] = True
            xy[back] = old[back] if attempt else (old[back] + xy[back]) / 2  # half the way first, then none
    return _unstick(xy, ea, eb)


def _room(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray, u: int) -> tuple[float, float]:
    """How clear node ``u`` is: the least distance from it to another node or a bond not its own, and
    from its bonds to a node not at their ends; and the least distance from it to a bond not its own."""
    p, q = xy[ea], xy[eb]

    def gaps(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        seg = b - a
        t = np.clip(((points[:, None, :] - a) * seg).sum(axis=-1) / np.maximum((seg * seg).sum(axis=-1), 1e-12), 0, 1)
        return np.hypot(*(points[:, None, :] - a - t[..., None] * seg).transpose(2, 0, 1))

    mine = (ea == u) | (eb == u)
    others = np.ones(len(xy), dtype=bool)
    others[u] = False
    near = float(np.hypot(*(xy[others] - xy[u]).T).min())
    off_bonds = gaps(xy[[u]], p[~mine], q[~mine])
    ends = np.isin(np.arange(len(xy)), np.concatenate([ea[mine], eb[mine]]))
    on_mine = gaps(xy[~ends], p[mine], q[mine])
    off = float(off_bonds.min(initial=np.inf))
    return min(near, off, float(on_mine.min(initial=np.inf))), off


def _unstick(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray) -> np.ndarray:
    """Nodes the refinement left on a bond not their own (wedged in a flat triangle): each tried in
    :data:`UNSTICK_TRIES` spots around it and moved to the clearest that makes no crossing."""
    for u in range(len(xy)):
        here, off = _room(xy, ea, eb, u)
        if off >= STUCK:
            continue
        home, best = xy[u].copy(), (here, xy[u].copy())
        for r in (0.15, 0.3, 0.45):
            for k in range(UNSTICK_TRIES):
                xy[u] = home + r * np.array((math.cos(2 * math.pi * k / UNSTICK_TRIES), math.sin(2 * math.pi * k / UNSTICK_TRIES)))
                room = _room(xy, ea, eb, u)[0]
                if room > best[0] + 1e-9 and not _crossing_bonds(xy, ea, eb).any():
                    best = (room, xy[u].copy())
        xy[u] = best[1]
    return xy



def _forces(xy: np.ndarray, ea: np.ndarray, eb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pull on every node (its bonds toward one unit, other nodes away within :data:`REACH`, bonds not
    its own away within :data:`CLEARANCE`), and its room: the distance to the nearest other node or bond."""
    n = len(xy)
    room = np.full(n, np.inf)
    d = xy[eb] - xy[ea]
    dist = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)
    pull = (dist - 1.0)[:, None] * d / dist[:, None]
    force = np.zeros_like(xy)
    for c in (0, 1):
        force[:, c] += np.bincount(ea, weights=pull[:, c], minlength=n) - np.bincount(eb, weights=pull[:, c], minlength=n)
    p, q = xy[ea], xy[eb]
    seg = q - p
    norm = np.maximum((seg * seg).sum(axis=1), 1e-12)
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        here = xy[lo:hi, None, :]
        d = here - xy[None, :, :]
        dist = np.hypot(d[..., 0], d[..., 1])
        push = np.where((dist < REACH) & (dist > 1e-12), (REACH - dist) / np.maximum(dist, 1e-12) ** 2, 0.0)
        force[lo:hi] += (push[..., None] * d).sum(axis=1)
        room[lo:hi] = np.where(dist > 1e-12, dist, np.inf).min(axis=1)
        t = np.clip(((here - p) * seg).sum(axis=-1) / norm, 0.0, 1.0)
        off = here - (p + t[..., None] * seg)
        gap = np.hypot(off[..., 0], off[..., 1])
        rows = np.arange(lo, hi)[:, None]
        push = np.where((gap < CLEARANCE) & (gap > 1e-12) & (ea != rows) & (eb != rows),
                        4.0 * (CLEARANCE - gap) / np.maximum(gap, 1e-12), 0.0)
        force[lo:hi] += (push[..., None] * off).sum(axis=1)
        toward = ((force[lo:hi, None, :] * off).sum(axis=-1) < 0) & (ea != rows) & (eb != rows)
        room[lo:hi] = np.minimum(room[lo:hi], np.where(toward, gap, np.inf).min(axis=1))  # no bar to moving off a bond
    return force, room
