"""Size and look of an output, chosen when it is written: scale, a column's width, PNG resolution, a
transparent background, a theme and the label font size.

These are applied to a rendered picture, not to the layout, so every backend keeps drawing one geometry and
a figure's positions (its JSON, its pins) do not change with them:

* **SVG** (and the PNG and PDF made from it): the ``width``/``height`` of the root element are scaled (the
  ``viewBox`` stays), the white background is dropped for ``transparent``, ``#rrggbb`` colours are turned into
  greys of the same relative luminance for the ``greyscale`` theme (roles keep their 0.08 luminance steps, so
  they stay apart). A ``font_size`` other than 10 is drawn from the geometry magnified by ``font_size / 10``
  (:mod:`tensordiag.geometry.magnify`): labels, shapes, leg and bond lengths and label gaps grow together, line
  widths stay in pt;
* **TikZ**: the options go onto ``\\begin{tikzpicture}[…]``: ``scale=…, transform shape`` (labels shrink with
  the picture, line widths stay in pt as a paper wants them), ``td label``/``td leg``/``td op`` fonts set with
  ``\\fontsize``, and ``\\definecolor{…}{HTML}{…}`` turned grey. With ``font_size`` the picture's own font is
  that size and ``td picture`` is set again in it: its unit and every gap are in em, so the spacing follows the
  labels as in a document of that size. A TikZ picture has no background, so it is always transparent;
* **PNG**: ``dpi`` pixels per inch of the picture's size (96 dpi is one pixel per CSS pixel), capped like
  every PNG (:mod:`tensordiag.render.raster`).

``width`` (cm) fits a paper's column: a wider figure is scaled down to it, a narrower one is left alone
(two-column papers: 8.5 cm). It and ``scale`` are exclusive.

>>> Look(scale=0.5).factor(10.0)
0.5
>>> Look(width=8.5).factor(17.0), Look(width=8.5).factor(4.0)
(0.5, 1.0)
>>> grey("#ff0000"), grey("#D4D4D4")
('#7f7f7f', '#d4d4d4')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import RenderError

THEMES = ("colour", "greyscale")
THEME_ALIASES = {"color": "colour", "grayscale": "greyscale", "grey": "greyscale", "gray": "greyscale"}
BASE_FONT_PT = 10.0
"""The label size the drawing is spaced for (``\\normalsize`` of a 10 pt document; 13.3 CSS px)."""
FONT_RANGE = (5.0, 20.0)
SCALE_RANGE = (0.05, 20.0)
DPI_RANGE = (10, 2400)
_PX_PER_CM = 37.795
TIKZ_LINE_ROOM = 0.06
"""cm a TikZ picture reaches past the geometry's box (its outlines' line width, which ``transform shape`` does
not scale), so a picture fitted to a column by its box stays inside it (a 6-site MPS: measured by pdflatex)."""
_TIKZ_FONTS = {"td label": 1.0, "td leg": 0.9, "td op": 1.2}
"""Each TikZ text style's size, relative to ``font_size`` (``\\small`` and ``\\large`` of a 10 pt document)."""


