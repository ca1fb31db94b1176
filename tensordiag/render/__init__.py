"""Backends: each formats one computed Geometry. Chosen by name through a registry.

``get_renderer("svg")`` returns the function; an unknown name raises a RenderError listing the
valid ones (opt_einsum's ``get_path_fn`` pattern), so nothing dispatches on strings elsewhere.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..errors import RenderError

if TYPE_CHECKING:
    from ..geometry import Geometry
    from ..model import Figure


@dataclass(frozen=True)
class Scene:
    """What a backend formats: the figure (for its meaning) and its geometry (for its picture)."""

    figure: Figure
    geometry: Geometry
    seed: int = 0
    """The layout's seed (the JSON export says whether its spec alone redraws the same layout)."""
    spec: object = None
    """The spec mapping the figure was read from, if any (carried by the JSON export)."""
    font_scale: float = 1.0
    """Label size over the 10 pt the figure is spaced for; the geometry is magnified to match (SVG)."""


Renderer = Callable[..., bytes]
"""``renderer(scene, *, snippet=False) -> bytes``."""

_BACKENDS: dict[str, tuple[str, str]] = {
    "tex": ("tensordiag.render.tikz", "render_tikz"),
    "svg": ("tensordiag.render.svg", "render_svg"),
    "png": ("tensordiag.render.raster", "render_png"),
    "pdf": ("tensordiag.render.raster", "render_pdf"),
    "json": ("tensordiag.render.export", "render_json"),
}


def register_renderer(name: str, module: str, function: str) -> None:
    """Make format ``name`` available, loaded lazily from ``module.function``."""
    _BACKENDS[name] = (module, function)


def formats() -> tuple[str, ...]:
    return tuple(_BACKENDS)


def get_renderer(name: str) -> Renderer:
    try:
        module, function = _BACKENDS[name]
    except KeyError:
        valid = ", ".join(f".{k}" for k in _BACKENDS)
        raise RenderError(f"unknown output format '.{name}' (valid: {valid})") from None
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def fmt(value: float) -> str:
    """One number, the same way everywhere: 3 decimals, trailing zeros stripped, never ``-0``."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
