"""TikZ backend: a standalone document, or just the ``tikzpicture`` to ``\\input`` in a paper.

Every position is written relative to a named ``\\coordinate`` gathered at the top of the
picture (a tensor, a junction dot, a merge point), so moving a tensor means editing one line.
Styles live in ``\\tikzset``; per-tensor colours are ``\\definecolor``s named after the tensor.
"""

from __future__ import annotations

from ..geometry import Geometry, WireG
from ..geometry.attach import label_point
from ..geometry.elements import straight
from ..styles import BASE_WIDTH
from ..texlabel import tex_escape
from . import Scene, fmt
from .templating import render_template

Point = tuple[float, float]


class _Frame:
    """Writes points relative to the anchors of a geometry."""

    def __init__(self, g: Geometry) -> None:
        self.anchors = {k: (x, y) for k, x, y in g.anchors}

    def point(self, p: Point, anchor: str = "") -> str:
        if anchor and anchor in self.anchors:
            ax, ay = self.anchors[anchor]
            dx, dy = p[0] - ax, p[1] - ay
            if fmt(dx) == "0" and fmt(dy) == "0":
                return f"({anchor})"
            return f"([shift={{({fmt(dx)},{fmt(dy)})}}]{anchor})"
        return f"({fmt(p[0])},{fmt(p[1])})"


def _wire_path(w: WireG, frame: _Frame) -> str:
    a, b = w.ends
    if w.curve:  # a chain of Béziers: the first half of its points is written relative to its start
        pts = w.points
        near = [a if 2 * k < len(pts) else b for k in range(len(pts))]
        path = frame.point(pts[0], near[0])
        for j in range(1, len(pts) - 1, 3):
            if straight(*pts[j - 1:j + 3]):
                path += f" -- {frame.point(pts[j + 2], near[j + 2])}"
                continue
            path += (f" .. controls {frame.point(pts[j], near[j])} and {frame.point(pts[j + 1], near[j + 1])} .. "
                     f"{frame.point(pts[j + 2], near[j + 2])}")
        return path
    pts = [frame.point(p, a if k == 0 else b) for k, p in enumerate(w.points)]
    return " -- ".join(pts)


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
    labels = [{"at": frame.point((lb.x, lb.y), lb.anchor), "math": lb.math,
               # Σ as large as the SVG draws it, its indices beside it as there
               "text": r"\displaystyle" + lb.text.replace(r"\sum_", r"\sum\nolimits_") if lb.role == "sum" else lb.text,
               "style": {"leg": "td leg", "bubble": "td leg", "op": "td op", "sum": "td op",
                         "coeff": "td label", "caption": "td leg", "step": "td step",
                         "table": "td leg"}.get(lb.role, "td label")} for lb in g.labels]
    outlines = [{"role": o.role, "path": " -- ".join(f"({fmt(x)},{fmt(y)})" for x, y in o.points)
                 + (" -- cycle" if o.closed else "")} for o in g.outlines]
    bubbles = [{"sw": f"({fmt(b.x0)},{fmt(b.y0)})", "ne": f"({fmt(b.x1)},{fmt(b.y1)})",
                "style": "" if b.color == "#8c8c8c" else f", draw={color(b.color)}"} for b in g.bubbles]
    return {
        "standalone": standalone,
        "title": tex_escape(g.title or ""),
        "anchors": [{"name": k, "x": fmt(x), "y": fmt(y)} for k, x, y in g.anchors],
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


def render_tikz(scene: Scene, *, snippet: bool = False) -> bytes:
    return render_template("tikz/figure.tex.j2", **tikz_context(scene, standalone=not snippet)).encode()
