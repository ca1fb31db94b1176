"""Issue 14: size and look options, hand edits read back, and the command line and API people expect."""

from __future__ import annotations

import json
import re
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tensordiag import draw
from tensordiag.errors import RenderError, SpecError

from .conftest import ROOT

CHAIN = "ij,jk,kl->il"


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tensordiag.cli", *args], capture_output=True, cwd=cwd or ROOT,
                          timeout=120, input=None if stdin is None else stdin.encode())


def _svg_size(svg: str) -> tuple[float, float]:
    m = re.search(r'<svg\b[^>]*\swidth="([0-9.]+)"[^>]*\sheight="([0-9.]+)"', svg)
    assert m
    return float(m.group(1)), float(m.group(2))


def _png_width(png: bytes) -> int:
    return struct.unpack(">I", png[16:20])[0]


# --- size and look ----------------------------------------------------------------------------------------

def test_scale_and_width_change_the_size_not_the_picture() -> None:
    plain = draw(CHAIN).svg()
    half = draw(CHAIN, scale=0.5).svg()
    w, h = _svg_size(plain)
    assert _svg_size(half) == pytest.approx((w / 2, h / 2), abs=0.002)
    assert re.search(r'viewBox="[^"]*"', plain).group(0) == re.search(r'viewBox="[^"]*"', half).group(0)
    fitted = draw("ij,jk,kl,lm,mn,no,op->ip", fit_width=8.5).svg()
    assert _svg_size(fitted)[0] == pytest.approx(8.5 * 37.795, abs=0.01)
    small = draw("ij->i", fit_width=8.5).svg()  # narrower than the column: left alone
    assert small == draw("ij->i").svg()


def test_width_fits_a_tikz_snippet_with_transform_shape() -> None:
    tex = draw("ij,jk,kl,lm,mn,no,op->ip", fit_width=8.5).tikz(snippet=True)
    m = re.search(r"\\begin\{tikzpicture\}\[td picture, scale=([0-9.]+), transform shape\]", tex)
    assert m and 0 < float(m.group(1)) < 1
    assert "\\begin{tikzpicture}[td picture]\n" in draw("ij,jk->ik").tikz(snippet=True)  # no options unless asked


def test_transparent_greyscale_and_font_size() -> None:
    svg = draw("ij,jk->ik", transparent=True, theme="greyscale", font_size=12,
               tensors={"A": {"color": "blue"}, "B": {"color": "red"}}).svg()
    assert 'fill="#ffffff"' not in svg.split("<g", 1)[0]  # no background
    colours = set(re.findall(r"#[0-9a-f]{6}", svg.lower()))
    assert colours and all(c[1:3] == c[3:5] == c[5:7] for c in colours)  # every colour a grey
    assert 'font-size="13.3"' not in svg and 'font-size="15.96"' in svg  # 10 pt → 12 pt
    tex = draw("ij,jk->ik", theme="greyscale", font_size=12, tensors={"A": {"color": "blue"}}).tikz()
    for hexcode in re.findall(r"\{HTML\}\{([0-9A-F]{6})\}", tex):
        assert hexcode[0:2] == hexcode[2:4] == hexcode[4:6]
    assert "td label/.append style={font=\\fontsize{12pt}{14.4pt}\\selectfont}" in tex


def test_dpi_sets_the_png_resolution() -> None:
    svg_width = _svg_size(draw(CHAIN).svg())[0]  # CSS px at 96 dpi
    png = draw(CHAIN, dpi=300).render("png")
    assert _png_width(png) == round(svg_width * 300 / 96)
    assert _png_width(draw(CHAIN, dpi=96).render("png")) == round(svg_width)


@pytest.mark.parametrize("options, message", [
    ({"scale": 2, "fit_width": 8.5}, "give a scale or a width, not both"),
    ({"theme": "sepia"}, "theme 'sepia' is unknown (valid: colour, greyscale)"),
    ({"dpi": 0}, "dpi is 0; it must be a number from 10 to 2400"),
])
def test_a_bad_look_is_one_clear_error(options: dict, message: str) -> None:
    with pytest.raises(RenderError, match=re.escape(message)):
        draw(CHAIN, **options)


