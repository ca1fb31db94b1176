"""Layered flows of a component: breadth-first layers from its first node, bottom to top.

Only when declared (``structure: flow``): a diagram with copy and add nodes is laid out as a whole
by :mod:`tensordiag.layout.flow` before any strategy is tried; this is what a declared flow gives
a component without them. The force strategy also starts one candidate from these layers.
"""

from __future__ import annotations

from collections import deque

from ...network import NodeId
from ..graph import Graph, Point, Shaped


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """Layers by distance from the first node, bottom to top, each layer ordered by its parents."""
    return Shaped("flow", layers(g), {})


def layers(g: Graph) -> dict[NodeId, Point]:
    depth = {g.nodes[0]: 0}
    rows: list[list[NodeId]] = [[g.nodes[0]]]
    queue = deque([g.nodes[0]])
    while queue:
        v = queue.popleft()
        for w in g.adj[v]:
            if w not in depth:
                depth[w] = depth[v] + 1
                if depth[w] == len(rows):
                    rows.append([])
                rows[depth[w]].append(w)
                queue.append(w)
    positions = {}
    for d, row in enumerate(rows):
        for k, v in enumerate(row):
            positions[v] = (k - (len(row) - 1) / 2, float(d))
    return positions
