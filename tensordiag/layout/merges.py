"""Where the merge point of a grouped free leg goes when its side is declared.

A merge point is where a grouped free leg's thin strands join into the thick leg (``(i k)`` in
``einsum(I5, I3, 'i j, k l -> (i k) (j l)')``). Its thick leg leaves on its declared side, so the
merge point itself belongs on that side of everything its strands come from: then the thick leg
runs outward, its strands fan in from the picture, and each strand's label sits by its own group.
Left to a spring placement, a merge point can land on the far side, and its thick leg then points
back into the picture, across the other group's strands.

:func:`merge_anchors` gives the spring a fixed start for each such merge point (one bond beyond
the pins' middle on its side; several on one side side by side); :func:`push_out` then moves any
merge point that still sits among its strands' sources beyond them along its side.
"""

from __future__ import annotations

from ..model import SIDE_VECTORS, Diagram, Side, leg_text
from ..network import NodeId
from ..style import STYLE
from .graph import Point


def merge_sides(diagram: Diagram, core: list[NodeId]) -> dict[NodeId, Side]:
    """Each merge point of ``core`` whose grouped free leg has a declared side (``sides``, else ``free_side``)."""
    sides = diagram.side_map
    out: dict[NodeId, Side] = {}
    for n in core:
        if n.kind == "merge":
            side = sides.get(leg_text(diagram.output[int(n.name)])) or diagram.free_side
            if side is not None:
                out[n] = side
    return out


def merge_anchors(diagram: Diagram, core: list[NodeId], pins: dict[NodeId, Point]) -> dict[NodeId, Point]:
    """A fixed start (in bonds) for each merge point with a declared side: one bond beyond the pins on
    that side, level with their middle; merge points sharing a side are spread one bond apart across it, in
the output's order read left to right (top to bottom on a side left or right)."""
    bond = STYLE.layout.bond_length
    pts = [(x / bond, y / bond) for x, y in pins.values()]
    cx = sum(p[0] for p in pts) / len(pts) if pts else 0.0
    cy = sum(p[1] for p in pts) / len(pts) if pts else 0.0
    by_side: dict[Side, list[NodeId]] = {}
    for n, side in merge_sides(diagram, core).items():
        by_side.setdefault(side, []).append(n)
    out: dict[NodeId, Point] = {}
    for side, merges in by_side.items():
        ux, uy = SIDE_VECTORS[side]
        dx, dy = (1.0, 0.0) if ux == 0 else (0.0, -1.0)  # read left to right, or top to bottom
        reach = 1.0 + max((ux * (p[0] - cx) + uy * (p[1] - cy) for p in pts), default=0.0)
        for k, m in enumerate(merges):
            shift = k - (len(merges) - 1) / 2
            out[m] = (cx + ux * reach + dx * shift, cy + uy * reach + dy * shift)
    return out


def push_out(diagram: Diagram, core: list[NodeId], edges: list[tuple[NodeId, NodeId]],
             pos: dict[NodeId, Point]) -> None:
    """Move each merge point with a declared side at least half a bond beyond its strands' sources along
    that side (in place); one already beyond them stays where it is."""
    gap = STYLE.layout.bond_length / 2
    for m, side in merge_sides(diagram, core).items():
        ux, uy = SIDE_VECTORS[side]
        sources = [pos[b if a == m else a] for a, b in edges if m in (a, b) and a != b]
        if not sources:
            continue
        reach = max(ux * x + uy * y for x, y in sources) + gap
        x, y = pos[m]
        along = ux * x + uy * y
        if along < reach:
            pos[m] = (x + ux * (reach - along), y + uy * (reach - along))
