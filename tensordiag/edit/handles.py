"""What the page may drag besides tensors, and what moves with what while it drags.

* ``points``: every junction dot, split and merge point (:func:`tensordiag.handpins.junction_points`): its name
  in ``junctions``, where it is in pin coordinates (cm; an equation's term: the term's own) and in the SVG's
  pixels, its pin, for a dot its place among the SVG's ``#dots`` circles, and the anchor the wires' ends name
  (none for a split point, whose wires name its tensor: the page finds them by where they end);
* ``labels``: one entry per text of the SVG's ``#labels``, in order: a leg label has its name in
  ``label_offsets``, its centre, the point its offset is measured from (:mod:`tensordiag.geometry.label_pins`),
  its pin and the two ends of the wire it labels; every label has the anchor it moves with;
* ``wires``: the two ends (anchors) of every path of the SVG's ``#wires``, in order, so that the page re-aims
  the ends at a tensor or a dot while it is dragged (the full layout follows on the drop).
"""

from __future__ import annotations

import re
from typing import Any

from ..geometry import safe_id
from ..handpins import junction_points

Point = tuple[float, float]
_TERM = re.compile(r"t(\d+)-")


def handles(drawing: Any, parts: list[tuple[int | None, Any, Any, Any]]) -> dict[str, Any]:
    """The page's handles for ``drawing``; ``parts``: (term or None, diagram, placement, geometry) for the
    diagram or each term of an equation, each laid out on its own (pin coordinates)."""
    from ..render.svg import MARGIN, PX_PER_CM

    g = drawing.geometry
    x0, y1 = g.bbox[0] - MARGIN, g.bbox[3] + MARGIN

    def px(x: float, y: float) -> list[float]:
        return [round((x - x0) * PX_PER_CM, 3), round((y1 - y) * PX_PER_CM, 3)]

    figure_shapes = {s.ident: s for s in g.shapes}
    dot_place = {d.ident: k for k, d in enumerate(g.dots)}
    points: list[dict[str, Any]] = []
    shift: dict[str, Point] = {}
    for term, diagram, placement, own in parts:
        prefix = "" if term is None else f"t{term + 1}-"
        shift[prefix] = _shift(own, figure_shapes, prefix)
        pins = dict(diagram.junctions)
        for name, node in junction_points(diagram).items():
            x, y = placement.positions[node]
            dx, dy = shift[prefix]
            anchor = ("dot-" + safe_id(node.name) if node.kind == "dot"
                      else f"merge-{int(node.name) + 1}" if node.kind == "merge" else None)
            item = {"key": name, "kind": node.kind, "x": round(x, 3), "y": round(y, 3), "px": px(x + dx, y + dy),
                    "at": list(pins[name]) if name in pins else None, "dot": dot_place.get(prefix + (anchor or ""), -1),
                    "anchor": prefix + anchor if anchor else ""}
            if term is not None:
                item["term"] = term
            points.append(item)
    labels = []
    for lb in g.labels:
        item = {"anchor": lb.anchor}
        if lb.key and lb.base is not None:
            found = _TERM.match(lb.anchor)
            term = int(found.group(1)) - 1 if found and len(parts) > 1 else None
            offsets = dict(parts[term or 0][1].label_offsets)
            wire = next((w for w in g.wires if w.index == lb.key and lb.anchor in w.ends), None)
            item.update(key=lb.key, x=round(lb.x, 3), y=round(lb.y, 3), base=[round(v, 3) for v in lb.base],
                        at=list(offsets[lb.key]) if lb.key in offsets else None,
                        ends=list(wire.ends) if wire is not None else [lb.anchor, lb.anchor])
            if term is not None:
                item["term"] = term
        labels.append(item)
    return {"points": points, "labels": labels, "wires": [list(w.ends) for w in g.wires]}


def _shift(own: Any, figure_shapes: dict[str, Any], prefix: str) -> Point:
    """How far a term's drawing moved into the figure (nothing for a diagram drawn alone)."""
    for s in own.shapes:
        moved = figure_shapes.get(prefix + s.ident)
        if moved is not None:
            return (moved.x - s.x, moved.y - s.y)
    return (0.0, 0.0)
