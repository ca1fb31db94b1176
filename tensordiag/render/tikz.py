"""TikZ backend: a standalone document, or just the ``tikzpicture`` to ``\\input`` in a paper.

Every position is written relative to a named ``\\coordinate`` gathered at the top of the
picture (a tensor, a junction dot, a merge point), so moving a tensor means editing one line:

* a straight wire between two anchors is ``($(A)!r!θ:(B)$) -- ($(B)!r'!θ':(A)$)``: each end sits where it
  sat on its tensor's border, turned with the line between the two tensors (TikZ's calc library). At a
  polygon (a square, a triangle) the end keeps its port instead, shifted from the anchor: turning it about
  the centre would leave the outline, which moves without turning;
* a leg label beside such a wire is ``($(A)!t!(B)!d!90:(B)$)``: the same fraction along the wire, the same
  distance (in em, so it follows the font) to its side;
* a bent or curved wire between two tensors: each of its points (corners, Bézier controls) is written as
  its nearer end is, turned with the line between them;
* everything else (a free leg, a label inside a shape or beside a free leg) is shifted from the anchor it
  belongs to, so it moves rigidly with its tensor;
* a junction dot's coordinate is ``($1/3*(A)+1/3*(B)+1/3*(C)+(dx,dy)$)``: the mean of the tensors wired to it,
  plus where the layout put it from there, so moving one of them moves the dot a third of the way (the
  layout's own choice, which balances more than the neighbours, is only approximated).

Styles are defined through ``\\tdstyle`` (:mod:`.tikz_style`), which leaves a style the paper's preamble
set alone; per-tensor colours are ``\\definecolor``s named after their hex value.
"""

from __future__ import annotations

import math

from ..geometry import Geometry, LabelG, WireG
from ..geometry.attach import label_point
from ..geometry.elements import straight
from ..plane import polyline_distance
from ..styles import BASE_WIDTH
from ..texlabel import tex_escape
from . import Scene, fmt
from .templating import render_template
from .tikz_style import CALC, EM_PER_CM, GUARD, em, snippet_styles

Point = tuple[float, float]


class _Frame:
    """Writes points relative to the anchors of a geometry."""

    def __init__(self, g: Geometry) -> None:
        self.anchors = {k: (x, y) for k, x, y in g.anchors}
        self.cornered = {s.ident for s in g.shapes if s.shape not in ("circle", "dot", "none")}
        """Anchors of polygons: a wire keeps its port there (turning it would leave the outline)."""

    def point(self, p: Point, anchor: str = "") -> str:
        if anchor and anchor in self.anchors:
            ax, ay = self.anchors[anchor]
            dx, dy = p[0] - ax, p[1] - ay
            if fmt(dx) == "0" and fmt(dy) == "0":
                return f"({anchor})"
            return f"([shift={{({fmt(dx)},{fmt(dy)})}}]{anchor})"
        return f"({fmt(p[0])},{fmt(p[1])})"


    def along(self, p: Point, a: str, b: str) -> str:
        """``p`` as seen from anchor ``a`` looking at anchor ``b``: ``($(a)!r!θ:(b)$)``."""
        if a in self.cornered:
            return self.point(p, a)
        (ax, ay), (bx, by) = self.anchors[a], self.anchors[b]
        r = math.hypot(p[0] - ax, p[1] - ay)
        if fmt(r) == "0":
            return f"({a})"
        turn = _degrees(math.atan2(p[1] - ay, p[0] - ax) - math.atan2(by - ay, bx - ax))
        return f"($({a})!{em(r)}!{turn + ':' if turn != '0' else ''}({b})$)"

    def beside(self, lb: LabelG, a: str, b: str) -> tuple[str, str] | None:
        """Label ``lb``'s centre as a fraction along anchor ``a`` → ``b`` and a distance to its side,
        ``($(a)!t!(b)!d!90:(b)$)``, and the ``let`` that computes ``d`` (empty when the label sits on the line).
        None when it is not beside the segment.

        ``d`` keeps the label's box (tensordiag's estimate of it) as far from the wire as placed, whichever way
        the wire turns when a tensor moves: it is that clearance plus how far the box reaches toward a line at
        the wire's angle φ, ``w/2·|sin φ| + h/2·|cos φ|``, with φ computed by TikZ (``\n1``). At the angle drawn
        it is the distance placed; a wide label beside a turned wire moves off it instead of touching it.

        Held by its centre, not by the point of its box facing the wire (``anchor=θ``): tensordiag's estimate of
        a box is a line's height, TeX's is the text's, so an anchored label sat visibly lower than placed."""
        (ax, ay), (bx, by) = self.anchors[a], self.anchors[b]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        t = ((lb.x - ax) * dx + (lb.y - ay) * dy) / length ** 2
        side = (dx * (lb.y - ay) - dy * (lb.x - ax)) / length
        if not 0 < t < 1:  # beyond b, "toward b" would turn around
            return None
        if fmt(side * 10) == "0":
            return f"($({a})!{fmt(t)}!({b})$)", ""
        # in em as written (3 decimals), so that at the angle drawn the sum is the distance placed, to the digit
        half_w, half_h, total = (float(fmt(v * EM_PER_CM)) for v in (lb.width / 2, lb.height / 2, abs(side)))
        clear = fmt(total - (half_w * abs(dy) + half_h * abs(dx)) / length)
        terms = [clear + "em"] if clear != "0" else []
        terms += [f"{fmt(half_w)}em*abs(sin(\\n1))", f"{fmt(half_h)}em*abs(cos(\\n1))"]
        distance = "{" + "+".join(terms).replace("+-", "-") + "}"
        return (f"($({a})!{fmt(t)}!({b})!{distance}!{90 if side > 0 else -90}:({b})$)",
                f"let \\p1 = ($({b})-({a})$), \\n1 = {{atan2(\\y1,\\x1)}} in ")

    def pair(self, w: WireG) -> tuple[str, str] | None:
        """The two anchors a wire runs between, when they are two different points."""
        a, b = w.ends
        if a == b or a not in self.anchors or b not in self.anchors:
            return None
        (ax, ay), (bx, by) = self.anchors[a], self.anchors[b]
        return (a, b) if math.hypot(bx - ax, by - ay) > 1e-6 else None


