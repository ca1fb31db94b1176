"""An immutable Drawing: its figure and seed cannot change under its cached geometry; with_seed makes a new one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tensordiag import Drawing, draw, load
from tensordiag.api import from_einsum

from .conftest import SPECS

NON_PLANAR = "abc,def,afg,ehi,bjk,lmn,dop,kqr,ost,gij,tuv,msv,rwx,hlq,npx,cuw->"
"""A random 3-regular graph on 16 tensors, laid out by force: seed 7 picks another layout than seed 0."""


@pytest.fixture(scope="module")
def forced() -> Drawing:
    return draw({"einsum": NON_PLANAR, "structure": "force"})


@pytest.mark.parametrize("name", ["seed", "figure", "source"])
def test_a_drawing_cannot_be_reassigned(forced: Drawing, name: str) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{name}'"):
        setattr(forced, name, 1)


def test_with_seed_renders_a_new_layout_and_leaves_the_old_drawing_alone(forced: Drawing) -> None:
    before = forced.svg()  # the geometry is computed and cached here
    with pytest.raises(dataclasses.FrozenInstanceError):
        forced.seed = 1  # type: ignore[misc]
    assert forced.seed == 0 and forced.svg() == before
    again = forced.with_seed(7)
    assert again is not forced and (again.seed, again.figure, again.source) == (7, forced.figure, forced.source)
    after = again.svg()
    assert after != before
    assert after == Drawing(forced.figure, seed=7).svg()
    assert forced.svg() == before == Drawing(forced.figure, seed=0).svg()
    assert forced.with_seed(1).svg() == Drawing(forced.figure, seed=1).svg()


def test_the_geometry_is_computed_once(forced: Drawing) -> None:
    assert forced.geometry is forced.geometry
    assert forced.with_seed(0).geometry is not forced.geometry  # a new Drawing lays out afresh


def test_with_seed_keeps_the_source_for_error_messages(tmp_path: Path) -> None:
    d = load(SPECS / "core-three.yaml").with_seed(3)
    assert d.source == str(SPECS / "core-three.yaml") and d.seed == 3
    assert repr(d) == f"<tensordiag Diagram {SPECS / 'core-three.yaml'}>"
    assert d.check().ok
    written = d.save(tmp_path / "f.svg", tmp_path / "f.tex")
    assert [p.read_bytes() for p in written] == [d.render("svg"), d.render("tex")]
    assert d._repr_svg_() == d.svg() and d.tikz().startswith("\\documentclass")


def test_the_constructors_still_take_a_keyword_seed() -> None:
    assert draw("ij,jk->ik", seed=5).seed == 5
    assert from_einsum("ij,jk->ik", seed=2).seed == 2
    with pytest.raises(TypeError):
        Drawing(draw("ij->i").figure, 3)  # type: ignore[misc]
