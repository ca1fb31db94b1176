"""The transformer layout's rules (issue 12, "A transformer laid out by hand's rules"), measured on the gallery's
transformer figures and on small specs: the residual stream is one straight line, each branch leaves it at a
right angle, no wire but a member's own crosses a softmax bubble's border, a hyperedge dot joining a bubble's
members to tensors outside sits outside it, the figures carry no pins and no primed or numbered labels, and
each fits a page (17 cm)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tensordiag import load
from tensordiag.geometry.elements import BubbleG, Geometry, flatten
from tensordiag.layout.flow import flow_positions
from tensordiag.model import Diagram
from tensordiag.plane import segments_cross

from .conftest import ROOT

GALLERY = ROOT / "gallery"
OWNED = ("18a", "18b", "19a", "19b", "19c", "20a", "20b", "21a", "21b", "21c", "22a",
         "21d", "21e", "22b", "22c", "22d", "22e", "23a", "23a3", "23d")  # the heads strategy's (no stream read)
FIGURES = [p for p in sorted(GALLERY.glob("*.yaml")) if p.stem.split("-")[0] in OWNED]
FLOWS = [p for p in FIGURES if p.stem.split("-")[0] in ("18a", "18b", "19b", "20a", "20b", "21a", "21c", "22a")]
BRANCHED = [p for p in FIGURES if p.stem.split("-")[0] in ("18a", "18b", "20a", "20b", "21c", "22a")]
PAGE = 17.0
"""A figure's widest (cm) at 10 pt."""
EPS = 1e-6


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _spine(diagram: Diagram) -> set[str]:
    flow = flow_positions(diagram)
    assert flow is not None, "no flow"
    return {v.name for v in flow[1]}


def test_every_owned_figure_is_here() -> None:
    assert len(FIGURES) == len(OWNED), _ids(FIGURES)


@pytest.mark.parametrize("spec", FIGURES, ids=_ids(FIGURES))
def test_no_pins_and_no_primed_or_numbered_labels(spec: Path) -> None:
    raw = yaml.safe_load(spec.read_text())
    terms = raw.get("equation") or raw.get("sequence") or [raw]
    pinned = [n for t in terms for n, v in (t.get("tensors") or {}).items() if isinstance(v, dict) and "at" in v]
    assert not pinned, f"{spec.name}: pinned {pinned}"
    geometry = load(spec).geometry
    fixed = {str(v) for t in terms for v in (t.get("values") or {}).values()}  # a leg ending in a value (6)
    fixed |= {"+1" for t in terms for v in (t.get("tensors") or {}).values() if isinstance(v, dict)
              and v.get("kind") == "shift"}  # the shift's mark on its earlier side
    bad = [lb.text for lb in geometry.labels if lb.role == "leg" and lb.text not in fixed
           and ("'" in lb.text or any(c.isdigit() for c in lb.text))]
    assert not bad, f"{spec.name}: leg labels {bad}"


@pytest.mark.parametrize("spec", FIGURES, ids=_ids(FIGURES))
def test_fits_a_page(spec: Path) -> None:
    x0, _, x1, _ = load(spec).geometry.bbox
    assert x1 - x0 <= PAGE, f"{spec.name}: {x1 - x0:.1f} cm wide"


@pytest.mark.parametrize("spec", FLOWS, ids=_ids(FLOWS))
def test_the_stream_is_one_straight_line(spec: Path) -> None:
    drawing = load(spec)
    diagram = drawing.figure
    assert isinstance(diagram, Diagram)
    kinds = {t.name: t.kind for t in diagram.tensors}
    nodes = {n for n in _spine(diagram) if kinds[n] in ("copy", "add")}
    shapes = {s.name: s for s in drawing.geometry.shapes}
    across = diagram.structure == "flow-right"
    line = {round(shapes[n].y if across else shapes[n].x, 6) for n in nodes}
    assert len(line) == 1, f"{spec.name}: the stream's copy and add nodes sit at {sorted(line)}"


@pytest.mark.parametrize("spec", BRANCHED, ids=_ids(BRANCHED))
def test_branches_leave_the_stream_at_right_angles(spec: Path) -> None:
    """Every wire from a copy node on the stream into its block runs straight across, level (or upright, for a
    stream drawn left to right) with the stream's own direction at a right angle to it."""
    drawing = load(spec)
    diagram = drawing.figure
    assert isinstance(diagram, Diagram)
    spine = _spine(diagram)
    copies = {t.name for t in diagram.tensors if t.kind == "copy" and t.name in spine}
    ident = {s.ident: s.name for s in drawing.geometry.shapes}
    across = diagram.structure == "flow-right"
    checked = 0
    for w in drawing.geometry.wires:
        names = {ident.get(e) for e in w.ends}
        if len(names) != 2 or not names & copies or names <= spine or None in names:
            continue
        (ax, ay), (bx, by) = w.points[0], w.points[-1]
        assert len(w.points) == 2 and abs((ax - bx) if across else (ay - by)) < EPS, \
            f"{spec.name}: {w.index} leaves the stream at a slant: {w.points}"
        checked += 1
    assert checked, f"{spec.name}: no branch found"


def _enters(points: list[tuple[float, float]], b: BubbleG) -> bool:
    corners = [(b.x0, b.y0), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1)]
    edges = list(zip(corners, corners[1:] + corners[:1]))
    inside = any(b.x0 + EPS < x < b.x1 - EPS and b.y0 + EPS < y < b.y1 - EPS for x, y in points)
    return inside or any(segments_cross(p, q, c, d) for p, q in zip(points, points[1:]) for c, d in edges)


