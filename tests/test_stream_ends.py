"""Issue 12: the tensors that start and end the residual stream sit on its axis, as in the post (input x → W_E →
stream … → W_U → logits in one line), their outward legs continuing it, and the wires that would run through
them along the axis step round them at right angles (tensordiag/layout/stream_ends.py). Checked on a small
stream that is not a gallery figure, drawn up (as 18b) and left to right (as 18a)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tensordiag import load
from tensordiag.layout import layout
from tensordiag.measures import measure
from tensordiag.model import Diagram
from tensordiag.network import tensor_id

EPS = 1e-6

STREAM = """
einsum: >-
  einsum(t, E, C, W, A, U,
  "s v, v h, s h s.1 h.1 s.2 h.2, h.2 h.w, s.1 h.1 s.2 h.w s.3 h.3, h.3 v.u -> s.3 v.u")
tensors:
  t: {role: activation}
  E: {role: embedding, label: 'W_E'}
  C: {kind: copy}
  W: {role: weight}
  A: {kind: add}
  U: {role: embedding, label: 'W_U'}
"""


def _drawn(tmp_path: Path, structure: str | None) -> tuple:  # type: ignore[type-arg]
    path = tmp_path / "stream.yaml"
    path.write_text(STREAM + (f"structure: {structure}\n" if structure else ""))
    drawing = load(path)
    diagram = drawing.figure
    assert isinstance(diagram, Diagram)
    return diagram, layout(diagram), drawing.geometry


@pytest.mark.parametrize("structure", [None, "flow-right"])
def test_the_embedding_and_unembedding_sit_on_the_stream_axis(tmp_path: Path, structure: str | None) -> None:
    diagram, placement, geometry = _drawn(tmp_path, structure)
    across = structure == "flow-right"
    pos = {t.name: placement.positions[tensor_id(t.name)] for t in diagram.tensors}

    def side(p: tuple[float, float]) -> float:  # across the stream
        return p[1] if across else p[0]

    def along(p: tuple[float, float]) -> float:
        return p[0] if across else p[1]

    axis = side(pos["C"])
    assert abs(side(pos["A"]) - axis) < EPS, "the stream is one straight line"
    for name in ("t", "E", "U"):
        assert abs(side(pos[name]) - axis) < EPS, f"{name} sits on the stream's axis"
    assert along(pos["t"]) < along(pos["E"]) < along(pos["C"]) < along(pos["A"]) < along(pos["U"]), \
        "input, embedding, stream, unembedding in that order"
    ident = {s.name: s.ident for s in geometry.shapes}
    by_ends = {(w.index, w.ends): w for w in geometry.wires}
    vocab = by_ends[("v", (ident["t"], ident["E"]))]
    logits = next(w for w in geometry.wires if w.index == "v.u")
    for w in (vocab, logits):  # the outward legs are straight and on the axis
        assert len(w.points) == 2 and all(abs(side(p) - axis) < EPS for p in w.points), w
    assert along(logits.points[-1]) > along(pos["U"]), "the logits leave W_U onward, continuing the stream"


@pytest.mark.parametrize("structure", [None, "flow-right"])
def test_the_wires_past_them_step_round_at_right_angles(tmp_path: Path, structure: str | None) -> None:
    diagram, placement, geometry = _drawn(tmp_path, structure)
    stepped = [w for w in geometry.wires if w.index in ("s", "s.3")]
    assert len(stepped) == 2
    for w in stepped:
        assert len(w.points) >= 4 and not w.curve, f"{w.index} steps round: {w.points}"
        for p, q in zip(w.points, w.points[1:]):
            assert abs(p[0] - q[0]) < EPS or abs(p[1] - q[1]) < EPS, f"{w.index} turns at right angles: {w.points}"
    m = measure(geometry)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)


def test_a_stream_without_them_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text("""
einsum: einsum(x, C, W, A, "s h, s h s.1 h.1 s.2 h.2, h.2 h.w, s.1 h.1 s.2 h.w s.3 h.3 -> s.3 h.3")
tensors:
  C: {kind: copy}
  A: {kind: add}
""")
    diagram = load(path).figure
    assert isinstance(diagram, Diagram)
    assert not layout(diagram).routes


def test_the_horizontal_gpt2_labels_each_wire_beside_it_within_a_page() -> None:
    """18a (flow-right): the level bonds' labels (vocab, hidden, head size) fit between their shapes, and W_up's
    hidden sits inside the narrow GELU bubble beside its wire (tensordiag/layout/across.py, geometry/bubbles.py)."""
    from .conftest import ROOT

    geometry = load(ROOT / "gallery" / "18a-gpt2-horizontal.yaml").geometry
    assert geometry.bbox[2] - geometry.bbox[0] <= 17.0
    shapes = {s.name: s for s in geometry.shapes}
    gelu = next(b for b in geometry.bubbles if b.name == "g")
    up = shapes["W_up"]
    inside = [lb for lb in geometry.labels if lb.role == "leg" and lb.text == r"\mathrm{hidden}"
              and gelu.x0 < lb.x - lb.width / 2 and lb.x + lb.width / 2 < gelu.x1 and gelu.y0 < lb.y < up.y]
    assert len(inside) == 1, "W_up's hidden label inside the GELU bubble"
    widths = {lb.text: lb.width for lb in geometry.labels}
    for a, b, text in (("x", "W_E", r"\mathrm{vocab}"), ("W_E", "C1", r"\mathrm{hidden}"),
                       ("add2", "W_U", r"\mathrm{hidden}"), ("W_K", "W_Q", r"\mathrm{head\ size}")):
        gap = shapes[b].x - shapes[a].x - (shapes[a].width + shapes[b].width) / 2
        assert gap >= widths[text], f"room for the {a}-{b} label between the shapes: {gap:.2f} cm"
