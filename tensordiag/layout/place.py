"""The layout driver: components side by side, pins exact, overlaps removed, free legs placed.

A diagram with copy and add nodes is laid out as a flow (:mod:`.flow`). Otherwise each connected
component of the shape graph is placed by a strategy from :mod:`.registry` and the components are
laid side by side. Grouped legs (split and merge points) or two or more pins call for a force
placement with the pins fixed instead. Free legs come last (:mod:`.legs`).
"""

from __future__ import annotations

import math

from .. import sizes
from ..handpins import pinned_junctions
from ..index_names import shown_index
from ..model import Diagram, leg_text
from ..network import Network, NodeId, build_network, tensor_id
from ..style import STYLE
from . import Placement
from .flow import flow_positions
from .flowdots import clear_bubbles
from .graph import Graph, Point
from .legs import place_free_legs
from .merges import merge_anchors, push_out
from .parts import head_roles
from .permute import cross_free_legs
from .fold import fold_chain
from .registry import shape_component
from .tall import Tall, legs_of, on_lines
from .spacing import closest, separate, settle
from .stream_ends import stream_routes
from .across import level_places
from .gains import hang_gains
from .strategies.chain import path_order
from .tips import tip_targets


BUBBLE_ROOM = 0.8
"""Added to a flow's column distance (cm) when it has bubbles: a dot joining a bubble's members to the
next column settles between them, clear of both."""
ACROSS_SQUEEZE = 0.6
"""A stream drawn left to right (``structure: flow-right``) sets its levels this fraction of a bond apart, so
that a transformer layer fits a page's width."""
ACROSS_STRETCH = 1.25
"""... and its blocks' columns (now rows above the stream) this many bonds apart."""


def place(diagram: Diagram, *, seed: int = 0) -> Placement:
    """Positions for every node of ``diagram``'s network (see :class:`Placement`)."""
    network = build_network(diagram)
    extents = {t.name: sizes.tensor_extent(t, t.label or t.name) for t in diagram.tensors}
    core = [n.id for n in network.nodes if n.kind in ("tensor", "dot", "merge", "split")]
    edges = _edges(network)
    prefer: dict[NodeId, list[float]] = {}
    tall = Tall({}, {}, {}, {})
    stream: list[tuple[set[NodeId], bool]] = []
    structured = _structured(diagram, network, core, edges, extents, seed, prefer, tall, stream)
    if structured is not None:
        pos = structured
    else:
        pos = _place_core(diagram, core, edges, seed)
        separate(diagram, pos, extents)
    pos.update(pinned_junctions(diagram))  # pinned dots, split and merge points: where the spec says
    place_free_legs(diagram, network, pos, extents, prefer)
    routes = {**tall.bends, **(stream_routes(diagram, network, pos, extents, *stream[0]) if stream else {})}
    crossing = cross_free_legs(diagram, network, pos, extents) if diagram.permute else {}
    sided = {w.b.node for w in network.wires if w.free and (diagram.free_side is not None or
             leg_text(diagram.output[int(w.b.node.name)]) in diagram.side_map)}
    on_lines(network, pos, extents, tall, sided)
    return Placement({n.id: pos[n.id] for n in network.nodes}, network, crossing=crossing, spans=tall.spans,
                     ends=tall.ends, arcs=tall.arcs, routes=routes)


