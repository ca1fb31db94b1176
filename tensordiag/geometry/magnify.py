"""A figure drawn for another font size: every position and size times ``k``, line widths as they were.

``--font-size 12`` sets labels 1.2 times as large as the 10 pt the layout is spaced for; so that they keep
their room (a label inside its shape as at 10 pt, leg labels as clear of their wires, bonds as long for their
labels), everything else grows with them: shapes, leg and bond lengths, label offsets, bubbles, the box. Line
widths are in pt and stay (a paper's lines do not thicken with its font). This is the picture TikZ draws in a
12 pt document, whose unit and gaps are in em (:mod:`tensordiag.render.tikz_style`). The layout itself, the
JSON export and the pins keep the 10 pt coordinates.
"""

from __future__ import annotations

from dataclasses import replace

from .elements import Geometry, Point


def magnify(g: Geometry, k: float) -> Geometry:
    """``g`` with every coordinate and size times ``k`` (about the origin), wire widths unchanged."""
    if k == 1:
        return g

    def p(q: Point) -> Point:
        return (q[0] * k, q[1] * k)

    return Geometry(
        tuple(replace(s, x=s.x * k, y=s.y * k, width=s.width * k, height=s.height * k, radius=s.radius * k,
                      outline=tuple(p(q) for q in s.outline),
                      cells=tuple((x0 * k, y0 * k, x1 * k, y1 * k, f) for x0, y0, x1, y1, f in s.cells))
              for s in g.shapes),
        tuple(replace(w, points=tuple(p(q) for q in w.points)) for w in g.wires),
        tuple(replace(d, x=d.x * k, y=d.y * k, radius=d.radius * k) for d in g.dots),
        tuple(replace(lb, x=lb.x * k, y=lb.y * k, width=lb.width * k, height=lb.height * k) for lb in g.labels),
        tuple(replace(b, x0=b.x0 * k, y0=b.y0 * k, x1=b.x1 * k, y1=b.y1 * k) for b in g.bubbles),
        (g.bbox[0] * k, g.bbox[1] * k, g.bbox[2] * k, g.bbox[3] * k),
        g.title,
        tuple((name, x * k, y * k) for name, x, y in g.anchors),
        tuple(replace(o, points=tuple(p(q) for q in o.points)) for o in g.outlines),
    )
