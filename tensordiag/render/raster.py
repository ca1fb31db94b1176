"""PNG and PDF, rasterised or converted from the SVG by cairosvg (loaded only when needed)."""

from __future__ import annotations

from ..errors import RenderError
from . import Scene
from .svg import render_svg

PNG_SCALE = 2.0
"""PNG pixels per SVG pixel: 2 gives about 190 dpi, sharp on screens and in slides."""


def render_png(scene: Scene, *, snippet: bool = False) -> bytes:
    return _convert(render_svg(scene), "png")


def render_pdf(scene: Scene, *, snippet: bool = False) -> bytes:
    return _convert(render_svg(scene), "pdf")


def svg_to_png(svg: str) -> bytes:
    """Any SVG this package made (the induction heatmap, say) as a PNG at the usual scale."""
    return _convert(svg.encode(), "png")


def _convert(svg: bytes, kind: str) -> bytes:
    try:
        import cairosvg
    except (ImportError, OSError) as exc:
        raise RenderError(f"cannot make .{kind}: cairosvg is unavailable ({exc})") from None
    try:
        if kind == "png":
            return bytes(cairosvg.svg2png(bytestring=svg, scale=PNG_SCALE, unsafe=False))
        return bytes(cairosvg.svg2pdf(bytestring=svg, unsafe=False))
    except Exception as exc:  # cairosvg raises many types; any is a failed conversion
        raise RenderError(f"cairosvg could not convert the SVG to .{kind}: {exc}") from None
