"""Where a bundle's wires run (parallel straight lines a fixed gap apart, either side of the centre line
between its two ends), and its one label, beside the bundle or beyond its open end.

Each line is the centre line moved sideways by its offset, cut where it leaves the shape at either end:
a circle (a copy or add disc too) where the offset line meets its rim, a polygon at its outline. So the
stream's lines run into a copy node's disc and out of it again, a fixed gap apart, on every side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import sizes
from ..bundles import FREE, diagram_bundles
from ..model import Diagram
from ..network import Network, NodeId, tensor_id
from ..plane import polyline_distance
from ..style import STYLE
from .elements import Point, ShapeG, WireG, flatten
from .labels import LEG_SCALE, LabelPlacer
from .leg_labels import leg_label_text

_D = STYLE.drawing


@dataclass(frozen=True)
class DrawnBundle:
    indices: tuple[str, ...]
    start: Point
    end: Point
    """The centre line, from the start node's centre to the end node's centre (or the open end)."""
    half: float
    """Half the bundle's width: from the centre line to its outermost lines."""
    free: bool
    anchor: str


def bundle_wires(diagram: Diagram, network: Network, pos: dict, shapes: dict[str, ShapeG], keys: dict[NodeId, str]
                 ) -> tuple[dict[int, tuple[Point, Point]], list[DrawnBundle]]:
    """Each bundled wire's two points (by wire number), and the bundles drawn."""
    wire_of: dict[str, int] = {}
    for k, w in enumerate(network.wires):
        if len(w.indices) == 1 and not w.loop and not w.grouped:
            wire_of[w.indices[0]] = k
    lines: dict[int, tuple[Point, Point]] = {}
    drawn: list[DrawnBundle] = []
    for b in diagram_bundles(diagram):
        if not all(i in wire_of for i in b.indices):
            continue
        first = network.wires[wire_of[b.indices[0]]]
        a = tensor_id(b.start)
        z = tensor_id(b.end) if b.end != FREE else (first.b.node if first.b.node.is_open else first.a.node)
        (ax, ay), (zx, zy) = pos[a], pos[z]
        d = math.hypot(zx - ax, zy - ay)
        if d < 1e-9:
            continue
        ux, uy = (zx - ax) / d, (zy - ay) / d
        nx, ny = -uy, ux  # to the left of the direction of travel
        n = len(b.indices)
        for j, index in enumerate(b.indices):
            o = ((n - 1) / 2 - j) * _D.bundle_gap
            sx, sy, ex, ey = ax + nx * o, ay + ny * o, zx + nx * o, zy + ny * o
            t0 = _exit(shapes.get(b.start), (sx, sy), (ux, uy), o)
            t1 = _exit(shapes.get(b.end) if b.end != FREE else None, (ex, ey), (-ux, -uy), o)
            p, q = (sx + ux * t0, sy + uy * t0), (ex - ux * t1, ey - uy * t1)
            k = wire_of[index]
            w = network.wires[k]
            lines[k] = (p, q) if w.a.node == a else (q, p)
        drawn.append(DrawnBundle(b.indices, (ax, ay), (zx, zy), (n - 1) / 2 * _D.bundle_gap, b.end == FREE, keys[a]))
    return lines, drawn


def _exit(shape: ShapeG | None, at: Point, u: Point, offset: float) -> float:
    """How far from ``at`` (the shape's centre moved ``offset`` sideways) along ``u`` the line leaves the shape."""
    if shape is None:
        return 0.0
    if shape.shape in ("circle", "dot"):
        r = shape.radius
        return math.sqrt(r * r - offset * offset) if abs(offset) < r else 0.0
    best = math.inf
    ring = shape.outline
    for (px, py), (qx, qy) in zip(ring, ring[1:] + ring[:1]):
        ex, ey = qx - px, qy - py
        den = u[0] * ey - u[1] * ex
        if abs(den) < 1e-12:
            continue
        t = ((px - at[0]) * ey - (py - at[1]) * ex) / den
        s = ((px - at[0]) * u[1] - (py - at[1]) * u[0]) / den
        if t > 1e-9 and -1e-9 <= s <= 1 + 1e-9:
            best = min(best, t)
    return 0.0 if best == math.inf else best


