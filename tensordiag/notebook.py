"""What a Drawing shows beyond its plain outputs: its look applied, and its face in a notebook.

In a notebook a Drawing shows its SVG with a ``<title>`` (its title, else its einsum) that screen readers
announce, and under it one line with its check's verdict (``check: ok — …``); ``_repr_png_`` gives the PNG.
"""

from __future__ import annotations

import html as html_mod
import re
from typing import Any

from .look import TIKZ_LINE_ROOM, apply_svg, apply_tikz

_SVG_OPEN = re.compile(r"(<svg\b[^>]*>\n?)")


def looked(drawing: Any, fmt: str, *, snippet: bool = False) -> bytes:
    """``drawing`` rendered as ``fmt`` with its look (:mod:`tensordiag.look`) applied."""
    from dataclasses import replace

    from .look import Look

    plain = replace(drawing, look=Look())
    plain.__dict__["geometry"] = drawing.geometry  # the same layout: computed once
    look = drawing.look
    if fmt == "tex":
        x0, _, x1, _ = drawing.geometry.bbox
        width = (x1 - x0) * look.font_scale + TIKZ_LINE_ROOM  # the unit is in em: it grows with the font
        return apply_tikz(plain.render("tex", snippet=snippet).decode(), look, width).encode()
    if fmt not in ("svg", "png", "pdf"):
        return plain.render(fmt, snippet=snippet)  # type: ignore[no-any-return]
    if look.font_scale != 1:  # labels of another size: the picture magnified to match (tensordiag.geometry.magnify)
        from .geometry.magnify import magnify
        from .render import Scene, get_renderer

        k = look.font_scale
        scene = Scene(drawing.figure, magnify(drawing.geometry, k), seed=drawing.seed, font_scale=k)
        svg = apply_svg(get_renderer("svg")(scene).decode(), look)
    else:
        svg = apply_svg(plain.render("svg").decode(), look)
    if fmt == "svg":
        return svg.encode()
    from .render.raster import svg_to_pdf, svg_to_png

    return svg_to_png(svg, dpi=look.dpi) if fmt == "png" else svg_to_pdf(svg)


def title_of(drawing: Any) -> str:
    figure = drawing.figure
    title = getattr(figure, "title", None)
    if title:
        return str(title)
    einsum = getattr(figure, "einsum", None)
    if einsum:
        return f"Tensor diagram of the einsum {einsum}"
    return "Tensor diagram equation"


def titled(drawing: Any, svg: str) -> str:
    """``svg`` with a ``<title>`` (for screen readers), unless it has one."""
    if "<title>" in svg:
        return svg
    title = f"<title>{html_mod.escape(title_of(drawing), quote=False)}</title>\n"
    return _SVG_OPEN.sub(lambda m: m.group(1) + title, svg, count=1)


def status(drawing: Any) -> str:
    """One line: the check's verdict and detail, or why it could not run."""
    from .errors import TensordiagError

    try:
        result = drawing.check()
    except TensordiagError as exc:
        return f"check: error — {exc}"
    verdict = getattr(result, "verdict", "ok" if result.ok else "mismatch")
    return f"check: {verdict} — {result.detail}"


def html(drawing: Any) -> str:
    """The notebook's view: the titled SVG, then the check's line."""
    line = status(drawing)
    colour = "#1a7f37" if line.startswith("check: ok") else "#b42318"
    return (f"<div>{titled(drawing, drawing.svg())}"
            f'<div style="font-family: sans-serif; font-size: 12px; color: {colour}">{html_mod.escape(line)}</div>'
            "</div>")
