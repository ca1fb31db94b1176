"""Rails: a chain of tensors on a horizontal line with hyperedge dots hanging below it, each dot joining two
neighbours of the chain (and its free leg): the per-head attention pattern x W_Q W_K x, whose num heads dot
joins W_Q and W_K. Only when declared (``structure: rail``)."""

from __future__ import annotations

from ...network import NodeId
from ..graph import DOWN, LEFT, RIGHT, UP, Graph, Shaped
from .chain import path_order

DROP = 0.8
"""How far below the chain (in bonds) a dot hangs."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """The chain without its dots, each dot below the middle of the two chain neighbours it joins."""
    dots = [v for v in g.nodes if v.is_dot]
    rest = [v for v in g.nodes if not v.is_dot]
    if not dots or not rest:
        return None
    order = path_order(g.sub(rest))
    if order is None:
        return None
    where = {v: k for k, v in enumerate(order)}
    positions = {v: (float(k), 0.0) for k, v in enumerate(order)}
    angles: dict[NodeId, list[float]] = {v: [UP, DOWN] for v in order}
    angles[order[0]] = [LEFT, UP, DOWN]
    angles[order[-1]] = [RIGHT, UP, DOWN]
    for d in dots:
        ks = sorted(where[m] for m in g.adj[d] if m in where)
        if len(ks) != 2 or ks[1] - ks[0] != 1 or len(g.adj[d]) != 2:
            return None
        positions[d] = (ks[0] + 0.5, -DROP)
        angles[d] = [DOWN]
    return Shaped("rail", positions, angles)
