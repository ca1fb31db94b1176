"""SVG backend: valid XML, text kept as text, one ``<g>`` per tensor with an id from its name.

Math labels are turned into Unicode runs (Greek, †, arrows) with sub- and superscripts as
shifted, smaller ``<tspan>``s, so the common labels read as in the TikZ output without TeX.
No scripts, no event handlers, no external references: only shapes, paths and text.
"""

from __future__ import annotations

from typing import Any

from ..geometry import Geometry, LabelG, WireG
from ..geometry.attach import label_point
from ..geometry.elements import straight
from ..texlabel import runs
from . import Scene, fmt
from .metrics import advance, lean
from .templating import render_template

PX_PER_CM = 37.795
"""CSS pixels per centimetre (96 dpi), so an SVG is the same physical size as its TikZ."""
PX_PER_PT = 1.3333
MARGIN = 0.15
FONT = {"td label": 13.3, "td leg": 11.5, "td op": 16.0, "td step": 9.5}
SCRIPT_SCALE = 0.7
TEXT_FONT = "Latin Modern Roman, CMU Serif, DejaVu Serif, serif"
"""Latin letters, digits and ASCII punctuation: the face of the TikZ output (italic for math letters)."""
MATH_FONT = "Latin Modern Math, STIX Two Math, DejaVu Serif, serif"
"""Greek, Σ, †, arrows and every other symbol: Latin Modern Roman has none of them (and renderers do not
fall back from face to face), so they take its math companion, which draws TeX's own glyphs."""
SHIFT = {-1: 0.25, 0: 0.0, 1: -0.38}
"""How far a subscript (-1) and a superscript (1) sit below and above the line, in ems of the label."""


class _Canvas:
    def __init__(self, g: Geometry) -> None:
        x0, y0, x1, y1 = g.bbox
        self.x0 = x0 - MARGIN
        self.y1 = y1 + MARGIN
        self.width = (x1 - x0 + 2 * MARGIN) * PX_PER_CM
        self.height = (y1 - y0 + 2 * MARGIN) * PX_PER_CM

    def x(self, x: float) -> str:
        return fmt((x - self.x0) * PX_PER_CM)

    def y(self, y: float) -> str:
        return fmt((self.y1 - y) * PX_PER_CM)

    def pt(self, p: tuple[float, float]) -> str:
        return f"{self.x(p[0])},{self.y(p[1])}"

    def length(self, d: float) -> str:
        return fmt(d * PX_PER_CM)


def _wire_d(w: WireG, c: _Canvas) -> str:
    if w.curve:  # a chain of Béziers
        p = w.points
        return f"M{c.pt(p[0])}" + "".join(f" L{c.pt(p[j + 2])}" if straight(*p[j - 1:j + 3]) else
                                          f" C{c.pt(p[j])} {c.pt(p[j + 1])} {c.pt(p[j + 2])}"
                                          for j in range(1, len(p) - 1, 3))
    return "M" + " L".join(c.pt(p) for p in w.points)


_ITALIC_GREEK = {**{chr(c): chr(c - 0x3B1 + 0x1D6FC) for c in range(0x3B1, 0x3CA)},
                 "\u03f5": "\U0001d716", "\u03d1": "\U0001d717", "\u03f0": "\U0001d718", "\u03d5": "\U0001d719",
                 "\u03f1": "\U0001d71a", "\u03d6": "\U0001d71b"}
"""Lowercase Greek to Unicode's mathematical italic letters, which Latin Modern Math draws as TeX's italic
Greek (α → 𝛼): TeX sets lowercase Greek italic and capitals upright, and so does the SVG."""


def _italic_greek(text: str) -> str:
    return "".join(_ITALIC_GREEK.get(ch, ch) for ch in text)


def _face(ch: str) -> str:
    """The font family a character is set in: "" (the text's own, Latin Modern Roman) or :data:`MATH_FONT`."""
    return "" if ord(ch) <= 0x24F else MATH_FONT


