"""The spec loader: defaults, and every error naming the file, line, path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tensordiag.errors import SpecError
from tensordiag.model import Diagram, Equation
from tensordiag.spec import load_figure, parse_figure, parse_text


def test_einsum_alone_is_a_complete_diagram() -> None:
    d = parse_figure({"einsum": "einsum(A, v, B, 'i α β, β, β α j -> i j')"})
    assert isinstance(d, Diagram)
    assert [t.name for t in d.tensors] == ["A", "v", "B"]
    assert d.tensors[2].legs == (("β",), ("α",), ("j",))
    assert d.output == (("i",), ("j",))


def test_tensors_refine_the_einsum_and_legs_override_it() -> None:
    d = parse_figure({
        "einsum": "ij,jk->ik",
        "tensors": {"B": {"legs": ["k", "j"], "label": "W_{\\uparrow}", "color": "pink", "at": [1, 2]}},
    })
    b = d.tensor("B")
    assert b.legs == (("k",), ("j",)) and b.label == "W_{\\uparrow}" and b.at == (1.0, 2.0) and b.color == "pink"


def test_shape_and_kind_default_from_each_other() -> None:
    d = parse_figure({"tensors": {"V": {"legs": "i j", "shape": "triangle"}, "D": {"legs": ["a", "b", "c"], "kind": "delta"},
                                  "I": {"legs": ["a", "x"], "shape": "none"}}})
    assert d.tensor("V").kind == "isometry"
    assert d.tensor("D").shape == "dot"
    assert d.tensor("I").kind == "identity"


def test_grouped_legs_in_every_spelling() -> None:
    d = parse_figure({"tensors": {"M": {"legs": "i (j k)"}, "N": {"legs": ["i", ["j", "k"]]}, "O": {"legs": ["i", "(j k)"]}},
                      "output": []})
    assert d.tensor("M").legs == d.tensor("N").legs == d.tensor("O").legs == (("i",), ("j", "k"))


def test_implicit_output_without_einsum() -> None:
    d = parse_figure({"tensors": {"A": {"legs": "i j"}, "B": {"legs": "j k"}}})
    assert d.output == (("i",), ("k",))


def test_equation() -> None:
    eq = parse_text("""
title: cyclic
equation:
  - einsum: "einsum(A, B, 'i j, j i -> ')"
  - op: "="
    einsum: "einsum(B, A, 'j i, i j -> ')"
