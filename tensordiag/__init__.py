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


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """``tensordiag.trace(fn, *examples)``: the tracer loads (with numpy) only when first asked for."""
    if name == "trace":
        import importlib

        return importlib.import_module(".trace", __name__)
    raise AttributeError(f"module 'tensordiag' has no attribute '{name}'")
