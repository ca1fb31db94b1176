"""Positions → everything a backend draws: shapes, wire paths, dots, labels, bubbles.

Computed once per figure; the TikZ, SVG and JSON backends only format it, so they cannot drift
apart. Units are TikZ's: centimetres, y up. Nothing here imports a backend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from . import sizes
from .layout import Placement
from .model import Diagram, Equation, Figure, Tensor, leg_text
from .network import Network, NodeId, Port, Wire, build_network, tensor_id
from .styles import color_hex, fill_of, line_hex, line_width, stroke_of, tip_indices
from .texlabel import index_text, name_to_math

Point = tuple[float, float]


@dataclass(frozen=True)
class ShapeG:
    """One tensor's shape. ``outline`` holds a polygon's corners (empty for circles and dots)."""

    name: str
    ident: str
    """Unique within the figure (terms of an equation may share tensor names): ids come from it."""
    shape: str
    x: float
    y: float
    width: float
    height: float
    radius: float
    outline: tuple[Point, ...]
    fill: str
    stroke: str
    label: str | None
    """TeX math shown inside the shape (None for dots and identities)."""
    hole: bool = False
    """Drawn as a dashed, empty outline: the tensor was removed (a derivative)."""


@dataclass(frozen=True)
class WireG:
    """One drawn line: a straight polyline, or one cubic Bézier ``p0, c1, c2, p3`` when ``curve``."""

    index: str
    role: str
    """``bond``, ``free``, ``loop``, ``dot`` (to a junction) or ``group`` (a thick grouped leg)."""
    points: tuple[Point, ...]
    curve: bool
    width: float
    """Line width in points."""
    color: str
    ends: tuple[str, str] = ("", "")
    """The anchors the two ends belong to (TikZ writes the points relative to them)."""


@dataclass(frozen=True)
class DotG:
    index: str
    ident: str
    x: float
    y: float
    radius: float


@dataclass(frozen=True)
class LabelG:
    """A piece of text centred at (x, y). ``math`` labels are safe TeX math, the rest literal."""

    text: str
    x: float
    y: float
    width: float
    height: float
    role: str
    """``leg``, ``tensor`` (beside a dot), ``op``, ``coeff``, ``sum``, ``bubble`` or ``title``."""
    math: bool
    anchor: str = ""
    """The anchor the label moves with (empty: placed absolutely)."""


@dataclass(frozen=True)
class BubbleG:
    name: str
    function: str
    x0: float
    y0: float
    x1: float
    y1: float
    color: str


@dataclass(frozen=True)
class Geometry:
    shapes: tuple[ShapeG, ...]
    wires: tuple[WireG, ...]
    dots: tuple[DotG, ...]
    labels: tuple[LabelG, ...]
    bubbles: tuple[BubbleG, ...]
    bbox: tuple[float, float, float, float]
    title: str | None = None
    anchors: tuple[tuple[str, float, float], ...] = ()
    """Named points every other position is relative to: tensors, junction dots, merge points."""


def build_geometry(figure: Figure, *, seed: int = 0) -> Geometry:
    """Lay out ``figure`` and compute what every backend draws."""
    if isinstance(figure, Equation):
        return _equation_geometry(figure, seed=seed)
    from .layout import layout

    return diagram_geometry(figure, layout(figure, seed=seed))


def diagram_geometry(diagram: Diagram, placement: Placement) -> Geometry:
    network = build_network(diagram)
    pos = placement.positions
    dims = diagram.dim_map
    keys = anchor_keys(network)
    shapes = {t.name: _shape(t, keys[tensor_id(t.name)], pos[tensor_id(t.name)], diagram, network, pos)
              for t in diagram.tensors}
    labels = _Labels(shapes.values())
    wires: list[WireG] = []
    loops_seen: dict[NodeId, int] = {}
    leg_colors = {i: line_hex(c) for i, c in diagram.leg_colors}
    lens_rank = _lens_order(diagram, network, pos)
    for w in network.wires:
        width = line_width(w.indices, dims)
        ends = (keys[w.a.node], keys[w.b.node])
        color = leg_colors.get(w.indices[0], "#000000") if len(w.indices) == 1 else "#000000"
        if w.loop:
            k = loops_seen.get(w.a.node, 0)
            loops_seen[w.a.node] = k + 1
            points = _loop(w, k, network, pos, shapes)
            wires.append(WireG(w.index, "loop", points, True, width, color, ends))
            continue
        k, count = lens_rank.get(len(wires), (0, 1))
        offset = (k - (count - 1) / 2) * 0.45
        if w.a.node > w.b.node:
            offset = -offset
        points, curve = _connect(w, offset, network, pos, shapes, diagram)
        role = "group" if w.grouped else "free" if w.free else "dot" if "dot" in (w.a.node[0], w.b.node[0]) else "bond"
        wires.append(WireG(w.index, role, points, curve, width, color, ends))
    dots = tuple(
        DotG(n.id[1], keys[n.id], *pos[n.id], sizes.DOT_RADIUS) for n in network.nodes if n.kind == "dot"
    )
    labels.avoid_wires(wires)
    bubbles = _bubbles(diagram, shapes)
    labels.avoid_outlines(bubbles)
    for b in bubbles:  # first, so that leg labels keep clear of them; in a corner no wire crosses
        text = rf"\mathrm{{{b.function}}}" if b.function.isalpha() and len(b.function) > 1 else b.function
        w, h = sizes.label_width(text) + 0.06, sizes.LABEL_HEIGHT
        corners = [(b.x0 + 0.12 + w / 2, b.y1 - 0.05 - h / 2), (b.x1 - 0.12 - w / 2, b.y1 - 0.05 - h / 2),
                   (b.x0 + 0.12 + w / 2, b.y0 + 0.05 + h / 2), (b.x1 - 0.12 - w / 2, b.y0 + 0.05 + h / 2)]
        if not labels.try_place(text, corners, "bubble", ""):
            labels.place_at(text, b.x0 + 0.12, b.y1 - 0.05, "bubble", corner="nw")
    show = diagram.leg_labels
    if show != "none":
        _leg_labels(diagram, network, wires, labels, show == "sizes")
    anchors = tuple(
        (keys[n.id], *pos[n.id]) for n in network.nodes if n.kind in ("tensor", "dot", "merge")
    )
    g = Geometry(tuple(shapes.values()), tuple(wires), dots, tuple(labels.placed), bubbles, (0, 0, 0, 0),
                 diagram.title, anchors)
    return replace(g, bbox=_bbox(g))


def _lens_order(diagram: Diagram, network: Network, pos: dict) -> dict[int, tuple[int, int]]:
    """Each bond's place in its lens (several bonds between the same two nodes) and the lens's size,
    by wire number; a lone bond has no entry.

    At a copy or add node every port carries the same legs in the same order, so a leg arriving in a
    lens continues through a sibling leg of another port. Each curve goes on the side where its sibling
    leads, so the stream's seq pos and hidden wires do not swap inside the node; other lenses keep the
    wires' order.
    """
    from .dataflow import ports_of
    from .errors import CheckError

    far: dict[tuple[NodeId, str], NodeId] = {}
    for w in network.wires:
        far[(w.a.node, w.index)] = w.b.node
        far[(w.b.node, w.index)] = w.a.node
    siblings: dict[tuple[NodeId, str], list[str]] = {}
    for t in diagram.tensors:
        if t.kind not in ("copy", "add"):
            continue
        try:
            ports = ports_of(t)
        except CheckError:
            continue
        for p in ports:
            for j, index in enumerate(p.indices):
                siblings[(tensor_id(t.name), index)] = [q.indices[j] for q in ports if q is not p]
    groups: dict[tuple[NodeId, NodeId], list[int]] = {}
    for k, w in enumerate(network.wires):
        if not w.free and not w.loop:
            groups.setdefault(_pair(w), []).append(k)
    rank: dict[int, tuple[int, int]] = {}
    for (a, b), members in groups.items():
        if len(members) < 2:
            continue
        (ax, ay), (bx, by) = pos[a], pos[b]
        nx, ny = -(by - ay), bx - ax
        mx, my = (ax + bx) / 2, (ay + by) / 2

        def side(k: int) -> float:
            w = network.wires[k]
            values = [(pos[o][0] - mx) * nx + (pos[o][1] - my) * ny
                      for node in (a, b) for s in siblings.get((node, w.index), [])
                      if (o := far.get((node, s))) is not None and o not in (a, b)]
            return sum(values) / len(values) if values else 0.0

        for r, k in enumerate(sorted(members, key=lambda k: (side(k), members.index(k)))):
            rank[k] = (r, len(members))
    return rank


def anchor_keys(network: Network) -> dict[NodeId, str]:
    """The named point each node's drawing is relative to (a free leg's end: its wire's other end)."""
    keys: dict[NodeId, str] = {}
    for n in network.nodes:
        if n.kind == "tensor":
            keys[n.id] = safe_id(n.id[1])
        elif n.kind == "dot":
            keys[n.id] = "dot-" + safe_id(n.id[1])
        elif n.kind == "merge":
            keys[n.id] = "merge-" + str(int(n.id[1]) + 1)
    for n in network.nodes:
        if n.kind == "split":
            keys[n.id] = keys[tensor_id(n.id[1])]
    for w in network.wires:
        if w.free:
            keys[w.b.node] = keys[w.a.node]
    return keys


