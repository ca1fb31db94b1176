"""Positions → everything a backend draws: shapes, wire paths, dots, labels, bubbles.

Computed once per figure; the TikZ, SVG and JSON backends only format it, so they cannot drift
apart. Units are TikZ's: centimetres, y up. Nothing here imports a backend, and nothing here lays
anything out: :func:`tensordiag.api.build_geometry` runs layout, then this.

* :mod:`.elements`: the frozen pieces (:class:`ShapeG`, :class:`WireG`, …, :class:`Geometry`),
  :func:`flatten`, :func:`translate`;
* :mod:`.shapes`, :mod:`.wires`, :mod:`.bubbles`: each kind of piece;
* :mod:`.labels`: the label placer and its grid; :mod:`.leg_labels`: leg texts and where they may go;
* :mod:`.diagram`: a diagram's geometry; :mod:`.equation`: an equation's terms put together;
* :mod:`.ids`: names usable as TikZ node names and XML ids.
"""

from __future__ import annotations

from ..model import leg_text
from .diagram import anchor_keys, diagram_geometry
from .elements import BubbleG, DotG, Geometry, LabelG, Point, ShapeG, WireG, bounding_box, flatten, translate
from .equation import OP_TEX, equation_geometry, main_line, term_symbols
from .ids import safe_id
from .labels import LEG_SCALE
from .shapes import boundary, default_label, figure_sizes

__all__ = ["Geometry", "ShapeG", "WireG", "DotG", "LabelG", "BubbleG", "Point", "diagram_geometry",
           "equation_geometry", "term_symbols", "main_line", "anchor_keys", "bounding_box", "flatten", "translate",
           "boundary", "default_label", "figure_sizes", "leg_text", "safe_id", "OP_TEX", "LEG_SCALE"]
