"""The SVG as cairosvg draws it fastest: the same picture in fewer elements.

cairosvg spends about a millisecond of Python on every element it draws, whatever its size, so a PNG or
PDF of thousands of tensors once cost far more than its SVG. Before conversion the SVG is rewritten,
within this package's own SVG vocabulary and without changing what is drawn:

- a tensor's group, which holds no style of its own, is opened, and in each run of such groups the
  labels are drawn after the shapes (a label sits on top: it never belongs under another tensor);
- a run of elements that differ only in geometry (the wires of one width and colour, the circles of one
  fill) becomes one ``<path>`` holding each as a subpath (a circle as four Bézier curves);
- a label of one piece loses its ``<tspan>``, and a run of labels becomes one ``<text>`` per face
  (:mod:`.letters`);
- a PNG drawn so small that a label would be under ``MIN_LABEL_PIXELS`` tall leaves it out (it would
  be a grey smudge); the SVG and PDF keep every label.

Only the PNG and PDF see this SVG: the ``.svg`` output stays one element per tensor and wire, with
their ids, for people and tools that edit it.

>>> flatten_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><g id="w" stroke="#000">'
...             b'<path class="wire" d="M0,0 L1,1" stroke-width="1"/><path class="wire" d="M2,2 L3,3" '
...             b'stroke-width="1"/></g></svg>').decode()
'<svg xmlns="http://www.w3.org/2000/svg"><g id="w" stroke="#000"><path d="M0,0 L1,1 M2,2 L3,3" stroke-width="1" /></g></svg>'
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import fmt
from .letters import merge_labels

NS = "http://www.w3.org/2000/svg"
MIN_LABEL_PIXELS = 3.0
"""A label drawn smaller than this many pixels tall is left out of a PNG: nobody can read it."""

_PLAIN_GROUP = {"id", "class"}
"""A group with only these attributes styles nothing: opening it changes no child's look."""
_IGNORED = {"id", "class"}
"""Attributes that do not change what is drawn (``data-*`` too)."""
_GEOMETRY = {"circle": ("cx", "cy", "r"), "path": ("d",), "polygon": ("points",), "line": ("x1", "y1", "x2", "y2"),
             "rect": ("x", "y", "width", "height")}


def _tag(e: ET.Element) -> str:
    return e.tag.rsplit("}", 1)[-1]


def flatten_svg(svg: bytes, *, scale: float | None = None) -> bytes:
    """The picture of ``svg`` in fewer elements; with a PNG's ``scale``, labels too small to read left out."""
    ET.register_namespace("", NS)
    root = ET.fromstring(svg)
    _flatten(root, scale)
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _flatten(parent: ET.Element, scale: float | None, size: float = 16.0) -> None:
    """Flatten ``parent``'s children; ``size`` is the font size they inherit (SVG's default is 16)."""
    size = float(parent.get("font-size", size))
    for child in list(parent):
        if _tag(child) == "g":
            _flatten(child, scale, size)
    out: list[ET.Element] = []
    run_shapes: list[ET.Element] = []
    run_labels: list[ET.Element] = []

    def close_run() -> None:
        out.extend(run_shapes)
        out.extend(run_labels)
        run_shapes.clear()
        run_labels.clear()

    for child in list(parent):
        tag = _tag(child)
        if tag == "title":
            continue
        if tag == "g" and set(child.attrib) <= _PLAIN_GROUP and not any(_tag(c) == "g" for c in child):
            for c in child:
                (run_labels if _tag(c) == "text" else run_shapes).append(c)
            continue
        close_run()
        out.append(child)
    close_run()
    kept = [e for e in (_label(e, scale, size) if _tag(e) == "text" else e for e in out) if e is not None]
    for e in list(parent):
        parent.remove(e)
    parent.extend(merge_labels(_merged(kept), scale))