def safe_id(name: str) -> str:
    """A name usable as a TikZ node name and an XML id, and a different one for every name.

    Greek letters are spelled out, ``'`` and ``†`` written as their code points, other letters and digits
    kept: ``V†`` is ``Vu2020``, ``λ1`` is ``lambda1``, ``W_E''`` is ``W_Eu27u27``. Spelling can make two
    names look alike (``α`` and ``alpha``, ``A'`` and ``Au27``, ``_1`` and ``n_1``): the spelled text is
    read back, and a name it does not give back (``alpha``, ``Au27``, ``_1``) is followed by ``-`` and
    its characters' code points, so the id is the name's alone. Only those ids hold a ``-``.

    >>> safe_id("V†"), safe_id("λ1"), safe_id("W_O")
    ('Vu2020', 'lambda1', 'W_O')
    >>> safe_id("α"), safe_id("alpha"), safe_id("_1")
    ('alpha', 'alpha-61-6c-70-68-61', 'n_1-5f-31')
    """
    text = _spelled(name)
    if _read_back(text) == name:
        return text
    return text.replace("-", "") + "-" + "-".join(f"{ord(ch):x}" for ch in name)


def _spelled(name: str) -> str:
    from .texlabel import GREEK

    spelled = {v: k for k, v in GREEK.items()}
    out = []
    for ch in name:
        if ch.isascii() and (ch.isalnum() or ch in "-_"):
            out.append(ch)
        elif ch in spelled:
            out.append(spelled[ch])
        else:
            out.append(f"u{ord(ch):x}")
    text = "".join(out)
    return text if text[:1].isalpha() else "n" + text


