"""Issue 11, elements 7 and 8: per-head terms (``per: [h]``) and sequences (steps joined by arrows).

Each spec passes its check (tests/test_notation.py runs every notation spec; its goldens and pdflatex
are tests/test_golden.py's); each deliberately wrong variant below fails it. ``WRONG`` is also read by
tests/test_notation.py, which wants a wrong variant for every notation spec.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable

import pytest

from tensordiag import draw, load
from tensordiag.check import check
from tensordiag.errors import SpecError
from tensordiag.geometry.perhead import shown_diagram
from tensordiag.model import Diagram, Equation, Figure, Leg, Tensor, Term

from .conftest import SPECS, both


def legs(*names: str) -> tuple[Leg, ...]:
    return tuple((n,) for n in names)


def figure(name: str) -> Figure:
    return load(SPECS / f"notation-{name}.yaml").figure


def in_term(k: int, name: str, **changes: object) -> Callable[[Equation], Equation]:
    """Change tensor ``name`` of term ``k`` (it must exist, so a typo cannot make a variant that is not wrong)."""

    def edit(eq: Equation) -> Equation:
        d = eq.terms[k].diagram
        if not any(t.name == name for t in d.tensors):
            raise KeyError(name)
        d = dataclasses.replace(d, tensors=tuple(dataclasses.replace(t, **changes) if t.name == name else t
                                                 for t in d.tensors))
        terms = list(eq.terms)
        terms[k] = dataclasses.replace(terms[k], diagram=d)
        return dataclasses.replace(eq, terms=tuple(terms))

    return edit


def sized(index: str, size: int) -> Callable[[Equation], Equation]:
    """Declare ``index``'s size in the equation and in every term."""

    def edit(eq: Equation) -> Equation:
        terms = tuple(dataclasses.replace(t, diagram=dataclasses.replace(
            t.diagram, dims=tuple((i, size if i == index else n) for i, n in t.diagram.dims)
            + (() if index in dict(t.diagram.dims) else ((index, size),)))) for t in eq.terms)
        dims = tuple((i, size if i == index else n) for i, n in eq.dims)
        return dataclasses.replace(eq, terms=terms, dims=dims + (() if index in dict(eq.dims) else ((index, size),)))

    return edit


def einsum_of(k: int, pattern: str) -> Callable[[Equation], Equation]:
    """Give term ``k`` the einsum ``einsum(A, x, W_V, W_O, 'pattern')``, so that it still agrees with its drawing
    and only the relation between the terms can catch the error."""

    def edit(eq: Equation) -> Equation:
        terms = list(eq.terms)
        d = dataclasses.replace(terms[k].diagram, einsum=f"einsum(A, x, W_V, W_O, '{pattern}')")
        terms[k] = dataclasses.replace(terms[k], diagram=d)
        return dataclasses.replace(eq, terms=tuple(terms))

    return edit


WRONG: dict[str, list[tuple[str, Callable]]] = {  # type: ignore[type-arg]  # spec -> [(what is wrong, edit)]
    "per-head": [
        ("W_O's head on the wrong axis", both(in_term(1, "W_O", legs=legs("d", "h", "o")),
                                              einsum_of(1, "h q k, k v, v h d, d h o -> q o"))),
        ("A's head not the heads' sum index (A without its superscript)",
         both(sized("g", 2), in_term(1, "A", legs=legs("g", "q", "k")), einsum_of(1, "g q k, k v, v h d, h d o -> q o"))),
    ],
    "sequence-absorb": [
        ("B' absorbs X instead of X⁻¹", in_term(1, "Bp", absorbs=("X", "B"))),
        ("A' absorbs A alone", in_term(1, "Ap", absorbs=("A",))),
    ],
    "sequence-svd": [
        ("missing dagger on V1†", in_term(1, "V1†", dagger=False)),
        ("λ2 on the wrong bond", in_term(2, "λ2", legs=legs("b1"))),
        ("a truncated SVD (b1 = 1)", sized("b1", 1)),
    ],
}


def _wrong_cases() -> list:  # type: ignore[type-arg]
    return [pytest.param(name, edit, id=f"{name}: {what}") for name, variants in WRONG.items() for what, edit in variants]


@pytest.mark.parametrize("name", sorted(WRONG))
def test_the_right_spec_passes(name: str) -> None:
    result = load(SPECS / f"notation-{name}.yaml").check()
    assert result.ok, result.detail


@pytest.mark.parametrize("name, edit", _wrong_cases())
def test_a_wrong_variant_fails_the_check(name: str, edit: Callable[[Figure], Figure]) -> None:
    right = figure(name)
    wrong = edit(right)
    assert wrong != right
    result = check(wrong)
    assert not result.ok, result.detail


# --- per-head terms --------------------------------------------------------------------------------


