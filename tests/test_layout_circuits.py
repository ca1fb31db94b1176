"""Circuits held out from the circuit strategy's making (issue 13): brick walls of other sizes, one-qubit gates
between the two-qubit ones, three-qubit gates and a nearest-neighbour QFT-like ladder, each generated here.
Each is recognised as a circuit and drawn as one: qubit lines straight and horizontal, no crossing, no wire
through a gate, a gate spanning exactly its lines, gates that can share a time column sharing it."""

from __future__ import annotations

import sys

import pytest

from tensordiag import draw
from tensordiag.layout import layout
from tensordiag.measures import measure
from tensordiag.network import tensor_id

from .conftest import ROOT
from .test_layout_kinds import _kind

sys.path.insert(0, str(ROOT / "bench"))
import networks  # noqa: E402


def circuit(qubits: int, gates: list[tuple[str, list[int]]]) -> str:
    """An einsum of ``gates`` (name, its qubits) applied in order; every line's ends are free legs."""
    wire = {q: 0 for q in range(qubits)}
    names, ops = [], []
    for name, on in gates:
        ins = [f"q{q}_{wire[q]}" for q in on]
        for q in on:
            wire[q] += 1
        names.append(name)
        ops.append(ins + [f"q{q}_{wire[q]}" for q in on])
    out = [f"q{q}_0" for q in range(qubits)] + [f"q{q}_{wire[q]}" for q in range(qubits)]
    return networks.call(names, ops, out)


QFT_NN = circuit(4, [g for i in range(4) for g in [(f"H{i}", [i])] + [(f"P{i}{j}", [j - 1, j]) for j in range(i + 1, 4)]])
THREE = circuit(5, [("A", [0, 1, 2]), ("B", [2, 3, 4]), ("H1", [1]), ("C", [1, 2, 3]), ("X0", [0]), ("X4", [4]),
                    ("D", [0, 1])])
ONE_AND_TWO = circuit(4, [("H0", [0]), ("H1", [1]), ("H2", [2]), ("H3", [3]), ("C01", [0, 1]), ("C23", [2, 3]),
                          ("Z0", [0]), ("Z3", [3]), ("C12", [1, 2]), ("T1", [1])])
HELD_OUT = {"brickwork 8x8": networks.brickwork(8, 8), "brickwork 5x3": networks.brickwork(5, 3),
            "brickwork 12x10": networks.brickwork(12, 10), "qft-like ladder": QFT_NN, "three-qubit gates": THREE,
            "one- and two-qubit gates": ONE_AND_TWO}


@pytest.mark.parametrize("name", HELD_OUT)
def test_a_held_out_circuit_is_drawn_as_a_circuit(name: str) -> None:
    e = HELD_OUT[name]
    assert _kind(e) == "circuit"
    d = draw(e)
    m = measure(d.geometry)
    assert (m.crossings, m.overlaps, m.foreign, m.octilinear) == (0, 0, 0, 1.0)
    for w in d.geometry.wires:  # every qubit line straight and horizontal
        if w.role in ("bond", "free"):
            assert abs(w.points[0][1] - w.points[-1][1]) < 1e-6


def test_one_qubit_gates_share_a_column_and_a_three_qubit_gate_spans_three_lines() -> None:
    pos = layout(draw(ONE_AND_TWO).figure).positions
    column = {name: pos[tensor_id(name)][0] for name in ("H0", "H1", "H2", "H3", "C01", "C23", "Z0", "Z3")}
    assert len({column[h] for h in ("H0", "H1", "H2", "H3")}) == 1, "the first layer of Hadamards in one column"
    assert column["C01"] == column["C23"] and column["Z0"] == column["Z3"]
    assert column["H0"] < column["C01"] < column["Z0"]
    placed = layout(draw(THREE).figure)
    line = {q: placed.positions[tensor_id(g)][1] for q, g in ((0, "X0"), (4, "X4"))}
    lo, hi = placed.spans[tensor_id("B")]
    assert hi - lo == pytest.approx(2 * (line[0] - line[4]) / 4)  # lines 2 to 4: two gaps of the five lines' four


def test_the_qft_like_ladder_keeps_each_line_in_order() -> None:
    ends = {w.index: w.points for w in draw(QFT_NN).geometry.wires if w.role == "free"}
    ys = [ends[f"q{q}_0"][0][1] for q in range(4)]
    assert ys == sorted(ys, reverse=True), "qubit 0 on top"
