"""Experiments are found through one registry, return plain data, and imports point one way."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

from tensordiag import experiments as registry
from tensordiag.errors import CheckError, SpecError
from tensordiag.experiments import Outcome, experiments, get_experiment, register_experiment
from tensordiag.gallery import render_entry
from tensordiag.model import Diagram
from tensordiag.spec import parse_figure

from .conftest import ROOT, imports_of

PACKAGE = ROOT / "tensordiag"


def _tiny(diagram: Diagram, *, seed: int = 0) -> Outcome:
    return Outcome(ok=True, what="tiny probe", detail=f"{len(diagram.tensors)} tensors, seed {seed}",
                   title="Tiny probe", matrix=np.array([[0.0, 1.0], [0.5, 0.25]]), row_label="row",
                   col_label="column")


@pytest.fixture
def tiny() -> Iterator[None]:
    """``tiny`` registered for one test (the registry is process-wide; the fixture puts it back)."""
    saved = dict(registry._EXPERIMENTS)
    register_experiment("tiny", _tiny)
    yield
    registry._EXPERIMENTS.clear()
    registry._EXPERIMENTS.update(saved)


def test_the_registry_lists_its_names_in_registration_order(tiny: None) -> None:
    assert experiments() == ("induction-pattern", "tiny")
    assert get_experiment("tiny") is _tiny
    register_experiment("induction-pattern", _tiny)  # replaced, keeping its place
    assert experiments() == ("induction-pattern", "tiny")


def test_an_unknown_experiment_names_the_valid_ones(tiny: None) -> None:
    with pytest.raises(CheckError, match=r"^unknown experiment 'nope' \(valid: induction-pattern, tiny\)$"):
        get_experiment("nope")


def test_the_spec_validates_evaluate_against_the_registry(tiny: None) -> None:
    assert parse_figure({"einsum": "ij,jk->ik", "evaluate": "tiny"}).evaluate == "tiny"
    with pytest.raises(SpecError, match=r"^evaluate: expected one of induction-pattern, tiny, got 'tinny'; "
                                        r"did you mean 'tiny'\?$"):
        parse_figure({"einsum": "ij,jk->ik", "evaluate": "tinny"})
    import tensordiag.spec

    assert not hasattr(tensordiag.spec, "EVALUATIONS")  # the registry is the one list


def test_the_induction_experiment_returns_plain_data() -> None:
    outcome = get_experiment("induction-pattern")(parse_figure("ij,jk->ik"), seed=0)
    assert isinstance(outcome.matrix, np.ndarray) and outcome.matrix.shape == (32, 32)
    assert outcome.ok and outcome.what == "induction pattern" and outcome.boundaries == (16,)
    assert "\n" not in outcome.detail
    texts = [v for v in dataclasses.asdict(outcome).values() if isinstance(v, str)]
    assert not any("<" in t for t in texts)  # nothing rendered


def test_the_gallery_runs_whatever_experiment_a_figure_names(tiny: None, tmp_path: Path) -> None:
    spec = tmp_path / "probe.yaml"
    spec.write_text('einsum: "ij,jk->ik"\nevaluate: tiny\n')
    entry, outputs = render_entry(spec)
    assert entry.ok and entry.extra == "probe-heatmap"
    assert entry.detail.endswith("; tiny probe: 2 tensors, seed 0")
    files = dict(outputs)
    svg = files[tmp_path / "probe-heatmap.svg"].decode()
    assert svg == entry.extra_svg
    root = ET.fromstring(svg)
    cells = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "cell"]
    assert [c.get("data-value") for c in cells] == ["0", "1", "0.5", "0.25"]
    assert files[tmp_path / "probe-heatmap.png"][:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failing_experiment_fails_its_gallery_entry(tiny: None, tmp_path: Path) -> None:
    register_experiment("tiny", lambda d, *, seed=0: dataclasses.replace(_tiny(d, seed=seed), ok=False))
    spec = tmp_path / "probe.yaml"
    spec.write_text('einsum: "ij,jk->ik"\nevaluate: tiny\n')
    assert not render_entry(spec)[0].ok


# ---------------------------------------------------------------------------------------------- import directions

def _imports(path: Path) -> set[str]:
    """The tensordiag modules (and names) ``path`` imports, anywhere in it, as dotted names."""
    return {m for m in imports_of(path) if m.startswith("tensordiag")}


def _touches(imports: set[str], names: tuple[str, ...]) -> set[str]:
    return {m for m in imports if any(m == f"tensordiag.{n}" or m.startswith(f"tensordiag.{n}.") for n in names)}


@pytest.mark.parametrize(("module", "allowed"), [
    ("errors.py", ()), ("texlabel.py", ()), ("roles.py", ()), ("fields.py", ("errors", "texlabel")),
    ("definitions.py", ("errors",)), ("values.py", ("errors",)),
    # the model's own helpers, each imported by it lazily or at the bottom: they read the model, nothing above it
    ("perhead.py", ("errors", "model", "texlabel")), ("index_names.py", ("errors", "model", "texlabel")),
    ("bundles.py", ("errors", "model", "ports")),
    ("order/contraction.py", ("errors", "fields")),
    ("number_text.py", ("errors",)), ("handpins.py", ("errors", "fields", "model", "network")),
    ("model.py", ("errors", "texlabel", "fields", "perhead", "definitions", "values", "index_names", "roles",
                  "bundles", "order.contraction", "number_text", "handpins")),
    ("einsum_call.py", ("errors", "texlabel")), ("einsum.py", ("errors", "model", "texlabel", "einsum_call")),
])
def test_the_bottom_imports_nothing_above_it(module: str, allowed: tuple[str, ...]) -> None:
    imports = _imports(PACKAGE / module)
    assert imports == _touches(imports, allowed), f"{module} imports {sorted(imports)}"


@pytest.mark.parametrize("module", ["experiments.py", "induction.py"])
def test_experiments_import_no_layout_geometry_or_render(module: str) -> None:
    above = ("layout", "geometry", "render", "api", "gallery", "cli")
    assert not _touches(_imports(PACKAGE / module), above)


@pytest.mark.parametrize("path", sorted((PACKAGE / "render").glob("*.py")), ids=lambda p: p.name)
def test_render_imports_no_experiment(path: Path) -> None:
    assert not _touches(_imports(path), ("experiments", "induction", "gallery", "api", "cli"))


def test_the_import_check_sees_relative_and_lazy_imports() -> None:
    assert {"tensordiag.experiments", "tensordiag.render.heatmap"} <= _imports(PACKAGE / "gallery.py")
    assert "tensordiag.induction" in _imports(PACKAGE / "experiments.py")  # inside a function


def test_running_the_experiment_loads_no_renderer() -> None:
    code = ("import sys; from tensordiag.experiments import get_experiment; from tensordiag.spec import parse_figure; "
            "get_experiment('induction-pattern')(parse_figure('ij->i')); "
            "print(' '.join(m for m in sys.modules if m.startswith(('tensordiag.render', 'tensordiag.layout', "
            "'tensordiag.geometry', 'jinja2', 'networkx', 'cairosvg'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    # the spec reads the names a `structure:` may take from the layout registry (names only, nothing placed)
    names_only = {"tensordiag.layout", "tensordiag.layout.registry", "tensordiag.layout.graph"}
    assert set(out.stdout.split()) - names_only == set()
