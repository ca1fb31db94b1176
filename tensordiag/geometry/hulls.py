"""A contraction order drawn on the network itself (:mod:`tensordiag.order`):

* **numbers**: each bond carries the number of the step that contracts it, in a small circle on the wire;
* **hulls**: an outline around the tensors of each intermediate (cotengra's "rubberband"), nested: a step's
  outline keeps :data:`HULL_GAP` outside those of the steps it contains, and is labelled with its number. It
  is broken where it would run over a leg label (:mod:`.hull_gaps`), so every label stays readable.

An outline is a rubberband (:mod:`.rubberband`) around its tensors' shapes and the bonds between them, so it
is smooth, never cuts a shape, and goes around the tensors that are not in its group. Straight bonds are wrapped
from centre to centre and those on one line joined (:func:`merged`), so an outline along a row runs straight.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..model import Diagram
from ..order.path import Order
from ..plane import segment_distance
from .elements import Geometry, LabelG, OutlineG, Point, WireG, flatten, with_bbox
from .hull_gaps import label_boxes, pieces
from .hull_labels import Boxes, Segments, clear_of_hulls
from .rubberband import outline

HULL_PAD = 0.2
"""How far (cm) the innermost outline keeps from its tensors' shapes."""
HULL_GAP = 0.1
"""How much farther (cm) each enclosing outline keeps."""
BAND = 1.0
"""A bond inside a group is wrapped this fraction as wide as its tensors (1: the outline runs straight along it)."""
STEP_RADIUS = 0.17
"""The radius (cm) of a step number's circle (its label box is its diameter wide)."""


def _levels(order: Order) -> dict[int, int]:
    """Each step's nesting level: 0 for a step of tensors only, else one more than its deepest operand step."""
    level: dict[int, int] = {}
    for s in order.steps:
        level[s.number] = 1 + max((level[int(o)] for o in s.operands if o.isdigit()), default=-1)
    return level


def with_hulls(g: Geometry, diagram: Diagram, order: Order) -> Geometry:
    """``g`` with an outline around every step but the last (which holds the whole network), each labelled; the
    leg labels an outline would run over first move beside their wires, clear of every outline
    (:mod:`.hull_labels`)."""
    shapes = {s.name: s for s in g.shapes}
    level = _levels(order)
    everything = {t.name for t in diagram.tensors}
    centres = {sh.ident: (sh.x, sh.y) for sh in g.shapes}
    drawn = []
    for s in order.steps:
        if set(s.members) == everything and s is order.steps[-1] and len(order.steps) > 1:
            continue
        reach = HULL_PAD + HULL_GAP * level[s.number]
        idents = {shapes[m].ident for m in s.members}
        discs = [(shapes[m].x, shapes[m].y, max(shapes[m].width, shapes[m].height) / 2 + reach) for m in s.members]
        band = BAND * max(r for _, _, r in discs)
        pieces_in = [piece for w in g.wires if w.ends[0] in idents and w.ends[1] in idents and w.ends[0] != w.ends[1]
                     for piece in _pieces(w, centres)]
        capsules = [(a, b, band) for a, b in merged(pieces_in)]
        discs = [d for d in discs if d[2] > band or not any(_on((d[0], d[1]), a, b) for a, b, _ in capsules)]
        drawn.append((s, outline(discs, capsules)))
    kept = clear_of_hulls(g.labels, g.wires, g.shapes, [loop for _, loops in drawn for loop in loops])
    boxes = Boxes(label_boxes(kept))
    wires = Segments(flatten(w) for w in g.wires)
    outlines = []
    labels: list[LabelG] = []
    for s, loops in drawn:
        runs = [(run, len(cut) == 1 and run == tuple(loop)) for loop in loops
                for cut in [pieces(loop, boxes.along(loop))] for run in cut]
        outlines.extend(OutlineG(run, closed, "hull", s.number) for run, closed in runs)
        hull = tuple(p for run, _ in runs for p in run)
        x, y = _label_spot(hull, s, shapes, order, labels + list(kept), wires)
        labels.append(LabelG(str(s.number), x, y, 2 * STEP_RADIUS, 2 * STEP_RADIUS, "step", True))
    return with_bbox(replace(g, outlines=g.outlines + tuple(outlines), labels=kept + tuple(labels)))


def _pieces(w: WireG, centres: dict[str, Point]) -> list[tuple[Point, Point]]:
    """The straight pieces a hull wraps along a bond inside it: a straight bond from centre to centre (so that
    the bonds of a row line up into one, :func:`merged`), a curved or bent one along its drawn points."""
    pts = flatten(w)
    if not w.curve and len(pts) == 2 and w.ends[0] in centres and w.ends[1] in centres:
        return [(centres[w.ends[0]], centres[w.ends[1]])]
    return list(zip(pts, pts[1:]))


