"""Permuted free legs (``permute: true``): a transpose or rearrange drawn as legs crossing.

Every free leg leaves on one side (``free_side``, default up) in the order of the legs it is: its
tensor's axis order, tensors in the order they sit across the side. Past a short straight lead
beyond the farthest shape, legs that leave close together first fan out, in their own order, to
evenly spaced slots. Then they cross to the *output's* order in layers, as a braid is drawn: each
layer swaps neighbours that are out of order, each leg at most once, so every crossing is of two
legs only, each pair the permutation swaps crosses exactly once and no other pair crosses (a
transpose, or ``T.transpose(1, 2)``, is one layer; a reversal of three legs is three). A leg that
does not move in a layer runs straight through it. The legs end side by side, read left to right
(top to bottom for a side left or right). Geometry draws each step as one S-shaped cubic
(:mod:`tensordiag.geometry.crossing`).

:func:`cross_free_legs` moves the open ends there and returns, for each, the points its leg bends
between.
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
"""The shortest crossing layer (cm); a leg moving further sideways gets a longer one (``SLOPE``)."""
MAX_LAYERS = 6
"""The most crossing layers a permutation is drawn in; one that needs more crosses in a single layer."""
SLOPE = 1.1
"""A fan or a layer is at least this many times as long as the furthest any leg moves sideways in it."""


def reading(side: str) -> tuple[Point, Point]:
    """The direction legs leave in (``u``) and the direction their ends are read in (``d``): left to right
    for legs leaving up or down, top to bottom for legs leaving left or right."""
    u = SIDE_VECTORS[side]  # type: ignore[index]
    d = (1.0, 0.0) if u[0] == 0 else (0.0, -1.0)
    return u, d


def cross_free_legs(diagram: Diagram, network: Network, pos: dict[NodeId, Point],
                    extents: dict[str, tuple[float, float]]) -> dict[NodeId, tuple[Point, ...]]:
    """Move every open end of ``diagram`` to its place in the output's order (in ``pos``, in place) and
    return, by open end, the points its leg bends between: the end of its lead, of its fan (when the legs
    fan out) and of each crossing layer."""
    u, d = reading(diagram.free_side or "up")

    def along(p: Point) -> float:
        return p[0] * u[0] + p[1] * u[1]

    def across(p: Point) -> float:
        return p[0] * d[0] + p[1] * d[1]

    def point(r: float, s: float) -> Point:
        return (round(d[0] * r + u[0] * s, 6), round(d[1] * r + u[1] * s, 6))

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
    # First the legs fan out, keeping their order, to evenly spaced slots; then they cross to the output's
    # order in layers, each swapping neighbours that are out of order (never one leg twice in a layer).
    ends = sorted((w.b.node for w in free), key=lambda n: int(n.name))
    widest = max(sizes.label_width(leg_text(diagram.output[int(n.name)])) for n in ends)
    step = max(STEP, widest + 0.15)
    middle = sum(start.values()) / len(start)
    slot = [middle + (k - (len(ends) - 1) / 2) * step for k in range(len(ends))]
    order = sorted(ends, key=lambda n: start[n])
    at = dict(start)
    height = base
    bends: dict[NodeId, list[Point]] = {n: [point(start[n], base)] for n in ends}
    if max(abs(slot[k] - start[n]) for k, n in enumerate(order)) >= SPREAD:
        height += max(FAN, SLOPE * max(abs(slot[k] - start[n]) for k, n in enumerate(order)))
        for k, n in enumerate(order):
            at[n] = slot[k]
            bends[n].append(point(slot[k], height))
    for layer in layers(order, {n: k for k, n in enumerate(ends)}):
        height += max(BAND, SLOPE * max(abs(slot[k] - at[n]) for k, n in enumerate(layer)))
        for k, n in enumerate(layer):
            at[n] = slot[k]
            bends[n].append(point(slot[k], height))
    for n in ends:
        pos[n] = point(at[n], height + TAIL)
    return {n: tuple(b) for n, b in bends.items()}



def layers(order: list[NodeId], rank: dict[NodeId, int]) -> list[list[NodeId]]:
    """The order after each crossing layer, from ``order`` to the one ``rank`` sorts by: each layer swaps, left to
    right, every pair of neighbours out of order that shares no leg with a pair swapped before it. A permutation
    that needs more than ``MAX_LAYERS`` layers crosses in one (some crossings may then share a point), so a
    long reversal costs a few bends per leg, not one per leg per leg."""
    out: list[list[NodeId]] = []
    order = list(order)
    while any(rank[a] > rank[b] for a, b in zip(order, order[1:])):
        if len(out) == MAX_LAYERS:
            return [sorted(order, key=rank.__getitem__)]
        k = 0
        while k < len(order) - 1:
            if rank[order[k]] > rank[order[k + 1]]:
                order[k], order[k + 1] = order[k + 1], order[k]
                k += 2
            else:
                k += 1
        out.append(list(order))
    return out
