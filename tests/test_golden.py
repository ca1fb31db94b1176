"""Golden TikZ and SVG for every spec in tests/specs (core-* and notation-*): exact text, compiled by pdflatex,
parsed and rasterised. This is the one place the specs' goldens are compared and their TikZ compiled.

pdflatex runs twice for all the specs together, not once or twice per spec: the standalone document is the
snippet between a fixed preamble and ``\\end{document}`` (asserted per spec), so one standalone document that
``\\input``s every snippet, each in its own group, compiles every picture as its own document would; a second,
article document ``\\input``s every snippet the way a paper does. When a batch fails, each spec is compiled
alone to name the ones that fail.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest

from tensordiag import Drawing, load

from .conftest import GOLDEN, SPECS, assert_golden, compile_tex

SPEC_FILES = sorted(SPECS.glob("*.yaml"))
STEMS = [p.stem for p in SPEC_FILES]
NS = "{http://www.w3.org/2000/svg}"

STANDALONE_HEAD = "\\documentclass[tikz,border=4pt]{standalone}\n\\begin{document}\n"
PAPER_HEAD = "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n"
TAIL = "\\end{document}\n"
BATCHES = {"standalone": (STANDALONE_HEAD, ""), "paper": (PAPER_HEAD, "\\par\n")}


@lru_cache(maxsize=None)
def drawing(stem: str) -> Drawing:
    return load(SPECS / f"{stem}.yaml")


def _document(kind: str, stems: list[str]) -> str:
    head, sep = BATCHES[kind]
    # A group per snippet: a style or colour one snippet defines cannot rescue the next.
    return head + "".join(f"\\begingroup\\input{{{stem}}}\\endgroup\n{sep}" for stem in stems) + TAIL


def _pages(log: Path) -> int:
    found = re.search(r"Output written on .*?\((\d+) pages?", log.read_text(encoding="latin-1").replace("\n", ""))
    return int(found.group(1)) if found else 0


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """(kind, stem) → why that spec's snippet failed to compile in that kind of document; absent when it compiled."""
    workdir = tmp_path_factory.mktemp("tikz")
    for stem in STEMS:
        (workdir / f"{stem}.tex").write_text(drawing(stem).tikz(snippet=True), encoding="utf-8")
    failures: dict[tuple[str, str], str] = {}
    for kind in BATCHES:
        try:
            compile_tex(_document(kind, STEMS), workdir, f"all-{kind}")
        except pytest.fail.Exception as batch:
            for stem in STEMS:  # name the culprits: each spec alone, in a folder of its own
                alone = workdir / f"{kind}-{stem}"
                alone.mkdir()
                (alone / f"{stem}.tex").write_text((workdir / f"{stem}.tex").read_text(encoding="utf-8"), "utf-8")
                try:
                    compile_tex(_document(kind, [stem]), alone, kind)
                except pytest.fail.Exception as exc:
                    failures[kind, stem] = str(exc)
            if not any(k == kind for k, _ in failures):  # fails only together: blame every spec, say so
                failures.update({(kind, stem): f"the batch of all specs failed (each alone compiles):\n{batch}"
                                 for stem in STEMS})
            continue
        if kind == "standalone":
            pages = _pages(workdir / f"all-{kind}.log")
            if pages != len(STEMS):
                failures.update({(kind, stem): f"{pages} pages for {len(STEMS)} pictures" for stem in STEMS})
    return failures


@pytest.mark.parametrize("stem", STEMS)
def test_tikz_matches_golden(stem: str) -> None:
    d = drawing(stem)
    tex = d.tikz()
    assert_golden(tex, GOLDEN / f"{stem}.tex")
    # What lets one batch compile every spec: the document is its snippet in a fixed frame.
    assert tex == STANDALONE_HEAD + d.tikz(snippet=True) + TAIL


@pytest.mark.parametrize("stem", STEMS)
def test_tikz_compiles_with_pdflatex(stem: str, compiled: dict[tuple[str, str], str]) -> None:
    if ("standalone", stem) in compiled:
        pytest.fail(f"{stem}: {compiled['standalone', stem]}")


