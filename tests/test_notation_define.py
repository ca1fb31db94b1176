"""Issue 11, elements 4 and 5: definitions (``define``, ``derivative``), fixed values and slices.

Each spec (tests/specs/define-*.yaml, values-*.yaml) passes its check; its goldens and pdflatex are
tested with every spec in tests/test_golden.py. Each has deliberately wrong variants, made by editing
the loaded figure, that must fail; the same elements are built from Python, and the SVG and TikZ are
read for what the element promises to show.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

import pytest

from tensordiag import draw, load
from tensordiag.check import check
from tensordiag.errors import CheckError, SpecError
from tensordiag.model import Diagram, Equation, Figure, Tensor, Term

from .conftest import SPECS

NAMES = ["define-named", "define-derivative", "values-entry", "values-matrix-entry", "values-slices"]
NS = "{http://www.w3.org/2000/svg}"


def spec(name: str) -> Path:
    return SPECS / f"{name}.yaml"


def figure(name: str) -> Figure:
    return load(spec(name)).figure


def term(k: int, **changes: object) -> Callable[[Equation], Equation]:
    """Change term ``k``'s own fields (``sum_over``, ``coeff``, ``derivative``, …)."""

    def edit(eq: Equation) -> Equation:
        terms = list(eq.terms)
        terms[k] = dataclasses.replace(terms[k], **changes)
        return dataclasses.replace(eq, terms=tuple(terms))

    return edit


def tensor(k: int | None, name: str, **changes: object) -> Callable[[Figure], Figure]:
    """Change tensor ``name`` of term ``k`` (``None``: of a plain diagram); it must exist."""

    def redo(d: Diagram) -> Diagram:
        if not any(t.name == name for t in d.tensors):
            raise KeyError(name)
        return dataclasses.replace(d, tensors=tuple(dataclasses.replace(t, **changes) if t.name == name else t
                                                    for t in d.tensors))

    def edit(f: Figure) -> Figure:
        if k is None:
            assert isinstance(f, Diagram)
            return redo(f)
        assert isinstance(f, Equation)
        terms = list(f.terms)
        terms[k] = dataclasses.replace(terms[k], diagram=redo(terms[k].diagram))
        return dataclasses.replace(f, terms=tuple(terms))

    return edit


def diagram_of(k: int, **changes: object) -> Callable[[Equation], Equation]:
    def edit(eq: Equation) -> Equation:
        terms = list(eq.terms)
        terms[k] = dataclasses.replace(terms[k], diagram=dataclasses.replace(terms[k].diagram, **changes))
        return dataclasses.replace(eq, terms=tuple(terms))

    return edit


def m_legs(*names: str) -> Callable[[Equation], Equation]:
    """M drawn with other legs (its tensor and its output changed together)."""
    legs = tuple((n,) for n in names)

    def edit(eq: Equation) -> Equation:
        d = eq.terms[0].diagram
        d = dataclasses.replace(d, tensors=(dataclasses.replace(d.tensors[0], legs=legs),), output=legs)
        return dataclasses.replace(eq, terms=(dataclasses.replace(eq.terms[0], diagram=d), *eq.terms[1:]))

    return edit


def slice_at_l(eq: Equation) -> Equation:
    """u_l instead of u_j, summed over both: Σ_j Σ_l λ_j u_l v_j† is no SVD."""
    t = eq.terms[1]
    d = t.diagram
    d = dataclasses.replace(d, tensors=tuple(dataclasses.replace(x, slice=("l",)) if x.name == "u" else x
                                             for x in d.tensors))
    return dataclasses.replace(eq, terms=(eq.terms[0], dataclasses.replace(t, diagram=d, sum_over=("j", "l"))))


WRONG: dict[str, list[tuple[str, Callable]]] = {  # type: ignore[type-arg]
    "define-named": [
        ("M with a wrong leg", m_legs("i", "k")),
        ("a leg swapped on the right side", tensor(1, "B", legs=(("α",), ("β",), ("j",)))),
    ],
    "define-derivative": [
        ("twice the derivative", term(1, coeff="2")),
        ("a leg swapped on the hole's network", tensor(1, "A", legs=(("j",), ("i",)))),
    ],
    "values-entry": [("the value on the wrong axis", tensor(None, "A", legs=(("j",), ("i",), ("k",))))],
    "values-matrix-entry": [("a wrong fixed value, k = 0", diagram_of(1, values=(("i", 0), ("k", 0))))],
    "values-slices": [
        ("u sliced at the wrong index", slice_at_l),
        ("u sliced at the wrong index, no einsum to catch it", lambda eq: slice_at_l(diagram_of(1, einsum=None)(eq))),
    ],
}


