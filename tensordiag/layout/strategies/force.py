"""Force: networkx-style force-directed placement for a component no other strategy recognises.

Of several candidates (a planar embedding when there is one, alone and relaxed by a few spring
steps; spring layouts from several starts; breadth-first layers relaxed the same way) the one with
the fewest crossings after crossing reduction, then the most even bonds, then the earliest. Every
step is bounded by a budget proportional to the work it may do, so the time grows smoothly with the size.
"""

from __future__ import annotations

import math

from ...network import NodeId
from ...style import STYLE
from ..crossings import crossings
from ..graph import Graph, Point, Shaped
from .flow import layers as flow_layers


SPRING_STARTS = 6
"""Spring layouts from different starts that compete with the planar embedding, while the budget
(:data:`.force.FORCE_WORK`) allows 200 iterations for each: six up to 115 nodes, then fewer, one from
259 nodes on, with fewer iterations beyond (all starts share the budget with the layered start)."""
UNTANGLE_WORK = 10_000
"""Bond-pair crossing tests the crossing reduction may spend per node of the component (:func:`_untangle`)."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """Force-directed placement: of several candidates (a planar embedding when there is one, alone
    and relaxed by a few spring steps; spring layouts from several starts; breadth-first layers relaxed
    the same way) the one with the fewest crossings after crossing reduction, then the most even bonds
    (the least variation of bond lengths), then the earliest.

    Every step is bounded by a budget proportional to the work it may do (:data:`.force.FORCE_WORK`,
    :data:`UNTANGLE_WORK`), so the time grows smoothly with the size: no step is switched off at a size."""
    import networkx as nx

    from ..force import FORCE_WORK, iterations_for, spring

    n = len(g.nodes)
    ids = list(range(n))
    edges = [(g.order[a], g.order[b]) for a, b in g.edges]
    candidates: list[dict[NodeId, Point]] = []

    def add(raw: dict) -> None:
        candidates.append(_normalise({v: (float(raw[g.order[v]][0]), float(raw[g.order[v]][1])) for v in g.nodes},
                                     g.edges))

    graph = nx.Graph()  # integers in spec order: networkx's planar embedding then follows no hash order
    graph.add_nodes_from(ids)
    graph.add_edges_from(edges)
    if nx.check_planarity(graph)[0]:
        planar = nx.planar_layout(graph)
        add(planar)
        add(spring(ids, edges, start=planar, seed=seed, iterations=iterations_for(n, 15)))
    starts = max(1, min(SPRING_STARTS, FORCE_WORK // (200 * n * n)))
    steps = iterations_for(n, 200, share=starts + 1)
    circle = {v: (math.cos(2 * math.pi * v / n), math.sin(2 * math.pi * v / n)) for v in ids}
    for k in range(starts):
        add(spring(ids, edges, start=circle if k == 0 else None, seed=seed + k, iterations=steps))
    layers = flow_layers(g)
    add(spring(ids, edges, start={g.order[v]: p for v, p in layers.items()}, seed=seed, iterations=steps))
    counts: list[int] = []
    for c in candidates:
        counts.append(crossings(c, g.edges, limit=min(counts, default=None)))
    ranked = sorted(range(len(candidates)), key=lambda k: (counts[k], _unevenness(candidates[k], g), k))
    budget = [UNTANGLE_WORK * n]  # crossing reduction on the two best starts, then the better result
    untangled = [_untangle(candidates[k], g, budget) for k in ranked[:2]]
    counts = []
    for c in untangled:  # a count past the best so far cannot win (nor tie): it need not be counted out
        counts.append(crossings(c, g.edges, limit=min(counts, default=None)))
    chosen = untangled[min(range(len(untangled)), key=lambda k: (counts[k], _unevenness(untangled[k], g), k))]
    return Shaped("force", _level(chosen, g), {})


def _untangle(pos: dict[NodeId, Point], g: Graph, budget: list[int], sweeps: int = 3) -> dict[NodeId, Point]:
    """Crossing reduction: move a node amid its neighbours, or swap the places of two nodes, whenever that
    removes crossings, until no move does or ``budget[0]`` bond-pair tests are spent (shared by the calls).

    A node's crossings are counted against every bond at once with numpy (the same arithmetic as
    :func:`tensordiag.plane.bonds_cross`), so a test costs a few nanoseconds and the budget, not the size, bounds the time."""
    import numpy as np

    index = g.order
    xy = np.array([pos[v] for v in g.nodes], dtype=float).reshape(-1, 2)
    ea = np.array([index[a] for a, _ in g.edges], dtype=int)
    eb = np.array([index[b] for _, b in g.edges], dtype=int)
    m = len(g.edges)
    incident: list[list[int]] = [[] for _ in g.nodes]
    for k, (a, b) in enumerate(g.edges):
        incident[index[a]].append(k)
        incident[index[b]].append(k)

    class Spent(Exception):
        pass

    def charge(work: int) -> None:
        budget[0] -= work
        if budget[0] < 0:
            raise Spent

    def local(nodes: tuple[int, ...]) -> int:
        mine = sorted({e for v in nodes for e in incident[v]})
        charge(len(mine) * m)
        if not mine:
            return 0
        e = np.array(mine)
        p, q = xy[ea], xy[eb]  # every bond
        r, t = p[e][:, None, :], q[e][:, None, :]  # this node's bonds, one row each
        d1 = (t[..., 0] - r[..., 0]) * (p[:, 1] - r[..., 1]) - (t[..., 1] - r[..., 1]) * (p[:, 0] - r[..., 0])
        d2 = (t[..., 0] - r[..., 0]) * (q[:, 1] - r[..., 1]) - (t[..., 1] - r[..., 1]) * (q[:, 0] - r[..., 0])
        d3 = (q[:, 0] - p[:, 0]) * (r[..., 1] - p[:, 1]) - (q[:, 1] - p[:, 1]) * (r[..., 0] - p[:, 0])
        d4 = (q[:, 0] - p[:, 0]) * (t[..., 1] - p[:, 1]) - (q[:, 1] - p[:, 1]) * (t[..., 0] - p[:, 0])
        hit = (d3 * d4 < -1e-12) & (d1 * d2 < -1e-12)
        a, b = ea[e][:, None], eb[e][:, None]
        hit &= (ea != a) & (ea != b) & (eb != a) & (eb != b)
        own = np.zeros(m, dtype=bool)
        own[e] = True
        hit &= ~(own & (np.arange(m) <= e[:, None]))  # a pair of this node's own bonds counts once
        count = int(hit.sum())
        return count

    try:
        for _ in range(sweeps):
            improved = False
            for u in range(len(g.nodes)):  # move a node to where its neighbours pull it, or a little beside that
                before = local((u,))
                nbrs = [index[w] for w in g.adj[g.nodes[u]]]
                if before == 0 or not nbrs:
                    continue
                home = xy[u].copy()
                bx = sum(float(xy[w][0]) for w in nbrs) / len(nbrs)
                by = sum(float(xy[w][1]) for w in nbrs) / len(nbrs)
                best_spot, best = home, before
                for dx, dy in STYLE.layout.untangle_steps:
                    spot = np.array((bx + dx, by + dy))
                    charge(len(g.nodes))
                    near = np.hypot(xy[:, 0] - spot[0], xy[:, 1] - spot[1]) < STYLE.layout.untangle_clearance
                    near[u] = False
                    if near.any():
                        continue
                    xy[u] = spot
                    try:
                        now = local((u,))
                    finally:
                        xy[u] = home
                    if now < best:
                        best_spot, best = spot, now
                xy[u] = best_spot
                improved = improved or best < before
            for u in range(len(g.nodes)):
                for v in range(u + 1, len(g.nodes)):
                    before = local((u, v))
                    if before == 0:
                        continue
                    xy[[u, v]] = xy[[v, u]]
                    try:
                        better = local((u, v)) < before
                    except Spent:
                        xy[[u, v]] = xy[[v, u]]
                        raise
                    if better:
                        improved = True
                    else:
                        xy[[u, v]] = xy[[v, u]]
            if not improved:
                break
    except Spent:
        pass
    return {v: (float(xy[k][0]), float(xy[k][1])) for k, v in enumerate(g.nodes)}


def _unevenness(pos: dict[NodeId, Point], g: Graph) -> float:
    """How uneven the bonds are: the coefficient of variation of their lengths (rounded, so that every
    process ranks the same way)."""
    lengths = [math.dist(pos[a], pos[b]) for a, b in g.edges]
    if len(lengths) < 2:
        return 0.0
    mean = sum(lengths) / len(lengths)
    if mean <= 1e-12:
        return 0.0
    return round(math.sqrt(sum((x - mean) ** 2 for x in lengths) / len(lengths)) / mean, 6)


def _level(pos: dict[NodeId, Point], g: Graph) -> dict[NodeId, Point]:
    """Turn the picture so that the first tensor sits left of the last, level with it, as drawn by hand."""
    tensors = [v for v in g.nodes if v.is_tensor]
    if len(tensors) < 2:
        return pos
    (ax, ay), (bx, by) = pos[tensors[0]], pos[tensors[-1]]
    if math.hypot(bx - ax, by - ay) < 1e-6:
        return pos
    theta = -math.atan2(by - ay, bx - ax)
    c, s = math.cos(theta), math.sin(theta)
    return {v: (round(x * c - y * s, 6), round(x * s + y * c, 6)) for v, (x, y) in pos.items()}


def _normalise(pos: dict[NodeId, Point], edges: list[tuple[NodeId, NodeId]]) -> dict[NodeId, Point]:
    """Scale so the median bond is one unit long, and round, so every process gets the same bytes."""
    lengths = sorted(math.dist(pos[a], pos[b]) for a, b in edges)
    scale = 1.0 / lengths[len(lengths) // 2] if lengths and lengths[len(lengths) // 2] > 1e-9 else 1.0
    return {v: (round(p[0] * scale, 6), round(p[1] * scale, 6)) for v, p in pos.items()}
