"""The foundation layout: chains on a line, networkx spring placement otherwise, pins exact,
overlaps removed, free legs as short stubs pointing away from the rest.
"""

from __future__ import annotations

import math

from .. import sizes
from ..model import SIDE_VECTORS, Diagram, leg_text
from ..network import Network, NodeId, build_network, tensor_id
from . import Placement
from .flow import flow_positions
from .structure import Graph, path_order, shape_component

FORCE_SCALE = 1.0

Point = tuple[float, float]
FREE_ANGLES = (180.0, 0.0, 270.0, 90.0, 225.0, 315.0, 135.0, 45.0)
"""Where the free legs of a tensor with no neighbours go, in order: left, right, down, up, diagonals."""


def basic_layout(diagram: Diagram, *, seed: int = 0) -> Placement:
    network = build_network(diagram)
    extents = {t.name: sizes.tensor_extent(t, t.label or t.name) for t in diagram.tensors}
    core = [n.id for n in network.nodes if n.kind in ("tensor", "dot", "merge", "split")]
    edges = _edges(network)
    prefer: dict[NodeId, list[float]] = {}
    structured = _structured(diagram, network, core, edges, extents, seed, prefer)
    if structured is not None:
        pos = structured
    else:
        pos = _place_core(diagram, core, edges, seed)
        _separate(diagram, pos, extents)
    _free_legs(diagram, network, pos, extents, prefer)
    return Placement({n.id: pos[n.id] for n in network.nodes}, network)


def _structured(diagram: Diagram, network: Network, core: list[NodeId], edges: list[tuple[NodeId, NodeId]],
                extents: dict[str, tuple[float, float]], seed: int, prefer: dict[NodeId, list[float]]
                ) -> dict[NodeId, Point] | None:
    """Positions from the recognised structure of each component (see :mod:`.structure`), laid side by
    side; None when grouped legs or two or more pins call for the force layout with pins fixed."""
    pins = {tensor_id(t.name): t.at for t in diagram.tensors if t.at is not None}
    if len(pins) > 1 or not core:
        return None
    if diagram.structure in (None, "flow") and (flow := flow_positions(diagram)) is not None:
        return _flowed(flow[0], core, edges, extents, pins)
    if any(n[0] in ("split", "merge") for n in core):
        return None
    free: dict[NodeId, int] = {}
    for w in network.wires:
        if w.free:
            free[w.a.node] = free.get(w.a.node, 0) + 1
    graph = Graph(core, edges)
    comps = graph.components()
    widest = max((max(w, h) for w, h in extents.values()), default=0.0)
    unit = _unit(diagram, network, widest)
    pos: dict[NodeId, Point] = {}
    cursor = 0.0
    forced = False
    for comp in comps:
        shaped = shape_component(graph.sub(comp), free, diagram.structure, seed)
        forced = forced or shaped.kind == "force"
        if shaped.kind == "force":  # spread the picture evenly until no two shapes touch: crossings stay as they are
            pts = [p for v, p in shaped.positions.items() if v[0] == "t"]
            closest = _closest(pts)
            factor = min(2.5, max(1.0, (widest + 0.35) / unit / max(closest, 1e-6))) * FORCE_SCALE
            shaped.positions = {v: (x * factor, y * factor) for v, (x, y) in shaped.positions.items()}
        xs = [p[0] for p in shaped.positions.values()]
        ys = [p[1] for p in shaped.positions.values()]
        dx = cursor - min(xs) * unit
        cy = (max(ys) + min(ys)) / 2 * unit
        for v, (x, y) in shaped.positions.items():
            pos[v] = (round(x * unit + dx, 6), round(y * unit - cy, 6))
        cursor += (max(xs) - min(xs)) * unit + unit
        for v, angles in shaped.angles.items():
            prefer[v] = angles
        if shaped.kind == "single" and len(comps) > 1:
            prefer[comp[0]] = [90.0, 270.0, 180.0, 0.0]  # side by side: legs parallel, not into a neighbour
    pos = _onto_pin(pos, pins)
    if forced:  # force leaves some shapes too close: push them apart
        _separate(diagram, pos, extents)
    return pos


def _closest(pts: list[Point]) -> float:
    """The distance between the two closest points (1.0 for fewer than two): a sweep along x that compares
    each point only with those less than the best distance to its right."""
    ordered = sorted(pts)
    best = math.inf
    for k, p in enumerate(ordered):
        for q in ordered[k + 1:]:
            if q[0] - p[0] >= best:
                break
            best = min(best, math.dist(p, q))
    return best if best < math.inf else 1.0


