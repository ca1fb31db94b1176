"""The JSON export read back keeps everything (issue 14): render → JSON → render the JSON gives the same SVG
bytes, for every gallery figure (diagrams and equations); an edited position is kept with the spec's colours,
sides and bubbles; an export without its spec (older ones) still reads, lossily."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tensordiag import draw, load
from tensordiag.errors import SpecError
from tensordiag.readback import spec_from_export

from .conftest import ROOT, SPECS

GALLERY = sorted((ROOT / "gallery").glob("*.yaml"))


@pytest.mark.parametrize("spec", GALLERY, ids=lambda p: p.stem)
def test_a_figure_read_back_from_its_json_export_renders_the_same_svg_bytes(spec: Path, tmp_path: Path) -> None:
    drawing = load(spec)
    export = tmp_path / f"{spec.stem}.json"
    export.write_bytes(drawing.render("json"))
    again = load(export)
    assert again.render("svg") == drawing.render("svg")
    assert again.render("json") == export.read_bytes(), "read back and exported again, the export is the same"


def _export(spec: dict[str, object]) -> dict[str, object]:
    return json.loads(draw(spec).render("json"))


STYLED = {"einsum": "einsum(A, x, B, 'i j, j k, k l -> i l')",
          "tensors": {"A": {"color": "pink", "label": "W_{\\uparrow}"}, "B": {"shape": "square", "role": "weight"}},
          "sides": {"i": "down"}, "bubbles": [{"name": "g", "function": "gelu", "members": ["B"]}], "leg_labels": "sizes",
          "dims": {"i": 2, "j": 3, "k": 4, "l": 5}}


def test_an_edited_position_is_pinned_and_the_spec_kept() -> None:
    doc = _export(STYLED)
    assert doc["spec"] == STYLED and "drawn_at" in doc
    doc["tensors"][1].update(x=1.25, y=-1.5)  # move x by hand
    spec = spec_from_export(doc)
    assert spec["tensors"]["x"] == {"at": [1.25, -1.5]}
    assert spec["tensors"]["A"] == {"color": "pink", "label": "W_{\\uparrow}", "at": [doc["tensors"][0]["x"],
                                                                                     doc["tensors"][0]["y"]]}
    assert spec["sides"] == STYLED["sides"] and spec["bubbles"] == STYLED["bubbles"]
    again = json.loads(draw(doc).render("json"))
    assert [(t["name"], t["x"], t["y"]) for t in again["tensors"]][1] == ("x", 1.25, -1.5)
    assert draw(doc).render("svg") == draw(spec).render("svg")
    assert draw(doc).figure.tensors[0].color == draw(STYLED).figure.tensors[0].color


def test_an_unedited_export_is_its_spec_without_pins() -> None:
    doc = _export(STYLED)
    assert spec_from_export(doc) == STYLED
    doc["tensors"][0]["x"] = float(doc["tensors"][0]["x"])  # 0 written as 0.0: the same position
    assert spec_from_export(doc) == STYLED


def test_an_equation_export_pins_each_term_once_edited() -> None:
    doc = json.loads(load(SPECS / "notation-svd.yaml").render("json"))
    assert spec_from_export(doc) == doc["spec"]
    first = doc["terms"][0]["tensors"][0]
    first["x"] += 0.5
    spec = spec_from_export(doc)
    key = "equation" if "equation" in spec else "sequence"
    assert spec[key][0]["tensors"][first["name"]]["at"] == [first["x"], first["y"]]
    assert draw(spec).render("json")


def test_an_export_without_its_spec_still_reads_with_positions_pinned() -> None:
    doc = _export(STYLED)
    del doc["spec"], doc["drawn_at"]
    spec = spec_from_export(doc)
    assert spec["tensors"]["B"]["shape"] == "square" and spec["tensors"]["B"]["at"] == [doc["tensors"][2]["x"],
                                                                                       doc["tensors"][2]["y"]]
    assert "sides" not in spec  # what the older export does not hold is not restored


def test_a_drawing_with_a_seed_always_pins() -> None:
    doc = json.loads(draw(STYLED, seed=3).render("json"))
    assert "drawn_at" not in doc and spec_from_export(doc)["tensors"]["x"]["at"] == [doc["tensors"][1]["x"],
                                                                                      doc["tensors"][1]["y"]]


def test_the_callers_dict_is_not_the_one_carried() -> None:
    mine = json.loads(json.dumps(STYLED))
    drawing = draw(mine)
    mine["tensors"]["A"]["color"] = "blue"
    assert json.loads(drawing.render("json"))["spec"]["tensors"]["A"]["color"] == "pink"


def test_an_edited_contraction_sequence_is_refused_in_one_line() -> None:
    doc = json.loads(load(ROOT / "tests/specs/order-sequence.yaml").render("json"))
    assert spec_from_export(doc) == doc["spec"]  # unedited: the spec, which draws the sequence again
    doc["terms"][0]["tensors"][0]["x"] += 1
    with pytest.raises(SpecError, match="the export's terms are not its spec's"):
        spec_from_export(doc)
