"""Issue 11, element 11: colour by role (tests/specs/roles-*.yaml and :mod:`tensordiag.roles`).

A fill is the tensor's own ``color``, else its ``role``'s, else the role its kind and shape imply, never a
hash of its name; roles used together differ in luminance, and pink is the copy nodes' alone.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tensordiag import draw, load
from tensordiag.check import check
from tensordiag.errors import SpecError
from tensordiag.geometry import safe_id
from tensordiag.model import KINDS, SHAPES, Diagram, Tensor
from tensordiag.roles import MIN_LUMINANCE_STEP, ROLE_FILLS, ROLES, TOGETHER, relative_luminance, role_of_kind
from tensordiag.spec import parse_text
from tensordiag.styles import PALETTE, fill_of

from .conftest import SPECS

ROLE_SPECS = sorted(SPECS.glob("roles-*.yaml"))
PALETTE_SPEC = SPECS / "roles-palette.yaml"
NS = "{http://www.w3.org/2000/svg}"


def fills(figure: object) -> dict[str, str]:
    return {s.name: s.fill for s in draw(figure).geometry.shapes}  # type: ignore[arg-type]


def palette_figure() -> Diagram:
    d = load(PALETTE_SPEC).figure
    assert isinstance(d, Diagram)
    return d


# --- the spec: its check passes, a wrong variant fails -----------------------------------------------


@pytest.mark.parametrize("spec", ROLE_SPECS, ids=[p.stem for p in ROLE_SPECS])
def test_every_roles_spec_passes_its_check(spec: Path) -> None:
    result = load(spec).check()
    assert result.ok, result.detail


@pytest.mark.parametrize("what, name, legs", [
    ("the attention pattern transposed", "A", (("heads",), ("seq.2",), ("seq.q",))),
    ("W_O's heads and head size swapped", "W_O", (("d",), ("heads",), ("hidden.o",))),
])
def test_a_wrong_variant_fails(what: str, name: str, legs: tuple) -> None:  # type: ignore[type-arg]
    right = palette_figure()
    wrong = dataclasses.replace(right, tensors=tuple(dataclasses.replace(t, legs=legs) if t.name == name else t
                                                     for t in right.tensors))
    assert wrong != right
    assert not check(wrong).ok, what


# --- every tensor takes its role's colour, the same in TikZ and SVG ------------------------------------


def test_each_tensor_of_the_palette_spec_has_its_roles_fill() -> None:
    d = palette_figure()
    want = {t.name: ROLE_FILLS[t.role or role_of_kind(t.kind, t.shape) or ""] for t in d.tensors}
    assert fills(d) == want
    assert want["c"] == PALETTE["pink"] and want["p"] == PALETTE["blue"]
    assert want["x"] != want["W_E"] and want["W_E"] == want["W_U"] and want["W_V"] == want["W_O"]


def test_tikz_and_svg_fill_each_tensor_alike() -> None:
    drawing = load(PALETTE_SPEC)
    tikz = drawing.tikz()
    root = ET.fromstring(drawing.svg().encode())
    for name, fill in fills(palette_figure()).items():
        hex_ = fill.lstrip("#").upper()
        assert rf"\definecolor{{td{hex_}}}{{HTML}}{{{hex_}}}" in tikz
        assert re.search(rf"^\\filldraw\[td tensor, fill=td{hex_}\] \({re.escape(safe_id(name))}\)", tikz, flags=re.M), name
        group = root.find(f".//{NS}g[@id='tensor-{safe_id(name)}']")
        assert group is not None and list(group)[0].get("fill") == fill, name


# --- the palette prints in greyscale and keeps pink for copies ----------------------------------------


@pytest.mark.parametrize("group", TOGETHER, ids=["-".join(g) for g in TOGETHER])
def test_roles_used_together_differ_in_luminance(group: tuple[str, ...]) -> None:
    for a, b in itertools.combinations(group, 2):
        step = abs(relative_luminance(ROLE_FILLS[a]) - relative_luminance(ROLE_FILLS[b]))
        assert step >= MIN_LUMINANCE_STEP, (a, b, step)


def test_a_black_label_reads_on_every_role() -> None:
    for role, fill in ROLE_FILLS.items():
        contrast = (relative_luminance(fill) + 0.05) / 0.05
        assert contrast >= 4.5, (role, fill, contrast)  # WCAG AA for text


def test_relative_luminance_is_wcags() -> None:
    assert relative_luminance("#000000") == 0 and relative_luminance("#ffffff") == pytest.approx(1)
    assert relative_luminance("#808080") == pytest.approx(0.2158605, abs=1e-6)


@pytest.mark.parametrize("kind, shape", list(itertools.product(KINDS, SHAPES)))
def test_pink_is_the_copy_nodes_alone(kind: str, shape: str) -> None:
    legs = (("i",), ("j",), ("k",)) if kind in ("copy", "add") else (("i",), ("j",))
    tokens = (0, 1) if kind == "one_hot" else ()  # a one-hot needs its tokens
    t = Tensor("T", legs, kind=kind, shape=shape, tokens=tokens)  # type: ignore[arg-type]
    fill = fill_of(t, Diagram((t,)))
    assert (fill == PALETTE["pink"]) == (kind == "copy" and shape not in ("dot", "none"))
    if shape in ("dot", "none"):
        assert fill == "#000000"
    assert [r for r, f in ROLE_FILLS.items() if f == PALETTE["pink"]] == ["copy"]


# --- never from the name ----------------------------------------------------------------------------


def test_a_colour_never_comes_from_the_name() -> None:
    names = ["x", "W_E", "A1", "B", "T3_5", "λ", "Match", "W_U", "V"]
    plain = fills({"einsum": f"einsum({', '.join(names)}, '{', '.join('i' for _ in names)} -> i')"})
    assert set(plain.values()) == {ROLE_FILLS["tensor"]}
    # x and W_E in one figure: the same grey without roles, apart with them
    roled = fills({"einsum": "einsum(x, W_E, 's v, v h -> s h')",
                   "tensors": {"x": {"role": "activation"}, "W_E": {"role": "embedding"}}})
    assert roled == {"x": ROLE_FILLS["activation"], "W_E": ROLE_FILLS["embedding"]}


def test_colour_wins_over_role_and_role_over_kind() -> None:
    got = fills({"einsum": "einsum(A, B, C, V, c, 'i, i, i, i j, i k l -> j k l')",
                 "tensors": {"A": {"color": "red", "role": "weight"}, "B": {"role": "weight"},
                             "V": {"shape": "triangle"}, "C": {"role": "copy"}, "c": {"kind": "copy"}}})
    assert got == {"A": PALETTE["red"], "B": ROLE_FILLS["weight"], "C": PALETTE["pink"],
                   "V": ROLE_FILLS["isometry"], "c": PALETTE["pink"]}


# --- every path validates the role ------------------------------------------------------------------


def test_the_model_takes_a_role_and_refuses_an_unknown_one() -> None:
    assert fill_of(Tensor("W", (("i",),), role="weight"), Diagram(())) == ROLE_FILLS["weight"]
    with pytest.raises(SpecError, match=rf"^tensors\.W\.role: expected one of {', '.join(ROLES)}, got 'wieght'$"):
        Tensor("W", (("i",),), role="wieght")


def test_the_spec_locates_an_unknown_role() -> None:
    with pytest.raises(SpecError, match=rf"^line 2, column 21: tensors\.W\.role: expected one of {', '.join(ROLES)}, "
                                        r"got 'pink'$"):
        parse_text("einsum: 'einsum(W, \"i j -> i j\")'\ntensors: {W: {role: pink}}\n")


def test_a_tensor_sharing_numbers_takes_their_colour_unless_it_sets_its_own() -> None:
    got = fills({"einsum": "einsum(x, W, x, V, V, x, 'a b, b c, c d, d e, e f, f g -> a g')",
                 "tensors": {"x": {"role": "activation"}, "V": {"color": "purple"}, "x''": {"role": "copy"}}})
    assert got == {"x": ROLE_FILLS["activation"], "W": ROLE_FILLS["tensor"], "x'": ROLE_FILLS["activation"],
                   "V": PALETTE["purple"], "V'": PALETTE["purple"], "x''": PALETTE["pink"]}


def test_doctests() -> None:
    import doctest

    import tensordiag.index_names
    import tensordiag.roles

    for module in (tensordiag.roles, tensordiag.index_names):
        assert doctest.testmod(module).failed == 0, module.__name__
