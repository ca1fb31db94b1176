"""Stars: a hub joined to every other node (a delta, or a core with its factors as in CP)."""

from __future__ import annotations

import math

from ...network import NodeId
from ...style import STYLE
from ..graph import Graph, Shaped


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A tree of four or more nodes one of which is joined to all the others: arms round the hub at
    compass directions, one bond long, each arm's free legs pointing on outward."""
    n = len(g.nodes)
    if len(g.edges) != n - 1 or n < 4:
        return None
    hub = max(g.nodes, key=g.degree)
    if g.degree(hub) != n - 1:
        return None
    arms = [v for v in g.nodes if v != hub]
    reach = 1.0
    if len(arms) > len(STYLE.layout.star_angles) + 2:  # evenly round the hub, widened so neighbouring arms stay apart
        angles = [360.0 * k / len(arms) for k in range(len(arms))]
        reach = max(1.0, STYLE.layout.star_gap / 2 / math.sin(math.pi / len(arms)))
    else:
        angles = list(STYLE.layout.star_angles[len(arms) - 3])
    positions = {hub: (0.0, 0.0)}
    prefer: dict[NodeId, list[float]] = {hub: [90.0, 270.0, 45.0, 135.0]}
    for v, a in zip(arms, angles):
        positions[v] = (round(reach * math.cos(math.radians(a)), 9), round(reach * math.sin(math.radians(a)), 9))
        prefer[v] = [a, a + 90.0, a - 90.0]
    return Shaped("star", positions, prefer)
