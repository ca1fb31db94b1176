"""Issue 12's transformer layout, drawn from the einsum with no pins: the residual stream straight up, each
block beside it, its branch leaving the copy and returning to the add at right angles, an attention
block's pasted copies stacked in one column with each weight on its copy's row (tensordiag/layout/flow.py
and blocks.py). Gallery 20a and 18b carry no pins and are drawn so."""

from __future__ import annotations

import pytest

from tensordiag import load
from tensordiag.layout import layout
from tensordiag.measures import measure
from tensordiag.model import Diagram
from tensordiag.network import tensor_id

from .conftest import ROOT


def positions(stem: str) -> dict[str, tuple[float, float]]:
    d = load(ROOT / "gallery" / f"{stem}.yaml").figure
    assert isinstance(d, Diagram)
    assert all(t.at is None for t in d.tensors), "no pins"
    pos = layout(d).positions
    return {t.name: pos[tensor_id(t.name)] for t in d.tensors}


def test_the_mlp_block_branches_off_and_returns_at_right_angles() -> None:
    p = positions("20a-mlp-block")
    assert p["x"][0] == p["C"][0] == p["A"][0], "the stream is one straight vertical line"
    assert p["x"][1] < p["C"][1] < p["A"][1], "input at the bottom"
    assert p["P"][1] == p["C"][1] and p["P"][0] > p["C"][0], "the branch leaves the copy sideways"
    assert p["W_down"][1] == p["A"][1] and p["W_down"][0] > p["A"][0], "and returns to the add sideways"
    assert p["W_up"][1] == p["P"][1] and p["W_up"][0] == p["W_down"][0] > p["P"][0], \
        "W_up on the copy's row, W_down above it on the add's: the column above P stays clear for its seq pos"


def test_the_attention_block_stacks_its_copies_and_puts_each_weight_on_its_copys_row() -> None:
    p = positions("18b-gpt2-vertical")
    assert len({p[n][0] for n in ("x", "C1", "C1k", "C1q", "add1", "C2", "add2")}) == 1
    assert len({p[n][0] for n in ("PK", "PQ", "PV")}) == 1 and p["PK"][0] > p["C1"][0]
    assert len({p[n][1] for n in ("PK", "PQ", "PV")}) == 3
    for paste, weight in (("PK", "W_K"), ("PQ", "W_Q"), ("PV", "W_V")):
        assert p[weight][1] == p[paste][1] and p[weight][0] > p[paste][0]
    assert p["W_O"][1] == p["add1"][1], "the output weight returns to the add at a right angle"
    assert p["add1"][1] > max(p[n][1] for n in ("PK", "PQ", "PV"))
    assert p["W_E"][0] == p["x"][0] == p["C1"][0] == p["W_U"][0], "W_E and W_U on the stream's axis (stream_ends)"


@pytest.mark.parametrize("stem", ["20a-mlp-block", "18b-gpt2-vertical", "22a-two-layer-attention-only"])
def test_unpinned_transformer_figures_have_no_crossings(stem: str) -> None:
    m = measure(load(ROOT / "gallery" / f"{stem}.yaml").geometry)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)


def test_copies_pasted_from_the_input_are_stacked_like_copy_nodes() -> None:
    p = positions("22a-two-layer-attention-only")
    assert len({p[n][0] for n in ("x", "add1", "C2v", "C2k", "C2q", "add2")}) == 1
    assert len({p[n][0] for n in ("V1", "K1", "Q1", "PV2", "PK2", "PQ2")}) == 1, "both layers' copies in one column"
    for paste, weight in (("K1", "W_K1"), ("Q1", "W_Q1"), ("V1", "W_V1"), ("PK2", "W_K2"), ("PQ2", "W_Q2"),
                          ("PV2", "W_V2")):
        assert p[weight][1] == p[paste][1]
    assert p["W_O1"][1] == p["add1"][1] and p["W_O2"][1] == p["add2"][1]
    assert min(y for _, y in p.values()) == p["x"][1], "nothing below the input"


def test_the_unpinned_transformer_figures_fit_a_page() -> None:
    for stem in ("20a-mlp-block", "18b-gpt2-vertical", "22a-two-layer-attention-only"):
        g = load(ROOT / "gallery" / f"{stem}.yaml").geometry
        assert g.bbox[2] - g.bbox[0] <= 17.0 + 1e-9, stem