_READ_MARKS = (("u2020", "†"), ("u27", "'"))


def _read_back(text: str) -> str | None:
    """The one name :func:`_spelled` is taken to spell: Greek where a spelled-out letter stands alone among
    ASCII letters (``lambda1``, ``W_alpha``, not ``num``), ``u27`` and ``u2020`` as ``'`` and ``†``, the
    rest as written. None for text no name is read from (a ``-``)."""
    from .texlabel import GREEK

    words = sorted(GREEK, key=len, reverse=True)
    out = []
    i = 0
    while i < len(text):
        letter_before = i > 0 and text[i - 1].isascii() and text[i - 1].isalpha()
        for mark, ch in _READ_MARKS:
            if text.startswith(mark, i):
                out.append(ch)
                i += len(mark)
                break
        else:
            word = None if letter_before else next((w for w in words if text.startswith(w, i)), None)
            after = i + len(word) if word else 0
            if word and not (after < len(text) and text[after].isascii() and text[after].isalpha()):
                out.append(GREEK[word])
                i = after
            elif text[i] == "-":
                return None
            else:
                out.append(text[i])
                i += 1
    return "".join(out)


# --- shapes -------------------------------------------------------------------------------


def _shape(t: Tensor, ident: str, at: Point, diagram: Diagram, network: Network, pos: dict) -> ShapeG:
    label = t.label if t.label is not None else default_label(t)
    w, h = sizes.tensor_extent(t, label)
    x, y = at
    outline: tuple[Point, ...] = ()
    radius = 0.0
    if t.shape in ("circle", "dot"):
        radius = w / 2
    elif t.shape == "triangle":
        d = _tip_direction(t, diagram, network, pos)
        px, py = -d[1], d[0]
        outline = (
            (x + d[0] * h / 2, y + d[1] * h / 2),
            (x - d[0] * h / 2 + px * w / 2, y - d[1] * h / 2 + py * w / 2),
            (x - d[0] * h / 2 - px * w / 2, y - d[1] * h / 2 - py * w / 2),
        )
        w, h = (w, h) if abs(d[1]) > 0.5 else (h, w)
    elif t.shape in ("square", "rectangle"):
        outline = ((x - w / 2, y - h / 2), (x + w / 2, y - h / 2), (x + w / 2, y + h / 2), (x - w / 2, y + h / 2))
    shown = None if t.shape in ("dot", "none") or not label else label
    fill = "#ffffff" if t.hole else fill_of(t, diagram)
    return ShapeG(t.name, ident, t.shape, x, y, w, h, radius, outline, fill, stroke_of(t), shown, t.hole)