def _degrees(rad: float) -> str:
    deg = math.degrees(rad) % 360
    return fmt(deg - 360 if deg > 180 else deg)


def _wire_path(w: WireG, frame: _Frame) -> str:
    """The first half of a wire's points written from its start, the rest from its end: turned with the line
    between its two anchors (:meth:`_Frame.along`) when it has two, else shifted from its one."""
    a, b = w.ends
    pts = w.points
    pair = frame.pair(w)

    def at(k: int) -> str:
        near, far = (a, b) if 2 * k < len(pts) - (0 if w.curve else 1) or k == 0 else (b, a)
        return frame.along(pts[k], near, far) if pair else frame.point(pts[k], near)

    if not w.curve:
        return " -- ".join(at(k) for k in range(len(pts)))
    path = at(0)
    for j in range(1, len(pts) - 1, 3):
        if straight(*pts[j - 1:j + 3]):
            path += f" -- {at(j + 2)}"
        else:
            path += f" .. controls {at(j)} and {at(j + 1)} .. {at(j + 2)}"
    return path


def tikz_context(scene: Scene, *, standalone: bool) -> dict[str, object]:
    g = scene.geometry
    frame = _Frame(g)
    colors: dict[str, str] = {}

    def color(hex_: str) -> str:
        name = "td" + hex_.lstrip("#").upper()
        colors[name] = hex_.lstrip("#").upper()
        return name

    shapes = []
    for s in g.shapes:
        if s.shape == "none":
            continue
        if s.shape in ("circle",):
            path = f"({s.ident}) circle[radius={fmt(s.radius)}]"
        elif s.shape == "dot":
            path = f"({s.ident}) circle[radius={fmt(s.radius)}]"
        else:
            path = " -- ".join(frame.point(p, s.ident) for p in s.outline) + " -- cycle"
        label_at = frame.point(label_point(s), s.ident)
        shapes.append({
            "name": tex_escape(s.name), "path": path, "fill": color(s.fill), "dot": s.shape == "dot",
            "label": s.label, "label_at": label_at, "style": ", td hole" if s.hole else "",
            "cells": [{"sw": frame.point((x0, y0), s.ident), "ne": frame.point((x1, y1), s.ident), "fill": color(f)}
                      for x0, y0, x1, y1, f in s.cells],
        })
    wires = []
    for w in g.wires:
        style = "" if abs(w.width - BASE_WIDTH) < 1e-9 else f", line width={fmt(w.width)}pt"
        if w.color != "#000000":
            style += f", draw={color(w.color)}"
        wires.append({"index": tex_escape(w.index), "path": _wire_path(w, frame), "style": style})
    dots = [{"at": f"({d.ident})", "r": fmt(d.radius)} for d in g.dots]
    pairs = [(w, frame.pair(w)) for w in g.wires]
    placed = [_label_at(lb, pairs, frame) for lb in g.labels]
    labels = [{"at": placed[k][0], "let": placed[k][1], "math": lb.math,
               # Σ as large as the SVG draws it, its indices beside it as there
               "text": r"\displaystyle" + lb.text.replace(r"\sum_", r"\sum\nolimits_") if lb.role == "sum" else lb.text,
               "style": {"leg": "td leg", "bubble": "td leg", "op": "td op", "sum": "td op",
                         "coeff": "td label", "caption": "td leg", "step": "td step",
                         "table": "td leg"}.get(lb.role, "td label")} for k, lb in enumerate(g.labels)]
    outlines = [{"role": o.role, "path": " -- ".join(f"({fmt(x)},{fmt(y)})" for x, y in o.points)
                 + (" -- cycle" if o.closed else "")} for o in g.outlines]
    bubbles = [{"sw": f"({fmt(b.x0)},{fmt(b.y0)})", "ne": f"({fmt(b.x1)},{fmt(b.y1)})",
                "style": "" if b.color == "#8c8c8c" else f", draw={color(b.color)}"} for b in g.bubbles]
    parts = {k for k, v in (("hulls", any(o["role"] == "hull" for o in outlines)),
                            ("rules", any(o["role"] == "rule" for o in outlines)),
                            ("steps", any(lb.role == "step" for lb in g.labels)),
                            ("pictures", any(s["cells"] for s in shapes))) if v}
    return {
        "calc": CALC,
        "guard": GUARD,
        "styles": snippet_styles(parts),
        "standalone": standalone,
        "title": tex_escape(g.title or ""),
        "anchors": _anchors(g),
        "colors": [{"name": k, "hex": v} for k, v in sorted(colors.items())],
        "shapes": shapes,
        "pictures": any(s["cells"] for s in shapes),
        "wires": wires,
        "dots": dots,
        "labels": labels,
        "bubbles": bubbles,
        "hulls": [o for o in outlines if o["role"] == "hull"],
        "rules": [o for o in outlines if o["role"] == "rule"],
        "steps": any(lb.role == "step" for lb in g.labels),
    }