def _structured(diagram: Diagram, network: Network, core: list[NodeId], edges: list[tuple[NodeId, NodeId]],
                extents: dict[str, tuple[float, float]], seed: int, prefer: dict[NodeId, list[float]],
                tall: Tall, stream: list[tuple[set[NodeId], bool]]) -> dict[NodeId, Point] | None:
    """Positions from the recognised structure of each component (see :mod:`.registry`), laid side by
    side; None when grouped legs or two or more pins call for the force layout with pins fixed. A flow
    appends its stream's tensors and direction to ``stream``."""
    style = STYLE.layout
    pins = {tensor_id(t.name): t.at for t in diagram.tensors if t.at is not None}
    if len(pins) > 1 or not core:
        return None
    if diagram.structure in (None, "flow", "flow-right") and (flow := flow_positions(diagram)) is not None:
        across = diagram.structure == "flow-right"  # the stream left to right, the blocks above it
        stream.append((flow[1], across))
        ahead = [0.0 if across else 90.0]
        if flow[1]:  # the stream's free legs leave its last node onward, continuing the stream
            prefer[max(flow[1], key=lambda v: (flow[0][v][1], v))] = ahead
            specials = {tensor_id(t.name) for t in diagram.tensors if t.kind in ("copy", "add")}
            if tops := [v for v in flow[1] if v in specials]:
                prefer[max(tops, key=lambda v: (flow[0][v][1], v))] = ahead
        along = level_places(diagram, network, flow[0], extents, _unit_of(extents) * ACROSS_SQUEEZE) if across else None
        pos = _flowed(flow[0], core, edges, extents, pins, _flow_column(diagram, extents, flow[1]), along)
        hang_gains(diagram, pos)
        clear_bubbles(diagram, pos, extents, edges)
        return _beside(diagram, pos)
    if any(n.is_reshape for n in core):
        return None
    free: dict[NodeId, int] = {}
    for w in network.wires:
        if w.free:
            free[w.a.node] = free.get(w.a.node, 0) + 1
    graph = Graph(core, edges, free, tip_targets(diagram, network), legs_of(network), head_roles(diagram),
                  diagram.side_map)
    comps = graph.components()
    groups = [{tensor_id(m) for m in b.members} for b in diagram.bubbles]
    widest = max((max(w, h) for w, h in extents.values()), default=0.0)
    unit = _unit(diagram, network, widest)
    pos: dict[NodeId, Point] = {}
    forced = False
    placed = []
    for comp in comps:
        shaped = fold_chain(shape_component(graph.sub(comp), diagram.structure, seed), unit, groups, free)
        forced = forced or shaped.kind == "force"
        if shaped.kind == "force":  # spread the picture evenly until no two shapes touch: crossings stay as they are
            pts = [p for v, p in shaped.positions.items() if v.is_tensor]
            factor = min(style.force_max_spread,
                         max(1.0, (widest + style.force_clearance) / unit / max(closest(pts), 1e-6)))
            shaped.positions = {v: (x * factor, y * factor) for v, (x, y) in shaped.positions.items()}
        placed.append((comp, shaped))
    for (comp, shaped), (dx, dy) in zip(placed, _shelves([s.positions for _, s in placed], unit)):
        xs = [p[0] for p in shaped.positions.values()]
        ys = [p[1] for p in shaped.positions.values()]
        dx -= min(xs) * unit
        cy = (max(ys) + min(ys)) / 2 * unit - dy
        for v, (x, y) in shaped.positions.items():
            pos[v] = (round(x * unit + dx, 6), round(y * unit - cy, 6))
        for v, angles in shaped.angles.items():
            prefer[v] = angles
        tall.add(shaped, unit, cy)
        if shaped.kind == "single" and len(comps) > 1:
            prefer[comp[0]] = [90.0, 270.0, 180.0, 0.0]  # side by side: legs parallel, not into a neighbour
    pos = _onto_pin(pos, pins)
    if forced:  # force leaves some shapes too close: push them apart
        separate(diagram, pos, extents)
    return pos


def _shelves(shapes: list[dict[NodeId, Point]], unit: float) -> list[tuple[float, float]]:
    """Where each component goes (its left edge, its row's middle height), in order: side by side a unit
    apart, in rows no wider than ``STYLE.layout.shelf_ratio`` times the side of a square holding them all,
    and never narrower than a page (``shelf_width``) or the widest alone; each row a unit below the one above.
    Components that fit across a page stay on one row; 65 of them no longer make a picture 11 m wide."""
    boxes = []
    for positions in shapes:
        xs = [p[0] for p in positions.values()]
        ys = [p[1] for p in positions.values()]
        boxes.append(((max(xs) - min(xs)) * unit, (max(ys) - min(ys)) * unit))
    area = sum((w + unit) * (h + unit) for w, h in boxes)
    style = STYLE.layout
    limit = max(max(w for w, _ in boxes), style.shelf_ratio * math.sqrt(area), style.shelf_width)
    rows: list[list[int]] = [[]]
    x = 0.0
    out: list[tuple[float, float]] = []
    for k, (w, _) in enumerate(boxes):
        if rows[-1] and x + w > limit:
            rows.append([])
            x = 0.0
        out.append((x, 0.0))
        rows[-1].append(k)
        x += w + unit
    middle, above = 0.0, None  # the first row on y = 0, as one row always was; each next one below
    for row in rows:
        height = max(boxes[k][1] for k in row)
        if above is not None:
            middle -= above / 2 + unit + height / 2
        for k in row:
            out[k] = (out[k][0], middle)
        above = height
    return out


