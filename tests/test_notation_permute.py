"""Issue 11, element 3: crossing wires for permutations (``permute: true``).

tests/specs/notation-permute.yaml (T.transpose(1, 2)) and notation-permute-contraction.yaml (ij,jk->ki)
pass their check (tests/test_notation.py) and have goldens compiled by pdflatex (tests/test_golden.py).
Here: the drawing's free ends read in the output's order and its legs leave in the tensors' order, each
pair the permutation swaps crosses exactly once and no other pair crosses, nothing runs through a shape,
TikZ and SVG draw the same pieces (lines as lines, curves as curves), a drawing whose ends are not in the einsum's output order fails the
check, and ``permute`` is validated on every path.
"""

from __future__ import annotations

import dataclasses
import re
from itertools import combinations
from pathlib import Path

import pytest

from tensordiag import draw, load
from tensordiag.errors import SpecError
from tensordiag.geometry import flatten
from tensordiag.geometry.elements import straight
from tensordiag.model import Diagram, Tensor
from tensordiag.style import STYLE

from .conftest import ROOT, SPECS
from .test_free_ends import inside

PERMUTED = [SPECS / "notation-permute.yaml", SPECS / "notation-permute-contraction.yaml",
            ROOT / "gallery" / "04b-rearrange.yaml"]  # 04a is an equation (Aᵀ = A crossed): test_transpose_equation
IDS = [p.stem for p in PERMUTED]
STEPS = STYLE.drawing.curve_samples


def free_wires(spec: Path):  # type: ignore[no-untyped-def]
    d = load(spec)
    return d.figure, [w for w in d.geometry.wires if w.role in ("free", "group")]


def reading(d: Diagram, p: tuple[float, float]) -> float:
    """Left to right for legs leaving up or down, top to bottom for left or right."""
    return p[0] if (d.free_side or "up") in ("up", "down") else -p[1]


def crossings(d: Diagram, a: list, b: list) -> int:  # type: ignore[type-arg]
    """How often two permuted legs cross. Past their straight leads out of the shapes (parallel, apart), every
    leg bends at the same heights, so their k-th samples sit at one height: they cross where the sign of their
    sideways difference changes (a touch at a sample is no change)."""
    assert len(a) == len(b)
    assert all(abs(reading(d, p) - reading(d, q)) > 0.05 for p, q in zip(a[:STEPS + 1], b[:STEPS + 1]))
    a, b = a[STEPS:], b[STEPS:]
    assert all(abs(reading(d, (p[1], -p[0])) - reading(d, (q[1], -q[0]))) < 1e-9 for p, q in zip(a, b))
    signs = [v > 0 for p, q in zip(a, b) if abs(v := reading(d, p) - reading(d, q)) > 1e-9]
    return sum(x != y for x, y in zip(signs, signs[1:]))


@pytest.mark.parametrize("spec", PERMUTED, ids=IDS)
def test_ends_read_in_output_order_and_legs_leave_in_axis_order(spec: Path) -> None:
    d, wires = free_wires(spec)
    by_index = {w.index: w for w in wires}
    out = [i for leg in d.output for i in leg]
    assert sorted(out, key=lambda i: reading(d, by_index[i].points[-1])) == out
    drawn = [i for t in d.tensors for i in t.indices if i in by_index]  # tensors in the order they sit
    assert sorted(drawn, key=lambda i: reading(d, by_index[i].points[0])) == drawn
    labels = {lb.text: lb for lb in load(spec).geometry.labels if lb.role == "leg"}
    assert sorted(out, key=lambda i: reading(d, (labels[i].x, labels[i].y))) == out


@pytest.mark.parametrize("spec", PERMUTED, ids=IDS)
def test_each_swapped_pair_crosses_once_and_no_other(spec: Path) -> None:
    d, wires = free_wires(spec)
    by_index = {w.index: w for w in wires}
    out = [i for leg in d.output for i in leg]
    drawn = sorted(out, key=lambda i: reading(d, by_index[i].points[0]))
    for a, b in combinations(out, 2):
        swapped = (drawn.index(a) < drawn.index(b)) != (out.index(a) < out.index(b))
        assert crossings(d, flatten(by_index[a]), flatten(by_index[b])) == int(swapped), (a, b)


@pytest.mark.parametrize("spec", PERMUTED, ids=IDS)
def test_nothing_runs_through_a_shape(spec: Path) -> None:
    d = load(spec)
    for w in d.geometry.wires:
        for p in flatten(w)[1:]:
            assert not any(inside(p, s) for s in d.geometry.shapes), (w.index, p)


def test_a_leg_the_permutation_keeps_runs_straight_through_the_crossing() -> None:
    _, wires = free_wires(SPECS / "notation-permute.yaml")
    for w in wires:
        if w.index in ("i", "l"):  # i k j l: only j and k move
            crossing = w.points[-7:-3]  # the crossing piece: the last S before the straight tail
            assert len({round(p[0], 6) for p in crossing}) == 1, (w.index, crossing)