def _by_face(text: str) -> list[tuple[str, str]]:
    """``text`` cut where its characters change face: ``"Wα"`` → ``[("W", ""), ("α", MATH_FONT)]``."""
    out: list[tuple[str, str]] = []
    for ch in text:
        face = _face(ch)
        if out and out[-1][1] == face:
            out[-1] = (out[-1][0] + ch, face)
        else:
            out.append((ch, face))
    return out


MATH_SPACE = {**dict.fromkeys("=≠≈≡≤≥<>→←↦∝", 5 / 18), **dict.fromkeys("+−×·", 4 / 18)}
"""TeX's space (ems) on each side of a relation (a thick space) and of a binary operator (a medium one), on the
base line only, as TeX sets them in text style; in a script, or an operator with nothing before or after it
(a sign, ``+1``), none."""


def _spaced(pieces: list[tuple[str, int, bool]]) -> list[tuple[str, int, bool, float, float]]:
    """``pieces`` with each relation or operator of the base line (:data:`MATH_SPACE`) a piece of its own, with
    the space (ems) before and after it: only between two things on the base line, and none for a sign that
    opens the base line (``+1``, ``-x``), as TeX reads such an operator as a plain symbol."""
    cut: list[tuple[str, int, bool]] = []
    for text, lv, upright in pieces:
        if lv or not upright:
            cut.append((text, lv, upright))
            continue
        run = ""
        for ch in text:
            if ch in MATH_SPACE:
                cut += [(run, lv, upright)] if run else []
                cut.append((ch, lv, upright))
                run = ""
            else:
                run += ch
        cut += [(run, lv, upright)] if run else []
    base = [k for k, piece in enumerate(cut) if piece[1] == 0]
    out = []
    for k, (text, lv, upright) in enumerate(cut):
        em = MATH_SPACE.get(text, 0.0) if lv == 0 and upright else 0.0
        before = em if base and k != base[0] else 0.0
        after = em if base and k != base[-1] and (before or em == MATH_SPACE["="]) else 0.0
        if out and not before and not out[-1][4] and out[-1][1:3] == (lv, upright) and not (em and after):
            out[-1] = (out[-1][0] + text, lv, upright, out[-1][3], after)  # no space between: one piece again
        else:
            out.append((text, lv, upright, before, after))
    return out


def _text(label: str, math: bool, size: float) -> list[dict[str, Any]]:
    """``<tspan>`` pieces: text, font size, face, and the shift from the end of the previous piece.

    Widths are Computer Modern's (:mod:`.metrics`). A superscript starts the nucleus's italic correction past
    it, a subscript right at it, as TeX sets them; a subscript and a superscript on one nucleus are stacked:
    the second script moves back (``dx``) to its own start, and what follows starts after the wider of the two.
    """
    pieces = [(t if upright else _italic_greek(t), lv, upright) for t, lv, upright in runs(label)] if math \
        else [(label, 0, True)]
    out = []
    level = 0
    nucleus = 0.0  # the italic correction (px) of the last letter set on the base line
    width = 0.0  # the width (px) of the script being set, if any
    start = 0.0  # where the script being set started, from the nucleus's end (px)
    first: tuple[float, float] | None = None  # while the second script of a stack is set: the first's start, width
    pieces = _spaced(pieces)
    pending = 0.0  # the space (px) a relation or operator leaves after itself, added to what follows
    for text, lv, upright, before, after in pieces:
        for part, face in _by_face(text):
            piece_size = size * (SCRIPT_SCALE if lv else 1.0)
            dx = 0.0
            if lv != level:
                offset = nucleus if lv == 1 else 0.0  # where a script of this level starts after the nucleus
                if first is not None or lv == 0:  # the stack (or lone script) is done: go on after the wider
                    ends = [start + width] + ([first[0] + first[1]] if first is not None else [])
                    dx, first = max(ends) - (start + width), None
                elif level == 0:  # a script right after its nucleus
                    dx = offset
                else:  # the other script of the same nucleus: back to its own start
                    dx, first = offset - (start + width), (start, width)
                start, width = offset, 0.0
            dx += pending + before * size
            pending = after * size
            w = advance(part, upright) * piece_size
            width += w
            if lv == 0:
                nucleus = lean(part, upright) * piece_size if face == "" else 0.0
            out.append({"text": part, "size": fmt(piece_size), "dy": fmt((SHIFT[lv] - SHIFT[level]) * size),
                        "dx": fmt(dx), "italic": "normal" if upright else "italic", "family": face,
                        "advance": w + dx})
            level = lv
    if level and out:  # the label ends on a script (or a stack): its width reaches to the wider script's end
        ends = [start + width] + ([first[0] + first[1]] if first is not None else [])
        out[-1]["advance"] += max(ends) - (start + width)
    return out