def default_label(t: Tensor) -> str:
    """A tensor's label when the spec gives none: its name as math (``W1`` → ``W_{1}``); a dagger
    shows the name of the tensor whose data it conjugates (``Vd`` with ``data: V`` → ``V^{\\dagger}``)."""
    import re

    if t.kind == "copy":
        return ""
    if t.kind == "add":
        return "+"
    name = t.data if (t.dagger and t.data) else t.name
    m = re.fullmatch(r"([A-Za-z])(\d+)", name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}" + ("^{\\dagger}" if t.dagger else "")
    if t.dagger:  # one superscript for every mark: V† drawn daggered reads V^{† †}, never a double superscript
        base, sep, sub = name.partition("_")
        name = base + "†" + sep + sub
    return name_to_math(name)


def _tip_direction(t: Tensor, diagram: Diagram, network: Network, pos: dict) -> Point:
    """Which way a triangle's tip points: toward its tip legs' far ends, snapped to an axis."""
    tips = set(tip_indices(t, diagram.dim_map))
    here = pos[tensor_id(t.name)]
    toward = [0.0, 0.0]  # the tip legs' directions
    away = [0.0, 0.0]  # the other legs' directions
    for w in network.wires:
        for near, far in ((w.a, w.b), (w.b, w.a)):
            if near.node == tensor_id(t.name) and far.node != near.node:
                into = toward if set(t.legs[near.axis]) & tips else away
                fx, fy = pos[far.node]
                d = math.hypot(fx - here[0], fy - here[1]) or 1.0
                into[0] += (fx - here[0]) / d
                into[1] += (fy - here[1]) / d
    vx, vy = toward if math.hypot(*toward) > 1e-6 else (-away[0], -away[1])  # the tip legs win
    if abs(abs(vx) - abs(vy)) < 0.5 * math.hypot(vx, vy) and abs(abs(away[0]) - abs(away[1])) > 0.5:
        # a diagonal tip leg: point along the axis opposite the other legs, on the tip leg's side
        if abs(away[0]) > abs(away[1]):
            vx, vy = math.copysign(1.0, vx if abs(vx) > 1e-9 else -away[0]), 0.0
        else:
            vx, vy = 0.0, math.copysign(1.0, vy if abs(vy) > 1e-9 else -away[1])
    if abs(vx) < 1e-9 and abs(vy) < 1e-9:
        vx = -1.0 if t.dagger else 1.0
    return (math.copysign(1.0, vx), 0.0) if abs(vx) >= abs(vy) else (0.0, math.copysign(1.0, vy))


def boundary(shape: ShapeG, toward: Point) -> Point:
    """Where the ray from ``shape``'s centre toward ``toward`` leaves its outline."""
    dx, dy = toward[0] - shape.x, toward[1] - shape.y
    d = math.hypot(dx, dy)
    if d < 1e-12 or shape.shape == "none":
        return (shape.x, shape.y)
    ux, uy = dx / d, dy / d
    if not shape.outline:
        return (shape.x + ux * shape.radius, shape.y + uy * shape.radius)
    best = 0.0
    n = len(shape.outline)
    for k in range(n):
        (ax, ay), (bx, by) = shape.outline[k], shape.outline[(k + 1) % n]
        ex, ey = bx - ax, by - ay
        den = ux * ey - uy * ex
        if abs(den) < 1e-12:
            continue
        t = ((ax - shape.x) * ey - (ay - shape.y) * ex) / den
        s = ((ax - shape.x) * uy - (ay - shape.y) * ux) / den
        if t > 0 and -1e-9 <= s <= 1 + 1e-9:
            best = max(best, t)
    return (shape.x + ux * best, shape.y + uy * best)


# --- wires --------------------------------------------------------------------------------


