"""Gains in a flow: a vector that scales a wire elementwise (a layer norm's gain γ) is drawn as the post draws a
Hadamard product, a delta dot on the wire with the vector hanging off it. In a flow, such a vector feeds the
branch it sits in (a traced layer norm read by the query, key and value branches is drawn in each of them, its
gain too, as the post draws the pasted copies): its dot stays on the branch, in line with the branch's wire,
and the vector hangs beside the dot, off the branch at a right angle, on the side with more room. The flow's
levels, lanes and block arrangements (:mod:`.flow`, :mod:`.blocks`) leave the vectors out, so a gain does not
turn its branch into a second branch or its block into an unrecognised one.
"""

from __future__ import annotations

import math

from ..model import Diagram
from ..network import NodeId, tensor_id
from ..plane import segments_cross
from ..ports import SPECIAL
from ..style import STYLE
from .graph import Point

HANG = 0.6
"""How far (in bonds) a gain hangs from its dot."""


def hung_gains(diagram: Diagram) -> dict[str, str]:
    """Each gain (a one-leg tensor whose leg joins only a three-leg delta dot) -> its dot's name."""
    holders: dict[str, list[str]] = {}
    for t in diagram.tensors:
        for i in dict.fromkeys(t.indices):
            holders.setdefault(i, []).append(t.name)
    kinds = {t.name: t for t in diagram.tensors}
    out: dict[str, str] = {}
    for t in diagram.tensors:
        legs = list(dict.fromkeys(t.indices))
        if t.kind in SPECIAL or len(legs) != 1 or len(t.indices) != 1:
            continue
        others = [n for n in holders[legs[0]] if n != t.name]
        if len(others) != 1:
            continue
        dot = kinds[others[0]]
        if dot.kind == "delta" and len(set(dot.indices)) == 3 and all(len(holders[i]) == 2 for i in dot.indices):
            out[t.name] = dot.name
    return out


def hang_gains(diagram: Diagram, pos: dict[NodeId, Point]) -> None:
    """Each gain beside its dot, at a right angle to the wire through the dot, on the side where its wire
    crosses no bond, else farther from the other tensors (in place; positions in cm)."""
    gains = hung_gains(diagram)
    if not gains:
        return
    holders: dict[str, list[str]] = {}
    for t in diagram.tensors:
        for i in dict.fromkeys(t.indices):
            holders.setdefault(i, []).append(t.name)
    reach = HANG * STYLE.layout.bond_length
    indices = {t.name: t.indices for t in diagram.tensors}
    for gain, dot in sorted(gains.items()):
        ends = [n for i in indices[dot] for n in holders[i] if n not in (dot, gain)]
        if len(ends) != 2 or not all(tensor_id(n) in pos for n in (dot, *ends)):
            continue
        (ax, ay), (bx, by) = pos[tensor_id(ends[0])], pos[tensor_id(ends[1])]
        d = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = -(by - ay) / d, (bx - ax) / d
        dx, dy = round((ax + bx) / 2, 6), round((ay + by) / 2, 6)  # the dot on the branch, amid its two tensors
        pos[tensor_id(dot)] = (dx, dy)
        others = [p for v, p in pos.items() if v.is_tensor and v.name not in (gain, dot)]
        bonds = [(pos[tensor_id(hs[0])], pos[tensor_id(hs[1])]) for hs in holders.values()
                 if len(hs) == 2 and not {gain, dot} & set(hs) and all(tensor_id(h) in pos for h in hs)]
        best = None
        for side in (1.0, -1.0):
            spot = (round(dx + side * nx * reach, 6), round(dy + side * ny * reach, 6))
            crossed = sum(segments_cross((dx, dy), spot, a, b) for a, b in bonds)
            room = (-crossed, min((math.dist(spot, p) for p in others), default=math.inf))
            if best is None or room > best[0]:
                best = (room, spot)
        assert best is not None
        pos[tensor_id(gain)] = best[1]
