"""How the house is built: a light model, lazy heavy imports, templates in the wheel, same bytes in any process."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT, imports_of

HEAVY = ("numpy", "networkx", "jinja2", "cairosvg")
PACKAGE = ROOT / "tensordiag"


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return set(out.split())


def test_model_imports_nothing_heavy() -> None:
    loaded = _modules_after("import tensordiag.model, tensordiag.network, tensordiag.spec")
    assert not loaded & set(HEAVY)


def test_a_small_figure_renders_without_numpy_or_networkx() -> None:
    """Start-up is most of a small figure's time (bench/startup.py): a chain to SVG loads neither."""
    loaded = _modules_after("from tensordiag import draw; draw('ij,jk->ik').render('svg'); draw('ij,jk,kl->il').render('tex')")
    assert not loaded & {"numpy", "networkx"}


def test_package_and_cli_import_lazily() -> None:
    loaded = _modules_after("import tensordiag, tensordiag.cli")
    assert not loaded & set(HEAVY)


def test_wheel_ships_the_templates(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("tensordiag-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("tensordiag/templates/tikz/figure.tex.j2", "tensordiag/templates/svg/figure.svg.j2",
                     "tensordiag/templates/html/index.html.j2", "tensordiag/templates/edit/editor.html"):
        assert template in names
    assert "tensordiag/py.typed" in names
    sources = {str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert sources - set(names) == set(), "modules missing from the wheel: list their package in pyproject.toml"


def test_every_module_is_small() -> None:
    """A module of about 400 lines is getting big (STYLE.md): split it before it grows further."""
    big = {str(p.relative_to(ROOT)): n for p in sorted(PACKAGE.rglob("*.py"))
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert big == {}


def test_same_bytes_in_any_process(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "tensordiag.cli", "render", str(ROOT / "tests/specs/core-three.yaml"),
                        "-o", str(out / "f.tex"), "-o", str(out / "f.svg"), "-o", str(out / "f.json")],
                       check=True, env=env, capture_output=True)
        outputs.append([(out / f"f.{ext}").read_bytes() for ext in ("tex", "svg", "json")])
    assert outputs[0] == outputs[1]


# --- the check imports down the pipeline only -------------------------------------------------------

PACKAGE = ROOT / "tensordiag"
DRAWING = ("tensordiag.layout", "tensordiag.geometry", "tensordiag.render", "tensordiag.network", "tensordiag.sizes",
           "tensordiag.api", "tensordiag.cli", "tensordiag.gallery")
"""Modules of the drawing side (and the surface above it): the check reads the model, never these."""


_imports = imports_of


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_check_imports_no_layout_geometry_or_render() -> None:
    files = sorted((PACKAGE / "check").glob("*.py"))
    assert len(files) > 5
    for path in files:
        drawing = sorted(name for name in _imports(path) if _within(name, DRAWING))
        assert not drawing, f"{path.relative_to(ROOT)} imports {drawing}"


def test_the_import_reader_sees_imports_inside_functions(tmp_path: Path) -> None:
    source = tmp_path / "tensordiag" / "check" / "x.py"
    source.parent.mkdir(parents=True)
    source.write_text("def f():\n    from ..layout import basic\n    from . import engine\n    import numpy\n",
                      encoding="utf-8")
    found = _imports(source, tmp_path)
    assert {"tensordiag.layout.basic", "tensordiag.check.engine", "numpy"} <= found
    assert _within("tensordiag.layout.basic", DRAWING) and not _within("tensordiag.check.engine", DRAWING)


def test_ports_are_model_code() -> None:
    imported = {name for name in _imports(PACKAGE / "ports.py") if _within(name, ("tensordiag",))}
    assert all(_within(name, ("tensordiag.model", "tensordiag.errors")) for name in imported), imported
    assert not _modules_after("import tensordiag.ports") & set(HEAVY)
