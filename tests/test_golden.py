"""Golden TikZ and SVG for a handful of specs: exact text, compiled by pdflatex, parsed and rasterised."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tensordiag import load

from .conftest import GOLDEN, SPECS, assert_golden, compile_tex

SPEC_FILES = sorted(SPECS.glob("*.yaml"))


@pytest.mark.parametrize("spec", SPEC_FILES, ids=[p.stem for p in SPEC_FILES])
def test_tikz_matches_golden_and_compiles(spec: Path, tmp_path: Path) -> None:
    tex = load(spec).tikz()
    assert_golden(tex, GOLDEN / f"{spec.stem}.tex")
    pdf = compile_tex(tex, tmp_path, spec.stem)
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("spec", SPEC_FILES, ids=[p.stem for p in SPEC_FILES])
def test_svg_matches_golden_parses_and_rasterises(spec: Path) -> None:
    import cairosvg

    svg = load(spec).svg()
    assert_golden(svg, GOLDEN / f"{spec.stem}.svg")
    root = ET.fromstring(svg.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    png = cairosvg.svg2png(bytestring=svg.encode())
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize("spec", SPEC_FILES, ids=[p.stem for p in SPEC_FILES])
def test_snippet_is_the_picture_alone(spec: Path, tmp_path: Path) -> None:
    snippet = load(spec).tikz(snippet=True)
    assert "\\documentclass" not in snippet and snippet.count("\\begin{tikzpicture}") == 1
    doc = "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n\\input{fig}\n\\end{document}\n"
    (tmp_path / "fig.tex").write_text(snippet, encoding="utf-8")
    compile_tex(doc, tmp_path, "paper")
