"""Where a leg meets a triangle (an isometry): its tip legs leave the apex, its edge legs its flat side.

A circle or a square is met where the ray from its centre toward the wire's other end leaves it
(:func:`.shapes.boundary`). A triangle is not: the post draws an isometry's tip legs out of its apex
and its other legs out of its flat side (its base), so a parent in a tree meets its child's apex and
never its flank (:func:`base_point`).
"""

from __future__ import annotations

import math

from .. import sizes
from ..model import Diagram
from ..styles import tip_indices
from .elements import Point, ShapeG

BASE_INSET = 0.18
"""How far from each base corner an edge leg may meet the base, as a fraction of the base's length."""


def tip_axes(diagram: Diagram) -> dict[str, frozenset[int]]:
    """For each triangle of ``diagram``: the axes of its legs that leave the tip (one rule with the check's,
    :func:`tensordiag.styles.tip_indices`)."""
    dims = diagram.dim_map
    out: dict[str, frozenset[int]] = {}
    for t in diagram.tensors:
        if t.shape == "triangle":
            tips = set(tip_indices(t, dims))
            out[t.name] = frozenset(k for k, leg in enumerate(t.legs) if set(leg) & tips)
    return out


def apex(shape: ShapeG) -> Point:
    """A triangle's tip (its outline's first corner)."""
    return shape.outline[0]


def base_point(shape: ShapeG, toward: Point) -> Point:
    """Where an edge leg toward ``toward`` meets the triangle's base.

    When ``toward`` lies beyond the base's line (away from the apex), the point of the base straight across
    from it, kept ``BASE_INSET`` inside the corners: the leg runs out, clear of the triangle, and legs side by
    side stay parallel. When it
    lies on the apex's side (a physical leg of a train, drawn upward beside a sideways triangle), the leg
    leaves from the base corner nearer to it, so it runs along the outside of the flank, never across it; a
    plain wire of that kind is drawn by :mod:`.flank` instead, out of the base's middle and round the turn."""
    (px, py), (ax, ay), (bx, by) = shape.outline
    ex, ey = bx - ax, by - ay
    ux, uy = toward[0] - shape.x, toward[1] - shape.y
    beyond = (ex * (toward[1] - ay) - ey * (toward[0] - ax)) * (ex * (py - ay) - ey * (px - ax)) < 0
    den = ux * ey - uy * ex
    if not beyond or abs(den) < 1e-12:
        s = 0.0 if (toward[0] - ax) * ex + (toward[1] - ay) * ey < (ex * ex + ey * ey) / 2 else 1.0
    else:  # straight across from the far end: legs side by side leave the base side by side, parallel
        s = ((toward[0] - ax) * ex + (toward[1] - ay) * ey) / (ex * ex + ey * ey)
        s = min(1.0 - BASE_INSET, max(BASE_INSET, s))
    return (ax + ex * s, ay + ey * s)


def triangle_end(shape: ShapeG, at_tip: bool, toward: Point) -> Point:
    """Where a leg of the triangle ``shape`` toward ``toward`` starts: the apex for a tip leg, else its base."""
    return apex(shape) if at_tip else base_point(shape, toward)


def inside_triangle(shape: ShapeG, p: Point, margin: float = 1e-3) -> bool:
    """Whether ``p`` lies inside the triangle ``shape`` by more than ``margin`` (cm) from every side."""
    corners = shape.outline
    area = 0.0
    for k in range(3):
        (ax, ay), (bx, by) = corners[k], corners[(k + 1) % 3]
        area += ax * by - bx * ay
    sign = 1.0 if area > 0 else -1.0
    for k in range(3):
        (ax, ay), (bx, by) = corners[k], corners[(k + 1) % 3]
        length = math.hypot(bx - ax, by - ay) or 1.0
        if sign * ((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) / length <= margin:
            return False
    return True


def label_point(shape: ShapeG) -> Point:
    """Where the label of ``shape`` is centred: a triangle's along its axis, at the height from its base where
    the label's box clears the base and the two sides by the same margin (the centroid let a sideways
    triangle's ``A_1`` touch its slanted side); any other shape's centre. Both backends set it there."""
    if shape.shape != "triangle" or len(shape.outline) != 3 or not shape.label:
        return (shape.x, shape.y)
    (ax, ay), (b1x, b1y), (b2x, b2y) = shape.outline
    mx, my = (b1x + b2x) / 2, (b1y + b2y) / 2
    height = math.hypot(ax - mx, ay - my)
    base = math.hypot(b1x - b2x, b1y - b2y)
    if height < 1e-9:
        return (shape.x, shape.y)
    dx, dy = (ax - mx) / height, (ay - my) / height
    wide, tall = sizes.tensor_label_box(shape.label)
    along, across = (wide, tall) if abs(dx) > 0.5 else (tall, wide)
    # from the base, at t: base margin t - along/2; side margin (base/2)(1 - (t + along/2)/height) - across/2
    k = base / (2 * height)
    t = (along / 2 + base / 2 - k * along / 2 - across / 2) / (1 + k)
    t = min(max(t, along / 2), height / 2)
    return (mx + dx * t, my + dy * t)
