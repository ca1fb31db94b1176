"""Where each wire runs: straight from outline to outline, a curve in a lens of parallel bonds, a
teardrop for a trace."""

from __future__ import annotations

import math
from typing import Mapping

from .. import sizes
from ..model import Diagram
from ..network import Network, NodeId, Port, Wire, tensor_id
from ..ports import SPECIAL, ports_of, valid_ports
from ..style import STYLE
from ..styles import line_hex, line_width
from .attach import tip_axes, triangle_end
from .crossing import crossing_path, exit_point
from .elements import Point, ShapeG, WireG
from .flank import flank_ends, flank_path, open_end
from .shapes import boundary

_D = STYLE.drawing


def draw_wires(diagram: Diagram, network: Network, pos: dict, shapes: dict[str, ShapeG], keys: dict[NodeId, str],
               crossing: Mapping[NodeId, tuple[Point, ...]] | None = None,
               straight: dict[int, tuple[Point, Point]] | None = None,
               lines: Mapping[tuple[NodeId, str], tuple[float, int]] | None = None,
               arcs: Mapping[tuple[NodeId, NodeId], tuple[Point, Point]] | None = None,
               routes: Mapping[tuple[NodeId, NodeId], tuple[Point, ...]] | None = None) -> list[WireG]:
    """One :class:`WireG` per wire of ``network``, in its order; a free leg with a ``crossing`` start (a
    permuted diagram's) runs through the crossing band (:mod:`.crossing`); ``straight``: the points of bundled
    wires; ``lines``: legs that leave a tall tensor on their line (see
    :attr:`tensordiag.layout.Placement.ends`); ``arcs``: bonds drawn as curves
    (:attr:`tensordiag.layout.Placement.arcs`); ``routes``: wires through corners
    (:attr:`tensordiag.layout.Placement.routes`)."""
    straight = straight or {}
    routes = routes or {}
    dims = diagram.dim_map
    wires: list[WireG] = []
    loops_seen: dict[NodeId, int] = {}
    leg_colors = {i: line_hex(c) for i, c in diagram.leg_colors}
    lens_rank = lens_order(diagram, network, pos, set(straight))
    tips = tip_axes(diagram)
    flanks = flank_ends(network, pos, shapes, tips)
    for w in network.wires:
        width = line_width(w.indices, dims)
        ends = (keys[w.a.node], keys[w.b.node])
        color = leg_colors.get(w.indices[0], "#000000") if len(w.indices) == 1 else "#000000"
        if w.loop:
            k = loops_seen.get(w.a.node, 0)
            loops_seen[w.a.node] = k + 1
            points = loop(w, k, network, pos, shapes)
            wires.append(WireG(w.index, "loop", points, True, width, color, ends))
            continue
        if crossing and w.free and w.b.node in crossing:
            bends = crossing[w.b.node]
            shape = shapes[w.a.node.name] if w.a.node.is_tensor else None
            points = crossing_path(shape, _end(w.a, bends[0], pos, shapes), bends, pos[w.b.node])
            wires.append(WireG(w.index, "group" if w.grouped else "free", points, True, width, color, ends))
            continue
        k, count = lens_rank.get(len(wires), (0, 1))
        offset = (k - (count - 1) / 2) * _D.lens_spacing
        if w.a.node > w.b.node:
            offset = -offset
        on_line = _on_line(w, pos, shapes, lines) if lines else None
        arc = _arc(w, pos, shapes, arcs) if arcs else None
        flank = [flanks.get((len(wires), e)) for e in (0, 1)]
        if len(wires) in straight:
            points, curve = straight[len(wires)], False
        elif (route := _route(w, pos, routes)) is not None:
            points, curve = _routed(w, route, pos, shapes), False
        elif on_line or arc:
            points, curve = on_line or arc  # type: ignore[misc]
        elif abs(offset) < 1e-9 and (flank[0] or flank[1]):
            points, curve = _flanked(w, flank, pos, shapes, tips), True
        else:
            points, curve = connect(w, offset, network, pos, shapes, tips)
        role = "group" if w.grouped else "free" if w.free else "dot" if w.a.node.is_dot or w.b.node.is_dot else "bond"
        wires.append(WireG(w.index, role, points, curve, width, color, ends))
    return wires


