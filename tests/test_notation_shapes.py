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


# --- shifts and value pictures -----------------------------------------------------------------------------


def _cells(svg: str, tensor_id: str) -> list[str]:
    group = re.search(rf'<g id="tensor-{tensor_id}" class="tensor">(.*?)</g>\n</g>', svg, re.S)
    assert group, tensor_id
    return re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"/>', group.group(1))


def test_a_shift_is_a_dot_with_plus_one_on_its_q_side_not_a_square() -> None:
    drawing = load(SPECS / "notation-shift.yaml")
    s = next(s for s in drawing.geometry.shapes if s.name == "S")
    assert s.shape == "dot" and not s.outline
    plus = [lb for lb in drawing.geometry.labels if lb.text == "+1"]
    assert len(plus) == 1
    q = next(w for w in drawing.geometry.wires if w.index == "q")
    k = next(w for w in drawing.geometry.wires if w.index == "k")
    near = min(math.dist((plus[0].x, plus[0].y), p) for p in q.points)
    assert near < min(math.dist((plus[0].x, plus[0].y), p) for p in k.points)
    assert "<polygon" not in drawing.svg()


def test_the_pictures_show_the_checks_numbers_the_same_in_tikz_and_svg() -> None:
    import numpy as np

    from tensordiag.check.standins import stand_in

    for spec, name, expected in [
        ("notation-shift.yaml", "S", np.eye(4, 4, k=-1)),
        ("notation-one-hot.yaml", "x", np.eye(5)[[3, 0, 2, 2]]),
    ]:
        drawing = load(SPECS / spec)
        t = next(t for d in diagrams(drawing.figure) for t in d.tensors if t.name == name)
        sizes = dict(zip(t.indices, expected.shape))
        assert np.array_equal(stand_in(t, sizes, np.random.default_rng(0)), expected)
        fills = _cells(drawing.svg(), name)
        assert fills == ["#404040" if v else "#ffffff" for v in expected.flatten()]
        tikz = drawing.tikz()
        assert len(re.findall(r"\\filldraw\[td cell, fill=td404040\]", tikz)) == int(expected.sum())
        assert len(re.findall(r"\\filldraw\[td cell", tikz)) == expected.size
    assert np.all(np.eye(4, 4, k=-1)[:, -1] == 0)  # the shift's zero last column


def test_a_shift_drawn_with_its_legs_swapped_fails_a_delta_would_not() -> None:
    from tensordiag.check import check

    f = load(SPECS / "notation-shift.yaml").figure
    assert isinstance(f, Diagram) and check(f).ok
    swapped = _retensor(f, "S", legs=(("q",), ("k",)))
    assert not check(swapped).ok
    assert check(_retensor(swapped, "S", kind="delta")).ok  # the control: a delta is symmetric


def test_a_one_hot_has_exact_rows_on_every_path() -> None:
    """Built in Python: Σ_v x[s, v] = 1 for every position s (a one-leg delta is all ones); a random x fails."""
    from tensordiag.check import check
    from tensordiag.errors import SpecError
    from tensordiag.model import Equation, Tensor, Term

    x = Tensor("x", (("s",), ("v",)), kind="one_hot", tokens=(3, 0, 5, 3, 1, 4), picture="up")
    ones = Tensor("u", (("s",),), kind="delta", shape="dot")
    dims = (("s", 6), ("v", 6))
    eq = Equation((Term(Diagram((x,), output=(("s",),), dims=dims)),
                   Term(Diagram((ones,), output=(("s",),), dims=dims), op="=")))
    assert check(eq).ok
    wrong = dataclasses.replace(eq, terms=(Term(Diagram((dataclasses.replace(x, kind="generic", tokens=(),
                                                                                picture=None),),
                                                        output=(("s",),), dims=dims)), eq.terms[1]))
    assert not check(wrong).ok
    with pytest.raises(SpecError, match="needs its tokens"):
        Tensor("x", (("s",), ("v",)), kind="one_hot")
    with pytest.raises(SpecError, match="value picture"):
        Tensor("A", (("s",), ("v",)), picture="up")


def test_gallery_pictures() -> None:
    """19a shows its one-hot input, 23c the shift's pattern; 23c-e draw the shift as a dot, not a square."""
    svg = load(ROOT / "gallery" / "19a-input-delta.yaml").svg()
    assert _cells(svg, "x").count("#404040") == 4
    for stem in ("23c-previous-token-pattern", "23d-simplified-circuit", "24b-full-induction-network"):
        drawing = load(ROOT / "gallery" / f"{stem}.yaml")
        a1 = next(s for s in drawing.geometry.shapes if s.name == "A1")
        assert a1.shape == "dot", stem
        assert any(lb.text == "+1" for lb in drawing.geometry.labels), stem
    svg = load(ROOT / "gallery" / "23c-previous-token-pattern.yaml").svg()
    assert _cells(svg, "A1") == ["#404040" if k == q + 1 else "#ffffff" for k in range(4) for q in range(4)]


def test_a_picture_never_shows_numbers_the_check_does_not_use() -> None:
    """S pictured as a shift in one term but a random S in the other: the picture would lie, so it is refused."""
    from tensordiag.check import check
    from tensordiag.errors import CheckError
    from tensordiag.spec import parse_text

    text = """
equation:
  - einsum: "einsum(S, v, 'k q, q -> k')"
  - op: "="
    einsum: "einsum(S, v, 'k q, q -> k')"
    tensors: {S: {kind: shift, picture: true}}
"""
    with pytest.raises(CheckError, match="shows the picture of a shift tensor, but its numbers are those of 'S', "
                                         "a generic tensor"):
        check(parse_text(text))
