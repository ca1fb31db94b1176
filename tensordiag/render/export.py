"""JSON: the laid-out diagram, schema version 1.

Keys: ``version``; ``tensors`` (operand order: name, legs, x, y, width, height, shape, plus kind,
label, ``slice`` where it has one, and for a value picture its cells ``[x0, y0, x1, y1, fill]``); ``output`` (a
tensor's ``role`` too, when given); ``dims``; ``values`` where a leg ends in one; ``index_labels`` (only when given:
the text an index shows; ``wires`` and ``dots`` keep the real index names); ``wires`` (index, points: a polyline
from end to end, curves flattened); ``dots``; ``labels``. An equation holds the same keys for each of its
``terms``, besides its operators (and ``define`` or ``derivative`` on a term that has it); a term also names its
``per``-head indices (its tensors' ``legs`` keep them, the drawing shows them as superscripts) and a sequence step
its ``step`` caption. Coordinates are TikZ units (cm, y up).

Read back (``tensordiag render fig.json``, :mod:`tensordiag.readback`), the export is its ``spec``: the spec
mapping the figure was read from, as written (colours, sides, bubbles, bundles, ``permute``, everything), kept
beside the layout when it is plain JSON. ``drawn_at`` fingerprints every tensor's ``x``/``y`` as drawn (with
the default seed): while they match it, the spec redraws the same figure byte for byte; once one is edited,
every tensor is pinned at its ``x``/``y``.
"""

from __future__ import annotations

import json
from typing import Any

from ..geometry import Geometry, flatten, safe_id
from ..model import Diagram, Equation, leg_text
from ..readback import fingerprint, tensor_positions
from . import Scene, fmt

SCHEMA_VERSION = 1


def _n(x: float) -> float | int:
    text = fmt(x)
    value = float(text)
    return int(value) if value.is_integer() else value


def _diagram_json(d: Diagram, g: Geometry, prefix: str) -> dict[str, Any]:
    shapes = {s.ident: s for s in g.shapes}
    tensors = []
    for t in d.tensors:
        s = shapes[prefix + safe_id(t.name)]
        tensors.append({
            "name": t.name, "legs": [leg_text(leg) for leg in t.legs],
            "x": _n(s.x), "y": _n(s.y), "width": _n(s.width), "height": _n(s.height),
            "shape": t.shape, "kind": t.kind, "label": s.label, **({"role": t.role} if t.role else {}),
            **({"slice": list(t.slice)} if t.slice else {}),
            **({"picture": [[_n(x0), _n(y0), _n(x1), _n(y1), f] for x0, y0, x1, y1, f in s.cells]} if s.cells else {}),
        })
    mine = [w for w in g.wires if w.ends[0].startswith(prefix)]
    shown = {"index_labels": dict(d.index_labels)} if d.index_labels else {}
    return {
        "tensors": tensors,
        "output": [leg_text(leg) for leg in d.output],
        "dims": dict(d.dims),
        **shown,
        **({"values": dict(d.values)} if d.values else {}),
        "wires": [{"index": w.index, "role": w.role, "points": [[_n(x), _n(y)] for x, y in flatten(w)]}
                  for w in mine],
        "dots": [{"index": dot.index, "x": _n(dot.x), "y": _n(dot.y)} for dot in g.dots
                 if dot.ident.startswith(prefix)],
        "labels": [{"text": lb.text, "x": _n(lb.x), "y": _n(lb.y), "width": _n(lb.width), "height": _n(lb.height)}
                   for lb in g.labels if lb.anchor.startswith(prefix) and (lb.anchor or not prefix)],
    }


def _order_json(d: Diagram) -> dict[str, Any]:
    """The contraction order drawn: opt_einsum's path, each step's operands, legs, size and FLOPs (numbers)."""
    from ..order.path import contraction_order

    order = contraction_order(d)
    return {"path": [list(p) for p in order.path], "show": list(d.contraction.show) if d.contraction else [],
            "steps": [{"step": s.number, "contracts": list(s.operands), "members": list(s.members),
                       "legs": list(s.legs), "size": s.size, "flops": s.flops} for s in order.steps],
            "flops": order.opt_cost, "largest": order.largest}


def figure_json(scene: Scene) -> dict[str, Any]:
    fig, g = scene.figure, scene.geometry
    out: dict[str, Any] = {"version": SCHEMA_VERSION}
    if g.title:
        out["title"] = g.title
    if isinstance(fig, Equation):
        out["terms"] = [
            {"op": t.op, "coeff": t.coeff, "sum": list(t.sum_over), "per": list(t.per), "step": t.step,
             "einsum": t.diagram.einsum,
             **({"define": True} if t.define else {}), **({"derivative": t.derivative} if t.derivative else {}),
             **_diagram_json(t.diagram, g, f"t{k + 1}-")}
            for k, t in enumerate(fig.terms)
        ]
        if fig.index_labels:
            out["index_labels"] = dict(fig.index_labels)
        out["operators"] = [{"text": lb.text, "x": _n(lb.x), "y": _n(lb.y)} for lb in g.labels if not lb.anchor]
    else:
        out["einsum"] = fig.einsum
        out.update(_diagram_json(fig, g, ""))
        if fig.contraction is not None:
            out["contraction"] = _order_json(fig)
    out["bbox"] = [_n(v) for v in g.bbox]
    spec = _plain(scene.spec)
    if spec is not None:
        if scene.seed == 0:
            out["drawn_at"] = fingerprint(tensor_positions(out))
        out["spec"] = spec
    return out


def _plain(spec: object) -> dict[str, Any] | None:
    """The spec as plain JSON, or None when it is no mapping or holds values JSON cannot (a Python object)."""
    if not isinstance(spec, dict):
        return None
    try:
        plain = json.loads(json.dumps(spec, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError, RecursionError):
        return None
    return plain if isinstance(plain, dict) else None


def render_json(scene: Scene, *, snippet: bool = False) -> bytes:
    return (json.dumps(figure_json(scene), ensure_ascii=False, indent=1) + "\n").encode()