def lens_order(diagram: Diagram, network: Network, pos: dict, bundled: set[int] | None = None
               ) -> dict[int, tuple[int, int]]:
    """Each bond's place in its lens (several bonds between the same two nodes, not ``bundled``) and the
    lens's size, by wire number; a lone bond has no entry.

    At a copy or add node every port carries the same legs in the same order, so a leg arriving in a
    lens continues through a sibling leg of another port. Each curve goes on the side where its sibling
    leads, so the stream's seq pos and hidden wires do not swap inside the node; other lenses keep the
    wires' order. A bundle between the same two nodes keeps the middle, straight; the lens's curves go
    either side of it, a tie toward where the other legs of their port lead (the block a wire skips).
    """
    far: dict[tuple[NodeId, str], NodeId] = {}
    for w in network.wires:
        far[(w.a.node, w.index)] = w.b.node
        far[(w.b.node, w.index)] = w.a.node
    siblings: dict[tuple[NodeId, str], list[str]] = {}
    mates: dict[tuple[NodeId, str], list[str]] = {}
    for t in diagram.tensors:
        if t.kind not in SPECIAL or not valid_ports(t):
            continue
        ports = ports_of(t)
        for p in ports:
            for j, index in enumerate(p.indices):
                siblings[(tensor_id(t.name), index)] = [q.indices[j] for q in ports if q is not p]
                mates[(tensor_id(t.name), index)] = [i for i in p.indices if i != index]
    groups: dict[tuple[NodeId, NodeId], list[int]] = {}
    for k, w in enumerate(network.wires):
        if not w.free and not w.loop and k not in (bundled or ()):
            groups.setdefault(_pair(w), []).append(k)
    with_bundle = {_pair(network.wires[k]) for k in bundled or ()}
    rank: dict[int, tuple[int, int]] = {}
    for (a, b), members in groups.items():
        if len(members) < 2 - ((a, b) in with_bundle):
            continue
        (ax, ay), (bx, by) = pos[a], pos[b]
        nx, ny = -(by - ay), bx - ax
        mx, my = (ax + bx) / 2, (ay + by) / 2

        def side(k: int, links: dict[tuple[NodeId, str], list[str]]) -> float:
            w = network.wires[k]
            values = [(pos[o][0] - mx) * nx + (pos[o][1] - my) * ny
                      for node in (a, b) for s in links.get((node, w.index), [])
                      if (o := far.get((node, s))) is not None and o not in (a, b)]
            return sum(values) / len(values) if values else 0.0

        keyed = [((side(k, siblings), side(k, mates) if (a, b) in with_bundle else 0.0, n), k)
                 for n, k in enumerate(members)]
        if (a, b) in with_bundle:
            keyed.append(((0.0, 0.0, -1), -1))  # the bundle, in the middle
        for r, (_, k) in enumerate(sorted(keyed)):
            if k >= 0:
                rank[k] = (r, len(keyed))
    return rank


def _pair(w: Wire) -> tuple[NodeId, NodeId]:
    return (w.a.node, w.b.node) if w.a.node <= w.b.node else (w.b.node, w.a.node)


def _end(port: Port, toward: Point, pos: dict, shapes: dict[str, ShapeG],
         tips: dict[str, frozenset[int]] | None = None) -> Point:
    """Where a wire leaving ``port`` toward ``toward`` starts: on a shape's outline (a triangle's apex or base,
    :mod:`.attach`), a dot's rim, or the point."""
    if port.node.is_tensor:
        shape = shapes[port.node.name]
        if tips is not None and shape.shape == "triangle" and len(shape.outline) == 3:
            return triangle_end(shape, port.axis in tips.get(port.node.name, ()), toward)
        return boundary(shape, toward)
    if port.node.is_dot:
        x, y = pos[port.node]
        d = math.hypot(toward[0] - x, toward[1] - y) or 1.0
        return (x + (toward[0] - x) / d * sizes.DOT_RADIUS, y + (toward[1] - y) / d * sizes.DOT_RADIUS)
    return pos[port.node]