def _label(lb: LabelG, c: _Canvas, style: str, font_scale: float = 1.0) -> dict[str, object]:
    size = FONT[style] * font_scale
    pieces = _text(lb.text, lb.math, size)
    x, anchor = c.x(lb.x), "middle"
    if len(pieces) > 1:
        # Several runs: some renderers (cairosvg) centre each run on its own, so start the text at its
        # estimated left edge instead (about half an em per character).
        width = sum(float(p["advance"]) for p in pieces)
        x, anchor = fmt((lb.x - c.x0) * PX_PER_CM - width / 2), "start"
    return {"x": x, "y": fmt((c.y1 - lb.y) * PX_PER_CM + size * 0.34), "size": fmt(size),
            "pieces": pieces, "role": lb.role, "anchor": anchor}


def svg_context(scene: Scene) -> dict[str, object]:
    g = scene.geometry
    c = _Canvas(g)
    shapes = []
    for s in g.shapes:
        if s.shape == "none":
            continue
        item: dict[str, object] = {"id": "tensor-" + s.ident, "name": s.name, "fill": s.fill, "kind": s.shape,
                                   "dash": ' stroke-dasharray="4 3"' if s.hole else ""}
        if s.outline:
            item["points"] = " ".join(c.pt(p) for p in s.outline)
        else:
            item.update(cx=c.x(s.x), cy=c.y(s.y), r=c.length(s.radius))
        if s.label:
            lx, ly = label_point(s)
            fake = LabelG(s.label, lx, ly, 0, 0, "tensor", True)
            item["label"] = _label(fake, c, "td label", scene.font_scale)
        item["cells"] = [{"x": c.x(x0), "y": c.y(y1), "w": c.length(x1 - x0), "h": c.length(y1 - y0), "fill": f}
                         for x0, y0, x1, y1, f in s.cells]
        shapes.append(item)
    wires = [{"index": w.index, "d": _wire_d(w, c), "width": fmt(w.width * PX_PER_PT), "role": w.role,
              "stroke": "" if w.color == "#000000" else f' stroke="{w.color}"'} for w in g.wires]
    dots = [{"cx": c.x(d.x), "cy": c.y(d.y), "r": c.length(d.radius), "index": d.index} for d in g.dots]
    style_of = {"leg": "td leg", "bubble": "td leg", "op": "td op", "sum": "td op", "caption": "td leg",
                "step": "td step", "table": "td leg"}
    labels = [_label(lb, c, style_of.get(lb.role, "td label"), scene.font_scale) for lb in g.labels]
    bubbles = [{"name": b.name, "x": c.x(b.x0), "y": c.y(b.y1), "w": c.length(b.x1 - b.x0),
                "h": c.length(b.y1 - b.y0), "color": b.color} for b in g.bubbles]
    return {
        "width": fmt(c.width), "height": fmt(c.height), "title": g.title or "", "font": TEXT_FONT,
        "shapes": shapes, "wires": wires, "dots": dots, "labels": labels, "bubbles": bubbles,
        "hulls": [{"points": " ".join(c.pt(p) for p in o.points), "closed": o.closed}
                  for o in g.outlines if o.role == "hull"],
        "rules": [{"points": " ".join(c.pt(p) for p in o.points)} for o in g.outlines if o.role == "rule"],
        "marks": [{"cx": c.x(lb.x), "cy": c.y(lb.y), "r": c.length(lb.width / 2)} for lb in g.labels if lb.role == "step"],
    }


def render_svg(scene: Scene, *, snippet: bool = False) -> bytes:
    return render_template("svg/figure.svg.j2", **svg_context(scene)).encode()
