"""The tensors that start and end the residual stream sit on its axis: input x → W_E → stream … → W_U → logits
reads as one line, as in the post, each such tensor's outward leg continuing the axis.

A wire that would then run along the axis through one of them (the input's seq pos straight to the first copy
past W_E; the stream's own seq pos leaving the last add past W_U) steps round it at right angles instead: out of
its node one bundle line off the axis, a level jog clear of the tensor, past it, and back in to the node beyond
on the bundle line it continues as; a free leg runs on past the tensor to its open end, level with the tensor's
own free leg. It steps to the side its line runs on at the copy or add node it joins (the seq pos side of the
stream), else to the side that holds no block.

The route's corners are offsets (cm) from the wire's first node, so that moving a picture (an equation's term)
moves them with it; geometry cuts the first and the last segment at the shapes' outlines
(:attr:`tensordiag.layout.Placement.routes`).
"""

from __future__ import annotations

from .. import sizes
from ..index_names import shown_index
from ..model import Diagram
from ..network import Network, NodeId
from ..ports import SPECIAL, ports_of, valid_ports
from ..style import STYLE
from ..texlabel import index_text
from .graph import Point

CLEARANCE = 0.3
"""The least distance (cm) from a stepped-round tensor's outline to the wire stepping round it."""
LABEL_GAP = 0.3
"""The least room (cm) between the labels at the open ends of a free leg stepping round a tensor and of the
tensor's own free leg beside it."""
EPS = 1e-6


def stream_routes(diagram: Diagram, network: Network, pos: dict[NodeId, Point],
                  extents: dict[str, tuple[float, float]], spine: set[NodeId], across: bool
                  ) -> dict[tuple[NodeId, NodeId], tuple[Point, ...]]:
    """The routes of the wires along the stream's axis that would run through a tensor on it (by the wire's
    (a, b) nodes); a free leg's open end moves to the route's end (``pos`` in place)."""
    special = {t.name: t for t in diagram.tensors if t.kind in SPECIAL}

    def local(p: Point) -> Point:  # (along the stream, across it): the stream runs up, or left to right
        return (p[0], p[1]) if across else (p[1], p[0])

    def world(along: float, side: float) -> Point:
        return (along, side) if across else (side, along)

    line = [round(local(pos[v])[1], 6) for v in spine if v.name in special]
    if not line:
        return {}
    axis = max(set(line), key=lambda c: (line.count(c), -abs(c)))
    on_axis = {v for v in spine if v.is_tensor and abs(local(pos[v])[1] - axis) < EPS}
    stood = {v: max(extents[v.name]) / 2 for v in on_axis if v.name not in special}
    gap = STYLE.drawing.bundle_gap
    wired: dict[NodeId, set[NodeId]] = {}
    for w in network.wires:
        if not w.free and not w.loop:
            wired.setdefault(w.a.node, set()).add(w.b.node)
            wired.setdefault(w.b.node, set()).add(w.a.node)
    routes: dict[tuple[NodeId, NodeId], tuple[Point, ...]] = {}
    for w in network.wires:
        a, b = w.a.node, w.b.node
        if w.loop or a not in on_axis:
            continue
        if w.free:  # a free leg meets the tensor on the axis ahead that its node is wired to (the stream's own
            ahead = [v for v in stood if v in wired.get(a, set())]  # seq pos past W_U), wherever it was put
            signs = {1.0 if local(pos[v])[0] > local(pos[a])[0] else -1.0 for v in ahead}
            along = abs(local(pos[b])[1] - axis) < EPS
            if len(signs) != 1 or not (along or a.name in special):
                continue
            dirn = signs.pop()
            if along and (local(pos[b])[0] - local(pos[a])[0]) * dirn < 0:
                continue
            between, first, last = ahead, a, b
        elif b in on_axis:
            lo, hi = sorted((local(pos[a])[0], local(pos[b])[0]))
            between = [v for v in stood if v not in (a, b) and lo + EPS < local(pos[v])[0] < hi - EPS]
            dirn = 1.0
            first, last = (a, b) if local(pos[b])[0] > local(pos[a])[0] else (b, a)
        else:
            continue
        if not between:
            continue
        left = _left(special, first, last, w.index)  # left of a stream running up is −x, of one running right +y
        side = -1.0 if left is None else left if across else -left
        reach = max(stood[v] for v in between) + CLEARANCE
        edges = [(local(pos[v])[0] - dirn * stood[v], local(pos[v])[0] + dirn * stood[v]) for v in between]
        start = min(e[0] * dirn for e in edges) * dirn  # the nearest outline to ``first``, and the farthest
        stop = max(e[1] * dirn for e in edges) * dirn
        near = local(pos[first])[0]
        jog_in = (near + dirn * _radius(first, extents) + start) / 2
        out = side * reach
        off_first = side * gap / (2 if first.name in special else 1)
        corners = [(near, off_first), (jog_in, off_first), (jog_in, out)]
        if last.is_tensor:
            far = local(pos[last])[0]
            off_last = side * gap / (2 if last.name in special else 1)
            jog_out = (stop + far - _radius(last, extents)) / 2
            corners += [(jog_out, out), (jog_out, off_last), (far, off_last)]
        else:  # a free leg: on past the tensor to its open end, level with the tensor's own free legs
            beside = [v for v in network.wires if v.free and v.a.node in between]
            ends = [local(pos[v.b.node])[0] * dirn for v in beside]
            far = max([stop * dirn + STYLE.layout.stub_length] + ends) * dirn
            if beside and across:  # the end labels, beyond the two open ends, end level
                far -= dirn * max(0.0, _width(diagram, w.index) - max(_width(diagram, v.index) for v in beside))
            if beside and not across:  # far enough out that the two end labels sit side by side, level
                chars = (len(_shown(diagram, w.index)) + max(len(_shown(diagram, v.index)) for v in beside)) / 2
                reach = max(reach, chars * STYLE.drawing.char_width * STYLE.layout.unit_label_squeeze + LABEL_GAP)
                out = side * reach
                corners[-1] = (jog_in, out)
            corners.append((far, out))
            pos[last] = world(far, axis + out)
        if first != a:
            corners.reverse()
        origin = pos[a]
        routes[(a, b)] = tuple((round(x - origin[0], 6), round(y - origin[1], 6))
                               for x, y in (world(al, axis + si) for al, si in corners))
    return routes


def _left(special: dict, first: NodeId, last: NodeId, index: str) -> float | None:
    """+1 when ``index``'s line runs left of the stream's direction at the copy or add node it joins, −1 when
    right, None when no such node says (then the wire steps to the side that holds no block)."""
    for node in (last, first):
        t = special.get(node.name)
        if t is None or not valid_ports(t):
            continue
        for port in ports_of(t):
            if index in port.indices:
                j, n = port.indices.index(index), len(port.indices)
                left = (n - 1) / 2 - j
                if abs(left) > EPS:
                    return 1.0 if left > 0 else -1.0
    return None


def _shown(diagram: Diagram, index: str) -> str:
    return shown_index(index, dict(diagram.index_labels))


def _width(diagram: Diagram, index: str) -> float:
    return sizes.label_width(index_text(_shown(diagram, index))) * STYLE.drawing.leg_label_scale


def _radius(v: NodeId, extents: dict[str, tuple[float, float]]) -> float:
    return max(extents[v.name]) / 2 if v.is_tensor else 0.0
