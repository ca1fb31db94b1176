"""Two names never become one: every tensor has its own TikZ coordinate, SVG id and JSON entry.

``safe_id`` spells names for TikZ and XML (``V†`` → ``Vdag``, ``λ`` → ``lambda``); spelled names can
look alike, so a name the spelling does not give back is marked with its code points.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tensordiag import draw
from tensordiag.geometry import safe_id

from .conftest import compile_tex

PAIRS = [("α", "alpha"), ("A'", "Aprime"), ("_1", "n_1"), ("V†", "Vdag"), ("V†", "Vu2020"), ("λ1", "lambda1"), ("Θ", "Theta")]


def _spec(a: str, b: str) -> dict:
    return {"tensors": {a: {"legs": "i j"}, b: {"legs": "j k", "at": [3, 0]}}}


def test_alike_names_get_their_own_coordinates_ids_and_positions(tmp_path: Path) -> None:
    for a, b in PAIRS:
        d = draw(_spec(a, b))
        tikz, svg = d.tikz(), d.svg()
        coordinates = re.findall(r"\\coordinate \(([^)]*)\)", tikz)
        assert len(coordinates) == len(set(coordinates)) == 2, (a, b, coordinates)
        ids = [e.get("id") for e in ET.fromstring(svg).iter() if e.get("class") == "tensor"]
        assert len(ids) == len(set(ids)) == 2, (a, b, ids)
        tensors = {t["name"]: (t["x"], t["y"]) for t in json.loads(d.render("json"))["tensors"]}
        assert tensors[a] != tensors[b] and tensors[b][0] - tensors[a][0] > 1, (a, b, tensors)
    compile_tex(draw(_spec("α", "alpha")).tikz(), tmp_path, "alike")


def test_the_ids_of_names_that_were_already_apart_are_unchanged() -> None:
    assert [safe_id(n) for n in ("A", "W_O", "V†", "x'", "W_E''", "δ", "λ1", "num_heads", "A2")] == [
        "A", "W_O", "Vdag", "xprime", "W_Eprimeprime", "delta", "lambda1", "num_heads", "A2"]
    assert [safe_id(n) for n in ("alpha", "Aprime", "_1")] == [
        "alpha-61-6c-70-68-61", "Aprime-41-70-72-69-6d-65", "n_1-5f-31"]


def test_an_equation_keeps_alike_names_apart() -> None:
    d = draw({"equation": [{"einsum": "einsum(α, alpha, 'i j, j k -> i k')"},
                           {"op": "=", "einsum": "einsum(alpha, 'i k -> i k')"}]})
    coordinates = re.findall(r"\\coordinate \(([^)]*)\)", d.tikz())
    assert len(coordinates) == len(set(coordinates)) == 3, coordinates


PIECES = st.sampled_from(["a", "A", "n", "u", "_", "1", "2", "7", "'", "†", "α", "β", "λ", "Θ", "alpha", "beta",
                          "eta", "lambda", "Theta", "u27", "u2020", "dag", "prime", "nu", "-", "dot", "é", "ℓ", "x"])
NAMES = st.lists(PIECES, min_size=1, max_size=6).map("".join)


@settings(derandomize=True, max_examples=2000, deadline=None)
@given(st.lists(NAMES, min_size=2, max_size=2, unique=True))
def test_distinct_names_give_distinct_ids(names: list[str]) -> None:
    a, b = names
    assert safe_id(a) != safe_id(b), (a, b)
    for name in names:
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", safe_id(name)), name  # a TikZ name and an XML id


@settings(derandomize=True, max_examples=500, deadline=None)
@given(st.text(min_size=1, max_size=8), st.text(min_size=1, max_size=8))
def test_distinct_texts_give_distinct_ids(a: str, b: str) -> None:
    if a != b:
        assert safe_id(a) != safe_id(b), (a, b)