def _pair(w: Wire) -> tuple[NodeId, NodeId]:
    return (w.a.node, w.b.node) if w.a.node <= w.b.node else (w.b.node, w.a.node)


def _end(port: Port, toward: Point, network: Network, pos: dict, shapes: dict[str, ShapeG]) -> Point:
    kind = port.node[0]
    if kind == "t":
        return boundary(shapes[port.node[1]], toward)
    if kind == "dot":
        x, y = pos[port.node]
        d = math.hypot(toward[0] - x, toward[1] - y) or 1.0
        return (x + (toward[0] - x) / d * sizes.DOT_RADIUS, y + (toward[1] - y) / d * sizes.DOT_RADIUS)
    return pos[port.node]


def _connect(w: Wire, offset: float, network: Network, pos: dict, shapes: dict[str, ShapeG], diagram: Diagram
             ) -> tuple[tuple[Point, ...], bool]:
    pa, pb = pos[w.a.node], pos[w.b.node]
    if abs(offset) < 1e-9:
        return (_end(w.a, pb, network, pos, shapes), _end(w.b, pa, network, pos, shapes)), False
    dx, dy = pb[0] - pa[0], pb[1] - pa[1]
    d = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / d * offset * 1.35, dx / d * offset * 1.35
    c1 = (pa[0] + dx * 0.3 + nx, pa[1] + dy * 0.3 + ny)
    c2 = (pa[0] + dx * 0.7 + nx, pa[1] + dy * 0.7 + ny)
    return (_end(w.a, c1, network, pos, shapes), c1, c2, _end(w.b, c2, network, pos, shapes)), True


def _loop(w: Wire, k: int, network: Network, pos: dict, shapes: dict[str, ShapeG]) -> tuple[Point, ...]:
    """A trace: a teardrop from the tensor back to itself, in its emptiest direction."""
    node = w.a.node
    cx, cy = pos[node]
    angles = []
    for other in network.wires:
        for near, far in ((other.a, other.b), (other.b, other.a)):
            if near.node == node and far.node != node:
                fx, fy = pos[far.node]
                angles.append(math.atan2(fy - cy, fx - cx))
    theta = _emptiest(angles, k)
    shape = shapes[node[1]] if node[0] == "t" else None
    r = max(shape.width, shape.height) / 2 if shape else sizes.DOT_RADIUS
    reach = r + 1.05
    spread = 0.55

    def at(angle: float, dist: float) -> Point:
        return (cx + math.cos(angle) * dist, cy + math.sin(angle) * dist)

    c1, c2 = at(theta - 0.95, reach), at(theta + 0.95, reach)
    start = boundary(shape, at(theta - spread, 1.0)) if shape else at(theta - spread, r)
    end = boundary(shape, at(theta + spread, 1.0)) if shape else at(theta + spread, r)
    return (start, c1, c2, end)


def _emptiest(angles: list[float], k: int) -> float:
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


# --- labels -------------------------------------------------------------------------------


LEG_SCALE = 11.5 / 13.3
"""Leg labels are set smaller than tensor labels (TikZ \\small, SVG 11.5 px against 13.3 px)."""


