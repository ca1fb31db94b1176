"""Issue 11, elements 9 and 6: shapes and where legs attach, invertible matrices, shifts, value pictures.

Triangles are tested geometrically over every spec and gallery figure that draws one: a tip leg leaves the
apex, an edge leg leaves the flat side (the base), and no wire runs back through its own triangle.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import pytest

from tensordiag import load
from tensordiag.geometry.attach import inside_triangle
from tensordiag.geometry.elements import ShapeG, flatten
from tensordiag.model import Diagram, Equation, Figure
from tensordiag.styles import tip_indices

from .conftest import ROOT, SPECS

TRIANGLE_FILES = sorted(p for p in [*SPECS.glob("*.yaml"), *(ROOT / "gallery").glob("*.yaml")]
                        if "triangle" in p.read_text(encoding="utf-8"))


def diagrams(f: Figure) -> list[Diagram]:
    return [t.diagram for t in f.terms] if isinstance(f, Equation) else [f]


def _on_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float], eps: float = 1e-6) -> bool:
    ex, ey = b[0] - a[0], b[1] - a[1]
    length = math.hypot(ex, ey)
    across = abs(ex * (p[1] - a[1]) - ey * (p[0] - a[0])) / length
    along = (ex * (p[0] - a[0]) + ey * (p[1] - a[1])) / length
    return across < eps and -eps <= along <= length + eps


def triangle_faults(figure: Figure, geometry) -> list[str]:  # type: ignore[no-untyped-def]
    """Every leg of a triangle that leaves it anywhere but its apex (a tip leg) or its base (an edge leg), or
    that runs back through it."""
    tensors = [(d, t) for d in diagrams(figure) for t in d.tensors]
    assert len(tensors) == len(geometry.shapes)
    faults = []
    for (d, t), s in zip(tensors, geometry.shapes):
        if t.shape != "triangle":
            continue
        tips = set(tip_indices(t, d.dim_map))
        for w in geometry.wires:
            if s.ident not in w.ends or w.role == "loop":
                continue
            end = w.points[0] if w.ends[0] == s.ident else w.points[-1]
            at_tip = bool(set(re.findall(r"[\w']+", w.index)) & tips)
            where = f"{t.name}'s leg {w.index}"
            if at_tip and math.dist(end, s.outline[0]) > 1e-6:
                faults.append(f"{where} is a tip leg but does not leave the apex")
            if not at_tip and not _on_segment(end, s.outline[1], s.outline[2]):
                faults.append(f"{where} is an edge leg but does not leave the flat side")
            line = flatten(w)
            samples = [(a[0] + (b[0] - a[0]) * k / 20, a[1] + (b[1] - a[1]) * k / 20)
                       for a, b in zip(line, line[1:]) for k in range(21)]
            if any(inside_triangle(s, p, margin=0.02) for p in samples):
                faults.append(f"{where} runs through the triangle")
    return faults


@pytest.mark.parametrize("path", TRIANGLE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in TRIANGLE_FILES])
def test_triangle_legs_leave_apex_and_flat_side(path: Path) -> None:
    drawing = load(path)
    assert triangle_faults(drawing.figure, drawing.geometry) == []


def test_a_leg_meeting_a_flank_is_a_fault() -> None:
    """The wrong variant: the tree drawn the old way, parents meeting their children's flanks."""
    from tensordiag.geometry.shapes import boundary

    drawing = load(SPECS / "notation-isometry-legs.yaml")
    g = drawing.geometry
    shapes = {s.ident: s for s in g.shapes}
    old = []
    for w in g.wires:
        a, b = (shapes.get(e) for e in w.ends)
        p0, p1 = w.points[0], w.points[-1]
        if a is not None:
            p0 = boundary(a, (b.x, b.y) if b is not None else p1)
        if b is not None:
            p1 = boundary(b, (a.x, a.y) if a is not None else p0)
        old.append(dataclasses.replace(w, points=(p0, p1), curve=False))
    faults = triangle_faults(drawing.figure, dataclasses.replace(g, wires=tuple(old)))
    assert any("does not leave the apex" in f for f in faults)


