"""Issue 11, element 10, typography: one face family with Latin Modern, stacked scripts, one shape size per
figure, and long equations wrapped onto rows (specs in tests/specs/typography-*.yaml; their goldens are
compared and their TikZ compiled in test_golden.py).

Each test fails on the old behaviour: Greek set in DejaVu Serif, a superscript set after its subscript, a
short label's circle smaller than a long one's, and an equation drawn on one line however wide.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tensordiag import draw, load
from tensordiag.model import Equation

from .conftest import SPECS

NS = "{http://www.w3.org/2000/svg}"
TYPOGRAPHY = sorted(SPECS.glob("typography-*.yaml"))


def spec(name: str) -> Path:
    return SPECS / f"typography-{name}.yaml"


def svg_root(name: str) -> ET.Element:
    return ET.fromstring(load(spec(name)).svg().encode())


def spans(root: ET.Element, tensor: str) -> list[ET.Element]:
    g = root.find(f".//{NS}g[@id='tensor-{tensor}']")
    assert g is not None, f"no tensor {tensor} in the SVG"
    return list(g.iter(f"{NS}tspan"))


@pytest.mark.parametrize("path", TYPOGRAPHY, ids=lambda p: p.stem)
def test_every_typography_spec_passes_its_check(path: Path) -> None:
    result = load(path).check()
    assert result.ok, result.detail


# --- one face family ---------------------------------------------------------------------------------------


def test_greek_sigma_and_dagger_are_set_in_latin_modern_math() -> None:
    root = svg_root("greek")
    texts = list(root.iter(f"{NS}text"))
    assert texts and all(t.get("font-family", "").startswith("Latin Modern Roman") for t in texts)
    symbols = [s for t in texts for s in t.iter(f"{NS}tspan") if any(ord(ch) > 0x24F for ch in s.text or "")]
    shown = "".join(s.text or "" for s in symbols)
    for ch in "\U0001d6fc\U0001d6fdΣ†":  # lowercase Greek in math italic (𝛼, 𝛽), as TeX sets it; Σ upright
        assert ch in shown, f"{ch} is not drawn"
    for s in symbols:  # Greek, Σ and † in Latin Modern's math face, never a face of another family
        assert (s.get("font-family") or "").startswith("Latin Modern Math,"), (s.text, s.get("font-family"))


def test_latin_letters_beside_greek_stay_in_latin_modern_roman() -> None:
    u = spans(svg_root("greek"), "U")
    assert [(s.text, (s.get("font-family") or "").split(",")[0]) for s in u] == [("U", ""), ("\U0001d6fc", "Latin Modern Math")]


# --- stacked scripts ---------------------------------------------------------------------------------------


def _advances(pieces: list[ET.Element]) -> list[float]:
    """Where each piece starts, in px from the first, by the widths the backend uses (Computer Modern's)."""
    from tensordiag.render.metrics import advance

    x, out = 0.0, []
    for s in pieces:
        x += float(s.get("dx", "0"))
        out.append(x)
        x += advance(s.text or "", s.get("font-style") == "normal") * float(s.get("font-size", "0"))
    return out


@pytest.mark.parametrize("tensor", ["W_Q", "W_K"])
def test_a_subscript_and_a_superscript_are_stacked_as_tex_stacks_them(tensor: str) -> None:
    """The subscript starts where the W ends; the superscript above it, W's italic correction further right
    (0.139 em in cmmi10), so that it clears W's top-right arm as in the TikZ output."""
    pieces = spans(svg_root("stacked"), tensor)
    assert [s.text for s in pieces] == ["W", "Q" if tensor == "W_Q" else "K", "h"]
    nucleus, sub, sup = _advances(pieces)
    size = float(pieces[0].get("font-size", "0"))
    assert sub == pytest.approx(nucleus + 0.944 * size, abs=0.01)
    assert sup == pytest.approx(sub + 0.139 * size, abs=0.01), "the superscript is not set above the subscript"
    assert float(pieces[1].get("dy", "0")) > 0 > float(pieces[2].get("dy", "0"))


def test_text_after_a_stack_starts_after_the_wider_script() -> None:
    from tensordiag.render.metrics import advance

    root = ET.fromstring(draw({"tensors": {"A": {"legs": "i", "label": "W_{OV}^{h}x"}}}).svg().encode())
    pieces = spans(root, "A")
    assert [s.text for s in pieces] == ["W", "OV", "h", "x"]
    starts = _advances(pieces)
    size = float(pieces[1].get("font-size", "0"))
    assert starts[2] == pytest.approx(starts[1] + 0.139 * float(pieces[0].get("font-size", "0")), abs=0.01)
    assert starts[3] == pytest.approx(starts[1] + advance("OV", False) * size, abs=0.01)


def test_tikz_sets_the_stacked_label_as_tex_math() -> None:
    tex = load(spec("stacked")).tikz()
    assert "$W_Q^{h}$" in tex and "$W_{K}^{h}$" in tex


# --- one size per figure -----------------------------------------------------------------------------------


def test_circles_in_a_figure_share_one_size_when_a_label_needs_more() -> None:
    g = load(spec("stacked")).geometry
    radii = {s.name: s.radius for s in g.shapes}
    assert radii["x"] == pytest.approx(radii["W_Q"]) == pytest.approx(radii["W_K"])
    assert radii["x"] > 0.62 / 2, "x keeps the base size though W_Q^h beside it needs more"


def test_a_label_much_longer_than_the_rest_grows_only_its_own_shape() -> None:
    d = draw({"einsum": "einsum(S, x, 'i j, j -> i')", "tensors": {"S": {"label": r"\mathrm{softmax}"}}})
    radii = {s.name: s.radius for s in d.geometry.shapes}
    assert radii["x"] == pytest.approx(0.31)
    assert radii["S"] > 2 * radii["x"]


def test_the_terms_of_an_equation_share_one_size() -> None:
    d = draw({"equation": [{"einsum": "einsum(x, 'i -> i')"}, {"op": "=", "einsum": "einsum(W_E, 'i -> i')"}]})
    radii = [s.radius for s in d.geometry.shapes]
    assert len(radii) == 2 and radii[0] == pytest.approx(radii[1]) and radii[0] > 0.31


def test_svg_and_tikz_draw_the_shared_size() -> None:
    d = load(spec("stacked"))
    from tensordiag.render import fmt

    r = fmt(next(s.radius for s in d.geometry.shapes if s.name == "x"))
    tex = d.tikz()
    assert all(f"({name}) circle[radius={r}]" in tex for name in ("x", "W_Q", "W_K")), tex
    root = svg_root("stacked")
    radii = {c.get("r") for g in root.iter(f"{NS}g") if g.get("class") == "tensor" for c in g.iter(f"{NS}circle")}
    assert len(radii) == 1, radii


# --- wrapping ----------------------------------------------------------------------------------------------

WIDTH = 12.0


def _rows(d) -> dict[float, list]:  # type: ignore[no-untyped-def]
    """The operators, coefficients and sums of an equation, by the height of their row."""
    rows: dict[float, list] = {}
    for lb in d.geometry.labels:
        if lb.role in ("op", "coeff", "sum"):
            rows.setdefault(round(lb.y, 6), []).append(lb)
    return dict(sorted(rows.items(), reverse=True))


def _nrows(d) -> int:  # type: ignore[no-untyped-def]
    """How many rows an equation takes: its first row's line is 0 (it may hold no operator)."""
    return len(set(_rows(d)) | {0.0})


def test_a_long_equation_wraps_into_rows_no_wider_than_the_width() -> None:
    d = load(spec("wrap"))
    assert isinstance(d.figure, Equation)
    g = d.geometry
    rows = _rows(d)
    assert _nrows(d) >= 2, "the equation is drawn on one line"
    x0 = g.bbox[0]
    for y, labels in rows.items():  # every row, shapes and labels of its terms included, fits in the width
        row_items = [lb.x + lb.width / 2 for lb in labels]
        assert max(row_items) - x0 <= WIDTH + 1e-9
    assert g.bbox[2] - g.bbox[0] <= WIDTH + 1e-9
    lines = list(rows)
    steps = {round(a - b, 6) for a, b in zip(lines, lines[1:])}
    assert len(steps) == 1, f"the rows' lines are not evenly spaced: {lines}"


def test_the_operator_is_carried_to_the_next_row() -> None:
    d = load(spec("wrap"))
    rows = list(_rows(d).values())
    for below in rows[1:]:  # each later row starts with the operator it broke before ...
        first = min(below, key=lambda lb: lb.x)
        assert first.role == "op", first.text
    ops = [lb for lb in d.geometry.labels if lb.role == "op"]
    assert isinstance(d.figure, Equation)  # ... drawn once: the row above does not end with it too
    assert len(ops) == sum(t.op is not None for t in d.figure.terms)
    starts = {round(min(r, key=lambda lb: lb.x).x - min(r, key=lambda lb: lb.x).width / 2, 6) for r in rows[1:]}
    assert len(starts) == 1, "the rows are not left-aligned"


def test_the_width_is_an_option_of_draw() -> None:
    path = spec("wrap")
    assert _nrows(load(path, width=40.0)) == 1
    narrow = load(path, width=6.0)
    assert narrow.width == 6.0 and _nrows(narrow) > _nrows(load(path))
    assert narrow.with_seed(2).width == 6.0
    one_row = draw(load(path).figure, width=40.0).geometry
    assert one_row.bbox[2] - one_row.bbox[0] > WIDTH


def test_svg_and_tikz_draw_the_carried_operator() -> None:
    d = load(spec("wrap"))
    ops = [lb for lb in d.geometry.labels if lb.role == "op"]
    tex = d.tikz()
    svg = ET.fromstring(d.svg().encode())
    labels = svg.find(f"{NS}g[@id='labels']")
    assert labels is not None
    shown = ["".join(s.text or "" for s in t.iter(f"{NS}tspan")) for t in labels]
    for sign in ("=", "+"):
        n = sum(lb.text == sign for lb in ops)
        assert shown.count(sign) == n and tex.count(f"{{${sign}$}}") == n
    assert len(ops) == len(load(spec("wrap"), width=40.0).figure.terms) - 1  # each operator drawn once


def test_the_width_is_a_spec_key_and_the_api_option_wins(tmp_path: Path) -> None:
    from tensordiag import SpecError
    from tensordiag.spec import parse_text

    text = spec("wrap").read_text(encoding="utf-8")
    wide = tmp_path / "wide.yaml"
    wide.write_text(text + "width: 40\n", encoding="utf-8")
    assert _nrows(load(wide)) == 1
    assert _nrows(load(wide, width=6.0)) == _nrows(load(spec("wrap"), width=6.0))
    with pytest.raises(SpecError, match=r"^line 16, column 8: width: expected a width in cm between 2 and 400, got 0\.5$"):
        parse_text(text + "width: 0.5\n")