class _Labels:
    """Places label boxes so they overlap no shape, no wire and no other label.

    Boxes and wire segments are bucketed in a uniform grid of ``CELL`` cm, so each test looks only at
    what is near: placing the labels of a 64 × 64 PEPS stays linear in its size.
    """

    CELL = 1.0

    def __init__(self, shapes) -> None:
        self.placed: list[LabelG] = []
        self.boxes: list[tuple[float, float, float, float]] = []
        self.segments: list[tuple[Point, Point]] = []
        self.box_cells: dict[tuple[int, int], list[int]] = {}
        self.seg_cells: dict[tuple[int, int], list[int]] = {}
        for s in shapes:
            if s.shape != "none":
                self._box((s.x - s.width / 2, s.y - s.height / 2, s.x + s.width / 2, s.y + s.height / 2))

    def _cells(self, x0: float, y0: float, x1: float, y1: float):  # type: ignore[no-untyped-def]
        c = self.CELL
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                yield (i, j)

    def _box(self, box: tuple[float, float, float, float]) -> None:
        self.boxes.append(box)
        for cell in self._cells(*box):
            self.box_cells.setdefault(cell, []).append(len(self.boxes) - 1)

    def avoid_wires(self, wires: list[WireG]) -> None:
        for pts in (flatten(w) for w in wires):
            for a, b in zip(pts, pts[1:]):
                self.segments.append((a, b))
                for cell in self._along(a, b):
                    self.seg_cells.setdefault(cell, []).append(len(self.segments) - 1)

    def avoid_outlines(self, bubbles) -> None:  # type: ignore[no-untyped-def]
        """A bubble's border is a line labels must not sit on, like a wire."""
        for b in bubbles:
            corners = [(b.x0, b.y0), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1), (b.x0, b.y0)]
            for a, c in zip(corners, corners[1:]):
                self.segments.append((a, c))
                for cell in self._along(a, c):
                    self.seg_cells.setdefault(cell, []).append(len(self.segments) - 1)

    def _along(self, a: Point, b: Point) -> set[tuple[int, int]]:
        """The cells a segment passes through, so a long wire costs its length, not the area of its
        bounding box: samples every half cell, each registering the cells of the square of half a cell
        around it, which holds every point of the segment within a quarter cell of the sample."""
        c = self.CELL
        steps = max(1, math.ceil(math.dist(a, b) / (c / 2)))
        q = c / 4
        cells: set[tuple[int, int]] = set()
        for k in range(steps + 1):
            x = a[0] + (b[0] - a[0]) * k / steps
            y = a[1] + (b[1] - a[1]) * k / steps
            for i in range(math.floor((x - q) / c), math.floor((x + q) / c) + 1):
                for j in range(math.floor((y - q) / c), math.floor((y + q) / c) + 1):
                    cells.add((i, j))
        return cells

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        boxes: set[int] = set()
        segs: set[int] = set()
        for cell in self._cells(*box):
            boxes.update(self.box_cells.get(cell, ()))
            segs.update(self.seg_cells.get(cell, ()))
        for k in boxes:
            b = self.boxes[k]
            if x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1:
                return False
        return not any(_segment_hits_box(*self.segments[k], box) for k in segs)

    def try_place(self, text: str, candidates: list[Point], role: str, anchor: str) -> bool:
        w = sizes.label_width(text) * (LEG_SCALE if role == "leg" else 1.0) + 0.06
        h = sizes.LABEL_HEIGHT
        for x, y in candidates:
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            if self.free(box):
                self._add(text, x, y, w, h, role, anchor)
                return True
        return False

    def place_at(self, text: str, x: float, y: float, role: str, *, corner: str = "c", anchor: str = "") -> None:
        w = sizes.label_width(text) + 0.06
        h = sizes.LABEL_HEIGHT
        if corner == "nw":
            x, y = x + w / 2, y - h / 2
        self._add(text, x, y, w, h, role, anchor)

    def _add(self, text: str, x: float, y: float, w: float, h: float, role: str, anchor: str) -> None:
        self.placed.append(LabelG(text, x, y, w, h, role, True, anchor))
        self._box((x - w / 2, y - h / 2, x + w / 2, y + h / 2))


def _segment_hits_box(a: Point, b: Point, box: tuple[float, float, float, float]) -> bool:
    """Liang–Barsky: does segment ab pass through the box's interior?"""
    x0, y0, x1, y1 = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if abs(p) < 1e-12:
            if q <= 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 >= t1:
                return False
    return True


def _leg_text(indices: tuple[str, ...], dims: dict[str, int], with_size: bool) -> str:
    from .texlabel import UNICODE_TO_TEX

    def one(i: str) -> str:
        import re

        shown = index_text(i)
        tex = "".join(UNICODE_TO_TEX.get(c, c) + (" " if c in UNICODE_TO_TEX else "") for c in shown).strip()
        m = re.fullmatch(r"(.)(\d+)", shown)
        if m:
            tex = "".join(UNICODE_TO_TEX.get(c, c) for c in m.group(1)) + f"_{{{m.group(2)}}}"
        elif len(shown) > 1 and not any(c in UNICODE_TO_TEX for c in shown):
            tex = rf"\mathrm{{{shown}}}".replace(" ", r"\ ")
        if with_size and i in dims:
            tex += f"{{=}}{dims[i]}"
        return tex

    body = r"\,".join(one(i) for i in indices)
    return f"({body})" if len(indices) > 1 else body


