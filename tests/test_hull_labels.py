"""Contraction hulls that read as a clean picture of the order (issue 12, 08b and 08c): no outline runs over a leg
label (the labels move beside their wires, clear of the outlines, rather than the outlines breaking around
them), no step number covers a wire, and a nested outline around a row runs straight, without a bump at
every tensor."""

from __future__ import annotations

import pytest

from tensordiag import draw, load
from tensordiag.geometry.elements import Geometry, LabelG
from tensordiag.geometry.rubberband import outline
from tensordiag.plane import clip_segment, segment_hits_box

from .conftest import ROOT

FIGURES = ["08b-top-line-first", "08c-efficient-order", "08e-peps-row-contraction"]
RING = {"einsum": "einsum(A, B, C, D, E, F, 'a b, b c, c d, d e, e f, f a -> ')",
        "contraction": {"path": [[0, 1], [0, 4], [0, 3], [0, 2], [0, 1]], "show": ["hulls"]}}


def _box(lb: LabelG, grow: float = 0.0) -> tuple[float, float, float, float]:
    return (lb.x - lb.width / 2 - grow, lb.y - lb.height / 2 - grow, lb.x + lb.width / 2 + grow, lb.y + lb.height / 2 + grow)


def _hull_problems(g: Geometry) -> list[str]:
    bad = []
    hulls = [o for o in g.outlines if o.role == "hull"]
    for lb in g.labels:
        if lb.role != "leg":
            continue
        for o in hulls:
            ring = list(o.points) + ([o.points[0]] if o.closed else [])
            if any(clip_segment(a, b, _box(lb), interior=False) for a, b in zip(ring, ring[1:])):
                bad.append(f"hull {o.step} over label {lb.text}")
    for lb in g.labels:
        if lb.role == "step" and any(segment_hits_box(a, b, _box(lb)) for w in g.wires
                                     for a, b in zip(w.points, w.points[1:]) if not w.curve):
            bad.append(f"step {lb.text} on a wire")
    return bad


@pytest.mark.parametrize("name", FIGURES)
def test_no_hull_runs_over_a_label_in_the_cost_table_figures(name: str) -> None:
    g = load(ROOT / "gallery" / f"{name}.yaml").geometry
    assert not _hull_problems(g)
    assert all(o.closed for o in g.outlines if o.role == "hull")  # none broken around a label


@pytest.mark.parametrize("spec", [RING, ROOT / "tests" / "specs" / "order-hulls.yaml"], ids=["ring", "order-hulls"])
def test_no_hull_runs_over_a_label_in_a_test_spec(spec) -> None:  # type: ignore[no-untyped-def]
    g = draw(spec).geometry
    assert any(o.role == "hull" for o in g.outlines) and any(lb.role == "leg" for lb in g.labels)
    assert not _hull_problems(g)


def test_an_outline_around_a_row_runs_straight() -> None:
    """Five tensors in a row with their bonds: the outline's top edge between the end tensors stays level
    (the exponential soft minimum bulged a bond's width over each tensor)."""
    discs = [(1.6 * k, 0.0, 0.6) for k in range(5)]
    capsules = [((1.6 * k + 0.3, 0.0), (1.6 * k + 1.3, 0.0), 0.6) for k in range(4)]
    (loop,) = outline(discs, capsules)
    top = [y for x, y in loop if 0.0 <= x <= 6.4 and y > 0]
    assert max(top) - min(top) < 0.04, (min(top), max(top))


def test_a_hull_along_a_ladder_runs_straight_past_every_rung() -> None:
    """A row with rungs hanging from it (08b's outer outlines): the edge above the row stays level, where the
    rungs' ends met the row's capsule the smooth minimum once bulged or dented it."""
    r = 1.21
    capsules = [((0.0, 1.1), (6.4, 1.1), r), ((0.0, 1.1), (0.0, -1.1), r), ((0.0, -1.1), (1.6, -1.1), r),
                ((1.6, 1.1), (1.6, -1.1), r)]
    (loop,) = outline([], capsules)
    top = [y for x, y in loop if -0.05 <= x <= 6.5 and y > 1.1 + r - 0.2]  # thinned: a level edge is two points
    assert max(top) - min(top) < 0.005, (min(top), max(top))
