"""The gallery: every figure line of the post present, checked, compiled, and its committed outputs fresh."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from tensordiag.gallery import Entry, collect, post_quote, specs
from tensordiag.yamlio import load_text

from .conftest import ROOT, compile_tex

GALLERY = ROOT / "gallery"
SPECS = specs(GALLERY)
LINES = range(1, 25)


@lru_cache(maxsize=1)
def fresh() -> tuple[dict[str, Entry], dict[str, bytes]]:
    entries, outputs = collect(GALLERY)
    return {e.stem: e for e in entries}, {p.name: data for p, data in outputs}


def test_every_figure_line_of_the_post_has_an_entry() -> None:
    lines = {int(m.group(1)) for p in SPECS if (m := re.match(r"(\d\d)[a-z]?-", p.name))}
    assert set(LINES) <= lines, f"missing lines: {sorted(set(LINES) - lines)}"


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_every_spec_says_the_einsum_it_denotes(spec: Path) -> None:
    value = load_text(spec.read_text(encoding="utf-8"))[0]
    assert "title" in value
    if "equation" in value or "sequence" in value:  # a sequence's steps too
        terms = value.get("equation") or value["sequence"]
        assert all("einsum" in term for term in terms), "every term of an equation carries its einsum"
    else:
        assert "einsum" in value


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_every_spec_quotes_the_sentence_of_the_post_it_reproduces(spec: Path) -> None:
    quote = post_quote(spec.read_text(encoding="utf-8"))
    assert len(quote) >= 20, (f"{spec.name}: no `# post:` comment quoting the sentence of the post it reproduces "
                              "(gallery/README.md shows it beside the figure)")
    assert not quote.startswith(('"', "“")), f"{spec.name}: the page adds the quotation marks; leave them out"


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_every_entry_passes_its_check(spec: Path) -> None:
    entry = fresh()[0][spec.stem]
    assert entry.ok, entry.detail


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_committed_outputs_are_what_make_gallery_writes(spec: Path) -> None:
    outputs = fresh()[1]
    for suffix in (".tex", ".svg"):
        committed = spec.with_suffix(suffix)
        assert committed.exists(), f"{committed.name} is missing: run `make gallery`"
        assert committed.read_bytes() == outputs[committed.name], f"{committed.name} is stale: run `make gallery`"
    _same_picture(spec.with_suffix(".png"), outputs[spec.stem + ".png"])


def _same_picture(committed: Path, png: bytes) -> None:
    """PNG bytes depend on the installed fonts and cairo; the picture must be the same size and nearly the same."""
    from PIL import Image, ImageChops

    assert committed.exists(), f"{committed.name} is missing: run `make gallery`"
    a = Image.open(committed).convert("L")
    b = Image.open(io.BytesIO(png)).convert("L")
    assert a.size == b.size, f"{committed.name} is stale: run `make gallery`"
    diff = ImageChops.difference(a, b)
    changed = sum(diff.histogram()[32:]) / (a.size[0] * a.size[1])
    assert changed < 0.02, f"{committed.name} differs from a fresh render in {changed:.1%} of its pixels"


def test_the_index_pages_are_fresh() -> None:
    outputs = fresh()[1]
    for name in ("README.md", "index.html"):
        assert (GALLERY / name).read_bytes() == outputs[name], f"gallery/{name} is stale: run `make gallery`"
    readme = (GALLERY / "README.md").read_text(encoding="utf-8")
    for spec in SPECS:
        assert f"({spec.stem}.png)" in readme and f"({spec.stem}.yaml)" in readme
    assert "(24-induction-pattern-heatmap.png)" in readme


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_every_committed_tikz_compiles(spec: Path, tmp_path: Path) -> None:
    compile_tex(spec.with_suffix(".tex").read_text(encoding="utf-8"), tmp_path, spec.stem)


ROUND_OFF = re.compile(r"\d\.\d+e[-+]?\d+")
"""A number in scientific notation: on a committed page, round-off digits that differ by machine (BLAS)."""


@pytest.mark.parametrize("name", ["README.md", "index.html"])
def test_the_index_pages_hold_nothing_that_depends_on_the_machine(name: str) -> None:
    """No residual digits (4.4e-16 here is 1.1e-16 elsewhere), no absolute paths, no timings."""
    text = (GALLERY / name).read_text(encoding="utf-8")
    assert not ROUND_OFF.findall(text), f"gallery/{name} holds round-off numbers: {ROUND_OFF.findall(text)[:5]}"
    assert str(ROOT) not in text and "/home/" not in text and "/tmp/" not in text
    assert not re.search(r"\d+(\.\d+)?\s*(ms|seconds)\b", text)


def test_page_detail_drops_residuals() -> None:
    from tensordiag.gallery import page_detail

    assert page_detail("drawn vs einsum 'ij->i': max |Δ| = 1.1e-16") == "drawn vs einsum 'ij->i'"
    assert page_detail("term 1 != term 2: max |Δ| = 6.3e-01") == "term 1 != term 2"
    assert page_detail("through copy/add nodes, max |Δ| = 2.2e-16") == "through copy/add nodes"
    assert page_detail("entries: max |Δ| = 6.0e-11 > 1e-08") == "entries > 1e-08"


def test_gallery_pngs_are_the_same_bytes_in_any_process(tmp_path: Path) -> None:
    """Given the fonts, a PNG is a pure function of its SVG (no time stamp, nothing from the process)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Asia/Tokyo"}
    code = "import sys; from tensordiag.gallery import render_entry; from pathlib import Path; " \
           "sys.stdout.buffer.write(dict((p.name, d) for p, d in render_entry(Path(sys.argv[1]))[1])[sys.argv[2]])"
    spec = GALLERY / "05a-trace.yaml" if (GALLERY / "05a-trace.yaml").exists() else SPECS[0]
    runs = [subprocess.run([sys.executable, "-c", code, str(spec), spec.stem + ".png"], capture_output=True,
                           env={**env, "PYTHONHASHSEED": seed}, timeout=120).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] and runs[0].startswith(b"\x89PNG")
    assert b"tIME" not in runs[0]


def test_gallery_help_and_bad_arguments() -> None:
    def gallery(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tensordiag.gallery", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})

    proc = gallery("--help")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("usage: python -m tensordiag.gallery [FOLDER]\n")
    proc = gallery("no-such-folder")
    assert (proc.returncode, proc.stderr) == (2, "tensordiag gallery: error: no-such-folder: no such folder\n")
    proc = gallery("a", "b")
    assert proc.returncode == 2
    assert proc.stderr == ("tensordiag gallery: error: expected at most one FOLDER, got a b "
                           "(see python -m tensordiag.gallery --help)\n")
