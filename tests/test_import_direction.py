"""Imports point one way: parse → model → layout → geometry → render, with the check beside them.

Every import is read with ``ast``, at the top of a module or inside a function, relative or absolute.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, imports_of

PACKAGE = ROOT / "tensordiag"
CHECK = ("check", "errors.CheckError")
"""The check stage: the numerical check (its package) and the error it raises."""


def _imports(path: Path) -> set[str]:
    """The tensordiag modules (and names) ``path`` imports, anywhere in it, as dotted names."""
    return {m for m in imports_of(path) if m.startswith("tensordiag")}


def _stage(name: str) -> dict[str, set[str]]:
    """Each module of the stage ``name`` (a package or a module), with what it imports."""
    root = PACKAGE / name
    paths = sorted(root.rglob("*.py")) if root.is_dir() else [root.with_suffix(".py")]
    return {str(p.relative_to(PACKAGE)): _imports(p) for p in paths}


def _offending(stage: str, names: tuple[str, ...]) -> dict[str, list[str]]:
    """The imports of ``names`` (or anything inside them) that the modules of ``stage`` make."""
    bad = {}
    for module, imports in _stage(stage).items():
        hits = sorted(m for m in imports if any(m == f"tensordiag.{n}" or m.startswith(f"tensordiag.{n}.")
                                                for n in names))
        if hits:
            bad[module] = hits
    return bad


def test_the_reader_sees_relative_lazy_and_named_imports() -> None:
    imports = _imports(PACKAGE / "geometry" / "wires.py")
    assert "tensordiag.ports.ports_of" in imports  # two dots up
    assert "tensordiag.geometry.shapes.boundary" in imports  # one dot
    assert _stage("layout") and _stage("geometry") and _stage("measures")


def test_layout_imports_no_geometry_render_measures_or_api() -> None:
    assert not _offending("layout", ("geometry", "render", "measures", "api"))


def test_layout_imports_no_check() -> None:
    assert not _offending("layout", CHECK)


def test_geometry_imports_no_render_measures_or_api() -> None:
    assert not _offending("geometry", ("render", "measures", "api"))


def test_geometry_does_not_run_layout() -> None:
    """Geometry may name the :class:`~tensordiag.layout.Placement` it reads, nothing else of layout:
    api.py runs layout, then geometry."""
    reaching = {module: [m for m in imports if m.startswith("tensordiag.layout")]
                for module, imports in _stage("geometry").items()}
    assert {m for found in reaching.values() for m in found} <= {"tensordiag.layout", "tensordiag.layout.Placement"}


def test_geometry_imports_no_check() -> None:
    assert not _offending("geometry", CHECK)


def test_measures_import_no_layout_render_or_check() -> None:
    assert not _offending("measures", ("layout", "render", "api") + CHECK)


def test_render_imports_no_layout_measures_or_check() -> None:
    assert not _offending("render", ("layout", "measures", "api") + CHECK)


@pytest.mark.parametrize("module", ["geometry", "measures.py", "api.py", "sizes.py", "style.py", "plane.py",
                                    "render", "layout/equation.py"])
def test_modules_stay_small(module: str) -> None:
    root = PACKAGE / module
    paths = sorted(root.rglob("*.py")) if root.is_dir() else [root]
    long = {str(p.relative_to(PACKAGE)): n for p in paths if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"modules over 400 lines: {long}"
