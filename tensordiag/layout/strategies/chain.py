"""Chains: a path (an MPS, an MPO, a matrix product) on a horizontal line, in spec order."""

from __future__ import annotations

from ...network import NodeId
from ..graph import DOWN, LEFT, RIGHT, UP, Graph, Shaped


def path_order(g: Graph) -> list[NodeId] | None:
    """The nodes of a path from its end that comes first in spec order; None when ``g`` is no path."""
    if len(g.edges) != len(g.nodes) - 1 or any(g.degree(v) > 2 for v in g.nodes):
        return None
    ends = [v for v in g.nodes if g.degree(v) == 1]
    if len(ends) != 2:  # a cycle beside an isolated node has as many edges, but is no path
        return None
    order = [min(ends, key=g.order.__getitem__)]
    while len(order) < len(g.nodes):
        step = next((w for w in g.adj[order[-1]] if w not in order[-2:]), None)
        if step is None:  # the walk ends early: a path beside a loop on one node (a trace) has as many edges
            return None
        order.append(step)
    return order


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A path, one bond between neighbours; free legs up and down (an MPS), or outward at the two
    ends of a matrix product."""
    order = path_order(g)
    if order is None:
        return None
    positions = {v: (float(k), 0.0) for k, v in enumerate(order)}
    every = len(order) > 2 and all(g.free.get(v, 0) for v in order)  # an MPS; two tensors read as a product
    angles: dict[NodeId, list[float]] = {}
    for k, v in enumerate(order):
        if every or k not in (0, len(order) - 1):
            angles[v] = [UP, DOWN]
        else:  # the end of a matrix product: its open index leaves outward, as in A B C with i ... l
            angles[v] = [LEFT if k == 0 else RIGHT, UP, DOWN]
    return Shaped("chain", positions, angles)