def _leg_labels(diagram: Diagram, network: Network, wires: list[WireG], labels: _Labels, with_size: bool) -> None:
    dims = diagram.dim_map
    done: set[str] = set()
    # Free legs first: their labels sit just beyond the open end.
    order = sorted(range(len(wires)), key=lambda k: (wires[k].role != "free" and not network.wires[k].free, k))
    for k in order:
        w, nw = wires[k], network.wires[k]
        if w.index in done and not nw.grouped:
            continue
        text = _leg_text(nw.indices, dims, with_size)
        pts = flatten(w)
        if nw.free:
            (ax, ay), (bx, by) = pts[-2], pts[-1]
            d = math.hypot(bx - ax, by - ay) or 1.0
            ux, uy = (bx - ax) / d, (by - ay) / d
            half = (abs(ux) * sizes.label_width(text) + abs(uy) * sizes.LABEL_HEIGHT) / 2 + 0.1
            cands = [(bx + ux * half, by + uy * half), (bx - uy * 0.25, by + ux * 0.25), (bx + uy * 0.25, by - ux * 0.25)]
        else:
            mid = len(pts) // 2
            (ax, ay), (bx, by) = pts[mid - 1], pts[mid]
            mx, my = (ax + bx) / 2, (ay + by) / 2
            d = math.hypot(bx - ax, by - ay) or 1.0
            nx, ny = -(by - ay) / d, (bx - ax) / d
            off = sizes.LABEL_HEIGHT / 2 + 0.08 + (abs(nx) * sizes.label_width(text) / 2)
            if w.curve:  # one of several bonds between two tensors: its label goes on the outside of its bulge
                chord = ((w.points[0][0] + w.points[-1][0]) / 2, (w.points[0][1] + w.points[-1][1]) / 2)
                if (mx - chord[0]) * nx + (my - chord[1]) * ny < 0:
                    nx, ny = -nx, -ny
            cands = [(mx + nx * off, my + ny * off), (mx - nx * off, my - ny * off)]
            for f in (0.3, 0.7, 0.18, 0.82):
                px, py = ax + (bx - ax) * f, ay + (by - ay) * f
                cands += [(px + nx * off, py + ny * off), (px - nx * off, py - ny * off)]
        if nw.free:
            far = [(bx + ux * half * k, by + uy * half * k) for k in (1.8, 2.6)]
        else:
            far = [(px + sx * nx * off * k, py + sx * ny * off * k) for k in (1.8, 2.6, 3.4) for f in (0.5, 0.3, 0.7)
                   for px, py in [(ax + (bx - ax) * f, ay + (by - ay) * f)] for sx in (1, -1)]
        # a free spot near the wire, else one further out; a label never covers a shape, a wire or a label
        if labels.try_place(text, cands, "leg", w.ends[0]) or labels.try_place(text, far, "leg", w.ends[0]):
            done.add(w.index)


# --- bubbles, bounding box, equations -------------------------------------------------------


def _bubbles(diagram: Diagram, shapes: dict[str, ShapeG]) -> tuple[BubbleG, ...]:
    boxes: dict[str, tuple[float, float, float, float]] = {
        s.name: (s.x - s.width / 2, s.y - s.height / 2, s.x + s.width / 2, s.y + s.height / 2) for s in shapes.values()
    }
    out = []
    for b in diagram.bubbles:
        members = [boxes[m] for m in b.members if m in boxes]
        pad = 0.22
        x0 = min(m[0] for m in members) - pad
        y0 = min(m[1] for m in members) - pad
        x1 = max(m[2] for m in members) + pad
        y1 = max(m[3] for m in members) + pad + 0.3
        boxes[b.name] = (x0, y0, x1, y1)
        out.append(BubbleG(b.name, b.label or b.function, x0, y0, x1, y1, line_hex(b.color) if b.color else "#8c8c8c"))
    return tuple(out)


def flatten(w: WireG, steps: int = 16) -> list[Point]:
    """A wire as a polyline (a curve sampled at ``steps`` + 1 points)."""
    if not w.curve:
        return list(w.points)
    p0, c1, c2, p3 = w.points
    out = []
    for k in range(steps + 1):
        t = k / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
        out.append((a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1]))
    return out


def _bbox(g: Geometry) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for s in g.shapes:
        xs += [s.x - s.width / 2, s.x + s.width / 2]
        ys += [s.y - s.height / 2, s.y + s.height / 2]
    for w in g.wires:
        for x, y in flatten(w):
            xs.append(x)
            ys.append(y)
    for lb in g.labels:
        xs += [lb.x - lb.width / 2, lb.x + lb.width / 2]
        ys += [lb.y - lb.height / 2, lb.y + lb.height / 2]
    for b in g.bubbles:
        xs += [b.x0, b.x1]
        ys += [b.y0, b.y1]
    for d in g.dots:
        xs += [d.x - d.radius, d.x + d.radius]
        ys += [d.y - d.radius, d.y + d.radius]
    if not xs:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(xs), min(ys), max(xs), max(ys))


