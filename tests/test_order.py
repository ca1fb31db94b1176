"""Contraction order and cost (issue 16): opt_einsum's paths as steps, their costs, the ways to draw them,
each checked, and the post's claim about the ladder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opt_einsum
import pytest

from tensordiag import draw
from tensordiag.errors import SpecError
from tensordiag.order.check import check_order
from tensordiag.order.path import contraction_order

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"
LADDER = "einsum(A,V,B,W,C,X,D,Y,E,Z,'i j, i r, j k l, r k s, l m n, s m t, n o p, t o u, p q, u q -> ')"
TOP_LINE_FIRST = [[0, 2], [2, 8], [3, 7], [4, 6], [0, 5], [0, 4], [0, 3], [0, 2], [0, 1]]


def test_the_ladder_claim_top_line_first_holds_n_over_2_legs_efficient_three() -> None:
    ladder = draw(LADDER).figure
    top = contraction_order(ladder, TOP_LINE_FIRST)
    assert max(len(s.legs) for s in top.steps) == 5 == len(ladder.tensors) // 2
    assert set(top.steps[3].members) == {"A", "B", "C", "D", "E"}
    assert sorted(top.steps[3].legs) == ["i", "k", "m", "o", "q"]
    for method in ("optimal", "branch"):
        assert max(len(s.legs) for s in contraction_order(ladder, method).steps) == 3
    for figure in ("08b-top-line-first", "08c-efficient-order"):
        order = contraction_order(draw(GALLERY / f"{figure}.yaml").figure)
        assert max(len(s.legs) for s in order.steps) == (5 if figure.startswith("08b") else 3)


@pytest.mark.parametrize("method", ["optimal", "greedy", "branch"])
def test_costs_equal_opt_einsums_own(method: str) -> None:
    d = draw("einsum(A, B, C, D, 'a i b, b j c, c k d, d l a -> i j k l')").figure
    order = contraction_order(d, method)
    path, info = opt_einsum.contract_path("aib,bjc,ckd,dla->ijkl", *[(8, 8, 8)] * 4, shapes=True,
                                          optimize={"branch": "branch-2", "optimal": "dp"}.get(method, method))
    assert [list(p) for p in order.path] == [list(p) for p in path]
    assert order.total_flops == order.opt_cost == int(info.opt_cost)
    assert max(s.size for s in order.steps) == int(info.largest_intermediate)


def test_optimal_is_as_cheap_as_opt_einsums_exhaustive_search() -> None:
    d = draw("einsum(A, B, C, D, E, 'a i b, b j c, c k d, d l e, e a -> i j k l')").figure
    exhaustive = opt_einsum.contract_path("aib,bjc,ckd,dle,ea->ijkl", *[(8,) * 3] * 4, (8, 8), shapes=True,
                                          optimize="optimal")[1]
    assert contraction_order(d, "optimal").opt_cost == int(exhaustive.opt_cost)


def test_searches_that_grow_exponentially_are_bounded() -> None:
    chain = ", ".join(f"i{k} i{k + 1}" for k in range(30)) + " ->"
    d = draw(chain).figure
    with pytest.raises(SpecError, match="at most 25"):
        contraction_order(d, "optimal")
    assert len(contraction_order(d, "greedy").steps) == 29
    clique = draw(", ".join(" ".join(f"e{min(a, b)}_{max(a, b)}" for b in range(12) if b != a) for a in range(12))
                  + " ->").figure
    with pytest.raises(SpecError, match="densely joined"):
        contraction_order(clique, "optimal")
    assert contraction_order(clique, "branch").steps


def test_each_intermediate_is_its_groups_contraction_and_the_last_the_einsum() -> None:
    for spec in ("order-hulls", "order-sequence", "order-table", "order-numbers"):
        d = draw(ROOT / "tests" / "specs" / f"{spec}.yaml")
        assert check_order(d.figure).ok
        result = d.check()
        assert result.ok and "contraction order" in result.detail


def test_a_wrong_intermediate_is_a_mismatch(monkeypatch: pytest.MonkeyPatch) -> None:
    import tensordiag.order.check as oc

    real = oc._einsum
    calls = {"n": 0}

    def off_by_one(parts, out):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        value = real(parts, out)
        return value + 1.0 if calls["n"] == 1 else value

    monkeypatch.setattr(oc, "_einsum", off_by_one)
    result = check_order(draw("ij,jk,kl->il").figure, "greedy")
    assert not result.ok and result.detail.startswith("step 1")


def test_sequence_draws_each_step_and_is_checked() -> None:
    d = draw(ROOT / "tests" / "specs" / "order-sequence.yaml")
    from tensordiag.order.figure import sequence_of

    eq = sequence_of(d.figure, contraction_order(d.figure))
    assert [t.op for t in eq.terms] == [None, "->", "->", "->"]
    assert [t.name for t in eq.terms[-1].diagram.tensors] == ["T3"]
    assert "the sequence: each step equals the one before" in d.check().detail
    assert d.svg().count("<polygon") == 0


def test_symbolic_sizes_in_the_table() -> None:
    d = draw(ROOT / "tests" / "specs" / "order-hulls.yaml")
    tex = d.tikz()
    assert r"\chi^{3}" in tex and "td hull" in tex and "td rule" in tex
    assert d.svg().count('id="hulls"') == 1


def test_bad_paths_are_located_spec_errors() -> None:
    with pytest.raises(SpecError, match=r"contraction.path\[1\]"):
        draw({"einsum": "ij,jk,kl->il", "contraction": {"path": [[0, 1], [0, 3]]}})
    with pytest.raises(SpecError, match="leave 2 tensors"):
        draw({"einsum": "ij,jk,kl->il", "contraction": {"path": [[0, 1]]}})
    with pytest.raises(SpecError, match="symbols.z"):
        draw({"einsum": "ij,jk->ik", "contraction": {"symbols": {"z": "x"}}})


def test_the_path_command(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "tensordiag", "path", "ij,jk,kl->il", "--method", "greedy"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "path (greedy): [[0, 1], [0, 1]]"
    assert "largest intermediate" in run.stdout and run.stdout.rstrip().splitlines()[-1].startswith("ok")
    bad = subprocess.run([sys.executable, "-m", "tensordiag", "path", str(tmp_path / "missing.yaml")],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_same_bytes_twice() -> None:
    spec = ROOT / "gallery" / "08b-top-line-first.yaml"
    assert draw(spec).svg() == draw(spec).svg() and draw(spec).tikz() == draw(spec).tikz()


def test_json_holds_the_order_or_the_sequence() -> None:
    import json

    hulls = json.loads(draw(ROOT / "tests" / "specs" / "order-hulls.yaml").render("json"))
    assert [s["step"] for s in hulls["contraction"]["steps"]] == [1, 2, 3]
    assert hulls["contraction"]["flops"] == sum(s["flops"] for s in hulls["contraction"]["steps"])
    seq = json.loads(draw(ROOT / "tests" / "specs" / "order-sequence.yaml").render("json"))
    assert [t["op"] for t in seq["terms"]] == [None, "->", "->", "->"]
    assert [t["name"] for t in seq["terms"][-1]["tensors"]] == ["T3"]


def test_what_a_figure_cannot_show_is_refused_in_one_line() -> None:
    chain = ", ".join(f"i{k} i{k + 1}" for k in range(45)) + " ->"
    with pytest.raises(SpecError, match="sequence draws at most 40 steps"):
        draw({"einsum": chain, "contraction": {"path": "greedy", "show": "sequence"}}).svg()
    assert draw({"einsum": chain, "contraction": {"path": "greedy", "show": "numbers"}}).svg().count("<circle") > 40
    with pytest.raises(SpecError, match="bubbles"):
        draw({"einsum": "ij,jk->ik", "contraction": "greedy",
              "bubbles": [{"name": "s", "function": "sigma", "members": ["A", "B"]}]}).svg()


def _inside(p: tuple[float, float], poly: tuple[tuple[float, float], ...]) -> bool:
    x, y = p
    hit = False
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def test_hulls_nest_and_go_around_tensors_outside_their_group() -> None:
    d = draw(GALLERY / "08c-efficient-order.yaml")
    g = d.geometry
    pieces: dict[int, list] = {}
    for o in g.outlines:
        if o.role == "hull":  # a hull broken around leg labels: its pieces, joined in order
            pieces.setdefault(o.step, []).extend(o.points)
    hulls = list(pieces.values())
    assert sorted(pieces) == list(range(1, 9))  # one per step but the last, which holds everything
    for inner, outer in zip(hulls, hulls[1:]):  # the zip-up: each step holds the one before
        assert all(_inside(p, outer) for p in inner)
    centre = {s.name: (s.x, s.y) for s in g.shapes}
    order = contraction_order(d.figure)
    for hull, step in zip(hulls, order.steps):
        for name, p in centre.items():
            assert _inside(p, hull) == (name in step.members), (step.number, name)


@pytest.mark.parametrize("name", ["08b-top-line-first", "08c-efficient-order"])
def test_hulls_leave_every_leg_label_clear_and_the_figure_fits_a_page(name: str) -> None:
    """Gallery 08b once set its cost table beside the ladder (19.8 cm) and ran its hulls over the bond labels
    i, k, m, o, q: now each hull keeps its clearance from every leg label's box, and the table goes below."""
    from tensordiag.geometry.hull_gaps import CLEARANCE, label_boxes
    from tensordiag.plane import segment_hits_box

    g = draw(GALLERY / f"{name}.yaml").geometry
    legs = [lb for lb in g.labels if lb.role == "leg"]
    assert len(legs) >= 10
    boxes = label_boxes(legs, CLEARANCE * 0.99)
    for o in g.outlines:
        if o.role == "hull":
            ring = list(o.points) + ([o.points[0]] if o.closed else [])
            for a, b in zip(ring, ring[1:]):
                assert not any(segment_hits_box(a, b, box) for box in boxes), (o.step, a, b)
    assert g.bbox[2] - g.bbox[0] <= 17.0
    rules = [o for o in g.outlines if o.role == "rule"]
    assert max(p[1] for o in rules for p in o.points) < min(s.y - s.height / 2 for s in g.shapes)  # below