def _flanked(w: Wire, flank: list, pos: dict, shapes: dict[str, ShapeG], tips: dict[str, frozenset[int]]
             ) -> tuple[Point, ...]:
    """A wire with an end that leaves a triangle's flat side beside it (:mod:`.flank`): out of the base, a
    rounded turn, then on to its other end (a free leg's open end moved so that it runs straight from the turn)."""
    fa, fb = flank

    def turn(f: tuple[Point, Point, float]) -> Point:
        return (f[0][0] + f[1][0] * f[2], f[0][1] + f[1][1] * f[2])

    far_a = far_b = None
    if fa is not None and fb is None:
        far_b = (open_end(*fa, pos[w.b.node], pos[w.a.node]) if w.free
                 else _end(w.b, turn(fa), pos, shapes, tips))
    if fb is not None and fa is None:
        far_a = _end(w.a, turn(fb), pos, shapes, tips)
    return flank_path(fa, fb, far_a, far_b)


def connect(w: Wire, offset: float, network: Network, pos: dict, shapes: dict[str, ShapeG],
            tips: dict[str, frozenset[int]] | None = None) -> tuple[tuple[Point, ...], bool]:
    """A wire's points, and whether they are a Bézier curve (a lens bond ``offset`` off the straight line).
    A straight wire aims each end at the other's start when that is fixed (a triangle's apex)."""
    pa, pb = pos[w.a.node], pos[w.b.node]
    if abs(offset) < 1e-9:
        if _at_apex(w.a, shapes, tips):
            a = _end(w.a, pb, pos, shapes, tips)
            return (a, _end(w.b, a, pos, shapes, tips)), False
        b = _end(w.b, pa, pos, shapes, tips)
        a = _end(w.a, b if _at_apex(w.b, shapes, tips) else pb, pos, shapes, tips)
        return (a, b), False
    dx, dy = pb[0] - pa[0], pb[1] - pa[1]
    d = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / d * offset * _D.lens_bulge, dx / d * offset * _D.lens_bulge
    f1, f2 = _D.curve_controls
    c1 = (pa[0] + dx * f1 + nx, pa[1] + dy * f1 + ny)
    c2 = (pa[0] + dx * f2 + nx, pa[1] + dy * f2 + ny)
    return (_end(w.a, c1, pos, shapes, tips), c1, c2, _end(w.b, c2, pos, shapes, tips)), True


def _at_apex(port: Port, shapes: dict[str, ShapeG], tips: dict[str, frozenset[int]] | None) -> bool:
    return (tips is not None and port.node.is_tensor and shapes[port.node.name].shape == "triangle"
            and port.axis in tips.get(port.node.name, ()))


def _on_line(w: Wire, pos: dict, shapes: dict[str, ShapeG], ends: Mapping[tuple[NodeId, str], tuple[float, int]]
             ) -> tuple[tuple[Point, ...], bool] | None:
    """A leg of a tall tensor: straight along its line from the tensor's side (None for other wires)."""
    points: list[Point | None] = []
    for port in (w.a, w.b):
        end = ends.get((port.node, w.index)) if port.node.is_tensor else None
        if end is None:
            points.append(None)
            continue
        shape = shapes[port.node.name]
        points.append((shape.x + end[1] * shape.width / 2, shape.y + end[0]))
    a, b = points
    if a is None and b is None:
        return None
    if a is None:
        a = _end(w.a, b, pos, shapes)  # type: ignore[arg-type]
    if b is None:
        b = _end(w.b, a, pos, shapes)
    return (a, b), False


