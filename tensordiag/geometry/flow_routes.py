"""Skip wires at right angles: a wire from inside a block straight to an add node on the stream (the query's
seq pos, which runs from its pasted copy to the add past the rest of the attention block) leaves its tensor
at a right angle to the block's own wire into the add (W_O's hidden), turns once, and runs beside that wire,
one bundle gap from it, into the add: the two arrive together as the (seq pos, hidden) pair the add takes.
The wire keeps its straight line when the bent one would cross a wire or pass through a shape.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..model import Diagram
from ..network import Network, tensor_id
from ..ports import ports_of, valid_ports
from ..plane import segment_enters_circle, segment_enters_convex, segments_cross
from ..style import STYLE
from .elements import Point, ShapeG, WireG, flatten
from .shapes import boundary

_D = STYLE.drawing


def route_skips(diagram: Diagram, network: Network, pos: dict, shapes: dict[str, ShapeG],
                wires: list[WireG]) -> list[WireG]:
    """``wires`` with each skip wire into an add node bent at a right angle where that is clear."""
    adds = {t.name for t in diagram.tensors if t.kind == "add"}
    indices = {t.name: set(t.indices) for t in diagram.tensors}
    specials = {t.name for t in diagram.tensors if t.kind in ("copy", "add")}
    arriving = {(t.name, i) for t in diagram.tensors if t.name in adds and valid_ports(t)
                for port in ports_of(t) if not port.outgoing for i in port.indices}
    out = list(wires)
    for k, w in enumerate(network.wires):
        if w.free or w.loop or len(w.indices) != 1 or out[k].curve or len(out[k].points) != 2:
            continue
        ends = (w.a.node, w.b.node)
        if not all(e.is_tensor for e in ends):
            continue
        names = [e.name for e in ends]
        if sum(n in adds for n in names) != 1:
            continue
        add, other = (names[0], names[1]) if names[0] in adds else (names[1], names[0])
        if len(indices[add] & indices[other]) != 1 or (add, w.indices[0]) not in arriving:
            continue  # a bundle (the stream itself) stays straight, and so does what the add feeds (W_U)
        path = _bent(add, other, k, network, pos, shapes, out, specials, indices)
        if path is not None and _clear(path, k, {add, other}, shapes, out):
            out[k] = replace(out[k], points=path if w.a.node.name == other else path[::-1])
    return out


def _bent(add: str, other: str, k: int, network: Network, pos: dict, shapes: dict[str, ShapeG],
          out: list[WireG], specials: set[str], indices: dict[str, set[str]]) -> tuple[Point, ...] | None:
    """The path from ``other`` to ``add``: out at a right angle to the add's nearest block wire, then beside it."""
    a = pos[tensor_id(add)]
    t = pos[tensor_id(other)]
    best = None
    for j, v in enumerate(network.wires):
        if j == k or v.free or v.loop or len(v.indices) != 1 or len(out[j].points) != 2 or out[j].curve:
            continue
        far = v.b.node if v.a.node == tensor_id(add) else v.a.node if v.b.node == tensor_id(add) else None
        if far is None or not far.is_tensor or far.name == other or far.name in specials or \
                len(indices[add] & indices[far.name]) != 1:
            continue  # only a block's own wire (W_O's), never the stream's, guides the skip wire
        r = pos[far]
        d = math.hypot(r[0] - a[0], r[1] - a[1])
        if d < 1e-9:
            continue
        u = ((r[0] - a[0]) / d, (r[1] - a[1]) / d)
        along = (t[0] - a[0]) * u[0] + (t[1] - a[1]) * u[1]
        if along <= 0 or along >= d:
            continue
        angle = abs(math.atan2((t[0] - a[0]) * u[1] - (t[1] - a[1]) * u[0], along))
        if best is None or angle < best[0]:
            best = (angle, u, along)
    if best is None:
        return None
    _, u, along = best
    if abs(u[0] * u[1]) > 1e-9:  # the block's wire into the add runs level or upright, or nothing is bent
        return None
    n = (-u[1], u[0])
    side = (t[0] - a[0]) * n[0] + (t[1] - a[1]) * n[1]
    gap = _D.bundle_gap
    if abs(side) < gap + shapes[other].width / 2:
        return None
    if side < 0:
        n = (-n[0], -n[1])
    corner = (a[0] + u[0] * along + n[0] * gap, a[1] + u[1] * along + n[1] * gap)
    radius = shapes[add].radius or shapes[add].width / 2
    rim = math.sqrt(max(radius * radius - gap * gap, 0.0))
    start = boundary(shapes[other], corner)
    end = (a[0] + n[0] * gap + u[0] * rim, a[1] + n[1] * gap + u[1] * rim)
    return (start, corner, end)


def _clear(path: tuple[Point, ...], k: int, own: set[str], shapes: dict[str, ShapeG], out: list[WireG]) -> bool:
    """Whether the bent path crosses no other wire and passes through no shape but its two ends."""
    segs = list(zip(path, path[1:]))
    for s in shapes.values():
        if s.name in own or s.shape == "none":
            continue
        for p, q in segs:
            if s.outline and segment_enters_convex(p, q, s.outline):
                return False
            if not s.outline and segment_enters_circle(p, q, (s.x, s.y), s.radius or min(s.width, s.height) / 2):
                return False
    for j, w in enumerate(out):
        if j == k:
            continue
        pts = flatten(w)
        for p, q in segs:
            for c, d in zip(pts, pts[1:]):
                if segments_cross(p, q, c, d):
                    return False
    return True
