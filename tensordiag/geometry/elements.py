"""What a backend draws, as plain frozen data: shapes, wires, dots, labels, bubbles, and a figure of them.

Units are TikZ's: centimetres, y up. Also the few operations on finished pieces every other module
needs: a wire as a polyline, the bounding box, and moving a whole figure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..style import STYLE

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
    cells: tuple[tuple[float, float, float, float, str], ...] = ()
    """A value picture beside the shape (:mod:`.pictures`): rectangles (x0, y0, x1, y1, fill)."""


@dataclass(frozen=True)
class WireG:
    """One drawn line: a straight polyline, or when ``curve`` a chain of cubic Béziers ``p0, c1, c2, p3, c4, c5,
    p6, …`` (each piece starts where the one before ends; most curves are one piece)."""

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
    pinned: bool = False
    """Placed by the spec's ``junctions`` (TikZ writes it where it is, not amid the tensors it joins)."""


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
    key: str = ""
    """A leg label's name in ``label_offsets`` (its index, a grouped leg's text, a bundle's first index)."""
    base: Point | None = None
    """For a keyed label: the point its ``label_offsets`` entry is measured from (:mod:`.label_pins`)."""


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
class OutlineG:
    """A line drawn around or beside the network: a closed ``hull`` around a contraction step's tensors, or an
    open ``rule`` of a cost table (:mod:`.hulls`, :mod:`.cost_table`)."""

    points: tuple[Point, ...]
    closed: bool
    role: str
    step: int = 0
    """A hull's step number (its pieces, when it is broken around labels, share it)."""


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
    outlines: tuple[OutlineG, ...] = ()


def flatten(w: WireG, steps: int = STYLE.drawing.curve_samples) -> list[Point]:
    """A wire as a polyline (each piece of a curve sampled at ``steps`` + 1 points)."""
    if not w.curve:
        return list(w.points)
    out = [w.points[0]]
    for j in range(0, len(w.points) - 1, 3):
        p0, c1, c2, p3 = w.points[j:j + 4]
        for k in range(1, steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
            out.append((a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1]))
    return out


def straight(p0: Point, c1: Point, c2: Point, p3: Point) -> bool:
    """Whether a Bézier piece is a straight line drawn at even speed (its controls at a third and two thirds of
    the way): backends write it as a line."""
    return all(abs(c[0] - (p0[0] + (p3[0] - p0[0]) * f)) < 1e-9 and abs(c[1] - (p0[1] + (p3[1] - p0[1]) * f)) < 1e-9
               for c, f in ((c1, 1 / 3), (c2, 2 / 3)))


def bounding_box(g: Geometry) -> tuple[float, float, float, float]:
    """The smallest box holding every shape, wire, label, bubble and dot of ``g`` (``g.bbox`` is ignored)."""
    xs: list[float] = []
    ys: list[float] = []
    for s in g.shapes:
        xs += [s.x - s.width / 2, s.x + s.width / 2]
        ys += [s.y - s.height / 2, s.y + s.height / 2]
        for x0, y0, x1, y1, _ in s.cells:
            xs += [x0, x1]
            ys += [y0, y1]
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
    for o in g.outlines:
        xs += [x for x, _ in o.points]
        ys += [y for _, y in o.points]
    if not xs:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(xs), min(ys), max(xs), max(ys))


def with_bbox(g: Geometry) -> Geometry:
    """``g`` with its bounding box computed."""
    return replace(g, bbox=bounding_box(g))


def translate(g: Geometry, dx: float, dy: float, *, prefix: str = "") -> Geometry:
    """``g`` moved by (dx, dy); with ``prefix``, every anchor and id renamed ``prefix + name``."""

    def mv(p: Point) -> Point:
        return (p[0] + dx, p[1] + dy)

    def key(k: str) -> str:
        return prefix + k if k else k

    return Geometry(
        tuple(replace(s, ident=key(s.ident), x=s.x + dx, y=s.y + dy, outline=tuple(mv(p) for p in s.outline),
                      cells=tuple((x0 + dx, y0 + dy, x1 + dx, y1 + dy, f) for x0, y0, x1, y1, f in s.cells))
              for s in g.shapes),
        tuple(replace(w, points=tuple(mv(p) for p in w.points), ends=(key(w.ends[0]), key(w.ends[1])))
              for w in g.wires),
        tuple(replace(d, ident=key(d.ident), x=d.x + dx, y=d.y + dy) for d in g.dots),
        tuple(replace(lb, x=lb.x + dx, y=lb.y + dy, anchor=key(lb.anchor), base=lb.base and mv(lb.base))
              for lb in g.labels),
        tuple(replace(b, name=key(b.name), x0=b.x0 + dx, x1=b.x1 + dx, y0=b.y0 + dy, y1=b.y1 + dy) for b in g.bubbles),
        (g.bbox[0] + dx, g.bbox[1] + dy, g.bbox[2] + dx, g.bbox[3] + dy),
        g.title,
        tuple((key(k), x + dx, y + dy) for k, x, y in g.anchors),
        tuple(replace(o, points=tuple(mv(p) for p in o.points)) for o in g.outlines),
    )