def test_the_tree_points_every_apex_at_its_parent() -> None:
    """Unpinned, the tree strategy roots the tree where the tips lead (R), so each apex is above its base."""
    drawing = load(SPECS / "notation-isometry-legs.yaml")
    for s in drawing.geometry.shapes:
        if s.shape == "triangle":
            apex, b1, b2 = s.outline
            assert apex[1] > max(b1[1], b2[1]), s.name
    r = next(s for s in drawing.geometry.shapes if s.name == "R")
    assert all(r.y > s.y for s in drawing.geometry.shapes if s.name != "R")


def test_an_isometry_whose_tip_is_its_larger_side_fails_the_check() -> None:
    f = load(SPECS / "notation-isometry-legs.yaml").figure
    assert isinstance(f, Diagram)
    wrong = dataclasses.replace(f, tensors=tuple(dataclasses.replace(t, tip=("c", "d")) if t.name == "M1" else t
                                                 for t in f.tensors))
    from tensordiag.check import check
    from tensordiag.errors import CheckError
    with pytest.raises(CheckError, match="tip"):
        check(wrong)


# --- a general invertible matrix and its true inverse -----------------------------------------------------


def _retensor(f: Figure, name: str, **changes: object) -> Figure:
    def fix(d: Diagram) -> Diagram:
        return dataclasses.replace(d, tensors=tuple(dataclasses.replace(t, **changes) if t.name == name else t
                                                    for t in d.tensors))
    if isinstance(f, Equation):
        return dataclasses.replace(f, terms=tuple(dataclasses.replace(t, diagram=fix(t.diagram)) for t in f.terms))
    return fix(f)


@pytest.mark.parametrize("path", [SPECS / "notation-inverse.yaml", ROOT / "gallery" / "15f-gauge-freedom.yaml"],
                         ids=["notation-inverse", "15f"])
def test_x_times_its_inverse_is_the_bond_and_x_times_x_is_not(path: Path) -> None:
    from tensordiag.check import check

    f = load(path).figure
    assert check(f).ok
    wrong = _retensor(f, "Xinv", inverse=False)  # X X: the same matrix twice, no inverse
    assert not check(wrong).ok


def test_the_inverse_is_numpys_and_x_is_well_conditioned() -> None:
    import numpy as np

    from tensordiag.check.inverse import inverse_of, invertible
    from tensordiag.model import Tensor

    x = Tensor("X", (("a",), ("b",)), kind="invertible")
    rng = np.random.default_rng(0)
    m = invertible(x, (5, 5), lambda *d: rng.standard_normal(d))
    assert np.linalg.cond(m) <= 2.0 + 1e-9
    inv = Tensor("Xinv", (("b",), ("c",)), data="X", inverse=True)
    assert np.allclose(m @ inverse_of(inv, m), np.eye(5))


def test_an_inverse_without_data_is_refused_on_every_path() -> None:
    from tensordiag.errors import SpecError
    from tensordiag.model import Tensor

    with pytest.raises(SpecError, match="an inverse names the matrix it inverts"):
        Tensor("Xinv", (("a",), ("b",)), inverse=True)
    with pytest.raises(SpecError, match="two halves"):
        Tensor("X", (("a",), ("b",), ("c",)), kind="invertible")


def test_the_inverse_is_labelled_x_to_the_minus_one() -> None:
    svg = load(SPECS / "notation-inverse.yaml").svg()
    assert re.search(r'italic">X</tspan><tspan[^>]*dy="-[\d.]+">−</tspan><tspan[^>]*>1</tspan>', svg)
    assert "X^{-1}" in load(SPECS / "notation-inverse.yaml").tikz()
