"""Each tensor's shape: its size, its outline (a triangle turned toward its tip legs), its colours,
and where a ray from its centre leaves it (where a wire starts)."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Iterable, Mapping

from .. import sizes
from ..model import Diagram, Tensor
from ..network import Network, tensor_id
from ..styles import fill_of, stroke_of, tip_indices
from ..texlabel import name_to_math
from .elements import Point, ShapeG


def shape_of(t: Tensor, ident: str, at: Point, diagram: Diagram, network: Network, pos: dict,
             shared: Mapping[str, float] | None = None) -> ShapeG:
    """``t``'s shape centred at ``at``, with the anchor name ``ident``, at least its figure's ``shared`` size."""
    label = label_of(t)
    w, h = sizes.tensor_extent(t, label, shared)
    x, y = at
    outline: tuple[Point, ...] = ()
    radius = 0.0
    if t.shape in ("circle", "dot"):
        radius = w / 2
    elif t.shape == "triangle":
        d = tip_direction(t, diagram, network, pos)
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


def stretched(shape: ShapeG, lo: float, hi: float) -> ShapeG:
    """``shape`` as a box drawn tall across the lines from ``lo`` to ``hi`` (cm from its centre), as a
    circuit draws a gate on several qubits: as wide as the shape, half its height beyond each end line."""
    w, h = shape.width, shape.height
    x0, x1, y0, y1 = shape.x - w / 2, shape.x + w / 2, shape.y + lo - h / 2, shape.y + hi + h / 2
    outline = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    return replace(shape, shape="rectangle", width=w, height=y1 - y0, radius=0.0, outline=outline)


def label_of(t: Tensor) -> str:
    """The label drawn in ``t``'s shape: the spec's, else :func:`default_label`."""
    return t.label if t.label is not None else default_label(t)


def figure_sizes(diagrams: Iterable[Diagram]) -> dict[str, float]:
    """The size each kind of shape shares across ``diagrams`` (one figure): :func:`tensordiag.sizes.shared_sizes`."""
    return sizes.shared_sizes((t, label_of(t)) for d in diagrams for t in d.tensors)


def default_label(t: Tensor) -> str:
    """A tensor's label when the spec gives none: its name as math (``W1`` → ``W_{1}``); a dagger
    shows the name of the tensor whose data it conjugates (``Vd`` with ``data: V`` → ``V^{\\dagger}``), an
    inverse the name of the matrix it inverts (``Xinv`` with ``data: X, inverse: true`` → ``X^{-1}``)."""
    if t.kind == "copy":
        return ""
    if t.kind == "add":
        return "+"
    if t.inverse and t.data:  # X's inverse: X^{-1} (daggered: X^{-1\dagger})
        m = re.fullmatch(r"([A-Za-z])(\d+)", t.data)
        base = f"{m.group(1)}_{{{m.group(2)}}}" if m else name_to_math(t.data)
        return base + ("^{-1\\dagger}" if t.dagger else "^{-1}")
    name = t.data if (t.dagger and t.data) else t.name
    m = re.fullmatch(r"([A-Za-z])(\d+)", name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}" + ("^{\\dagger}" if t.dagger else "")
    if t.dagger:  # one superscript for every mark: V† drawn daggered reads V^{† †}, never a double superscript
        base, sep, sub = name.partition("_")
        name = base + "†" + sep + sub
    return name_to_math(name)


def tip_direction(t: Tensor, diagram: Diagram, network: Network, pos: dict) -> Point:
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