@pytest.mark.parametrize("spec", PERMUTED, ids=IDS)
def test_tikz_and_svg_draw_the_same_pieces(spec: Path) -> None:
    d = load(spec)
    tex = [line for line in d.tikz().splitlines() if line.startswith(r"\draw[td wire")]
    svg = re.findall(r'<path class="wire[^"]*"[^>]* d="([^"]+)"', d.svg())
    assert len(tex) == len(svg) == len(d.geometry.wires)
    for t, s, w in zip(tex, svg, d.geometry.wires):
        if not w.curve:  # a bond
            assert t.count(" -- ") == s.count("L") == len(w.points) - 1
            continue
        pieces = (len(w.points) - 1) // 3
        lines = sum(straight(*w.points[j:j + 4]) for j in range(0, len(w.points) - 1, 3))
        assert 0 < lines < pieces, w.index  # the lead and the tail are lines, the fan and the crossing curves
        assert t.count(".. controls") == s.count("C") == pieces - lines, (w.index, t, s)
        assert t.count(" -- ") == s.count("L") == lines, (w.index, t, s)


# --- the wrong variant -------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", PERMUTED, ids=IDS)
def test_ends_out_of_the_einsums_order_fail_the_check(spec: Path) -> None:
    """The legs drawn uncrossed, their ends in the tensors' own order (not the einsum's output), fail."""
    fig = load(spec).figure
    drawn = tuple((i,) for t in fig.tensors for i in t.indices if (i,) in fig.output)
    assert drawn != fig.output
    wrong = dataclasses.replace(fig, output=drawn)
    assert load(spec).check().ok
    result = draw(wrong).check()
    assert result.verdict == "mismatch", result.detail
    geometry = draw(wrong).geometry
    assert all(crossings(wrong, flatten(a), flatten(b)) == 0
               for a, b in combinations([w for w in geometry.wires if w.role == "free"], 2))


# --- validation on every path ------------------------------------------------------------------------


def test_permute_is_true_or_false_on_the_python_path() -> None:
    A = Tensor("A", (("i",), ("j",)))
    with pytest.raises(SpecError, match="permute: expected true or false"):
        Diagram((A,), output=(("j",), ("i",)), permute="yes")  # type: ignore[arg-type]
    with pytest.raises(SpecError, match="permute: permuted legs all leave on free_side"):
        Diagram((A,), output=(("j",), ("i",)), permute=True, sides=(("i", "left"),))
    assert draw(Diagram((A,), output=(("j",), ("i",)), einsum="ij->ji", permute=True)).check().ok


def test_permute_from_a_spec_dict() -> None:
    d = draw({"einsum": "rearrange(A, 'i j -> j i')", "permute": True, "free_side": "left"})
    assert d.figure.permute and d.check().ok
    ends = {w.index: w.points[-1] for w in d.geometry.wires}
    assert ends["j"][1] > ends["i"][1]  # read top to bottom: j, then i
    assert all(w.points[-1][0] < w.points[0][0] for w in d.geometry.wires)  # both leave left


def test_a_reversal_crosses_in_layers_two_legs_at_a_time() -> None:
    """abc,cd->dba reverses the drawn order a b d: three pairs swap, each crossing once, at three heights,
    never three legs through one point."""
    d = draw({"einsum": "abc,cd->dba", "permute": True})
    assert d.check().ok
    lines = {w.index: flatten(w) for w in d.geometry.wires if w.role == "free"}
    where = []
    for a, b in combinations("abd", 2):
        assert crossings(d.figure, lines[a], lines[b]) == 1, (a, b)
        diff = [p[0] - q[0] for p, q in zip(lines[a], lines[b])]
        where.append(next(k for k in range(STEPS, len(diff) - 1) if (diff[k] > 0) != (diff[k + 1] > 0)))
    assert len(set(where)) == 3, where


def test_a_long_permutation_crosses_in_one_layer() -> None:
    """Seven legs reversed would take seven layers, more than MAX_LAYERS: they cross in one, and still end in
    the output's order; every leg is lead, fan, one crossing and tail (a few bends, not one per other leg)."""
    from tensordiag.layout.permute import MAX_LAYERS

    idx = [f"x{k}" for k in range(MAX_LAYERS + 1)]
    d = draw({"einsum": f"rearrange(T, '{' '.join(idx)} -> {' '.join(reversed(idx))}')", "permute": True})
    wires = {w.index: w for w in d.geometry.wires}
    assert all(len(w.points) == 13 for w in wires.values())
    assert sorted(idx, key=lambda i: -wires[i].points[-1][0]) == idx


def test_transpose_equation_crosses_a_once_and_fails_uncrossed() -> None:
    """04a: Aᵀ (legs j i) = A with its legs crossed; the same right side drawn uncrossed is refused by the check."""
    import dataclasses

    from tensordiag.check import check

    f = load(ROOT / "gallery" / "04a-transpose.yaml").figure
    assert check(f).ok
    right = f.terms[1].diagram
    uncrossed = dataclasses.replace(f, terms=(f.terms[0], dataclasses.replace(
        f.terms[1], diagram=dataclasses.replace(right, output=tuple(reversed(right.output))))))
    assert not check(uncrossed).ok
