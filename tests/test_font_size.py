"""Spacing follows the font size (issue 14): ``--font-size`` / ``draw(font_size=)`` draws the figure magnified
with its labels, so at 12 or 14 pt a label still fits inside its shape and leg labels keep clear of wires; line
widths stay in pt; 10 pt is the figure as before, byte for byte.

Measured with :mod:`tensordiag.label_measures` on the geometry the SVG is drawn from at each size
(:func:`tensordiag.geometry.magnify.magnify`). Before, only the text grew: at 14 pt the attention block's leg
labels reached into their wires (5 of 11, by 0.14 mm) and its labels filled 124% of their circles."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from tensordiag import Drawing, draw, load
from tensordiag.geometry.magnify import magnify
from tensordiag.label_measures import label_fill, label_overlaps, label_wire_clearances
from tensordiag.render.svg import FONT

from .conftest import ROOT, compile_tex

SPECS = ["16a-mps", "21a-attention-block", "13a-svd"]  # an MPS, a transformer block, an equation
SIZES = [8, 10, 12, 14]


@lru_cache(maxsize=None)
def _drawing(stem: str) -> Drawing:
    return load(ROOT / "gallery" / f"{stem}.yaml")


def _svg_width(svg: str) -> float:
    m = re.search(r'<svg\b[^>]*\swidth="([0-9.]+)"', svg)
    assert m
    return float(m.group(1))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stem", SPECS)
def test_at_every_font_size_nothing_touches(stem: str, size: int) -> None:
    k = size / 10
    g = magnify(_drawing(stem).geometry, k)
    clear = label_wire_clearances(g)
    assert clear and min(clear) > 0.04, f"a label within {min(clear) * 10:.2f} mm of a wire's edge"
    assert label_overlaps(g) == 0
    fills = [label_fill(s, k) for s in g.shapes if s.label]
    assert fills and max(fills) < 0.95, "a tensor's label fills its shape"
    plain = [label_fill(s) for s in _drawing(stem).geometry.shapes if s.label]
    assert fills == pytest.approx(plain), "a label fills its shape as it does at 10 pt"


@pytest.mark.parametrize("size", [8, 12, 14])
@pytest.mark.parametrize("stem", SPECS)
def test_the_svg_is_drawn_magnified_with_its_labels_and_lines_stay_in_pt(stem: str, size: int) -> None:
    k = size / 10
    plain = _drawing(stem).svg()
    svg = draw(ROOT / "gallery" / f"{stem}.yaml", font_size=size).svg()
    margin = 2 * 0.15 * 37.795  # the SVG's margin is fixed
    assert _svg_width(svg) - margin == pytest.approx((_svg_width(plain) - margin) * k, abs=0.05)
    sizes = {float(v) for v in re.findall(r'<text [^>]*font-size="([0-9.]+)"', svg)}
    assert round(FONT["td label"] * k, 3) in sizes
    strokes = sorted(set(re.findall(r'stroke-width="([0-9.]+)"', svg)))
    assert strokes == sorted(set(re.findall(r'stroke-width="([0-9.]+)"', plain))), "line widths are in pt"


def test_ten_points_is_the_figure_as_before() -> None:
    path = ROOT / "gallery" / "16a-mps.yaml"
    assert draw(path, font_size=10).svg() == load(path).svg()
    assert draw(path, font_size=10).render("json") == load(path).render("json")


def test_the_json_and_the_tikz_coordinates_keep_the_layout() -> None:
    path = ROOT / "gallery" / "16a-mps.yaml"
    assert draw(path, font_size=14).render("json") == load(path).render("json")
    tex = draw(path, font_size=14).tikz(snippet=True)
    coordinates = re.findall(r"\\coordinate .*;", tex)
    assert coordinates == re.findall(r"\\coordinate .*;", load(path).tikz(snippet=True))
    assert "\\fontsize{14pt}{16.8pt}\\selectfont\\tikzset{td picture}" in tex


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs pdfinfo (poppler-utils)")
def test_the_tikz_picture_grows_with_its_font(tmp_path: Path) -> None:
    """Compiled in the same 10 pt document, the 14 pt picture is 1.4 times as wide (its unit and gaps are in
    the picture's own em), whatever the document's font."""
    path = ROOT / "gallery" / "16a-mps.yaml"
    widths = {}
    for size in (10, 14):
        pdf = compile_tex(draw(path, font_size=size).tikz(), tmp_path, f"mps{size}")
        info = subprocess.run(["pdfinfo", pdf.name], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
        m = re.search(r"Page size:\s+([0-9.]+) x", info)
        assert m
        widths[size] = float(m.group(1)) - 8  # the standalone border, 4 pt each side
    assert widths[14] / widths[10] == pytest.approx(1.4, abs=0.03)