def _unit(diagram: Diagram, network: Network, widest: float) -> float:
    """One bond's length: room for the widest shape and, when legs are labelled, for the longest bond
    label between two shapes (at most 2.6 cm, so long index names do not stretch a network without end)."""
    unit = max(sizes.BOND_LENGTH, widest + 0.7)
    if diagram.leg_labels != "none":
        names = [w.index for w in network.wires if not w.free and not w.loop and w.a.node[0] == w.b.node[0] == "t"]
        longest = max((len(n) for n in names), default=0) * sizes.CHAR_WIDTH * 0.87
        unit = max(unit, min(2.6, widest + longest + 0.25))
    return unit


def _flowed(flow: dict[NodeId, Point], core: list[NodeId], edges: list[tuple[NodeId, NodeId]],
            extents: dict[str, tuple[float, float]], pins: dict) -> dict[NodeId, Point]:
    """Scale a flow's tensor positions (see :mod:`.flow`); junction dots and reshape points sit amid
    what they join (:func:`_settle`)."""
    widest = max((max(w, h) for w, h in extents.values()), default=0.0)
    unit = max(sizes.BOND_LENGTH, widest + 0.7)
    pos = {v: (round(x * unit, 6), round(y * unit, 6)) for v, (x, y) in flow.items()}
    movable = [v for v in core if v not in flow]
    _settle(pos, movable, core, edges)
    _settle(pos, [v for v in movable if v not in pos], core, edges)  # those joined only to other dots
    for v in core:
        pos.setdefault(v, (0.0, 0.0))
    return _onto_pin(pos, pins)


def _onto_pin(pos: dict[NodeId, Point], pins: dict) -> dict[NodeId, Point]:
    """With one pinned tensor, move the whole picture so that it sits exactly on its pin."""
    if not pins:
        return pos
    (node, at), = pins.items()
    dx, dy = at[0] - pos[node][0], at[1] - pos[node][1]
    moved = {v: (p[0] + dx, p[1] + dy) for v, p in pos.items()}
    moved[node] = at
    return moved


def _settle(pos: dict[NodeId, Point], movable: list[NodeId], core: list[NodeId],
            edges: list[tuple[NodeId, NodeId]]) -> None:
    """Put each of ``movable`` (dots, reshape points) amid the tensors it joins: the coordinate-wise median
    (a T, not a Y), else the mean, else beside it, never on another bond or within 0.4 cm of another node."""
    nbrs: dict[NodeId, list[NodeId]] = {}
    for a, b in edges:
        nbrs.setdefault(a, []).append(b)
        nbrs.setdefault(b, []).append(a)
    settled: set[NodeId] = {m for m in pos if m not in movable}
    for n in movable:
        near = [pos[m] for m in nbrs.get(n, []) if m in pos and (m[0] == "t" or m in settled)]
        if not near:
            continue
        mx, my = _median([p[0] for p in near]), _median([p[1] for p in near])
        cx, cy = sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)
        spots = [(mx, my), (cx, cy)] + [(cx + dx, cy + dy) for r in (0.6, 1.2)
                                         for dx, dy in ((0, r), (r, 0), (0, -r), (-r, 0), (r, r), (-r, r))]
        others = [pos[m] for m in core if m != n and m in pos and (m[0] == "t" or m in settled)]
        pos[n] = next((p for p in spots
                       if not any(_on_segment(p, pos[a], pos[b]) for a, b in edges
                                  if n not in (a, b) and a in pos and b in pos and (a[0] == "t" or a in settled)
                                  and (b[0] == "t" or b in settled))
                       and all(math.dist(p, q) > 0.4 for q in others)), (cx, cy))
        settled.add(n)


def _on_segment(p: Point, a: Point, b: Point, tol: float = 0.15) -> bool:
    """Whether ``p`` lies on the segment ab (within ``tol`` cm): a dot there would sit on another bond."""
    (ax, ay), (bx, by) = a, b
    length2 = (bx - ax) ** 2 + (by - ay) ** 2
    if length2 < 1e-12:
        return False
    t = ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / length2
    if not 0 < t < 1:
        return False
    return math.hypot(ax + t * (bx - ax) - p[0], ay + t * (by - ay) - p[1]) < tol


def _median(values: list[float]) -> float:
    """The coordinate-wise median puts a dot joining U — V with λ below on the U–V line: a T, not a Y."""
    v = sorted(values)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2


def _edges(network: Network) -> list[tuple[NodeId, NodeId]]:
    out = []
    for w in network.wires:
        if not w.free and not w.loop:
            out.append((w.a.node, w.b.node))
    return out