@pytest.mark.parametrize("stem", ["20a-mlp-block", "18b-gpt2-vertical", "22a-two-layer-attention-only",
                                  "18a-gpt2-horizontal"])
def test_every_bundle_is_labelled_once_in_one_place(stem: str) -> None:
    """Each bundle has exactly one label (its names on one line, or stacked one above the other in order), and
    that label is nearer the bundle than any other bundle: with display names every stream segment reads
    "seq pos, hidden", so labels are told apart by where they sit."""
    from tensordiag.bundles import diagram_bundles
    from tensordiag.geometry.leg_labels import leg_label_text

    drawing = load(ROOT / "gallery" / f"{stem}.yaml")
    d = drawing.figure
    assert isinstance(d, Diagram)
    legs = [lb for lb in drawing.geometry.labels if lb.role == "leg"]
    line_of = {w.index: w.points for w in drawing.geometry.wires}
    bundles = diagram_bundles(d)
    shown = dict(d.index_labels)

    def dist(p: tuple[float, float], pts: tuple[tuple[float, float], ...]) -> float:
        best = float("inf")
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            dx, dy = bx - ax, by - ay
            n = dx * dx + dy * dy
            t = 0.0 if n == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / n))
            best = min(best, ((p[0] - ax - t * dx) ** 2 + (p[1] - ay - t * dy) ** 2) ** 0.5)
        return best

    spots: list[tuple[float, float]] = []
    for b in bundles:
        names = [leg_label_text((i,), d.dim_map, False, shown) for i in b.indices]
        whole = [(lb.x, lb.y) for lb in legs if lb.text == r",\ ".join(names)]
        firsts = [lb for lb in legs if lb.text == names[0]]
        stacked = [(lb.x, lb.y) for lb in firsts
                   if any(o.text == names[1] and abs(o.x - lb.x) < 1e-6 and abs(lb.y - o.y - lb.height) < 1e-6
                          for o in legs)]
        spots += [p for p in whole + stacked if p not in spots]
    # a stream: bundles that read the same text and meet at a node (the residual stream's segments between its
    # copy and add nodes) is labelled once, on one of its segments
    texts = [r",\ ".join(leg_label_text((i,), d.dim_map, False, shown) for i in b.indices) for b in bundles]
    stream = list(range(len(bundles)))
    for j in range(len(bundles)):
        for k in range(j):
            if texts[j] == texts[k] and {bundles[j].start, bundles[j].end} & {bundles[k].start, bundles[k].end} - {""}:
                old, new = stream[j], stream[k]
                stream = [new if s == old else s for s in stream]
    mine: dict[int, int] = {s: 0 for s in stream}
    for p in spots:
        k = min(range(len(bundles)), key=lambda k: dist(p, line_of[bundles[k].indices[0]]))
        mine[stream[k]] += 1
    assert all(n == 1 for n in mine.values()), [(bundles[k].indices, n) for k, n in mine.items() if n != 1]


def test_the_stream_does_not_follow_the_copy_ports_order() -> None:
    """A copy node's outputs listed branch first (stream in, branch, stream out) once made the branch the
    stream: both outputs are whole ports wired straight into another node (the add, and the pasted copy), and
    the tie went to the first. The residual connection (more adds) is the stream, whatever the port order."""
    import yaml

    from tensordiag import draw

    spec = yaml.safe_load((ROOT / "gallery" / "20a-mlp-block.yaml").read_text(encoding="utf-8"))
    spec.pop("title", None)
    swapped = dict(spec, einsum=spec["einsum"].replace("seq_pos hidden seq_pos.1 hidden.1 seq_pos.2 hidden.2",
                                                       "seq_pos hidden seq_pos.2 hidden.2 seq_pos.1 hidden.1"))
    assert swapped["einsum"] != spec["einsum"]
    for s in (spec, swapped):
        at = {sh.name: (sh.x, sh.y) for sh in draw(s).geometry.shapes}
        assert at["x"][0] == at["C"][0] == at["A"][0], at  # the stream: one straight vertical line
        assert at["P"][0] > at["C"][0]  # the branch beside it
