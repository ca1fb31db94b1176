"""One style for a whole paper (issue 14): ``tensordiag style`` writes the style file; a snippet defines a style
only when the preamble has not, so one preamble line restyles every figure; figures in groups (figure
environments) each compile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from tensordiag import load
from tensordiag.cli import main
from tensordiag.render.tikz_style import style_file

from .conftest import SPECS, compile_tex

STEMS = ["core-matvec", "notation-colors", "order-table"]


def _paper(preamble: str, workdir: Path) -> str:
    for stem in STEMS:
        (workdir / f"{stem}.tex").write_text(load(SPECS / f"{stem}.yaml").tikz(snippet=True), encoding="utf-8")
    figures = "".join(f"\\begin{{figure}}\\centering\\input{{{stem}}}\\end{{figure}}\n" for stem in STEMS)
    return ("\\documentclass[12pt]{article}\n\\usepackage{tikz}\n" + preamble
            + "\\begin{document}\n" + figures + "\\end{document}\n")


def _pixels(pdf: Path) -> np.ndarray:
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", pdf.name, pdf.stem + "-page"], cwd=pdf.parent,
                   check=True, timeout=60)
    return np.asarray(Image.open(pdf.parent / f"{pdf.stem}-page.png").convert("RGB")).astype(int)


def _red(rgb: np.ndarray) -> int:
    return int(((rgb[..., 0] > 200) & (rgb[..., 1] < 80) & (rgb[..., 2] < 80)).sum())


def test_the_style_command_writes_every_style(tmp_path: Path) -> None:
    out = tmp_path / "tensordiag.tex"
    result = CliRunner().invoke(main, ["style", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for name in ("td picture", "td wire", "td tensor", "td leg", "td label", "td step", "td cell"):
        assert f"  {name}/.style=" in text, name
    assert "% \\selectcolormodel{gray}" in text
    grey = CliRunner().invoke(main, ["style", "-o", "-", "--greyscale"])
    assert grey.exit_code == 0 and "\n\\selectcolormodel{gray}" in grey.output


def test_an_unwritable_style_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["style", "-o", str(tmp_path / "missing" / "tensordiag.tex")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot write the style file" in result.output and len(result.output.strip().splitlines()) == 1


def test_a_snippet_defines_only_the_styles_nobody_defined() -> None:
    tikz = load(SPECS / "core-matvec.yaml").tikz(snippet=True)
    assert "\\tikzset{td" not in tikz and "\\tdstyle{td wire}{" in tikz
    assert "\\providecommand\\tdstyle" in tikz


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_one_preamble_line_restyles_every_figure_in_figure_environments(tmp_path: Path) -> None:
    (tmp_path / "tensordiag.tex").write_text(style_file().replace("td wire/.style=   {draw=black",
                                                                  "td wire/.style=   {draw=red"), encoding="utf-8")
    red = _pixels(compile_tex(_paper("\\input{tensordiag.tex}\n", tmp_path), tmp_path, "red"))
    plain = _pixels(compile_tex(_paper("", tmp_path), tmp_path, "plain"))
    assert _red(red) > _red(plain) + 80, "the preamble's wire style was overridden by a snippet"
    assert (np.abs(plain[..., 0] - plain[..., 2]) > 20).any(), "the plain paper has colours to grey"
    (tmp_path / "tensordiag.tex").write_text(style_file(greyscale=True), encoding="utf-8")
    grey = _pixels(compile_tex(_paper("\\input{tensordiag.tex}\n", tmp_path), tmp_path, "grey"))
    assert (np.abs(grey[..., 0] - grey[..., 2]) <= 2).all() and (np.abs(grey[..., 0] - grey[..., 1]) <= 2).all()