""")
    assert isinstance(eq, Equation)
    assert [t.op for t in eq.terms] == [None, "="]


ERRORS = [
    ("tensors: {A: {legs: [i], colour: red}}", r"line 1, column 26: tensors.A.colour: unknown key 'colour'; did you mean 'color'\?"),
    ("einsum: ij,jk->ik\nstructur: chain", r"line 2, column 1: structur: unknown key 'structur'; did you mean 'structure'\?"),
    ("tensors: {A: {legs: [i], at: [1]}}", r"tensors.A.at: expected a pin \[x, y\] of two numbers, got \[1\]"),
    ("tensors: {A: {legs: [i], at: [true, 2]}}", r"tensors.A.at: expected a pin \[x, y\] of two numbers"),
    ("einsum: ij->i\ndims: {i: -3}", r"dims.i: expected a positive whole number, got -3"),
    ("einsum: ij->i\ndims: {q: 3}", r"dims.q: index 'q' is on no tensor's leg"),
    ("tensors: {A: {legs: [i]}}\noutput: [k]", r"output\[0\]: output index 'k' is on no tensor's leg"),
    ("tensors: {A: {legs: [i, j]}}\noutput: [i, i]", r"output\[1\]: output index 'i' appears twice"),
    ("einsum: ij->i\nsides: {j: left}", r"sides.j: 'j' is not a free leg \(free legs: i\)"),
    ("einsum: ij->i\nsides: {i: west}", r"sides.i: expected one of left, right, up, down, got 'west'"),
    ("einsum: ij->i\ntensors: {C: {color: red}}", r"tensors.C: no legs: give 'legs:', or name it in the einsum \(its operands: A\)"),
    ("einsum: ij->i\ntensors: {A: {shape: hexagon}}", r"tensors.A.shape: expected one of circle, triangle, square, rectangle, dot, none, got 'hexagon'"),
    ("einsum: ij->i\ntensors: {A: {color: blu}}", r"did you mean 'blue'\?"),
    ("einsum: 42", r"einsum: expected an einsum string, got a number"),
    ("title: nothing", r"expected 'einsum:' or 'tensors:'"),
    ("- a\n- b", r"expected a mapping with 'einsum:' or 'tensors:', got a list"),
    ("tensors: {A: {legs: [i, j], shape: none}, B: {legs: [i], shape: none}}", r"tensors.B.legs: an identity has exactly 2 legs, got 1"),
    ("a: !!python/object/apply:os.system [ls]", r"YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("einsum: [unclosed", r"line 1, column 18: YAML: expected ',' or ']'"),
    ("equation:\n  - einsum: ij->i", r"equation: expected a list of at least two terms"),
    ("equation:\n  - einsum: ij->i\n  - einsum: ij->i", r"equation\[1\].op: expected one of = \+ - != before term 2, got None"),
    ("equation:\n  - einsum: ij->i\n  - {op: '+', einsum: ij->i}", r"no term says '=' or '!='"),
    ("bubbles: [{name: s, function: relu, members: [Q]}]\neinsum: ij->i", r"bubbles\[0\].members: 'Q' is no tensor or earlier bubble \(A\)"),
]


@pytest.mark.parametrize("text,message", ERRORS, ids=[m[:40] for _, m in ERRORS])
def test_errors_name_place_and_expectation(text: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        parse_text(text)


def test_file_errors_carry_the_file_name(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("einsum: ij->i\ndims: {i: 0}\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"^.*bad.yaml: line 2, column 11: dims.i: expected a positive whole number, got 0$"):
        load_figure(spec)


def test_binary_and_bad_utf8_and_empty(tmp_path: Path) -> None:
    for name, data, message in [
        ("nul.yaml", b"einsum: \x00\x01", r"binary data \(a NUL byte at offset 8\)"),
        ("latin1.yaml", b"title: caf\xe9\n", r"not UTF-8 text: byte 0xe9 at offset 10 is invalid"),
        ("empty.yaml", b"  \n", r"the spec is empty"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(SpecError, match=message):
            load_figure(path)


def test_json_spec(tmp_path: Path) -> None:
    spec = tmp_path / "d.json"
    spec.write_text('{"einsum": "ij,jk->ik", "dims": {"i": 2}}', encoding="utf-8")
    assert load_figure(spec).dim_map == {"i": 2}
    spec.write_text('{"einsum": "ij,jk->ik", "einsum": "i->i"}', encoding="utf-8")
    with pytest.raises(SpecError, match=r"key 'einsum' appears twice"):
        load_figure(spec)


def test_too_many_tensors_and_many_repeats_of_one_name() -> None:
    from tensordiag.spec import MAX_TENSORS

    many = {f"T{k}": {"legs": [f"i{k}"]} for k in range(MAX_TENSORS + 1)}
    with pytest.raises(SpecError, match=rf"^tensors: too many tensors: {MAX_TENSORS + 1}, at most {MAX_TENSORS}$"):
        parse_figure({"tensors": many})
    repeated = parse_figure({"einsum": "einsum(" + ", ".join(["x"] * 3000) + ", '" + ", ".join(["i"] * 3000) + " -> i')"})
    assert [t.name for t in repeated.tensors[:3]] == ["x", "x'", "x''"] and {t.source for t in repeated.tensors} == {"x"}


def _peps_spec(n: int, *, einsum: bool) -> dict[str, object]:
    """An n×n PEPS: an einsum call of n² operands, or a ``tensors:`` block of n² entries (output implied)."""
    legs = {}
    for r in range(n):
        for c in range(n):
            legs[f"T{r}_{c}"] = ([f"p{r}_{c}"] + [f"v{r - 1}_{c}"] * (r > 0) + [f"v{r}_{c}"] * (r < n - 1)
                                 + [f"h{r}_{c - 1}"] * (c > 0) + [f"h{r}_{c}"] * (c < n - 1))
    if not einsum:
        return {"tensors": {name: {"legs": " ".join(ls)} for name, ls in legs.items()}}
    pattern = ", ".join(" ".join(ls) for ls in legs.values()) + " -> " + " ".join(ls[0] for ls in legs.values())
    return {"einsum": f"einsum({', '.join(legs)}, '{pattern}')", "dims": {"p0_0": 2}}


@pytest.mark.parametrize("einsum", [False, True], ids=["tensors-block", "einsum"])
def test_loading_scales_linearly(einsum: bool) -> None:
    """16 times the tensors may cost about 16 times the time (11 to 16 measured), never the 256 times of a
    membership test on a list (75 to 116 measured before those became sets and dicts). A ratio of two timings
    in one process, as in test_einsum, so a loaded machine slows both alike."""
    import time

    def best_of(n: int, runs: int) -> float:
        spec, best = _peps_spec(n, einsum=einsum), float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            d = parse_figure(spec)
            best = min(best, time.perf_counter() - start)
        assert isinstance(d, Diagram) and len(d.tensors) == n * n and len(d.output) == n * n
        return best

    small, large = best_of(16, 3), best_of(64, 2)
    assert large < 40 * small, f"16x the tensors took {large / small:.0f}x the time"
