"""PNG and PDF, rasterised or converted from the SVG by cairosvg (loaded only when needed).

A PNG is drawn at ``PNG_SCALE`` pixels per SVG pixel, scaled down as far as needed to stay within
``MAX_PIXELS`` pixels in all and ``MAX_SIDE`` pixels a side: any network gets a PNG, a huge one at a lower
resolution (use the SVG or PDF for full detail). A PDF carries a fixed creation date, so the same input
gives the same bytes: ``SOURCE_DATE_EPOCH`` when it is set, else the epoch (1970-01-01T00:00:00Z), in UTC
and, with cairo 1.16, to the minute (see ``_pdf_date_prefix``).
"""

from __future__ import annotations

import math
import os
import re
from datetime import datetime, timezone

from ..errors import RenderError
from . import Scene
from .flatten import flatten_svg
from .svg import render_svg

PNG_SCALE = 2.0
"""PNG pixels per SVG pixel: 2 gives about 190 dpi, sharp on screens and in slides."""
MAX_PIXELS = 4_000_000
"""The most pixels a PNG may have (16 MB of image in memory, 2,000 pixels square; every gallery figure is under
2 million at full scale); a larger picture is scaled down to fit. Drawing and compressing cost per pixel: at 8
million a PNG of a thousand long wires spent 3 s of cairo's C there."""
MAX_SIDE = 16_384
"""The most pixels along either side of a PNG (cairo's own limit is 32,767)."""

_SIZE = re.compile(rb'<svg\b[^>]*?\swidth="([0-9.]+)"[^>]*?\sheight="([0-9.]+)"')


def render_png(scene: Scene, *, snippet: bool = False) -> bytes:
    return svg_to_png(render_svg(scene).decode())


def render_pdf(scene: Scene, *, snippet: bool = False) -> bytes:
    return _convert(render_svg(scene), "pdf")


def svg_to_png(svg: str, *, dpi: float | None = None) -> bytes:
    """Any SVG this package made (the induction heatmap, say) as a PNG at the usual scale (or ``dpi`` pixels per
    inch: 96 is one pixel per SVG pixel), capped in size."""
    return _convert(svg.encode(), "png", want=PNG_SCALE if dpi is None else dpi / 96)


def svg_to_pdf(svg: str) -> bytes:
    return _convert(svg.encode(), "pdf")


def png_scale(width: float, height: float, want: float = PNG_SCALE) -> float:
    """PNG pixels per SVG pixel for a ``width`` × ``height`` SVG: ``PNG_SCALE``, or less to fit the caps.

    >>> png_scale(100, 50)
    2.0
    >>> png_scale(12_000, 12_000)
    0.16666666666666666
    >>> png_scale(100_000, 10)
    0.16384
    """
    area = max(width * height, 1e-9)
    scale = min(want, math.sqrt(MAX_PIXELS / area), MAX_SIDE / max(width, 1e-9), MAX_SIDE / max(height, 1e-9))
    while round(width * scale) * round(height * scale) > MAX_PIXELS:  # the sides are rounded: a pixel less
        scale *= 1 - 1 / max(width * scale, height * scale)
    return scale


def pdf_date(environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """The PDF's creation date, ISO 8601 in UTC: ``SOURCE_DATE_EPOCH`` when set, else the epoch.

    >>> pdf_date({"SOURCE_DATE_EPOCH": "1700000000"})
    '2023-11-14T22:13:20Z'
    >>> pdf_date({})
    '1970-01-01T00:00:00Z'
    """
    text = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        seconds = 0
    elif text.isdigit() and int(text) < 253_402_300_800:  # before the year 10000
        seconds = int(text)
    else:
        raise RenderError(f"SOURCE_DATE_EPOCH is {text[:40]!r}, but it must be a whole number of seconds since "
                          "1970-01-01 (before the year 10000)")
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_BARE_DATE = re.compile(rb"/CreationDate \((\d{12})\d\dZ\)")


def _pdf_date_prefix(pdf: bytes) -> bytes:
    """cairo 1.16 writes a set date without the ``D:`` that PDF requires; add it in the same number of bytes
    (dropping the seconds, which a PDF date may omit) so no offset in the file moves.

    >>> _pdf_date_prefix(b"<< /CreationDate (20231114221320Z) >>")
    b'<< /CreationDate (D:202311142213Z) >>'
    """
    return _BARE_DATE.sub(rb"/CreationDate (D:\1Z)", pdf, count=1)


def _convert(svg: bytes, kind: str, want: float = PNG_SCALE) -> bytes:
    try:
        import cairocffi
        import cairosvg
        from cairosvg.surface import PDFSurface
    except (ImportError, OSError) as exc:
        raise RenderError(f"cannot make .{kind}: cairosvg is unavailable ({exc})") from None
    try:
        if kind == "png":
            match = _SIZE.search(svg[:2000])
            if match is None:
                raise RenderError("cannot make .png: the SVG has no width and height")
            width, height = float(match.group(1)), float(match.group(2))
            scale = png_scale(width, height, want)
            svg = flatten_svg(svg, scale=scale)
            if min(round(width * scale), round(height * scale)) >= 1:
                return bytes(cairosvg.svg2png(bytestring=svg, scale=scale, unsafe=False))
            sides = {"output_width": max(1, round(width * scale)), "output_height": max(1, round(height * scale))}
            return bytes(cairosvg.svg2png(bytestring=svg, unsafe=False, **sides))  # a sliver: at least 1 pixel
        date = pdf_date()

        class FixedDatePDF(PDFSurface):  # type: ignore[misc]
            """cairosvg's PDF surface with the creation date fixed (cairo writes the clock's time otherwise)."""

            def _create_surface(self, width: float, height: float):  # type: ignore[no-untyped-def]
                surface, width, height = super()._create_surface(width, height)
                surface.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, date)
                return surface, width, height

        return _pdf_date_prefix(bytes(FixedDatePDF.convert(bytestring=flatten_svg(svg), unsafe=False)))
    except RenderError:
        raise
    except Exception as exc:  # cairosvg raises many types; any is a failed conversion
        raise RenderError(f"cairosvg could not convert the SVG to .{kind}: {exc}") from None
