"""What the editor's page shows of a spec file: the SVG, each tensor's place and pin, the check, the measures.

One snapshot per version of the file's bytes: the page polls, and a snapshot is computed again only when the
bytes changed (a drop written by the page, or a save from a text editor).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..errors import TensordiagError
from .handles import handles

PX_PER_CM = 37.795
"""The SVG backend's scale (:data:`tensordiag.render.svg.PX_PER_CM`), sent to the page for its drags."""


def digest(data: bytes) -> str:
    """A short name for one version of the file's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def snapshot(path: Path, data: bytes) -> dict[str, Any]:
    """The page's view of the spec whose bytes are ``data``: an error line instead when it does not draw."""
    from ..api import Drawing
    from ..model import Diagram
    from ..spec import parse_text
    from ..yamlio import decode

    state: dict[str, Any] = {"version": digest(data), "file": path.name, "px_per_cm": PX_PER_CM}
    try:
        figure = parse_text(decode(data), json_only=path.suffix.lower() == ".json")
        drawing = Drawing(figure, source=str(path))
        svg = drawing.svg()
        parts = _parts(drawing)
        state.update(svg=svg, tensors=_tensors(drawing, parts), measures=_measures(drawing),
                     **handles(drawing, parts))
        if isinstance(figure, Diagram):  # where the SVG's corner is in pin coordinates: the page draws the grid
            from ..render.svg import MARGIN

            x0, _, _, y1 = drawing.geometry.bbox
            state["origin"] = [round(x0 - MARGIN, 4), round(y1 + MARGIN, 4)]
    except TensordiagError as exc:
        state.update(error=str(exc if str(exc).startswith(str(path)) else exc.located(str(path))))
        return state
    try:
        result = drawing.check()
        state["verdict"] = getattr(result, "verdict", "ok" if result.ok else "mismatch")
        state["detail"] = result.detail
    except TensordiagError as exc:
        state.update(verdict="error", detail=str(exc))
    return state


def _tensors(drawing: Any, parts: list[tuple[int | None, Any, Any, Any]]) -> list[dict[str, Any]]:
    """Every tensor the page may drag: its SVG id, its name in the spec (and its term's place in an equation's
    list), where it stands in the coordinates of its pin (cm) and its pin.

    An equation's terms are laid out each on its own and then moved into place, so a term's pins are in the
    term's own coordinates: those are the ones sent, from each term's geometry before it is moved."""
    out = []
    for term, diagram, _, geometry in parts:
        out.extend(_placed(diagram, geometry.shapes, "tensor-" if term is None else f"tensor-t{term + 1}-", term))
    return out


def _parts(drawing: Any) -> list[tuple[int | None, Any, Any, Any]]:
    """(term or None, diagram, placement, geometry) for the diagram, or for each term of an equation drawn on
    its own; nothing for a contraction's sequence (one tensor drawn in every step: shown, not arranged)."""
    from ..layout import layout
    from ..model import Diagram

    figure = drawing.figure
    if isinstance(figure, Diagram):
        if figure.contraction is not None and "sequence" in figure.contraction.show:
            return []
        return [(None, figure, layout(figure, seed=drawing.seed), drawing.geometry)]
    return [(k, *part) for k, part in enumerate(_term_geometries(drawing))]


def _placed(diagram: Any, shapes: Any, prefix: str, term: int | None) -> list[dict[str, Any]]:
    pins = {t.name: t.at for t in diagram.tensors}
    out = []
    for s in shapes:
        if s.shape == "none" or s.name not in pins:
            continue
        at = pins[s.name]
        item = {"id": prefix + s.ident, "name": s.name, "x": round(s.x, 3), "y": round(s.y, 3),
                "at": list(at) if at is not None else None}
        if term is not None:
            item["term"] = term
        out.append(item)
    return out


def _term_geometries(drawing: Any) -> list[tuple[Any, Any, Any]]:
    """Each term of an equation drawn on its own, as :func:`tensordiag.api.build_geometry` draws it before
    moving it into its place: (diagram, placement, geometry)."""
    from ..geometry import diagram_geometry, figure_sizes
    from ..geometry.perhead import shown_diagram
    from ..index_names import labelled_terms
    from ..layout import layout

    shown = [shown_diagram(t) for t in labelled_terms(drawing.figure)]
    shared = figure_sizes(shown)
    placed = [(d, layout(d, seed=drawing.seed)) for d in shown]
    return [(d, p, diagram_geometry(d, p, shared=shared)) for d, p in placed]


def _measures(drawing: Any) -> dict[str, int]:
    from ..measures import measure

    m = measure(drawing.geometry)
    return {"crossings": m.crossings, "overlaps": m.overlaps, "foreign": m.foreign}