def _unit(diagram: Diagram, network: Network, widest: float) -> float:
    """One bond's length: room for the widest shape and, when legs are labelled, for the longest bond
    label between two shapes (at most ``max_unit``, so long index names do not stretch a network without end)."""
    style = STYLE.layout
    unit = max(style.bond_length, widest + style.unit_margin)
    if diagram.leg_labels != "none":
        names = [w.index for w in network.wires
                 if not w.free and not w.loop and w.a.node.is_tensor and w.b.node.is_tensor]
        shown = dict(diagram.index_labels)
        chars = max((len(shown_index(n, shown)) for n in names), default=0)  # the text shown, not the name
        longest = chars * STYLE.drawing.char_width * style.unit_label_squeeze
        unit = max(unit, min(style.max_unit, widest + longest + style.unit_label_margin))
    return unit


def _flow_column(diagram: Diagram, extents: dict[str, tuple[float, float]], spine: set[NodeId]) -> float:
    """The distance between a flow's columns: room for the widest shape and, with leg labels, for the
    longest one label of a bundle that branches off the stream (at most ``max_flow_column``)."""
    style = STYLE.layout
    widest = max((max(w, h) for w, h in extents.values()), default=0.0)
    unit = max(style.bond_length, widest + style.unit_margin)
    if diagram.bubbles:  # room between a bubble and the column after it for a hyperedge dot (num heads)
        unit += BUBBLE_ROOM
    if diagram.leg_labels == "none":
        return unit
    from ..bundles import diagram_bundles

    chars = max((sum(len(i) + 2 for i in b.indices) for b in diagram_bundles(diagram)
                 if b.end and not {tensor_id(b.start), tensor_id(b.end)} <= spine), default=0)
    longest = chars * STYLE.drawing.char_width * style.unit_label_squeeze
    return max(unit, min(style.max_flow_column, widest + longest + style.unit_label_margin))


def _unit_of(extents: dict[str, tuple[float, float]]) -> float:
    widest = max((max(w, h) for w, h in extents.values()), default=0.0)
    return max(STYLE.layout.bond_length, widest + STYLE.layout.unit_margin)


def _flowed(flow: dict[NodeId, Point], core: list[NodeId], edges: list[tuple[NodeId, NodeId]],
            extents: dict[str, tuple[float, float]], pins: dict, column: float,
            along: dict[float, float] | None = None) -> dict[NodeId, Point]:
    """Scale a flow's tensor positions (see :mod:`.flow`), its columns ``column`` apart; ``along``: each level's
    place (cm) on a stream that runs left to right with the blocks above it (the columns become rows,
    :mod:`.across`). Junction dots and reshape points sit amid what they join (:func:`.spacing.settle`)."""
    unit = _unit_of(extents)
    if along is not None:  # the blocks' labels sit beside upright wires: a bond's length is room enough both ways
        pos = {v: (along[round(y, 6)], round(x * unit * ACROSS_STRETCH, 6)) for v, (x, y) in flow.items()}
    else:
        pos = {v: (round(x * column, 6), round(y * unit, 6)) for v, (x, y) in flow.items()}
    movable = [v for v in core if v not in flow]
    settle(pos, movable, core, edges)
    settle(pos, [v for v in movable if v not in pos], core, edges)  # those joined only to other dots
    for v in core:
        pos.setdefault(v, (0.0, 0.0))
    return _onto_pin(pos, pins)


def _beside(diagram: Diagram, pos: dict[NodeId, Point]) -> dict[NodeId, Point]:
    """A tensor with no legs (a coefficient) sits just above the tensor before it in the spec, its partner in
    the block the check runs them in (:func:`tensordiag.ports.components`); a pin still wins."""
    previous = None
    for t in diagram.tensors:
        if not t.legs and previous is not None and t.at is None and tensor_id(previous) in pos:
            x, y = pos[tensor_id(previous)]
            pos[tensor_id(t.name)] = (x, round(y + STYLE.layout.bond_length * 0.9, 6))
        elif t.legs:
            previous = t.name
    return pos