@pytest.mark.parametrize("name", NAMES)
def test_the_check_passes(name: str) -> None:
    result = load(spec(name)).check()
    assert result.ok, result.detail


def test_every_spec_has_a_wrong_variant() -> None:
    assert sorted(WRONG) == sorted(NAMES)


@pytest.mark.parametrize("name, edit", [pytest.param(n, e, id=f"{n}: {what}") for n, v in WRONG.items() for what, e in v])
def test_a_wrong_variant_fails_the_check(name: str, edit: Callable[[Figure], Figure]) -> None:
    right = figure(name)
    wrong = edit(right)
    assert wrong != right
    result = check(wrong)
    assert result.verdict == "mismatch", result.detail


def test_a_wrong_leg_on_the_defined_tensor_is_named() -> None:
    result = check(m_legs("i", "k")(figure("define-named")))
    assert "term 1 defines 'M' with legs (i k), but the side that defines it has free legs (i j)" in result.detail


def test_a_wrong_size_on_the_defined_tensor_is_refused() -> None:
    eq = figure("define-named")
    wrong = diagram_of(0, dims=(("j", 5),))(eq)
    wrong = dataclasses.replace(wrong, dims=(("j", 3),))
    with pytest.raises(CheckError, match="'j' is declared both"):
        check(wrong, max_dim=5)


def test_a_derivative_by_the_wrong_tensor_is_refused() -> None:
    wrong = term(0, derivative="B")(figure("define-derivative"))
    with pytest.raises(CheckError, match=r"free indices \(k, i\) differ from term 1's \(j, k\)"):
        check(wrong)


# --- the same from Python --------------------------------------------------------------------------


def _named() -> Equation:
    m = Diagram((Tensor("M", (("i",), ("j",))),), output=(("i",), ("j",)))
    rhs = Diagram((Tensor("A", (("i",), ("k",))), Tensor("B", (("k",), ("j",)))), output=(("i",), ("j",)),
                  einsum="ik,kj->ij")
    return Equation((Term(m, define=True), Term(rhs, op="=")))


def test_a_definition_from_python() -> None:
    assert check(_named()).ok
    assert "M" in draw(_named()).svg()


def test_python_meets_the_same_rules() -> None:
    eq = _named()
    with pytest.raises(SpecError, match=r"equation\[1\]\.define: only the first term"):
        Equation((eq.terms[0], dataclasses.replace(eq.terms[1], define=True)))
    with pytest.raises(SpecError, match="a definition is followed by '='"):
        Equation((eq.terms[0], dataclasses.replace(eq.terms[1], op="!=")))
    with pytest.raises(SpecError, match="values.j: 3 is past the last entry of 'j'"):
        Diagram((Tensor("A", (("j",),)),), output=(("j",),), dims=(("j", 3),), values=(("j", 3),))
    with pytest.raises(SpecError, match="a slice at 'j' needs the term to sum over it"):
        Equation((Term(Diagram((Tensor("U", (("i",), ("j",))),), output=(("i",), ("j",)))),
                  Term(Diagram((Tensor("u", (("i",),), data="U", slice=("j",)),), output=(("i",),)), op="=")))
    with pytest.raises(SpecError, match="derivative: 'Q' is no tensor of this term"):
        Equation((Term(Diagram((Tensor("A", (("i",), ("i",))),)), derivative="Q"), eq.terms[1]))


def test_values_and_slices_from_a_dict() -> None:
    d = draw({"einsum": "einsum(A, 'i j -> i j')", "values": {"i": 1, "j": 0}})
    assert d.check().ok and isinstance(d.figure, Diagram) and d.figure.values == (("i", 1), ("j", 0))


# --- what the drawing shows ------------------------------------------------------------------------


