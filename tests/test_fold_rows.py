"""A chain folded onto rows reads like text: every row left to right in the chain's order, and the bond from one
row's end to the next row's start returns down, back under the row and down again, crossing nothing and passing
through no shape and no label (issue 12: 21a2 and 23a2 once ran their second row right to left)."""

from __future__ import annotations

import string

import pytest

from tensordiag import draw, load
from tensordiag.geometry.elements import flatten
from tensordiag.layout.fold import cells, fold_chain, returns
from tensordiag.layout.graph import Shaped
from tensordiag.measures import measure
from tensordiag.network import NodeId
from tensordiag.plane import segment_enters_circle, segment_hits_box

from .conftest import ROOT

LETTERS = string.ascii_lowercase


def _chain(n: int, **keys):  # type: ignore[no-untyped-def]
    """A matrix product of ``n`` tensors T0 … T(n-1), too long for a page when n is large."""
    legs = ",".join(LETTERS[k] + LETTERS[k + 1] for k in range(n))
    names = ", ".join(f"T{k}" for k in range(n))
    return draw({"einsum": f"einsum({names}, '{legs}->{LETTERS[0]}{LETTERS[n]}')", "structure": "chain", **keys})


def test_cells_run_every_row_left_to_right() -> None:
    assert cells(7, 3) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0)]


def test_fold_sets_every_row_left_to_right_and_routes_the_returns() -> None:
    nodes = [NodeId("tensor", f"T{k}") for k in range(12)]
    line = Shaped("chain", {v: (float(k), 0.0) for k, v in enumerate(nodes)})
    folded = fold_chain(line, 2.5, [], {})
    rows: dict[float, list[float]] = {}
    for v in nodes:  # in the chain's order
        x, y = folded.positions[v]
        rows.setdefault(y, []).append(x)
    assert len(rows) >= 2
    for xs in rows.values():
        assert xs == sorted(xs) and len(set(xs)) == len(xs), xs
    assert set(folded.bends) == {(a, b) for a, b in zip(nodes, nodes[1:])
                                 if folded.positions[b][1] < folded.positions[a][1]}
    for (a, b), (start, p, q, end) in folded.bends.items():  # from a's centre down, back level, down into b's
        (ax, ay), (bx, by) = folded.positions[a], folded.positions[b]
        assert start == (ax, ay) and end == (bx, by)
        assert p[0] == ax and q[0] == bx and p[1] == q[1] and by < p[1] < ay
    assert returns(nodes[:2], {nodes[0]: (0.0, 0.0), nodes[1]: (1.0, 0.0)}, 1.3) == {}


def test_a_folded_chain_drawn_reads_left_to_right_with_a_clean_return() -> None:
    g = _chain(13).geometry
    assert g.bbox[2] - g.bbox[0] <= 17.0
    shapes = {s.ident: s for s in g.shapes}
    order = [shapes[f"T{k}"] for k in range(13)]
    rows = sorted({round(s.y, 3) for s in order}, reverse=True)
    assert len(rows) >= 2
    for y in rows:
        xs = [s.x for s in order if round(s.y, 3) == y]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
    m = measure(g)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)
    bent = [w for w in g.wires if len(flatten(w)) == 4]
    assert len(bent) == len(rows) - 1
    labels = [lb for lb in g.labels]
    for w in bent:
        pts = flatten(w)
        a, b = (shapes[e] for e in w.ends)
        assert {round(p[0], 6) for p in pts[:2]} == {round(a.x, 6)} or {round(p[0], 6) for p in pts[:2]} == {round(b.x, 6)}
        assert pts[1][1] == pts[2][1]  # back along one level
        for p, q in zip(pts, pts[1:]):
            for s in order:
                if s.ident not in w.ends:
                    assert not segment_enters_circle(p, q, (s.x, s.y), s.radius), (w.index, s.ident)
            for lb in labels:
                box = (lb.x - lb.width / 2, lb.y - lb.height / 2, lb.x + lb.width / 2, lb.y + lb.height / 2)
                assert not segment_hits_box(p, q, box), (w.index, lb.text)


def test_open_legs_keep_off_the_returning_bond() -> None:
    """A row's first tensor takes the returning bond from above, so its open leg leaves down or left; the tensor
    before it, at its row's end, sends its bond down, so its open leg leaves up or right."""
    spec = {"einsum": "einsum(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, "
                      "'ab,bcx,cd,dey,ef,fgv,ghz,hi,ij,jkw,kl,lm->amxyzwv')", "structure": "chain"}
    g = draw(spec).geometry
    m = measure(g)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)
    ys = sorted({round(s.y, 3) for s in g.shapes}, reverse=True)
    assert len(ys) == 2
    first = min((s for s in g.shapes if round(s.y, 3) == ys[1]), key=lambda s: s.x)
    end = max((s for s in g.shapes if round(s.y, 3) == ys[0]), key=lambda s: s.x)
    legs = {w.ends[0]: flatten(w)[-1] for w in g.wires if w.role == "free"}
    assert legs[first.ident][1] < first.y - 0.1 or legs[first.ident][0] < first.x - 0.1
    assert legs[end.ident][1] > end.y + 0.1 or legs[end.ident][0] > end.x + 0.1


@pytest.mark.parametrize("name", ["21a2-attention-sum-over-heads", "23a2-virtual-head-matrix-chain"])
def test_the_gallery_chains_fold_into_rows_read_left_to_right(name: str) -> None:
    """21a2's per-head term and 23a2: two rows, each left to right in the chain's order, one returning bond that
    passes through no shape, no label and no bubble's box but its own tensors'."""
    g = load(ROOT / "gallery" / f"{name}.yaml").geometry
    bent = [w for w in g.wires if len(flatten(w)) == 4 and not w.curve]
    assert len(bent) == 1
    (w,) = bent
    pts = flatten(w)
    shapes = {s.ident: s for s in g.shapes}
    a, b = shapes[w.ends[0]], shapes[w.ends[1]]
    upper, lower = (a, b) if a.y > b.y else (b, a)
    assert lower.x < upper.x  # from the end of the row above back to the start of the row below
    row = sorted((s for s in g.shapes if abs(s.y - lower.y) < 1e-6), key=lambda s: s.x)
    assert row[0] is lower
    for p, q in zip(pts, pts[1:]):
        for s in g.shapes:
            if s.ident not in w.ends:
                assert not segment_enters_circle(p, q, (s.x, s.y), s.radius or s.width / 2), s.ident
        for lb in g.labels:
            box = (lb.x - lb.width / 2, lb.y - lb.height / 2, lb.x + lb.width / 2, lb.y + lb.height / 2)
            assert not segment_hits_box(p, q, box), lb.text
    level = pts[1][1]
    for bubble in g.bubbles:  # the level stretch runs below the row's bubble, not through it
        assert not (bubble.y0 < level < bubble.y1 and bubble.x0 < max(pts[1][0], pts[2][0])
                    and min(pts[1][0], pts[2][0]) < bubble.x1)
