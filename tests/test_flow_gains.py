"""Issue 12: a gain vector (a layer norm's γ: one leg into a three-leg delta dot on a branch's wire) in a flow. Its dot
stays on the branch, in line with the wire, and the vector hangs beside the dot at a right angle, once per branch
that reads the norm, as the tracer draws it (tensordiag/layout/gains.py); the block keeps its arrangement and the
figure its 0 crossings. Gallery 25d keeps nanoGPT's gains so."""

from __future__ import annotations

from pathlib import Path

from tensordiag import load
from tensordiag.layout import layout
from tensordiag.layout.gains import hung_gains
from tensordiag.measures import measure
from tensordiag.model import Diagram
from tensordiag.network import tensor_id

from .conftest import ROOT

EPS = 1e-6

BRANCH = """
einsum: >-
  einsum(x, C, P, g, d, W, A,
  "s h, s h s.1 h.1 s.2 h.2, s.2 h.2 s.3 h.3, h.g, h.3 h.g h.4, h.4 h.w, s.1 h.1 s.3 h.w s.5 h.5 -> s.5 h.5")
tensors:
  x: {role: activation}
  C: {kind: copy}
  P: {kind: copy, ports: 2}
  g: {role: weight, label: '\\gamma'}
  d: {kind: delta, shape: dot}
  W: {role: weight}
  A: {kind: add}
bubbles:
  - {name: n, function: layernorm, members: [P], label: LN}
"""


def _positions(diagram: Diagram) -> dict[str, tuple[float, float]]:
    pos = layout(diagram).positions
    return {t.name: pos[tensor_id(t.name)] for t in diagram.tensors}


def _hangs_at_a_right_angle(p: dict[str, tuple[float, float]], gain: str, dot: str, a: str, b: str) -> None:
    (ax, ay), (bx, by), (dx, dy), (gx, gy) = p[a], p[b], p[dot], p[gain]
    assert abs((bx - ax) * (dy - ay) - (by - ay) * (dx - ax)) < EPS, f"{dot} on the wire from {a} to {b}"
    assert abs((bx - ax) * (gx - dx) + (by - ay) * (gy - dy)) < EPS, f"{gain} off the wire at a right angle"
    assert (gx, gy) != (dx, dy)


def test_a_gain_hangs_beside_its_dot_on_a_branch(tmp_path: Path) -> None:
    path = tmp_path / "branch.yaml"
    path.write_text(BRANCH)
    drawing = load(path)
    diagram = drawing.figure
    assert isinstance(diagram, Diagram)
    assert hung_gains(diagram) == {"g": "d"}
    p = _positions(diagram)
    assert p["x"][0] == p["C"][0] == p["A"][0], "the stream is straight"
    assert p["P"][1] == p["C"][1] and p["W"][1] in (p["P"][1], p["A"][1]), "the branch leaves level"
    _hangs_at_a_right_angle(p, "g", "d", "P", "W")
    m = measure(drawing.geometry)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)


def test_nanogpt_keeps_its_layer_norm_gains_one_per_branch() -> None:
    drawing = load(ROOT / "gallery" / "25d-traced-nanogpt-block.yaml")
    diagram = drawing.figure
    assert isinstance(diagram, Diagram)
    gains = hung_gains(diagram)
    assert len(gains) == 4, gains  # ln_1's gain in the query, key and value branches, ln_2's in the MLP's
    p = _positions(diagram)
    holders: dict[str, list[str]] = {}
    for t in diagram.tensors:
        for i in t.indices:
            holders.setdefault(i, []).append(t.name)
    for gain, dot in gains.items():
        ends = [n for i in next(t for t in diagram.tensors if t.name == dot).indices for n in holders[i]
                if n not in (dot, gain)]
        _hangs_at_a_right_angle(p, gain, dot, *ends)
        assert abs(p[ends[0]][1] - p[ends[1]][1]) < EPS, f"{dot}'s branch runs level"
    m = measure(drawing.geometry)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)
    x0, _, x1, _ = drawing.geometry.bbox
    assert x1 - x0 <= 17.0