def leg_labels(name: str) -> list[str]:
    labels = ET.fromstring(load(spec(name)).svg().encode()).find(f"{NS}g[@id='labels']")
    return [] if labels is None else ["".join(s.text or "" for s in t.iter(f"{NS}tspan")) for t in labels]


def test_a_leg_ends_in_its_value() -> None:
    assert sorted(leg_labels("values-entry")) == ["0", "0", "2"]
    tex = load(spec("values-entry")).tikz()
    assert not re.search(r"\$[ijk]\$", tex)


def test_a_derivative_is_drawn_with_its_symbol() -> None:
    drawing = load(spec("define-derivative"))
    assert r"\partial/\partial C" in drawing.tikz()
    root = ET.fromstring(drawing.svg().encode())
    assert "∂/∂C" in ["".join(s.text or "" for s in t.iter(f"{NS}tspan")) for t in root.iter(f"{NS}text")]


def test_slices_are_separate_vectors() -> None:
    eq = figure("values-slices")
    assert isinstance(eq, Equation)
    sliced = eq.terms[1].diagram
    assert [t.legs for t in sliced.tensors] == [(("i",),), (), (("k",),)]
    assert all(t.slice == ("j",) for t in sliced.tensors) and eq.terms[1].sum_over == ("j",)


def test_evaluate_reads_the_entry() -> None:
    import numpy as np

    from tensordiag.check import evaluate

    d = figure("values-entry")
    assert isinstance(d, Diagram)
    a = np.arange(60.0).reshape(3, 4, 5)
    assert evaluate(d, {"A": a}) == a[0, 2, 0]
    assert evaluate(dataclasses.replace(d, values=(("j", 3),))).ndim == 2  # i and k left; j sized past 3


def test_json_names_the_new_keys() -> None:
    import json

    named = json.loads(load(spec("define-named")).render("json"))
    assert named["terms"][0]["define"] is True and "define" not in named["terms"][1]
    assert json.loads(load(spec("define-derivative")).render("json"))["terms"][0]["derivative"] == "C"
    assert json.loads(load(spec("values-entry")).render("json"))["values"] == {"i": 0, "j": 2, "k": 0}
    sliced = json.loads(load(spec("values-slices")).render("json"))["terms"][1]["tensors"]
    assert [t.get("slice") for t in sliced] == [["j"], ["j"], ["j"]]


def _entry_equals_number(define_number: bool = True, legs: tuple = ()) -> Equation:
    """A[0, 2, 0] = a: the second of two terms is the number the first picks out (gallery 01d)."""
    a = Diagram((Tensor("A", (("i",), ("j",), ("k",))),), output=(("i",), ("j",), ("k",)),
                dims=(("i", 3), ("j", 3), ("k", 3)), values=(("i", 0), ("j", 2), ("k", 0)), einsum="ijk->ijk")
    n = Diagram((Tensor("a", tuple((i,) for i in legs), label="0.157", shape="none", kind="generic"),),
                output=tuple((i,) for i in legs), einsum=f"einsum(a, '{' '.join(legs)} -> {' '.join(legs)}')")
    return Equation((Term(a), Term(n, op="=", define=define_number)))


def test_the_second_of_two_terms_may_define_a_number_drawn_as_its_label() -> None:
    eq = _entry_equals_number()
    result = check(eq)
    assert result.ok and "term 2 defines 'a' (a number) as the side before its '='" in result.detail
    assert not check(_entry_equals_number(define_number=False)).ok  # a random number is not A[0, 2, 0]
    svg = draw(eq).svg()
    assert ">0.157<" in svg and 'id="tensor-t2-a"' not in svg  # the number alone, no shape around it


def test_a_definition_on_the_right_meets_the_same_rules() -> None:
    with pytest.raises(SpecError, match=r"equation\[1\]\.define: a definition's right side is the one tensor"):
        eq = _entry_equals_number()
        two = dataclasses.replace(eq.terms[1].diagram, tensors=eq.terms[1].diagram.tensors * 2)
        Equation((eq.terms[0], dataclasses.replace(eq.terms[1], diagram=two)))
    loaded = load(Path(__file__).parent.parent / "gallery" / "01d-indexing.yaml").figure
    assert check(loaded).ok
