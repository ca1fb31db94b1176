"""How a figure's labels sit, in numbers: their clearance from wires, overlaps, and how full their shapes are.

Pure functions over a :class:`~tensordiag.geometry.Geometry` (cm, y up), beside :mod:`tensordiag.measures`. A
label is its estimated box (``LabelG.width`` × ``height`` about its centre); a wire is its polyline (curves
flattened) with its line width, so a label *touches* a wire when its box comes within half that width of the
line. ``font_scale`` is the label size over the 10 pt the geometry's label boxes were estimated at, for a
tensor's label (which the geometry holds as text only); :func:`tensordiag.geometry.magnify.magnify` draws a
figure at another font size, so measuring its result with that scale measures what is drawn.
"""

from __future__ import annotations

import math

from . import plane
from .geometry import Geometry, LabelG, ShapeG, flatten
from .sizes import tensor_label_box

PT_CM = 2.54 / 72.27
"""Centimetres in a TeX point (line widths are in pt)."""
Box = tuple[float, float, float, float]


def label_box(lb: LabelG) -> Box:
    return (lb.x - lb.width / 2, lb.y - lb.height / 2, lb.x + lb.width / 2, lb.y + lb.height / 2)


def _point_box(p: tuple[float, float], box: Box) -> float:
    dx = max(box[0] - p[0], 0.0, p[0] - box[2])
    dy = max(box[1] - p[1], 0.0, p[1] - box[3])
    return math.hypot(dx, dy)


def _point_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = dx * dx + dy * dy
    t = 0.0 if n == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / n))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def segment_box_distance(a: tuple[float, float], b: tuple[float, float], box: Box) -> float:
    """From segment ab to the box (0 when it enters it or ends inside it)."""
    if plane.segment_hits_box(a, b, box) or _point_box(a, box) == 0 or _point_box(b, box) == 0:
        return 0.0
    corners = ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3]))
    return min([_point_box(a, box), _point_box(b, box)] + [_point_segment(c, a, b) for c in corners])


def label_wire_clearances(g: Geometry, roles: tuple[str, ...] = ("leg", "bubble", "tensor")) -> list[float]:
    """For each label of ``roles``: the gap (cm) between its box and the nearest wire's edge (negative: it
    touches, or the wire runs through it)."""
    lines = [(flatten(w), w.width * PT_CM / 2) for w in g.wires]
    out = []
    for lb in g.labels:
        if lb.role not in roles:
            continue
        box = label_box(lb)
        gaps = [segment_box_distance(a, b, box) - half for pts, half in lines for a, b in zip(pts, pts[1:])]
        out.append(min(gaps, default=math.inf))
    return out


def label_overlaps(g: Geometry) -> int:
    """Pairs of labels whose boxes overlap, and (label, shape) pairs where a label's box enters a shape's box."""
    boxes = [label_box(lb) for lb in g.labels if lb.role != "title"]
    count = sum(plane.boxes_overlap(p, q) for k, p in enumerate(boxes) for q in boxes[k + 1:])
    shapes = [(s.x - s.width / 2, s.y - s.height / 2, s.x + s.width / 2, s.y + s.height / 2)
              for s in g.shapes if s.shape not in ("none", "dot")]
    return count + sum(plane.boxes_overlap(p, s) for p in boxes for s in shapes)


def label_fill(shape: ShapeG, font_scale: float = 1.0) -> float:
    """How much of its shape a tensor's label takes: its box's width over the shape's, or its height over the
    shape's, whichever is more (below 1: it fits inside). 0 for a shape with no label."""
    if not shape.label or shape.width <= 0 or shape.height <= 0:
        return 0.0
    wide, tall = tensor_label_box(shape.label)
    return max(wide * font_scale / shape.width, tall * font_scale / shape.height)