BUBBLED = [p for p in FIGURES if "bubbles" in p.read_text() and "equation:" not in p.read_text()]


@pytest.mark.parametrize("spec", BUBBLED, ids=_ids(BUBBLED))
def test_no_foreign_wire_crosses_a_bubble(spec: Path) -> None:
    """Only a member's own legs cross a bubble's border (a dot joining members to tensors outside sits outside)."""
    drawing = load(spec)
    diagram = drawing.figure
    assert isinstance(diagram, Diagram)
    geometry = drawing.geometry
    idents = {s.name: s.ident for s in geometry.shapes}
    members = {b.name: {idents[m] for m in b.members if m in idents} for b in diagram.bubbles}
    for bubble in geometry.bubbles:
        for w in geometry.wires:
            if not set(w.ends) & members[bubble.name]:
                assert not _enters(flatten(w), bubble), f"{spec.name}: {w.index} crosses the border of {bubble.name}"


def _load_text(tmp_path: Path, text: str) -> object:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    return load(path)


ATTENTION = """
einsum: >-
  einsum(x, Cv, Ck, Cq, PV, PK, PQ, WV, WK, WQ, WO, A,
  "s h, s h s.a h.a s.v h.v, s.a h.a s.b h.b s.k h.k, s.b h.b s.2 h.2 s.q h.q,
  s.v h.v s.kk h.vv, s.k h.k s.kk h.kk, s.q h.q s.qq h.qq,
  h.vv n d.v, h.kk n d, h.qq n d, n d.v h.o, s.2 h.2 s.qq h.o s.3 h.3 -> s.3 h.3")
tensors:
  Cv: {kind: copy}
  Ck: {kind: copy}
  Cq: {kind: copy}
  PV: {kind: copy, ports: 2}
  PK: {kind: copy, ports: 2}
  PQ: {kind: copy, ports: 2}
  A: {kind: add}
"""


def test_one_copy_node_per_branch_gives_level_branches(tmp_path: Path) -> None:
    shapes = {s.name: s for s in _load_text(tmp_path, ATTENTION).geometry.shapes}  # type: ignore[attr-defined]
    for paste, copy in (("PV", "Cv"), ("PK", "Ck"), ("PQ", "Cq")):
        assert abs(shapes[paste].y - shapes[copy].y) < EPS and shapes[paste].x > shapes[copy].x
    assert len({round(shapes[n].x, 6) for n in ("Cv", "Ck", "Cq", "A")}) == 1
    assert shapes["Cv"].y < shapes["Ck"].y < shapes["Cq"].y < shapes["A"].y
    assert abs(shapes["WO"].y - shapes["A"].y) < EPS  # W_O feeds the add on its row


def test_flow_right_runs_the_stream_left_to_right(tmp_path: Path) -> None:
    text = ATTENTION + "structure: flow-right\n"
    shapes = {s.name: s for s in _load_text(tmp_path, text).geometry.shapes}  # type: ignore[attr-defined]
    assert len({round(shapes[n].y, 6) for n in ("Cv", "Ck", "Cq", "A")}) == 1
    assert shapes["Cv"].x < shapes["Ck"].x < shapes["Cq"].x < shapes["A"].x
    assert shapes["PV"].y > shapes["Cv"].y and abs(shapes["PV"].x - shapes["Cv"].x) < EPS  # the block above


def test_a_rail_hangs_its_dot_below_the_chain(tmp_path: Path) -> None:
    text = """
einsum: "einsum(a, Q, K, b, 'i x, x n d, y n d, j y -> n i j')"
structure: rail
"""
    geometry = _load_text(tmp_path, text).geometry  # type: ignore[attr-defined]
    shapes = {s.name: s for s in geometry.shapes}
    assert len({round(s.y, 6) for s in shapes.values()}) == 1
    (dot,) = geometry.dots
    assert dot.y < shapes["Q"].y and shapes["Q"].x < dot.x < shapes["K"].x


@pytest.mark.parametrize("spec", BRANCHED, ids=_ids(BRANCHED))
def test_skip_wires_into_an_add_turn_at_right_angles(spec: Path) -> None:
    """The query's seq pos (or the MLP copy's) runs from its tensor to the add at right angles: up (or across)
    and then beside the block's own wire into the add, never on a slant."""
    drawing = load(spec)
    diagram = drawing.figure
    assert isinstance(diagram, Diagram)
    spine = _spine(diagram)
    adds = {t.name for t in diagram.tensors if t.kind == "add"}
    ident = {s.ident: s.name for s in drawing.geometry.shapes}
    checked = 0
    for w in drawing.geometry.wires:
        names = {ident.get(e) for e in w.ends}
        if len(names) != 2 or not names & adds or names <= spine or None in names:
            continue
        for (ax, ay), (bx, by) in zip(w.points, w.points[1:]):
            assert abs(ax - bx) < EPS or abs(ay - by) < EPS, f"{spec.name}: {w.index} runs on a slant"
        checked += 1
    assert checked, f"{spec.name}: no wire into an add from its block"


def test_flow_right_without_copy_nodes_runs_left_to_right(tmp_path: Path) -> None:
    text = """
einsum: "einsum(A, B, C, 'i j, j k, k l -> i l')"
structure: flow-right
"""
    shapes = {s.name: s for s in _load_text(tmp_path, text).geometry.shapes}  # type: ignore[attr-defined]
    assert len({round(s.y, 6) for s in shapes.values()}) == 1
    assert shapes["A"].x < shapes["B"].x < shapes["C"].x