def test_look_options_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "f.png"
    proc = run("einsum", CHAIN, "-o", str(out), "--dpi", "96", "--transparent", "--theme", "greyscale")
    assert proc.returncode == 0, proc.stderr
    assert _png_width(out.read_bytes()) == round(_svg_size(draw(CHAIN).svg())[0])
    proc = run("render", "tests/specs/core-three.yaml", "-o", "-", "--width", "3", "--font-size", "9")
    assert proc.returncode == 0 and _svg_size(proc.stdout.decode())[0] == pytest.approx(3 * 37.795, abs=0.01)
    proc = run("einsum", CHAIN, "-o", str(out), "--scale", "2", "--width", "3")
    assert (proc.returncode, proc.stderr.decode()) == (
        2, "tensordiag: error: give a scale or a width, not both (a width scales the figure to fit it)\n")


def test_draw_takes_spec_keys() -> None:
    d = draw("ij,jk,kl->il", structure="chain", dims={"j": 4}, leg_labels="sizes")
    assert d.figure.structure == "chain" and dict(d.figure.dims)["j"] == 4
    with pytest.raises(TypeError, match="spec keys"):
        draw(ROOT / "tests/specs/core-three.yaml", structure="chain")


# --- hand edits survive regeneration ----------------------------------------------------------------------

def test_render_reads_its_json_export_back_with_positions_pinned(tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    assert run("einsum", CHAIN, "-o", str(first)).returncode == 0
    again = tmp_path / "b.json"
    proc = run("render", str(first), "-o", str(again))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(first.read_text())["tensors"] == json.loads(again.read_text())["tensors"]
    edited = json.loads(first.read_text())
    edited["tensors"][1].update(x=1.5, y=-1.25)  # move B by hand
    first.write_text(json.dumps(edited))
    assert run("render", str(first), "-o", str(again)).returncode == 0
    b = json.loads(again.read_text())["tensors"][1]
    assert (b["name"], b["x"], b["y"]) == ("B", 1.5, -1.25)


SPEC = """\
# my figure: keep this comment
einsum: "ij,jk,kl->il"   # the chain
tensors:
  A: {label: 'A', color: blue}   # blue on purpose
leg_labels: names
"""


def _move(tex: str, name: str, x: str, y: str) -> str:
    return re.sub(rf"\\coordinate \({name}\) at \([^)]*\);", rf"\\coordinate ({name}) at ({x},{y});", tex)


def test_pins_read_an_edited_tikz_back_into_the_yaml_keeping_its_comments(tmp_path: Path) -> None:
    spec, tex = tmp_path / "f.yaml", tmp_path / "f.tex"
    spec.write_text(SPEC)
    assert run("render", str(spec), "-o", str(tex), "--snippet").returncode == 0
    tex.write_text(_move(tex.read_text(), "B", "1.6", "-1.2"))  # the hand edit
    proc = run("pins", str(tex), str(spec))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == f"pinned 3 tensors in {spec}: A, B, C\n"
    text = spec.read_text()
    assert "# my figure: keep this comment" in text and "# blue on purpose" in text and "# the chain" in text
    assert "A: {label: 'A', color: blue, at: [0, 0]}" in text and "B: {at: [1.6, -1.2]}" in text
    again = tmp_path / "g.tex"
    assert run("render", str(spec), "-o", str(again), "--snippet").returncode == 0
    assert "\\coordinate (B) at (1.6,-1.2);" in again.read_text()  # the edit kept


def test_pins_of_an_equation_go_into_its_terms(tmp_path: Path) -> None:
    spec, tex = tmp_path / "e.yaml", tmp_path / "e.tex"
    spec.write_text("equation:\n  - einsum: \"einsum(A, B, 'i j, j i -> ')\"\n  - op: '='\n"
                    "    einsum: \"einsum(B, A, 'j i, i j -> ')\"\n")
    assert run("render", str(spec), "-o", str(tex)).returncode == 0
    assert run("pins", str(tex), str(spec)).returncode == 0
    text = spec.read_text()
    assert text.count("at: [") == 4 and text.startswith("equation:\n  - einsum: \"einsum(A, B, 'i j, j i -> ')\"\n"
                                                      "    tensors:\n      A: {at: [")
    assert run("check", str(spec)).returncode == 0


def test_pins_from_a_foreign_tex_is_one_line(tmp_path: Path) -> None:
    spec, tex = tmp_path / "f.yaml", tmp_path / "x.tex"
    spec.write_text(SPEC)
    tex.write_text("\\begin{tikzpicture}\\coordinate (Z) at (1,2);\\end{tikzpicture}\n")
    proc = run("pins", str(tex), str(spec))
    assert proc.returncode == 2
    assert proc.stderr.decode() == (f"tensordiag: error: {tex}: no \\coordinate of any of the spec's tensors: "
                                    "is it the TikZ drawn from this spec?\n")
    assert spec.read_text() == SPEC


# --- the command line -------------------------------------------------------------------------------------

def test_render_several_specs_into_a_folder_and_a_pattern(tmp_path: Path) -> None:
    specs = ["tests/specs/core-three.yaml", "tests/specs/core-matvec.yaml"]
    proc = run("render", *specs, "-o", f"{tmp_path}/out/", "-f", "svg", "-f", "png", "-o", f"{tmp_path}/p/{{stem}}.tex")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "core-matvec.png", "core-matvec.svg", "core-three.png", "core-three.svg"]
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["core-matvec.tex", "core-three.tex"]
    proc = run("render", *specs, "-o", str(tmp_path / "one.svg"))
    assert proc.returncode == 2 and b"several specs need an output folder" in proc.stderr