def _anchors(g: Geometry) -> list[dict[str, str]]:
    """The picture's coordinates: tensors and merge points where they are; a junction dot at the mean of the
    tensors it is wired to plus where it sits from there, so it follows them (a dot wired to no tensor, or
    pinned by the spec's ``junctions``, stays)."""
    pos = {k: (x, y) for k, x, y in g.anchors}
    dots = {d.ident for d in g.dots}
    wired: dict[str, list[str]] = {d.ident: [] for d in g.dots if not d.pinned}  # a pinned dot stays where it is
    for w in g.wires:
        for one, other in (w.ends, w.ends[::-1]):
            if one in wired and other in pos and other not in dots and other not in wired[one]:
                wired[one].append(other)
    out, later = [], []
    for k, (x, y) in pos.items():
        if not wired.get(k):
            out.append({"name": k, "at": f"({fmt(x)},{fmt(y)})"})
            continue
        near = wired[k]
        mx = sum(pos[n][0] for n in near) / len(near)
        my = sum(pos[n][1] for n in near) / len(near)
        share = "1" if len(near) == 1 else f"1/{len(near)}"
        at = "+".join(f"{share}*({n})" for n in near)
        if fmt(x - mx) != "0" or fmt(y - my) != "0":
            at += f"+({fmt(x - mx)},{fmt(y - my)})"
        later.append({"name": k, "at": f"(${at}$)"})
    return out + later


def _label_at(lb: LabelG, pairs: list[tuple[WireG, tuple[str, str] | None]], frame: _Frame) -> tuple[str, str]:
    """Where label ``lb`` goes, and the ``let`` its position needs (see :meth:`_Frame.beside`). A leg label beside a wire between two tensors
    (the nearest wire of the tensor it moves with) is written along that wire; any other label is shifted
    from its anchor."""
    p = (lb.x, lb.y)
    own = [wp for wp in pairs if lb.anchor and lb.anchor in wp[0].ends]  # the wires of the tensor it moves with
    if lb.role == "leg" and own:
        w, pair = min(own, key=lambda wp: polyline_distance(p, wp[0].points))
        if pair and polyline_distance(p, w.points) < 1.0:
            a, b = pair
            found = frame.beside(lb, a, b) if lb.anchor == a else frame.beside(lb, b, a)
            if found:
                return found
    return frame.point(p, lb.anchor), ""


def render_tikz(scene: Scene, *, snippet: bool = False) -> bytes:
    return render_template("tikz/figure.tex.j2", **tikz_context(scene, standalone=not snippet)).encode()