@dataclass(frozen=True)
class Look:
    """How an output looks; the defaults change nothing."""

    scale: float | None = None
    width: float | None = None
    """The widest the picture may be (cm): wider ones are scaled down to it."""
    dpi: float | None = None
    transparent: bool = False
    theme: str = "colour"
    font_size: float | None = None
    """Label size in pt (10 is the default)."""

    def __post_init__(self) -> None:
        theme = THEME_ALIASES.get(self.theme, self.theme)
        if theme not in THEMES:
            raise RenderError(f"theme '{self.theme}' is unknown (valid: {', '.join(THEMES)})")
        object.__setattr__(self, "theme", theme)
        if self.scale is not None and self.width is not None:
            raise RenderError("give a scale or a width, not both (a width scales the figure to fit it)")
        for name, value, (low, high) in (("scale", self.scale, SCALE_RANGE), ("width", self.width, (0.5, 500.0)),
                                         ("dpi", self.dpi, DPI_RANGE), ("font size", self.font_size, FONT_RANGE)):
            if value is not None and not (isinstance(value, (int, float)) and low <= value <= high):
                raise RenderError(f"{name} is {value!r}; it must be a number from {low:g} to {high:g}")

    @property
    def plain(self) -> bool:
        return self == Look()

    @property
    def font_scale(self) -> float:
        """Label size over the 10 pt the figure is spaced for: the picture is magnified by it."""
        return 1.0 if self.font_size is None else self.font_size / BASE_FONT_PT

    def factor(self, natural_width: float) -> float:
        """The scale for a picture ``natural_width`` cm wide."""
        if self.width is not None:
            return min(1.0, self.width / max(natural_width, 1e-9))
        return 1.0 if self.scale is None else float(self.scale)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _srgb_to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _linear_to_srgb(c: float) -> float:
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def grey(colour: str) -> str:
    """``#rrggbb`` as the grey of the same relative luminance (WCAG's), lower case."""
    r, g, b = (int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5))
    lum = 0.2126 * _srgb_to_linear(r) + 0.7152 * _srgb_to_linear(g) + 0.0722 * _srgb_to_linear(b)
    level = max(0, min(255, round(_linear_to_srgb(lum) * 255)))
    return f"#{level:02x}{level:02x}{level:02x}"


_HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
_SVG_ROOT = re.compile(r'(<svg\b[^>]*?\swidth=")([0-9.]+)("[^>]*?\sheight=")([0-9.]+)(")')
_BACKGROUND = '<rect width="100%" height="100%" fill="#ffffff"/>\n'


def svg_width_cm(svg: str) -> float:
    match = _SVG_ROOT.search(svg[:3000])
    if match is None:
        raise RenderError("the SVG has no width and height")
    return float(match.group(2)) / _PX_PER_CM


def apply_svg(svg: str, look: Look) -> str:
    """``svg`` with ``look`` applied (see the module's description)."""
    if look.plain:
        return svg
    s = look.factor(svg_width_cm(svg))
    if s != 1.0:
        svg = _SVG_ROOT.sub(lambda m: f"{m.group(1)}{_num(float(m.group(2)) * s)}{m.group(3)}"
                                      f"{_num(float(m.group(4)) * s)}{m.group(5)}", svg, count=1)
    if look.transparent:
        svg = svg.replace(_BACKGROUND, "", 1)
    if look.theme == "greyscale":
        svg = _HEX.sub(lambda m: grey(m.group(0)), svg)
    return svg


_PICTURE = re.compile(r"\\begin\{tikzpicture\}(?:\[([^\]\n]*)\])?")
_TIKZ_HEX = re.compile(r"(\\definecolor\{[^}]*\}\{HTML\}\{)([0-9A-Fa-f]{6})(\})")


def apply_tikz(tex: str, look: Look, natural_width: float) -> str:
    """TikZ text with ``look`` applied: options on every ``tikzpicture``; ``natural_width``: its width in cm."""
    if look.plain:
        return tex
    options = []
    s = look.factor(natural_width)
    if s != 1.0:
        options.append(f"scale={_num(s)}, transform shape")
    if look.font_size is not None:
        for style, share in _TIKZ_FONTS.items():
            size = look.font_size * share
            options.append(f"{style}/.append style={{font=\\fontsize{{{_num(size)}pt}}{{{_num(size * 1.2)}pt}}"
                           "\\selectfont}")
    # the picture's own font at that size, and its unit (td picture, in em) set again in it: spacing follows
    font = "" if look.font_size is None else (f"\n\\fontsize{{{_num(look.font_size)}pt}}{{{_num(look.font_size * 1.2)}pt}}"
                                              "\\selectfont\\tikzset{td picture}% spacing follows the font size")
    if options:
        def add(m: re.Match[str]) -> str:
            given = [m.group(1)] if m.group(1) else []
            return "\\begin{tikzpicture}[" + ", ".join(given + options) + "]" + font

        tex = _PICTURE.sub(add, tex)
    if look.theme == "greyscale":
        tex = _TIKZ_HEX.sub(lambda m: m.group(1) + grey("#" + m.group(2))[1:].upper() + m.group(3), tex)
    return tex
