"""Layered networks (a MERA, a DAG-like network with a clear up and down): the physical legs at the
bottom, each tensor one layer above the highest tensor below it that it joins.

Up is toward the top: the tensor farthest from any free leg (then the nearest to all of them, summed)
whose layering is recognised, of the first :data:`TOPS` so ordered (a bounded number of tries: linear in
the size). Each bond runs up from the end farther from the top (then the one with more free legs,
then the earlier in the spec) to the other, which makes the network a DAG; the layers are its
longest paths from the bottom.

Across, every free leg is a site at the bottom in output order, and each tensor sits at the mean of
the sites and of the tensors below it that it joins (a disentangler over its two sites, an isometry
over the two it merges); tensors of a layer keep at least one bond between them. Each layer sits as
far above the one below as its widest bond reaches across, so that bond is at 45° and the rest are
steeper, as a tree is drawn. Physical legs point down (several on one tensor splayed 40° apart).

Recognised when there is a clear bottom: tensors only (no junction dots), three or more layers, no
tensor above the second layer with a free leg, and no two bonds crossing (declared, ``structure:
layered``, a misfit is an error).
"""

from __future__ import annotations


from ...network import NodeId
from ..crossings import crossings
from ..graph import DOWN, UP, Graph, Point, Shaped

TOPS = 16
"""Tensors tried as the top: the farthest from any free leg first, then the most central (least summed
distance to the free legs); in a MERA the middle isometries of the last layer may lie farther from the
free legs than the top tensor does (MERAs of 8 to 64 sites, 2 to 4 layers, find theirs in 13 tries)."""
GAP = 1.0
"""Least distance across between two tensors of one layer, and least rise between layers, in bonds."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """The layered drawing (see the module's docstring), or None when the network has no clear bottom."""
    bottom = [v for v in g.nodes if g.free.get(v)]
    if not bottom or any(not v.is_tensor for v in g.nodes):
        return None
    near = g.distances(bottom)
    if max(near.values()) == 0:
        return None  # every tensor has a free leg: no top (it would be above the second layer with one)
    deep = sorted(g.nodes, key=lambda v: (-near[v], g.order[v]))[:3 * TOPS]
    tops = sorted(deep, key=lambda v: (-near[v], _spread(g, v), g.order[v]))[:TOPS]
    for top in tops:
        if (shaped := _layered(g, top)) is not None:
            return shaped
    return None


def _spread(g: Graph, v: NodeId) -> int:
    return sum(g.free.get(w, 0) * d for w, d in g.distances([v]).items())


def _layered(g: Graph, top: NodeId) -> Shaped | None:
    height = g.distances([top])
    rank = {v: (-height[v], -g.free.get(v, 0), g.order[v]) for v in g.nodes}
    below = {v: [w for w in g.adj[v] if rank[w] < rank[v]] for v in g.nodes}
    level: dict[NodeId, int] = {}
    for v in sorted(g.nodes, key=rank.__getitem__):
        level[v] = max((level[w] + 1 for w in below[v]), default=0)
    highest = max(level.values())
    if highest < 2 or any(level[v] > 1 and g.free.get(v) for v in g.nodes):
        return None
    sites: dict[NodeId, list[float]] = {v: [] for v in g.nodes}
    slots = sorted((int(o.name), v) for v in g.nodes for _, o in g.legs.get(v, []) if o is not None and o.is_open)
    for k, (_, v) in enumerate(slots):  # every free leg a site at the bottom, in output order
        sites[v].append(float(k))
    x: dict[NodeId, float] = {}
    layers: list[list[NodeId]] = [[] for _ in range(highest + 1)]
    for v in sorted(g.nodes, key=lambda v: (level[v], rank[v])):
        layers[level[v]].append(v)
    for row in layers:
        for v in row:
            spots = sites[v] + [x[w] for w in below[v]]
            x[v] = sum(spots) / len(spots) if spots else 0.0
        row.sort(key=lambda v: (x[v], g.order[v]))
        for a, b in zip(row, row[1:]):
            x[b] = max(x[b], x[a] + GAP)
    y = {0: 0.0}
    for k in range(1, highest + 1):
        reach = max((abs(x[v] - x[w]) / (level[v] - level[w]) for v in layers[k] for w in below[v]), default=0.0)
        y[k] = y[k - 1] + max(GAP, reach)
    positions: dict[NodeId, Point] = {v: (round(x[v], 6), round(y[level[v]], 6)) for v in g.nodes}
    if crossings(positions, g.edges):
        return None
    angles = {v: _down(g.free.get(v, 0)) if level[v] <= 1 else [UP, DOWN] for v in g.nodes}
    return Shaped("layered", positions, angles)


def _down(k: int) -> list[float]:
    """``k`` physical legs down, splayed 40° apart about straight down when there are several."""
    return [DOWN + 40.0 * (j - (k - 1) / 2) for j in range(k)] + [UP] if k > 1 else [DOWN, UP]
