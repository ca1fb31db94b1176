"""tensordiag: graphical tensor notation from specs and einsum strings, laid out, rendered, checked.

Importing the package is cheap: numpy, networkx, jinja2 and cairosvg load only when a stage
that needs them runs.
"""

from __future__ import annotations

from .api import Drawing, draw, load
from .errors import CheckError, EinsumError, LayoutError, RenderError, SpecError, TensordiagError

__all__ = [
    "Drawing", "draw", "load",
    "TensordiagError", "SpecError", "EinsumError", "LayoutError", "RenderError", "CheckError",
]
__version__ = "0.1.0"