def label_bundles(diagram: Diagram, drawn: list[DrawnBundle], labels: LabelPlacer, with_size: bool,
                  wires: list[WireG], pinned: dict[int, Point] | None = None) -> set[str]:
    """One label for each bundle (its indices' names, left to right), free bundles first, at a free spot
    nearer its own lines than any other wire, else its names stacked in a block there; the indices
    labelled. A bundle with no such spot leaves its indices to be labelled one by one. ``pinned``: bundles
    whose label the spec places (:mod:`tensordiag.handpins`), by number, and where; their streams are labelled."""
    dims = diagram.dim_map
    shown = dict(diagram.index_labels)
    done: set[str] = set()
    texts = [r",\ ".join(leg_label_text((i,), dims, with_size, shown) for i in b.indices) for b in drawn]
    streams = _streams(drawn, texts)
    from .label_pins import bundle_base

    labelled: set[int] = set()
    for k, (x, y) in (pinned or {}).items():
        if streams[k] not in labelled:
            labels.place_at(texts[k], x, y, "leg", anchor=drawn[k].anchor, key=drawn[k].indices[0],
                            base=bundle_base(drawn[k]))
            labelled.add(streams[k])

    def length(k: int) -> float:
        return -round(math.dist(drawn[k].start, drawn[k].end), 6)

    # streams with an open end first; in a stream, its open end, else the segments on its main line (not a
    # branch), longest first (the label goes where the stream has room); each stream labelled once
    first: dict[int, tuple[bool, int]] = {}
    for k in range(len(drawn)):
        first[streams[k]] = min(first.get(streams[k], (True, k)), (not drawn[k].free, k))
    def line(k: int) -> tuple[str, float] | None:  # the axis-parallel line a segment runs along
        (ax, ay), (bx, by) = drawn[k].start, drawn[k].end
        return ("x", round(ax, 3)) if abs(ax - bx) < 1e-6 else ("y", round(ay, 3)) if abs(ay - by) < 1e-6 else None

    def along(k: int) -> int:  # how many of its stream's segments share its line: the stream itself, not a branch
        return sum(1 for j in range(len(drawn)) if streams[j] == streams[k] and line(j) is not None
                   and line(j) == line(k))

    ordered = sorted(range(len(drawn)), key=lambda k: (first[streams[k]], not drawn[k].free, -along(k), length(k), k))
    for k in ordered:
        b, text = drawn[k], texts[k]
        if streams[k] in labelled:  # a stream reading the same text through copy and add nodes: labelled once
            done.update(b.indices)
            continue
        others = [flatten(w) for w in wires if w.index not in b.indices]
        if labels.try_place(text, [p for p in _spots(b, text) if _own(p, b, others)], "leg", b.anchor,
                            b.indices[0], bundle_base(b)) or \
                _stacked(b, [leg_label_text((i,), dims, with_size, shown) for i in b.indices], labels, others):
            done.update(b.indices)
            labelled.add(streams[k])
    for k, b in enumerate(drawn):
        if streams[k] in labelled:
            done.update(b.indices)
    return done


def _streams(drawn: list[DrawnBundle], texts: list[str]) -> list[int]:
    """For each bundle, its stream: bundles that read the same text and meet end to end (the residual stream's
    segments between its copy and add nodes) share one, the first of them."""
    parent = list(range(len(drawn)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    at: dict[tuple[str, float, float], int] = {}
    for k, b in enumerate(drawn):
        for p in (b.start, b.end):
            key = (texts[k], round(p[0], 6), round(p[1], 6))
            if key in at:
                a, c = root(at[key]), root(k)
                parent[max(a, c)] = min(a, c)
            else:
                at[key] = k
    return [root(k) for k in range(len(drawn))]


def _stacked(b: DrawnBundle, lines: list[str], labels: LabelPlacer, others: list[list[Point]]) -> bool:
    """Where one line does not fit (a tight fan of bundles), the bundle's names one above the other, as one
    block beside it; False when no spot holds the block."""
    widths = [sizes.label_width(t) * LEG_SCALE + _D.label_pad for t in lines]
    h = sizes.LABEL_HEIGHT
    for x, y in _spots(b, "", (max(widths), h * len(lines))):
        if not _own((x, y), b, others):
            continue
        rows = [(x, y + ((len(lines) - 1) / 2 - k) * h) for k in range(len(lines))]
        if all(labels.free((px - w / 2, py - h / 2, px + w / 2, py + h / 2)) for (px, py), w in zip(rows, widths)):
            for text, (px, py) in zip(lines, rows):  # each row was free; one may touch the row just placed
                if not labels.try_place(text, [(px, py)], "leg", b.anchor):
                    labels.place_at(text, px, py, "leg", anchor=b.anchor)
            return True
    return False


def _own(p: Point, b: DrawnBundle, others: list[list[Point]]) -> bool:
    """Whether ``p`` is nearer the bundle's centre line than every other wire."""
    mine = polyline_distance(p, [b.start, b.end]) - b.half
    return all(polyline_distance(p, line) > mine for line in others)


def _spots(b: DrawnBundle, text: str, box: tuple[float, float] | None = None) -> list[Point]:
    """Beyond a free bundle's open end, else beside it; beside a bond bundle's middle, then along it
    (for ``text``, or a block of size ``box``)."""
    (ax, ay), (zx, zy) = b.start, b.end
    d = math.hypot(zx - ax, zy - ay) or 1.0
    ux, uy = (zx - ax) / d, (zy - ay) / d
    nx, ny = -uy, ux
    w, h = box or (sizes.label_width(text), sizes.LABEL_HEIGHT)
    side = b.half + _D.bond_label_gap + (abs(nx) * w + abs(ny) * h) / 2
    if b.free:
        ahead = (abs(ux) * w + abs(uy) * h) / 2 + _D.free_label_gap
        return [(zx + ux * ahead, zy + uy * ahead), (zx + nx * side, zy + ny * side), (zx - nx * side, zy - ny * side)]
    spots = []
    for reach in (1.0,) + tuple(_D.far_label_steps):
        for f in (0.5,) + tuple(_D.bond_label_stops) + (0.4, 0.6, 0.9, 0.1):
            px, py = ax + (zx - ax) * f, ay + (zy - ay) * f
            out = b.half + (side - b.half) * reach
            spots += [(px + nx * out, py + ny * out), (px - nx * out, py - ny * out)]
    return spots