def test_a_hull_is_broken_only_where_a_label_sits() -> None:
    from tensordiag.geometry.hull_gaps import pieces

    loop = ((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0))
    assert pieces(loop, []) == [loop]
    assert pieces(loop, [(3.0, 3.0, 4.0, 4.0)]) == [loop]
    two = pieces(loop, [(0.8, -0.2, 1.2, 0.2), (0.8, 1.8, 1.2, 2.2)])
    assert sorted(two) == [((0.8, 2.0), (0.0, 2.0), (0.0, 0.0), (0.8, 0.0)), ((1.2, 0.0), (2.0, 0.0), (2.0, 2.0), (1.2, 2.0))]


def _peps(rows: int, cols: int) -> str:
    ops = []
    for i in range(rows):
        for j in range(cols):
            ix = [f"h{i}_{j}"] if j + 1 < cols else []
            ix += [f"h{i}_{j - 1}"] if j else []
            ix += [f"v{i}_{j}"] if i + 1 < rows else []
            ix += [f"v{i - 1}_{j}"] if i else []
            ops.append(" ".join(ix))
    return ", ".join(ops) + " ->"


@pytest.mark.parametrize("show, rows", [("hulls", 10), ("table", 7), ("sequence", 6), ("numbers", 20)])
def test_the_largest_orders_a_figure_shows_are_drawn_within_seconds(show: str, rows: int, tmp_path: Path) -> None:
    from .conftest import run_limited

    spec = tmp_path / "peps.yaml"
    spec.write_text(f'einsum: "{_peps(rows, rows)}"\ncontraction: {{path: greedy, show: [{show}]}}\n', encoding="utf-8")
    proc = run_limited(["render", str(spec), "-o", str(tmp_path / "peps.svg")], memory=1 << 30, seconds=30)
    assert proc.returncode == 0, proc.stderr


def test_a_symbol_with_a_number_shows_both_in_the_total() -> None:
    from tensordiag.geometry.cost_table import table_cells

    d = draw({"einsum": "einsum(A, B, C, 'i a, a b, b j -> i j')", "dims": {"i": 2, "j": 2, "a": 10, "b": 10},
              "contraction": {"path": "optimal", "show": "table", "symbols": {"a": r"\chi", "b": r"\chi"}}}).figure
    rows = table_cells(d, contraction_order(d))
    total = rows[-2][-1][0]
    order = contraction_order(d)
    assert total.endswith(" = " + f"{order.opt_cost:,}".replace(",", "{,}")) and r"\chi^{2}" in total
    assert rows[1][3][0] in (r"2\chi", r"\chi^{2}")  # the first step's size, in χ
