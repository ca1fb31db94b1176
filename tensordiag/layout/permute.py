"""Permuted free legs (``permute: true``): a transpose or rearrange drawn as legs crossing.

Every free leg leaves on one side (``free_side``, default up) in the order of the legs it is: its
tensor's axis order, tensors in the order they sit across the side. Past a short straight lead
beyond the farthest shape, legs that leave close together first fan out, in their own order, to
evenly spaced spots; then they run through one band where each moves smoothly to its place in the
*output's* order (a leg the permutation leaves in place runs straight through); they end side by
side, read left to right (top to bottom for a side left or right). Two legs cross in the band exactly when the permutation swaps them, and
then once (see :mod:`tensordiag.geometry.crossing`).

:func:`cross_free_legs` moves the open ends there and returns, for each, the points where its
crossing starts and ends, which geometry draws through.
"""

from __future__ import annotations

from .. import sizes
from ..model import SIDE_VECTORS, Diagram, leg_text
from ..network import Network, NodeId
from .graph import Point

LEAD = 0.2
"""The straight run (cm) beyond the farthest shape before the legs start to cross."""
TAIL = 0.15
"""The straight run (cm) after the crossing, up to the open ends."""
STEP = 0.45
"""The least gap (cm) between two neighbouring open ends; wider when their labels need it."""
FAN = 0.4
"""The shortest fan (cm) before the crossing: legs leaving closer together than they end first spread to
their ends' spacing, in their own order."""
SPREAD = 0.1
"""Legs that would spread by less than this (cm) to their ends' spacing do not fan out: they cross at once."""
BAND = 0.8
"""The shortest crossing band (cm); a leg moving further sideways gets a longer one (``SLOPE``)."""
SLOPE = 1.1
"""The band is at least this many times as long as the furthest any leg moves sideways."""


def reading(side: str) -> tuple[Point, Point]:
    """The direction legs leave in (``u``) and the direction their ends are read in (``d``): left to right
    for legs leaving up or down, top to bottom for legs leaving left or right."""
    u = SIDE_VECTORS[side]  # type: ignore[index]
    d = (1.0, 0.0) if u[0] == 0 else (0.0, -1.0)
    return u, d


def cross_free_legs(diagram: Diagram, network: Network, pos: dict[NodeId, Point],
                    extents: dict[str, tuple[float, float]]) -> dict[NodeId, tuple[Point, ...]]:
    """Move every open end of ``diagram`` to its place in the output's order (in ``pos``, in place) and
    return where each leg's crossing starts and where it ends, by open end."""
    u, d = reading(diagram.free_side or "up")

    def along(p: Point) -> float:
        return p[0] * u[0] + p[1] * u[1]

    def across(p: Point) -> float:
        return p[0] * d[0] + p[1] * d[1]

    free = [w for w in network.wires if w.free]
    if not free:
        return {}
    # Each owner's legs leave in its axis order, on the spots layout spread them over.
    by_owner: dict[NodeId, list] = {}
    for w in free:
        by_owner.setdefault(w.a.node, []).append(w)
    start: dict[NodeId, float] = {}
    for owner, wires in by_owner.items():
        spots = sorted(across(pos[w.b.node]) for w in wires)
        for w, r in zip(sorted(wires, key=lambda w: w.a.axis), spots):
            start[w.b.node] = r
    base = max(along(pos[o]) + (max(extents[o.name]) / 2 if o.is_tensor else 0.0) for o in by_owner) + LEAD
    # First the legs fan out, keeping their order, to evenly spaced spots; then they cross to the output's order.
    ends = sorted((w.b.node for w in free), key=lambda n: int(n.name))
    widest = max(sizes.label_width(leg_text(diagram.output[int(n.name)])) for n in ends)
    step = max(STEP, widest + 0.15)
    middle = sum(start.values()) / len(start)
    drawn = sorted(ends, key=lambda n: start[n])
    spread = {n: middle + (k - (len(ends) - 1) / 2) * step for k, n in enumerate(drawn)}
    end = {n: middle + (k - (len(ends) - 1) / 2) * step for k, n in enumerate(ends)}
    move = max(abs(spread[n] - start[n]) for n in ends)
    fan = max(FAN, SLOPE * move)
    if move < SPREAD:  # the legs leave about as far apart as they end: they cross at once
        spread, fan = start, 0.0
    band = max(BAND, SLOPE * max(abs(end[n] - spread[n]) for n in ends))

    def point(r: float, s: float) -> Point:
        return (round(d[0] * r + u[0] * s, 6), round(d[1] * r + u[1] * s, 6))

    for n in ends:
        pos[n] = point(end[n], base + fan + band + TAIL)
    return {n: ((point(start[n], base),) + ((point(spread[n], base + fan),) if fan else ())
                + (point(end[n], base + fan + band),)) for n in ends}
