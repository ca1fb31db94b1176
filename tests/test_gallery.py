"""The gallery: every figure line of the post present, checked, compiled, and its committed outputs fresh."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import pytest

from tensordiag.gallery import Entry, collect, specs
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
    if "equation" in value:
        assert all("einsum" in term for term in value["equation"]), "every term of an equation carries its einsum"
    else:
        assert "einsum" in value


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