@pytest.mark.parametrize("stem", STEMS)
def test_snippet_is_the_picture_alone_and_compiles_in_a_paper(stem: str, compiled: dict[tuple[str, str], str]) -> None:
    snippet = drawing(stem).tikz(snippet=True)
    assert "\\documentclass" not in snippet and snippet.count("\\begin{tikzpicture}") == 1
    if ("paper", stem) in compiled:
        pytest.fail(f"{stem} \\input in an article: {compiled['paper', stem]}")


@pytest.mark.parametrize("stem", STEMS)
def test_svg_matches_golden_parses_and_rasterises(stem: str) -> None:
    import cairosvg

    svg = drawing(stem).svg()
    assert_golden(svg, GOLDEN / f"{stem}.svg")
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{NS}svg"
    assert root.find(f"{NS}g[@id='wires']") is not None
    png = cairosvg.svg2png(bytestring=svg.encode())
    assert png.startswith(b"\x89PNG")


# --- the batch can fail, and names the spec ------------------------------------------------------------


def test_a_broken_snippet_fails_the_batch_and_alone(tmp_path: Path) -> None:
    good = drawing(STEMS[0]).tikz(snippet=True)
    (tmp_path / "good.tex").write_text(good, encoding="utf-8")
    (tmp_path / "bad.tex").write_text(good.replace("\\end{tikzpicture}", "\\undefinedmacro\n\\end{tikzpicture}"),
                                      encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match=r"Undefined control sequence"):
        compile_tex(_document("standalone", ["good", "bad"]), tmp_path, "both")
    compile_tex(_document("standalone", ["good"]), tmp_path, "good-alone")
    assert _pages(tmp_path / "good-alone.log") == 1


def test_a_style_from_an_earlier_snippet_does_not_leak(tmp_path: Path) -> None:
    (tmp_path / "defines.tex").write_text("\\tikzset{td only here/.style={draw=red}}\n"
                                          "\\begin{tikzpicture}\\draw[td only here] (0,0) -- (1,0);\\end{tikzpicture}\n")
    (tmp_path / "uses.tex").write_text("\\begin{tikzpicture}\\draw[td only here] (0,0) -- (1,0);\\end{tikzpicture}\n")
    with pytest.raises(pytest.fail.Exception, match=r"pdflatex failed"):
        compile_tex(_document("standalone", ["defines", "uses"]), tmp_path, "leak")


# --- make regold ---------------------------------------------------------------------------------------


def test_regold_writes_the_golden_and_skips_saying_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENSORDIAG_REGOLD", "1")
    monkeypatch.delenv("CI", raising=False)
    golden = tmp_path / "g.tex"
    golden.write_text("old\n")
    with pytest.raises(pytest.skip.Exception, match=r"regenerated golden .*g\.tex"):
        assert_golden("new\n", golden)
    assert golden.read_text() == "new\n"


def test_regold_is_refused_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENSORDIAG_REGOLD", "1")
    monkeypatch.setenv("CI", "true")
    golden = tmp_path / "g.tex"
    golden.write_text("old\n")
    with pytest.raises(pytest.fail.Exception, match=r"TENSORDIAG_REGOLD=1 under CI=true"):
        assert_golden("new\n", golden)
    assert golden.read_text() == "old\n"


def test_a_changed_or_missing_golden_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TENSORDIAG_REGOLD", raising=False)
    golden = tmp_path / "g.tex"
    golden.write_text("a\nb\n")
    assert_golden("a\nb\n", golden)
    with pytest.raises(pytest.fail.Exception, match=r"(?s)differs from g\.tex.*-b\n\+c"):
        assert_golden("a\nc\n", golden)
    with pytest.raises(pytest.fail.Exception, match=r"missing golden file .*h\.tex"):
        assert_golden("a\n", tmp_path / "h.tex")