def test_a_per_head_term_is_drawn_with_superscripts_and_no_head_legs() -> None:
    eq = figure("per-head")
    assert isinstance(eq, Equation) and eq.terms[1].per == ("h",)
    shown = shown_diagram(eq.terms[1])
    assert all("h" not in t.indices for t in shown.tensors)
    labels = {t.name: t.label for t in shown.tensors}
    assert labels == {"A": "A^{h}", "x": None, "W_V": "W_{V}^{h}", "W_O": "W_{O}^{h}"}
    d = load(SPECS / "notation-per-head.yaml")
    svg, tex = d.svg(), d.tikz()
    assert r"\sum\nolimits_{h}" in tex and "W_{V}^{h}" in tex and "Σ" in svg
    # the wire form keeps its h wire (a hyperedge), the per-head form has none
    assert re.search(r'class="wire[^"]*" data-index="h"', svg) and not re.search(r'id="t2-[^"]*"[^>]*data-index="h"', svg)
    assert 'data-index="h"' not in draw(dataclasses.replace(eq, terms=(eq.terms[1], eq.terms[1]))).svg()


def test_a_label_with_a_superscript_is_grouped_before_the_head() -> None:
    d = Diagram((Tensor("V", legs("h", "i"), label=r"V^{\dagger}"),), output=legs("i"))
    assert shown_diagram(Term(d, per=("h",))).tensors[0].label == r"{V^{\dagger}}^{h}"


def test_the_check_sums_head_by_head_and_equals_the_wire_form() -> None:
    eq = figure("per-head")
    assert isinstance(eq, Equation)
    assert check(eq).ok and check(eq, seed=3).ok
    from tensordiag.check import perhead
    assert perhead.MAX_SLICES >= 2 ** 8


@pytest.mark.parametrize("per, message", [
    (("z",), "'z' is on no leg of this term"),
    (("q",), "'q' is a free leg of this term"),
])
def test_a_per_head_index_must_be_a_summed_leg(per: tuple[str, ...], message: str) -> None:
    eq = figure("per-head")
    assert isinstance(eq, Equation)
    with pytest.raises(SpecError, match=message):  # a Term checks its per-head indices when it is made
        dataclasses.replace(eq.terms[1], per=per)
    with pytest.raises(SpecError, match="copy or add nodes cannot be per-head"):
        Term(Diagram((Tensor("c", legs("h", "h1", "h2"), kind="copy"),), output=legs("h1", "h2")), per=("h",))


# --- sequences -------------------------------------------------------------------------------------


def test_a_sequence_is_steps_joined_by_captioned_arrows() -> None:
    eq = figure("sequence-svd")
    assert isinstance(eq, Equation)
    assert [t.op for t in eq.terms] == [None, "->", "->"] and [t.step for t in eq.terms] == [None, r"\mathrm{SVD}", r"\mathrm{SVD}"]
    d = load(SPECS / "notation-sequence-svd.yaml")
    tex, svg = d.tikz(), d.svg()
    assert tex.count(r"\longrightarrow") == 2 and tex.count(r"\mathrm{SVD}") == 2
    assert svg.count("⟶") == 2 and svg.count(">SVD<") == 2


def test_a_caption_sits_above_its_arrow_and_wraps_with_it() -> None:
    g = draw(SPECS / "notation-sequence-svd.yaml", width=6.0).geometry
    arrows = [lb for lb in g.labels if lb.role == "op"]
    captions = [lb for lb in g.labels if lb.role == "caption"]
    assert len(arrows) == len(captions) == 2  # a wrapped arrow starts its row, with its caption, once
    for arrow, caption in zip(arrows, captions):
        assert abs(caption.x - arrow.x) < 1e-9 and caption.y > arrow.y


def test_the_check_names_the_step_that_fails() -> None:
    eq = figure("sequence-svd")
    result = check(in_term(2, "V2†", dagger=False)(eq))
    assert result.verdict == "mismatch"
    assert "step 1 → step 2: agrees" in result.detail and "step 2 → step 3: differ" in result.detail
    truncated = check(sized("b1", 1)(eq))
    assert "step 2" in truncated.detail and "declare dims: {b1: 2}" in truncated.detail
    assert check(in_term(2, "λ2", legs=legs("b1"))(eq)).detail.startswith("step 3: drawn vs einsum")


def test_a_sequence_from_python() -> None:
    a = Diagram((Tensor("A", legs("i", "a")), Tensor("X", legs("a", "c"))), output=legs("i", "c"),
                einsum="einsum(A, X, 'i a, a c -> i c')")
    ax = Diagram((Tensor("AX", legs("i", "c"), absorbs=("A", "X")),), output=legs("i", "c"))
    seq = Equation((Term(a), Term(ax, op="->", step=r"\mathrm{absorb}")))
    assert check(seq).ok
    assert "absorb" in draw(seq).svg()
    with pytest.raises(SpecError, match="step caption"):
        Term(ax, op="->", step=r"\input{x}")