def merged(segments: list[tuple[Point, Point]]) -> list[tuple[Point, Point]]:
    """``segments`` with those on one line that overlap or meet joined into one: a row's bonds wrapped as one
    capsule, so that its outline runs straight past every tensor, with no seam for the smooth minimum to bulge.

    >>> merged([((0.0, 0.0), (1.0, 0.0)), ((2.0, 0.0), (1.0, 0.0)), ((0.0, 0.0), (0.0, 1.0))])
    [((0.0, 0.0), (0.0, 1.0)), ((0.0, 0.0), (2.0, 0.0))]
    """
    lines: dict[tuple[float, float, float], list[list[float]]] = {}
    for a, b in segments:
        d = math.dist(a, b)
        if d < 1e-9:
            continue
        ux, uy = (b[0] - a[0]) / d, (b[1] - a[1]) / d
        if ux < -1e-9 or (abs(ux) <= 1e-9 and uy < 0):
            ux, uy = -ux, -uy
        key = (round(ux, 6) + 0.0, round(uy, 6) + 0.0, round(a[0] * uy - a[1] * ux, 6) + 0.0)
        ta, tb = a[0] * ux + a[1] * uy, b[0] * ux + b[1] * uy
        lines.setdefault(key, []).append([min(ta, tb), max(ta, tb)])
    out = []
    for (ux, uy, off), spans in sorted(lines.items()):
        spans.sort()
        joined = [spans[0]]
        for lo, hi in spans[1:]:
            if lo <= joined[-1][1] + 1e-6:
                joined[-1][1] = max(joined[-1][1], hi)
            else:
                joined.append([lo, hi])
        for lo, hi in joined:  # back from (along, across) to the plane: p = along·u + off·(u_y, −u_x)
            out.append(((round(lo * ux + off * uy, 9) + 0.0, round(lo * uy - off * ux, 9) + 0.0),
                        (round(hi * ux + off * uy, 9) + 0.0, round(hi * uy - off * ux, 9) + 0.0)))
    return out


def _on(p: Point, a: Point, b: Point) -> bool:
    """Whether ``p`` lies on segment ab (a disc there is inside the capsule around it)."""
    return segment_distance(p, a, b) < 1e-6


def _label_spot(hull: tuple[Point, ...], step, shapes, order: Order, taken: list[LabelG],
                lines: Segments | None = None) -> Point:
    """Where a hull's number goes: on the hull, toward the tensors this step adds to what its operand steps
    held (so the numbers of nested hulls spread out along the order), clear of the numbers placed before and
    off every wire of ``lines`` (a number on a bond would hide it); crowded, clear of the labels alone."""
    inner = {m for o in step.operands if o.isdigit() for m in order.steps[int(o) - 1].members}
    new = [m for m in step.members if m not in inner] or list(step.members)
    cx = sum(shapes[m].x for m in step.members) / len(step.members)
    cy = sum(shapes[m].y for m in step.members) / len(step.members)
    nx = sum(shapes[m].x for m in new) / len(new) - cx
    ny = sum(shapes[m].y for m in new) / len(new) - cy
    if math.hypot(nx, ny) < 1e-9:
        nx, ny = 0.0, 1.0
    ranked = sorted(hull, key=lambda p: (-round((p[0] - cx) * nx + (p[1] - cy) * ny, 6), -p[1], p[0]))
    half = 1.1 * STEP_RADIUS
    boxes = Boxes([_box(b) for b in taken] + [_box(LabelG("", sh.x, sh.y, sh.width, sh.height, "shape", False))
                                              for sh in shapes.values()])
    free = [p for p in ranked if not boxes.hit((p[0] - half, p[1] - half, p[0] + half, p[1] + half))]
    on_none = [p for p in free if lines is None or not lines.enter((p[0] - half, p[1] - half, p[0] + half, p[1] + half))]
    return (on_none or free or ranked)[0]


def _box(lb: LabelG) -> tuple[float, float, float, float]:
    return (lb.x - lb.width / 2, lb.y - lb.height / 2, lb.x + lb.width / 2, lb.y + lb.height / 2)


def _middle(points: list[Point]) -> Point:
    """The point halfway along a polyline."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:])]
    half = sum(lengths) / 2
    for (a, b), d in zip(zip(points, points[1:]), lengths):
        if half <= d and d > 0:
            t = half / d
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        half -= d
    return points[len(points) // 2]


def with_step_numbers(g: Geometry, order: Order) -> Geometry:
    """``g`` with each bond marked, halfway along its wire, with the number of the step that sums its index
    (a hyperedge's wires each carry it); free legs are never summed and carry none. A leg label the number
    would cover is left out: the number says which bond it is, and the cost table names its legs."""
    step_of = {i: s.number for s in order.steps for i in s.summed}
    marks = []
    for w in g.wires:
        if w.role in ("bond", "loop", "dot") and w.index in step_of:
            x, y = _middle(flatten(w))
            marks.append(LabelG(str(step_of[w.index]), x, y, 2 * STEP_RADIUS, 2 * STEP_RADIUS, "step", True))
    kept = tuple(lb for lb in g.labels if lb.role != "leg" or not any(_overlap(lb, m) for m in marks))
    return with_bbox(replace(g, labels=kept + tuple(marks)))


def _overlap(a: LabelG, b: LabelG) -> bool:
    """Whether two labels' boxes overlap (a leg label a step number would cover is left out)."""
    return abs(a.x - b.x) * 2 < a.width + b.width and abs(a.y - b.y) * 2 < a.height + b.height
