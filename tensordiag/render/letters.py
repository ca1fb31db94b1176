"""Labels as cairosvg draws them fastest: every letter of one face in one ``<text>``, each at its own place.

cairosvg spends its time per element, not per letter: a label of a letter and a subscript is three elements
(``<text>`` and two ``<tspan>``), each drawn twice (once as a path, once as text). Thousands of labels cost
seconds. SVG lets one ``<text>`` place each of its letters (``x="x1 x2 …" y="y1 y2 …"``), so the labels of a
run, already drawn above the shapes, become one ``<text>`` per face (family, size, slant, weight).

Each letter goes where cairosvg would have put it: the label's pieces are set one after the other from its
``x`` and ``y``, every letter advancing the pen by its own width, a piece's ``dx``/``dy`` moving the pen from
its first letter on, and a centred (or end-anchored) piece shifted by its own inked width. Widths come from
cairo itself, on a surface of the kind being made and at its scale, so hinting rounds them as it would.

A PDF's text stays searchable word by word (a face's letters keep their labels' order), but a label's
scripts follow in their own face's run, so copying a label with scripts out of the PDF gives its base and
its scripts apart. The ``.svg`` output keeps one ``<text>`` per label.

Only elements in this package's own label vocabulary are merged; anything else (a rotated heat-map title, a
``<text>`` with a transform or a class) is left as it is.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Any

from . import fmt

NS = "http://www.w3.org/2000/svg"
_TEXT_KEYS = {"x", "y", "font-family", "font-size", "font-style", "font-weight", "text-anchor"}
_PIECE_KEYS = {"font-family", "font-size", "font-style", "font-weight", "dx", "dy"}
_FACE_KEYS = ("font-family", "font-size", "font-style", "font-weight")

Face = tuple[str, str, str, str]
"""(family list, size, style, weight) as written in the SVG."""


def _tag(e: ET.Element) -> str:
    return e.tag.rsplit("}", 1)[-1]


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _pieces(text: ET.Element) -> list[tuple[str, dict[str, str]]] | None:
    """The runs of ``text``: (letters, attributes in force), or None when it is not a plain label."""
    if not set(text.attrib) <= _TEXT_KEYS or _number(text.get("x")) is None or _number(text.get("y")) is None:
        return None
    children = list(text)
    if not children:
        return [(text.text or "", dict(text.attrib))] if _number(text.get("font-size")) else None
    if (text.text or "").strip():
        return None
    out = []
    for piece in children:
        if _tag(piece) != "tspan" or list(piece) or (piece.tail or "").strip() or not set(piece.attrib) <= _PIECE_KEYS:
            return None
        if any(_number(piece.get(k, "0")) is None for k in ("dx", "dy")):
            return None
        out.append((piece.text or "", {**text.attrib, **piece.attrib}))
    return out if all(attrs.get("font-size") and _number(attrs["font-size"]) for _, attrs in out) else None


class Pen:
    """cairo's letter widths on a surface like the one cairosvg will draw on (``scale`` pixels per SVG pixel for
    a PNG; None for a PDF, drawn in points)."""

    def __init__(self, scale: float | None) -> None:
        import cairocffi as cairo

        self._cairo = cairo
        if scale is None:
            surface = cairo.PDFSurface(io.BytesIO(), 1, 1)
            unit = 0.75  # cairosvg draws a PDF in points: 72 per 96 SVG pixels
        else:
            surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1)
            unit = scale
        self._context = cairo.Context(surface)
        self._context.scale(unit, unit)
        self.extents = lru_cache(maxsize=None)(self._extents)

    def _extents(self, face: Face, text: str) -> tuple[float, float, float]:
        """x bearing, inked width and advance of ``text`` in ``face``, as cairosvg measures them."""
        cairo = self._cairo
        family, size, style, weight = face
        slant = getattr(cairo, f"font_slant_{style}".upper(), cairo.FONT_SLANT_NORMAL)
        if weight.isdigit() and int(weight) >= 550:
            weight = "bold"
        bold = getattr(cairo, f"font_weight_{weight}".upper(), cairo.FONT_WEIGHT_NORMAL)
        self._context.select_font_face((family or "sans-serif").split(",")[0].strip("\"' "), slant, bold)
        self._context.set_font_size(float(size))
        x_bearing, _, width, _, advance, _ = self._context.text_extents(text)
        return x_bearing, width, advance


def _placed(pieces: list[tuple[str, dict[str, str]]], pen: Pen) -> list[tuple[Face, str, float, float]]:
    """Every letter of one label with its face and the point cairosvg draws it at."""
    first = pieces[0][1]
    x, y = float(first["x"]), float(first["y"])
    shift_x = shift_y = 0.0
    out = []
    for letters, attrs in pieces:
        face: Face = tuple(attrs.get(k, "") for k in _FACE_KEYS)  # type: ignore[assignment]
        if not letters:
            continue
        bearing, width, _ = pen.extents(face, letters)
        anchor = attrs.get("text-anchor", "start")
        align = -(width / 2 + bearing) if anchor == "middle" else -(width + bearing) if anchor == "end" else 0.0
        shift_x += float(attrs.get("dx", "0"))  # a piece's shift moves the pen for it and all after it
        shift_y += float(attrs.get("dy", "0"))
        for letter in letters:
            if not letter.isspace():
                out.append((face, letter, x + shift_x + align, y + shift_y))
            x += pen.extents(face, letter)[2]
    return out


def merge_labels(elements: list[ET.Element], scale: float | None) -> list[ET.Element]:
    """``elements`` with each run of two or more plain labels drawn as one ``<text>`` per face."""
    pen: Pen | None = None
    out: list[ET.Element] = []
    run: list[tuple[ET.Element, list[tuple[str, dict[str, str]]]]] = []

    def close() -> None:
        nonlocal pen
        if len(run) > 1:
            pen = pen or Pen(scale)
            out.extend(_merged([pieces for _, pieces in run], pen))
        else:
            out.extend(e for e, _ in run)
        run.clear()

    for e in elements:
        pieces = _pieces(e) if _tag(e) == "text" else None
        if pieces is None:
            close()
            out.append(e)
        else:
            run.append((e, pieces))
    close()
    return out


def _merged(run: list[list[tuple[str, dict[str, str]]]], pen: Pen) -> list[ET.Element]:
    """One ``<text>`` per face holding every letter of ``run``, in the order faces first appear."""
    by_face: dict[Face, list[tuple[str, float, float]]] = {}
    for pieces in run:
        for face, letter, x, y in _placed(pieces, pen):
            by_face.setdefault(face, []).append((letter, x, y))
    out = []
    for face, letters in by_face.items():
        attrs: dict[str, Any] = {k: v for k, v in zip(_FACE_KEYS, face) if v}
        attrs["x"] = " ".join(fmt(x) for _, x, _ in letters)
        attrs["y"] = " ".join(fmt(y) for _, _, y in letters)
        text = ET.Element(f"{{{NS}}}text", attrs)
        text.text = "".join(letter for letter, _, _ in letters)
        out.append(text)
    return out