def test_output_to_standard_output() -> None:
    proc = run("render", "tests/specs/core-three.yaml", "-o", "-")
    assert proc.returncode == 0 and proc.stdout.startswith(b"<?xml")
    proc = run("einsum", "ij,jk->ik", "-o", "-", "-f", "tex", "--snippet")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("% Drawn by tensordiag")
    proc = run("einsum", "ij,jk->ik", "-o", "-", "-f", "png")
    assert proc.stdout.startswith(b"\x89PNG")


def test_snippet_without_a_tex_output_is_an_error(tmp_path: Path) -> None:
    proc = run("einsum", "ij,jk->ik", "-o", str(tmp_path / "a.svg"), "--snippet")
    assert (proc.returncode, proc.stderr.decode()) == (
        2, "tensordiag: error: a snippet is TikZ: it needs a .tex output, and none is asked for\n")
    assert not (tmp_path / "a.svg").exists()


def test_watch_renders_again_when_the_spec_changes(tmp_path: Path) -> None:
    spec, out = tmp_path / "w.yaml", tmp_path / "w.json"
    spec.write_text('einsum: "ij,jk->ik"\n')
    proc = subprocess.Popen([sys.executable, "-m", "tensordiag.cli", "render", str(spec), "-o", str(out), "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert json.loads(out.read_text())["einsum"] == "ij,jk->ik"
        time.sleep(0.3)
        spec.write_text('einsum: "ij,jk,kl->il"\n')
        while json.loads(out.read_text())["einsum"] != "ij,jk,kl->il" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert json.loads(out.read_text())["einsum"] == "ij,jk,kl->il"
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert f"rendered {spec}".encode() in err


def test_einsum_takes_the_common_spec_keys(tmp_path: Path) -> None:
    out = tmp_path / "e.json"
    proc = run("einsum", "ij,jk,kl->il", "-o", str(out), "--structure", "chain", "--dims", "i=3,j=4",
               "--leg-labels", "sizes", "--free-side", "down", "--color", "A=blue")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert data["dims"] == {"i": 3, "j": 4}
    assert any(lb["text"] == "j{=}4" for lb in data["labels"])
    proc = run("einsum", "ij->i", "-o", str(out), "--dims", "i")
    assert (proc.returncode, proc.stderr.decode()) == (2, "tensordiag: error: --dims 'i' is not NAME=VALUE\n")


def test_init_writes_a_commented_starter_spec_that_checks(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    proc = run("init", "einsum(W_O, x, 'o h, h -> o')", "-o", str(spec))
    assert proc.returncode == 0, proc.stderr
    text = spec.read_text()
    assert text.startswith("# A tensordiag spec.") and "  W_O: {legs: [\"o\", \"h\"]}" in text
    assert run("check", str(spec)).returncode == 0
    proc = run("init", "ij->i", "-o", str(spec))
    assert (proc.returncode, proc.stderr.decode()) == (2, f"tensordiag: error: {spec}: exists already: give "
                                                          "--force to overwrite it\n")
    assert re.findall(r"^  (\w+): \{legs", run("init", "ij,jk->ik").stdout.decode(), re.M) == ["A", "B"]


# --- notebooks, names, files ------------------------------------------------------------------------------

def test_a_notebook_drawing_shows_its_check_png_and_title() -> None:
    d = draw("ij,jk->ik")
    assert d._repr_png_().startswith(b"\x89PNG")
    assert "<title>Tensor diagram of the einsum ij,jk-&gt;ik</title>" in d._repr_svg_()
    assert "<title>" not in d.svg()  # the files stay as they were (their goldens too)
    assert draw(ROOT / "tests/specs/core-three.yaml")._repr_svg_().count("<title>") == 1  # its own title kept
    html = d._repr_html_()
    assert "<title>" in html and "check: ok — drawn vs einsum" in html


def test_draw_of_a_missing_file_says_so() -> None:
    with pytest.raises(SpecError, match=r"^x\.yaml: cannot read: No such file or directory$"):
        draw("x.yaml")


def test_a_tensor_is_not_named_like_an_index() -> None:
    assert [t.name for t in draw("aB,Bc->ac").figure.tensors] == ["A", "C"]
    assert [t.name for t in draw("ij,jk->ik").figure.tensors] == ["A", "B"]
    assert draw("aB,Bc->ac").check().ok


def test_an_escaped_underscore_stays_in_a_label() -> None:
    d = draw({"einsum": "x_in y, y seq_pos -> x_in seq_pos", "index_labels": {"seq_pos": r"seq\_pos"}})
    tex = d.tikz()
    assert r"{$\mathrm{seq\_pos}$}" in tex and r"{$\mathrm{x\ in}$}" in tex
    assert ">seq_pos<" in d.svg()


MPS = "einsum(A1, A2, A3, A4, A5, A6, 'p1 a, a p2 b, b p3 c, c p4 d, d p5 e, e p6 -> p1 p2 p3 p4 p5 p6')"


@pytest.mark.skipif(not __import__("shutil").which("pdflatex"), reason="needs pdflatex")
def test_a_six_site_mps_snippet_fits_a_column_when_compiled(tmp_path: Path) -> None:
    """The issue's case: the 6-site MPS overflowed an 8.5 cm column by 21 pt; with --width 8.5 pdflatex
    measures the picture at most 8.5 cm (241.85 pt) wide."""
    tex = draw(MPS, fit_width=8.5).tikz(snippet=True)
    picture = tex[tex.index("\\begin{tikzpicture}"):tex.index("\\end{tikzpicture}") + len("\\end{tikzpicture}")]
    (tmp_path / "p.tex").write_text(picture)
    (tmp_path / "s.tex").write_text(tex[:tex.index("\\begin{tikzpicture}")])
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\usepackage{tikz}\\begin{document}\\input{s}"
                                      "\\setbox0\\hbox{\\input{p}\\unskip}\\typeout{WIDTH=\\the\\wd0}\\end{document}\n")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "doc.tex"], cwd=tmp_path, capture_output=True, timeout=120)
    width = float(re.search(r"WIDTH=([0-9.]+)pt", (tmp_path / "doc.log").read_text(encoding="latin-1")).group(1))
    assert 230 < width <= 8.5 / 2.54 * 72.27


@pytest.mark.parametrize("args, message", [
    (["pins", "missing.tex", "tests/specs/core-three.yaml"], "missing.tex: cannot read: No such file or directory"),
    (["pins", "x.tex", "tests/bad_inputs/984-export-version-2.json"],
     "tests/bad_inputs/984-export-version-2.json: pins are written into a YAML spec (.yaml or .yml)"),
    (["render", "tests/specs/core-three.yaml", "-o", "-", "-f", "bmp"],
     "unknown output format '.bmp' (valid: .tex, .svg, .png, .pdf, .json)"),
    (["einsum", "ij->i", "-o", "-", "--theme", "sepia"], "theme 'sepia' is unknown (valid: colour, greyscale)"),
])
def test_bad_input_to_the_new_commands_is_one_line(args: list[str], message: str) -> None:
    proc = run(*args)
    assert (proc.returncode, proc.stderr.decode(), proc.stdout) == (2, f"tensordiag: error: {message}\n", b"")