def _onto_pin(pos: dict[NodeId, Point], pins: dict) -> dict[NodeId, Point]:
    """With one pinned tensor, move the whole picture so that it sits exactly on its pin."""
    if not pins:
        return pos
    (node, at), = pins.items()
    dx, dy = at[0] - pos[node][0], at[1] - pos[node][1]
    moved = {v: (p[0] + dx, p[1] + dy) for v, p in pos.items()}
    moved[node] = at
    return moved


def _edges(network: Network) -> list[tuple[NodeId, NodeId]]:
    return [(w.a.node, w.b.node) for w in network.wires if not w.free and not w.loop]


def _place_core(diagram: Diagram, core: list[NodeId], edges: list[tuple[NodeId, NodeId]], seed: int
                ) -> dict[NodeId, Point]:
    """Grouped legs or several pins: a chain on a line when there is no pin, else a spring placement
    with the pins fixed and the junctions settled amid what they join."""
    bond = STYLE.layout.bond_length
    pins = {tensor_id(t.name): t.at for t in diagram.tensors if t.at is not None}
    if not core:
        return {}
    anchors = merge_anchors(diagram, core, pins)
    chain = core if len(core) == 1 else path_order(Graph(core, edges))
    if chain is not None and not pins and not anchors:
        return {n: (k * bond, 0.0) for k, n in enumerate(chain)}
    from .force import iterations_for, spring

    start = {n: (math.cos(2 * math.pi * k / len(core)), math.sin(2 * math.pi * k / len(core)))
             for k, n in enumerate(core)}
    for n, at in pins.items():
        start[n] = (at[0] / bond, at[1] / bond)
    start.update(anchors)
    held = {n: at for n, at in pinned_junctions(diagram).items() if n in start}
    start.update({n: (at[0] / bond, at[1] / bond) for n, at in held.items()})
    fixed = [n for n in core if n in pins or n in anchors or n in held]
    raw = spring(core, edges, start=start, fixed=fixed, seed=seed, k=1.0, iterations=iterations_for(len(core), 200))
    pos = {n: (float(raw[n][0]), float(raw[n][1])) for n in core}
    if not fixed:
        lengths = [math.dist(pos[a], pos[b]) for a, b in edges if a != b]
        scale = bond / (sorted(lengths)[len(lengths) // 2] if lengths else 1.0)
        pos = {n: (p[0] * scale, p[1] * scale) for n, p in pos.items()}
        pos = _upright(pos, core, diagram)
    else:
        pos = {n: (p[0] * bond, p[1] * bond) for n, p in pos.items()}
    for n, at in {**pins, **held}.items():
        pos[n] = at
    if fixed:  # a junction dot among pinned tensors sits amid what it joins, not where forces left it
        loose = [n for n in core if n.is_junction and n not in anchors and n not in held]
        settle(pos, loose, core, edges)
        settle(pos, [n for n in loose if n not in pos], core, edges)
    push_out(diagram, core, edges, pos)
    return pos


def _upright(pos: dict[NodeId, Point], core: list[NodeId], diagram: Diagram) -> dict[NodeId, Point]:
    """Turn the picture so that the first operand sits left of the last, level with it, as drawn by hand."""
    n = len(core)
    cx = sum(pos[k][0] for k in core) / n
    cy = sum(pos[k][1] for k in core) / n
    tensors = [tensor_id(t.name) for t in diagram.tensors]
    (ax, ay), (bx, by) = pos[tensors[0]], pos[tensors[-1]]
    if math.hypot(bx - ax, by - ay) < 1e-6:
        return pos
    theta = math.atan2(by - ay, bx - ax)
    c, s = math.cos(-theta), math.sin(-theta)
    out = {k: ((p[0] - cx) * c - (p[1] - cy) * s, (p[0] - cx) * s + (p[1] - cy) * c) for k, p in pos.items()}
    return {k: (round(p[0], 9), round(p[1], 9)) for k, p in out.items()}
