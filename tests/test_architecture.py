"""How the house is built: a light model, lazy heavy imports, templates in the wheel, same bytes in any process."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT

HEAVY = ("numpy", "networkx", "jinja2", "cairosvg")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return set(out.split())


def test_model_imports_nothing_heavy() -> None:
    loaded = _modules_after("import tensordiag.model, tensordiag.network, tensordiag.spec")
    assert not loaded & set(HEAVY)


def test_package_and_cli_import_lazily() -> None:
    loaded = _modules_after("import tensordiag, tensordiag.cli")
    assert not loaded & set(HEAVY)


def test_wheel_ships_the_templates(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("tensordiag-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("tensordiag/templates/tikz/figure.tex.j2", "tensordiag/templates/svg/figure.svg.j2",
                     "tensordiag/templates/html/index.html.j2"):
        assert template in names
    assert "tensordiag/py.typed" in names


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
