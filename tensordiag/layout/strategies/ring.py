"""Rings: a cycle (a periodic MPS, a trace of a product) on a circle, free legs pointing outward."""

from __future__ import annotations

import math

from ...style import STYLE
from ..graph import Graph, Shaped


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A cycle of three or more nodes, clockwise from the top, neighbours one bond apart."""
    if len(g.nodes) < 3 or any(g.degree(v) != 2 for v in g.nodes) or len(g.edges) != len(g.nodes):
        return None
    order = [g.nodes[0]]
    while len(order) < len(g.nodes):
        nxt = [w for w in g.adj[order[-1]] if w not in order[-2:]]
        if not nxt:
            return None
        order.append(nxt[0])
    if len(set(order)) != len(g.nodes):
        return None
    n = len(order)
    fan = STYLE.layout.ring_leg_fan
    radius = 0.5 / math.sin(math.pi / n)  # neighbours one bond apart
    positions, angles = {}, {}
    for k, v in enumerate(order):
        theta = 90.0 + 180.0 / n - 360.0 * k / n  # clockwise from the top, the first bond level
        positions[v] = (radius * math.cos(math.radians(theta)), radius * math.sin(math.radians(theta)))
        angles[v] = [theta, theta - fan, theta + fan]
    return Shaped("ring", positions, angles)