def translate(g: Geometry, dx: float, dy: float, *, prefix: str = "") -> Geometry:
    """``g`` moved by (dx, dy); with ``prefix``, every anchor and id renamed ``prefix + name``."""

    def mv(p: Point) -> Point:
        return (p[0] + dx, p[1] + dy)

    def key(k: str) -> str:
        return prefix + k if k else k

    return Geometry(
        tuple(replace(s, ident=key(s.ident), x=s.x + dx, y=s.y + dy, outline=tuple(mv(p) for p in s.outline))
              for s in g.shapes),
        tuple(replace(w, points=tuple(mv(p) for p in w.points), ends=(key(w.ends[0]), key(w.ends[1])))
              for w in g.wires),
        tuple(replace(d, ident=key(d.ident), x=d.x + dx, y=d.y + dy) for d in g.dots),
        tuple(replace(lb, x=lb.x + dx, y=lb.y + dy, anchor=key(lb.anchor)) for lb in g.labels),
        tuple(replace(b, name=key(b.name), x0=b.x0 + dx, x1=b.x1 + dx, y0=b.y0 + dy, y1=b.y1 + dy) for b in g.bubbles),
        (g.bbox[0] + dx, g.bbox[1] + dy, g.bbox[2] + dx, g.bbox[3] + dy),
        g.title,
        tuple((key(k), x + dx, y + dy) for k, x, y in g.anchors),
    )


OP_TEX = {"=": "=", "+": "+", "-": "-", "!=": r"\neq"}


def _main_line(g: Geometry) -> float:
    """The height the terms of an equation line up on: the row holding more than half of the tensors,
    else the middle of the picture."""
    rows: dict[float, int] = {}
    for s in g.shapes:
        rows[round(s.y, 3)] = rows.get(round(s.y, 3), 0) + 1
    best = max(rows.values(), default=0)
    if best * 2 <= len(g.shapes):  # no row holds most of the tensors: the middle of the picture
        return (g.bbox[1] + g.bbox[3]) / 2
    return next(y for y, n in rows.items() if n == best)


def _equation_geometry(eq: Equation, *, seed: int) -> Geometry:
    """Each term laid out on its own, then set left to right with operators between them."""
    from .layout import layout

    parts: list[Geometry] = []
    extra: list[LabelG] = []
    x = 0.0
    gap = 0.35
    for k, term in enumerate(eq.terms):
        g = diagram_geometry(term.diagram, layout(term.diagram, seed=seed))
        cy = _main_line(g)
        prefix = []
        if term.op is not None:
            prefix.append((OP_TEX[term.op], "op"))
        if term.coeff is not None:
            prefix.append((term.coeff, "coeff"))
        if term.sum_over:
            prefix.append((r"\sum_{" + ",".join(_leg_text((i,), {}, False) for i in term.sum_over) + "}", "sum"))
        for text, role in prefix:
            w = sizes.label_width(text) + 0.1
            h = sizes.LABEL_HEIGHT * (1.8 if role == "sum" else 1.0)
            extra.append(LabelG(text, x + gap + w / 2, 0.0, w, h, role, True))
            x += gap + w
        g = translate(g, x + gap - g.bbox[0], -cy, prefix=f"t{k + 1}-")
        parts.append(g)
        x = g.bbox[2]
    merged = Geometry(
        tuple(s for g in parts for s in g.shapes),
        tuple(w for g in parts for w in g.wires),
        tuple(d for g in parts for d in g.dots),
        tuple(lb for g in parts for lb in g.labels) + tuple(extra),
        tuple(b for g in parts for b in g.bubbles),
        (0, 0, 0, 0),
        eq.title,
        tuple(a for g in parts for a in g.anchors),
    )
    return replace(merged, bbox=_bbox(merged))


__all__ = ["Geometry", "ShapeG", "WireG", "DotG", "LabelG", "BubbleG", "build_geometry", "diagram_geometry",
           "flatten", "translate", "boundary", "leg_text", "safe_id"]