def _label(text: ET.Element, scale: float | None, inherited: float) -> ET.Element | None:
    """``text`` with a lone ``<tspan>`` folded into it, or None when a PNG would draw it too small to read."""
    pieces = list(text)
    if scale is not None:
        own = float(text.get("font-size", inherited))
        sizes = [float(p.get("font-size", own)) for p in pieces] or [own]
        if max(sizes) * scale < MIN_LABEL_PIXELS:
            return None
    if len(pieces) == 1 and _tag(pieces[0]) == "tspan" and not list(pieces[0]) and not (text.text or "").strip():
        (piece,) = pieces
        text.remove(piece)
        text.attrib.update(piece.attrib)
        text.text = piece.text
    return text


def _style(e: ET.Element) -> tuple[tuple[str, str], ...] | None:
    """What ``e`` looks like apart from where it is, or None when it cannot join a path."""
    tag = _tag(e)
    if tag not in _GEOMETRY or list(e) or (tag == "rect" and ("rx" in e.attrib or "ry" in e.attrib)):
        return None
    if tag == "rect" and any(e.get(k, "").endswith("%") for k in _GEOMETRY["rect"]):
        return None
    skip = set(_GEOMETRY[tag]) | _IGNORED
    return tuple(sorted((k, v) for k, v in e.attrib.items() if k not in skip and not k.startswith("data-")))


def _d(e: ET.Element) -> str:
    """``e``'s outline as path data."""
    tag = _tag(e)
    if tag == "path":
        return e.get("d", "")
    if tag == "circle":
        x, y, r = (float(e.get(k, "0")) for k in ("cx", "cy", "r"))
        return _circle(x, y, r)
    if tag == "polygon":
        pts = e.get("points", "").split()
        return ("M" + " L".join(pts) + " Z") if pts else ""
    if tag == "line":
        return "M{},{} L{},{}".format(*(e.get(k, "0") for k in ("x1", "y1", "x2", "y2")))
    x, y, w, h = (e.get(k, "0") for k in ("x", "y", "width", "height"))
    return f"M{x},{y} h{w} v{h} h-{w} Z"


KAPPA = 0.5522847498307936
"""A quarter circle as a cubic Bézier: its control points lie this far (in radii) along the tangents, which
keeps it within 0.03 % of the circle (cairo draws its own arcs as such curves)."""


def _circle(x: float, y: float, r: float) -> str:
    """A circle as four cubic Béziers: cairosvg parses an elliptical arc in far more Python than a curve.

    >>> _circle(0, 0, 1)
    'M1,0 C1,0.552 0.552,1 0,1 C-0.552,1 -1,0.552 -1,0 C-1,-0.552 -0.552,-1 0,-1 C0.552,-1 1,-0.552 1,0 Z'
    """
    k = KAPPA * r
    east, south, west, north = (fmt(x + r), fmt(y)), (fmt(x), fmt(y + r)), (fmt(x - r), fmt(y)), (fmt(x), fmt(y - r))
    out = [f"M{east[0]},{east[1]}"]
    for (ax, ay), (bx, by), end in (((x + r, y + k), (x + k, y + r), south), ((x - k, y + r), (x - r, y + k), west),
                                    ((x - r, y - k), (x - k, y - r), north), ((x + k, y - r), (x + r, y - k), east)):
        out.append(f"C{fmt(ax)},{fmt(ay)} {fmt(bx)},{fmt(by)} {end[0]},{end[1]}")
    return " ".join(out) + " Z"


def _merged(elements: list[ET.Element]) -> list[ET.Element]:
    """Runs of elements that look alike as one ``<path>`` each."""
    out: list[ET.Element] = []
    k = 0
    while k < len(elements):
        style = _style(elements[k])
        j = k + 1
        while style is not None and j < len(elements) and _style(elements[j]) == style:
            j += 1
        if j - k == 1:
            out.append(elements[k])
        else:
            path = ET.Element(f"{{{NS}}}path", {"d": " ".join(_d(e) for e in elements[k:j]), **dict(style or ())})
            out.append(path)
        k = j
    return out