def _arc(w: Wire, pos: dict, shapes: dict[str, ShapeG], arcs: Mapping[tuple[NodeId, NodeId], tuple[Point, Point]]
         ) -> tuple[tuple[Point, ...], bool] | None:
    """A bond the layout asked to curve: a cubic from one end to the other through its control points."""
    a, b = w.a, w.b
    controls = arcs.get((a.node, b.node))
    if controls is None:
        if (controls := arcs.get((b.node, a.node))) is None:
            return None
        a, b, controls = b, a, (controls[0], controls[1])
        ax, ay = pos[a.node]
        c1, c2 = (ax + controls[0][0], ay + controls[0][1]), (ax + controls[1][0], ay + controls[1][1])
        return (_end(b, c2, pos, shapes), c2, c1, _end(a, c1, pos, shapes)), True
    ax, ay = pos[a.node]
    c1, c2 = (ax + controls[0][0], ay + controls[0][1]), (ax + controls[1][0], ay + controls[1][1])
    return (_end(a, c1, pos, shapes), c1, c2, _end(b, c2, pos, shapes)), True


def _route(w: Wire, pos: dict, routes: Mapping[tuple[NodeId, NodeId], tuple[Point, ...]]
           ) -> tuple[Point, ...] | None:
    """The corners the layout routed ``w`` through (as offsets from ``w.a``'s centre), whichever way it was
    routed, or None."""
    if (route := routes.get((w.a.node, w.b.node))) is not None:
        return route
    if (back := routes.get((w.b.node, w.a.node))) is None:
        return None
    (bx, by), (ax, ay) = pos[w.b.node], pos[w.a.node]
    return tuple((bx + x - ax, by + y - ay) for x, y in reversed(back))


def _routed(w: Wire, route: tuple[Point, ...], pos: dict, shapes: dict[str, ShapeG]) -> tuple[Point, ...]:
    """A routed wire's corners (offsets from its first node), its first and last segment cut at the outlines."""
    ax, ay = pos[w.a.node]
    pts = [(ax + x, ay + y) for x, y in route]

    def cut(port: Port, inner: Point, outer: Point) -> Point:
        if not port.node.is_tensor:
            return inner
        d = math.hypot(outer[0] - inner[0], outer[1] - inner[1]) or 1.0
        return exit_point(shapes[port.node.name], outer, ((outer[0] - inner[0]) / d, (outer[1] - inner[1]) / d),
                          inner)

    return (cut(w.a, pts[0], pts[1]), *pts[1:-1], cut(w.b, pts[-1], pts[-2]))


def loop(w: Wire, k: int, network: Network, pos: dict, shapes: dict[str, ShapeG]) -> tuple[Point, ...]:
    """A trace: a teardrop from the tensor back to itself, in its emptiest direction."""
    node = w.a.node
    cx, cy = pos[node]
    angles = []
    for other in network.wires:
        for near, far in ((other.a, other.b), (other.b, other.a)):
            if near.node == node and far.node != node:
                fx, fy = pos[far.node]
                angles.append(math.atan2(fy - cy, fx - cx))
    theta = emptiest(angles, k)
    shape = shapes[node.name] if node.is_tensor else None
    r = max(shape.width, shape.height) / 2 if shape else sizes.DOT_RADIUS
    reach = r + _D.loop_reach
    spread = _D.loop_spread

    def at(angle: float, dist: float) -> Point:
        return (cx + math.cos(angle) * dist, cy + math.sin(angle) * dist)

    c1, c2 = at(theta - _D.loop_opening, reach), at(theta + _D.loop_opening, reach)
    start = boundary(shape, at(theta - spread, 1.0)) if shape else at(theta - spread, r)
    end = boundary(shape, at(theta + spread, 1.0)) if shape else at(theta + spread, r)
    return (start, c1, c2, end)


def emptiest(angles: list[float], k: int) -> float:
    """The middle of the k-th widest gap between ``angles`` (up when there are none)."""
    if not angles:
        return math.pi / 2 + k * math.pi / 2
    ordered = sorted(a % (2 * math.pi) for a in angles)
    gaps = []
    for i, a in enumerate(ordered):
        b = ordered[(i + 1) % len(ordered)] + (2 * math.pi if i == len(ordered) - 1 else 0)
        gaps.append((round(b - a, 9), a + (b - a) / 2))
    gaps.sort(key=lambda g: (-g[0], g[1]))
    return gaps[k % len(gaps)][1]