def _place_core(diagram: Diagram, core: list[NodeId], edges: list[tuple[NodeId, NodeId]], seed: int
                ) -> dict[NodeId, Point]:
    pins = {tensor_id(t.name): t.at for t in diagram.tensors if t.at is not None}
    if not core:
        return {}
    chain = core if len(core) == 1 else path_order(Graph(core, edges))
    if chain is not None and not pins:
        return {n: (k * sizes.BOND_LENGTH, 0.0) for k, n in enumerate(chain)}
    from .force import iterations_for, spring

    start = {n: (math.cos(2 * math.pi * k / len(core)), math.sin(2 * math.pi * k / len(core)))
             for k, n in enumerate(core)}
    for n, at in pins.items():
        start[n] = (at[0] / sizes.BOND_LENGTH, at[1] / sizes.BOND_LENGTH)
    fixed = [n for n in core if n in pins]
    raw = spring(core, edges, start=start, fixed=fixed, seed=seed, k=1.0, iterations=iterations_for(len(core), 200))
    pos = {n: (float(raw[n][0]), float(raw[n][1])) for n in core}
    if not fixed:
        lengths = [math.dist(pos[a], pos[b]) for a, b in edges if a != b]
        scale = sizes.BOND_LENGTH / (sorted(lengths)[len(lengths) // 2] if lengths else 1.0)
        pos = {n: (p[0] * scale, p[1] * scale) for n, p in pos.items()}
        pos = _upright(pos, core, diagram)
    else:
        pos = {n: (p[0] * sizes.BOND_LENGTH, p[1] * sizes.BOND_LENGTH) for n, p in pos.items()}
    for n, at in pins.items():
        pos[n] = at
    if fixed:  # a junction dot among pinned tensors sits amid what it joins, not where forces left it
        loose = [n for n in core if n[0] in ("dot", "split", "merge")]
        _settle(pos, loose, core, edges)
        _settle(pos, [n for n in loose if n not in pos], core, edges)
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


def _separate(diagram: Diagram, pos: dict[NodeId, Point], extents: dict[str, tuple[float, float]]) -> None:
    """Push apart any two tensors closer than their sizes allow; pinned tensors never move.

    Up to 50 sweeps; each compares only the pairs that sit in neighbouring cells of a grid as wide as the
    largest distance two shapes need (built at the start of the sweep), in spec order."""
    pinned = {tensor_id(t.name) for t in diagram.tensors if t.at is not None}
    ids = [tensor_id(t.name) for t in diagram.tensors]
    radius = {tensor_id(n): max(w, h) / 2 for n, (w, h) in extents.items()}
    cell = 2 * max(radius.values(), default=0.0) + 0.3
    for _ in range(50):
        moved = False
        grid: dict[tuple[int, int], list[int]] = {}
        for i, a in enumerate(ids):
            grid.setdefault((math.floor(pos[a][0] / cell), math.floor(pos[a][1] / cell)), []).append(i)
        for i, a in enumerate(ids):
            cx, cy = math.floor(pos[a][0] / cell), math.floor(pos[a][1] / cell)
            near = sorted(j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in grid.get((cx + dx, cy + dy), ()) if j > i)
            for j in near:
                b = ids[j]
                need = radius[a] + radius[b] + 0.3
                (ax, ay), (bx, by) = pos[a], pos[b]
                d = math.hypot(bx - ax, by - ay)
                if d >= need:
                    continue
                ux, uy = ((bx - ax) / d, (by - ay) / d) if d > 1e-9 else (1.0, 0.0)
                push = need - d
                if a in pinned and b in pinned:
                    continue
                share_a = 0.0 if a in pinned else (1.0 if b in pinned else 0.5)
                share_b = 1.0 - share_a
                pos[a] = (ax - ux * push * share_a, ay - uy * push * share_a)
                pos[b] = (bx + ux * push * share_b, by + uy * push * share_b)
                moved = True
        if not moved:
            break


def _free_legs(diagram: Diagram, network: Network, pos: dict[NodeId, Point],
               extents: dict[str, tuple[float, float]], prefer: dict[NodeId, list[float]]) -> None:
    """Place every open end: on its declared side, else away from the node's neighbours."""
    sides = diagram.side_map
    neighbours: dict[NodeId, list[NodeId]] = {}
    for w in network.wires:
        if not w.free and not w.loop:
            neighbours.setdefault(w.a.node, []).append(w.b.node)
            neighbours.setdefault(w.b.node, []).append(w.a.node)
    used: dict[NodeId, list[float]] = {}
    placed: list[tuple[NodeId, NodeId, float]] = []
    bonds = [(pos[w.a.node], pos[w.b.node]) for w in network.wires if not w.free and not w.loop]
    stubs: list[tuple[Point, Point]] = []
    for w in network.wires:
        if not w.free:
            continue
        owner = w.a.node
        slot = int(w.b.node[1])
        text = leg_text(diagram.output[slot])
        side = sides.get(text) or diagram.free_side
        taken = used.setdefault(owner, [])
        wanted = [a for a in prefer.get(owner, []) if all(abs((a - t + 180) % 360 - 180) > 1 for t in taken)]
        if side is not None:
            vx, vy = SIDE_VECTORS[side]
            angle = math.degrees(math.atan2(vy, vx))
        elif wanted and _clear(owner, wanted[0], neighbours.get(owner, []), pos):
            angle = wanted[0]
        else:
            angle = _away(owner, neighbours.get(owner, []), pos, taken)
            if len(bonds) <= 600:
                angle = _uncrossed(owner, angle, taken, neighbours.get(owner, []), pos, bonds, stubs, extents)
        taken.append(angle)
        stubs.append((pos[owner], _stub_end(owner, angle, pos, extents)))
        placed.append((w.b.node, owner, angle))
    # Legs leaving one node on the same side are spread side by side, parallel, across the shape.
    groups: dict[tuple[NodeId, float], list[NodeId]] = {}
    for end, owner, angle in placed:
        groups.setdefault((owner, round(angle % 360, 6)), []).append(end)
    for (owner, angle), ends in groups.items():
        reach = sizes.STUB_LENGTH
        across = 0.0
        if owner[0] == "t":
            w_, h_ = extents[owner[1]]
            reach += max(w_, h_) / 2
            across = max(w_, h_) * 0.8
        ox, oy = pos[owner]
        rad = math.radians(angle)
        ux, uy = math.cos(rad), math.sin(rad)
        step = min(0.4, across / max(len(ends) - 1, 1)) if len(ends) > 1 else 0.0
        for k, end in enumerate(ends):
            shift = (k - (len(ends) - 1) / 2) * step
            # the k-th leg from the left as one looks along the leg (left: the direction turned +90°)
            pos[end] = (ox + ux * reach - uy * shift, oy + uy * reach + ux * shift)


def _stub_end(owner: NodeId, angle: float, pos: dict[NodeId, Point], extents: dict[str, tuple[float, float]]) -> Point:
    reach = sizes.STUB_LENGTH + (max(extents[owner[1]]) / 2 if owner[0] == "t" else 0.0)
    rad = math.radians(angle)
    return (pos[owner][0] + math.cos(rad) * reach, pos[owner][1] + math.sin(rad) * reach)


def _uncrossed(owner: NodeId, angle: float, taken: list[float], nbrs: list[NodeId], pos: dict[NodeId, Point],
               bonds: list[tuple[Point, Point]], stubs: list[tuple[Point, Point]],
               extents: dict[str, tuple[float, float]]) -> float:
    """Of the directions clear of the node's own bonds, the one whose stub crosses the fewest other wires
    (``angle``, the roomiest, when it crosses none)."""
    from .structure import _cross

    def hits(a: float) -> int:
        seg = (pos[owner], _stub_end(owner, a, pos, extents))
        return sum(_cross(seg[0], seg[1], p, q) for p, q in bonds + stubs)

    if hits(angle) == 0:
        return angle
    options = [a for a in FREE_ANGLES if _clear(owner, a, nbrs, pos)
               and all(abs((a - t + 180) % 360 - 180) > 1 for t in taken)] or [angle]
    return min([angle] + options, key=hits)


def _clear(owner: NodeId, angle: float, nbrs: list[NodeId], pos: dict[NodeId, Point]) -> bool:
    """Whether a free leg at ``angle`` keeps at least 30° from every bond of its node."""
    ox, oy = pos[owner]
    for n in nbrs:
        if pos[n] == (ox, oy):
            continue
        b = math.degrees(math.atan2(pos[n][1] - oy, pos[n][0] - ox))
        if abs((angle - b + 180) % 360 - 180) < 30:
            return False
    return True


def _away(owner: NodeId, nbrs: list[NodeId], pos: dict[NodeId, Point], taken: list[float]) -> float:
    """The 45°-snapped direction farthest from the owner's neighbours and its other free legs."""
    ox, oy = pos[owner]
    blocked = [math.degrees(math.atan2(pos[n][1] - oy, pos[n][0] - ox)) for n in nbrs if pos[n] != (ox, oy)]
    blocked += taken
    if not blocked:
        return FREE_ANGLES[len(taken) % len(FREE_ANGLES)]
    best, best_gap = 0.0, -1.0
    for candidate in FREE_ANGLES:
        gap = min(abs((candidate - b + 180) % 360 - 180) for b in blocked)
        if gap >= 100 and candidate in (0.0, 180.0):
            return candidate  # left or right, as drawn by hand, whenever it is clear
        if gap > best_gap + 1e-9:
            best, best_gap = candidate, gap
    return best
