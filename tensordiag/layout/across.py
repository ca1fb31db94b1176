"""A stream drawn left to right (``structure: flow-right``): where each of the flow's levels goes along it.

The levels are ``squeeze`` bonds apart, as close as the blocks above the stream allow (their labels sit beside
upright wires), except where a level bond joins two tensors of one row (the input x to W_E, W_E to the first copy,
the last add to W_U, W_K to W_Q in a head): there the two levels move apart until the bond's label fits between
the two shapes, so that it sits beside its own wire instead of drifting below both; and after an upright
labelled bond (a block's branch) the next level leaves its label room when the level before it left none.
"""

from __future__ import annotations

from .. import sizes
from ..index_names import shown_index
from ..model import Diagram
from ..network import Network, NodeId
from ..style import STYLE
from ..texlabel import index_text
from .graph import Point

LABEL_ROOM = 0.15
"""Room (cm) left between a level bond's label and the shapes at its two ends, both sides together."""
UPRIGHT_ROOM = 0.45
"""Room (cm) for what stands at the level after an upright labelled wire (a shape's half, a bubble's border)."""
EPS = 1e-6


def level_places(diagram: Diagram, network: Network, flow: dict[NodeId, Point],
                 extents: dict[str, tuple[float, float]], gap: float) -> dict[float, float]:
    """Each level of ``flow`` (tensor -> (column, level)) -> its place along the stream (cm), ``gap`` cm to a level
    apart at least, further where a level bond's label needs it."""
    levels = sorted({round(p[1], 6) for p in flow.values()})
    shown = dict(diagram.index_labels)
    pairs: dict[frozenset[NodeId], int] = {}
    for w in network.wires:
        if not w.free and not w.loop:
            pairs[frozenset((w.a.node, w.b.node))] = pairs.get(frozenset((w.a.node, w.b.node)), 0) + 1
    needs: list[tuple[float, float, float]] = []
    upright: list[tuple[float, float]] = []  # (level, the room its label needs on one side or the other)  # (from level, to level, the least distance between them)
    for w in network.wires:
        a, b = w.a.node, w.b.node
        if w.free or w.loop or a not in flow or b not in flow or len(w.indices) != 1:
            continue
        (ca, la), (cb, lb) = flow[a], flow[b]
        if pairs[frozenset((a, b))] > 1 or (abs(ca - cb) > EPS) == (abs(la - lb) > EPS):
            continue  # a bundle (the stream between two of its nodes) is labelled once, where there is room
        label = sizes.label_width(index_text(shown_index(w.indices[0], shown))) * STYLE.drawing.leg_label_scale
        if abs(la - lb) > EPS:  # level: the label between the two shapes
            need = (max(extents[a.name]) + max(extents[b.name])) / 2 + label + LABEL_ROOM
            needs.append((round(min(la, lb), 6), round(max(la, lb), 6), need))
        else:  # upright: the label beside it, before whatever stands at the next level
            upright.append((round(la, 6), label + LABEL_ROOM + UPRIGHT_ROOM))
    place: dict[float, float] = {}
    for k, level in enumerate(levels):
        at = 0.0 if k == 0 else place[levels[k - 1]] + (level - levels[k - 1]) * gap
        for lo, hi, need in needs:
            if abs(hi - level) < EPS and lo in place:
                at = max(at, place[lo] + need)
        if k >= 2:  # an upright label at the level before: room after it when there was none before it
            last, before = levels[k - 1], place[levels[k - 1]] - place[levels[k - 2]]
            for lo, need in upright:
                if abs(lo - last) < EPS and before < need:
                    at = max(at, place[last] + need)
        place[level] = round(at, 6)
    return place
