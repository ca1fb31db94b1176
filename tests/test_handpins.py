"""Pins for junction dots, split and merge points (``junctions``) and leg labels (``label_offsets``), issue 15:
read and checked, kept by the layout, drawn in SVG and TikZ, written by the editor's server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tensordiag import draw
from tensordiag.edit.server import Editor
from tensordiag.edit.specfile import write_pin
from tensordiag.errors import SpecError
from tensordiag.handpins import junction_points
from tensordiag.layout import layout
from tensordiag.network import NodeId

HYPER = {"einsum": "a,ab,abc->abc"}


def _labels(d, key):  # type: ignore[no-untyped-def]
    return [lb for lb in d.geometry.labels if lb.key == key]


def test_a_pinned_dot_stays_where_the_spec_says_in_every_output() -> None:
    d = draw({**HYPER, "junctions": {"a": [0.5, 1.5]}})
    dot = next(x for x in d.geometry.dots if x.index == "a")
    assert (dot.x, dot.y) == (0.5, 1.5) and dot.pinned
    assert r"\coordinate (dot-a) at (0.5,1.5);" in d.tikz()
    assert not next(x for x in d.geometry.dots if x.index == "b").pinned  # the other dot follows its tensors
    assert draw({**HYPER, "junctions": {"a": [0.5, 1.5]}}).svg() == d.svg()  # same bytes again
    assert draw(HYPER).svg() != d.svg()


def test_a_pinned_dot_among_pinned_tensors_is_held_while_the_rest_settles() -> None:
    spec = {**HYPER, "tensors": {"A": {"at": [0, 0]}, "B": {"at": [3, 0]}, "C": {"at": [3, -2]}},
            "junctions": {"a": [1, 2]}}
    d = draw(spec)
    positions = layout(d.figure).positions
    assert positions[NodeId("dot", "a")] == (1, 2)
    assert d.check().ok


def test_a_label_sits_at_its_offset_from_its_wire_and_the_others_keep_clear() -> None:
    base = draw({"einsum": "ij,jk->ik"})
    (j,) = _labels(base, "j")
    moved = draw({"einsum": "ij,jk->ik", "label_offsets": {"j": [0.5, -0.75]}})
    (m,) = _labels(moved, "j")
    assert m.base == j.base and (m.x, m.y) == pytest.approx((j.base[0] + 0.5, j.base[1] - 0.75))
    free = draw({"einsum": "ij,jk->ik", "label_offsets": {"i": [0, 1]}})
    (i,) = _labels(free, "i")
    assert (i.x, i.y) == pytest.approx((i.base[0], i.base[1] + 1))  # a free leg's: from its open end
    hyper = draw({**HYPER, "label_offsets": {"b": [0, 0.5]}})
    (b,) = _labels(hyper, "b")
    dot = next(x for x in hyper.geometry.dots if x.index == "b")
    assert b.base == (dot.x, dot.y)  # a hyperedge's: from its dot


def test_a_bundle_label_is_moved_by_any_of_its_indices(tmp_path: Path) -> None:
    from .conftest import ROOT

    spec = tmp_path / "gpt2.yaml"
    spec.write_text((ROOT / "gallery" / "18a-gpt2-horizontal.yaml").read_text(encoding="utf-8")
                    + "label_offsets: {hidden.a: [0, -1]}\n", encoding="utf-8")
    d = draw(spec)
    (lb,) = _labels(d, "seq_pos.a")
    assert "hidden" in lb.text and (lb.x, lb.y) == pytest.approx((lb.base[0], lb.base[1] - 1))
    assert sum("hidden" in x.text and "seq" in x.text for x in d.geometry.labels) == 1  # the stream: once


def test_split_and_merge_points_are_named_and_pinned() -> None:
    d = draw({"tensors": {"T": {"legs": "(i j) k"}, "A": {"legs": "i j l"}}, "output": ["k", "l"]})
    names = junction_points(d.figure)
    assert names == {"T (i j)": NodeId("split", "T", "0")}
    pinned = draw({"tensors": {"T": {"legs": "(i j) k"}, "A": {"legs": "i j l"}}, "output": ["k", "l"],
                   "junctions": {"T (i j)": [1, 1.5]}})
    assert layout(pinned.figure).positions[NodeId("split", "T", "0")] == (1, 1.5)
    merged = draw("rearrange(T, 'i j k l -> (i l) (k j)')")
    assert set(junction_points(merged.figure)) == {"(i l)", "(k j)"}
    held = draw({"einsum": "rearrange(T, 'i j k l -> (i l) (k j)')", "junctions": {"(i l)": [-2, 2]}})
    assert layout(held.figure).positions[NodeId("merge", "0")] == (-2, 2)
    assert r"\coordinate (merge-1) at (-2,2);" in held.tikz()
    assert held.check().ok


def test_a_python_diagram_is_checked_too() -> None:
    from dataclasses import replace

    d = draw(HYPER).figure
    with pytest.raises(SpecError, match="junctions.z: 'z' is no junction dot"):
        replace(d, junctions=(("z", (0.0, 0.0)),))
    with pytest.raises(SpecError, match="label_offsets.a"):
        replace(d, label_offsets=(("a", (0.0, 1e9)),))


def test_an_equation_term_takes_them(tmp_path: Path) -> None:
    spec = {"equation": [{"einsum": "a,ab,abc->abc", "junctions": {"a": [0, 2]}, "label_offsets": {"c": [0, 0.4]}},
                         {"op": "=", "einsum": "a,ab,abc->abc"}]}
    d = draw(spec)
    assert d.check().ok
    assert len([lb for lb in d.geometry.labels if lb.key == "c"]) == 2


YAML = """\
# a hyperedge (the comment stays)
einsum: "a,ab,abc->abc"   # checked
"""


def test_the_server_writes_junctions_and_label_offsets_and_nothing_else(tmp_path: Path) -> None:
    spec = tmp_path / "h.yaml"
    spec.write_text(YAML, encoding="utf-8")
    editor = Editor(spec)
    state = editor.state()
    assert [p["key"] for p in state["points"]] == ["a", "b"]
    assert {lb["key"] for lb in state["labels"] if "key" in lb} == {"a", "b", "c"}
    editor.pin({"junction": "a", "at": [0.5, 1.5]})
    editor.pin({"label": "c", "at": [0.25, 0]})
    assert spec.read_text(encoding="utf-8") == YAML + "junctions: {a: [0.5, 1.5]}\nlabel_offsets: {c: [0.25, 0]}\n"
    state = editor.state()
    assert next(p for p in state["points"] if p["key"] == "a")["at"] == [0.5, 1.5]
    assert draw(spec).svg() == state["svg"]
    editor.pin({"junction": "a", "at": None})
    editor.pin({"label": "c", "at": None})
    assert spec.read_text(encoding="utf-8") == YAML  # unpinned: as it was
    for bad in ({"junction": "c", "at": [0, 0]}, {"label": "zz", "at": [0, 0]}, {"junction": "a", "name": "A", "at": None},
                {"label": "c", "at": [0, 0], "path": "/etc/passwd"}):
        with pytest.raises(SpecError):
            editor.pin(bad)
    assert spec.read_text(encoding="utf-8") == YAML


def test_json_specs_get_them_as_json(tmp_path: Path) -> None:
    spec = tmp_path / "h.json"
    spec.write_text(json.dumps(HYPER, indent=2) + "\n", encoding="utf-8")
    write_pin(spec, "b", (1, -1), None, "junctions")
    assert json.loads(spec.read_text(encoding="utf-8")) == {**HYPER, "junctions": {"b": [1, -1]}}
    write_pin(spec, "b", None, None, "junctions")
    assert json.loads(spec.read_text(encoding="utf-8")) == HYPER


def test_a_per_head_term_drops_the_pins_of_what_it_does_not_draw(tmp_path: Path) -> None:
    from .conftest import ROOT

    text = (ROOT / "gallery" / "21a2-attention-sum-over-heads.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "heads.yaml"  # the per-head term's h is a hyperedge: its dot and label are not drawn
    spec.write_text(text.replace("    per: [h]\n", "    per: [h]\n    junctions: {h: [1, 1]}\n"
                                 "    label_offsets: {h: [0, 1], size: [0, 0.3]}\n"), encoding="utf-8")
    d = draw(spec)
    sizes = [lb for lb in d.geometry.labels if lb.key == "size"]  # one per term that draws head size
    assert sum(abs(lb.x - lb.base[0]) < 1e-9 and abs(lb.y - lb.base[1] - 0.3) < 1e-9 for lb in sizes) == 1
    assert d.check().ok
