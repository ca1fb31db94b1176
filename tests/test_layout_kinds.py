"""Circuits and lattices (issue 13): each recognised, drawn without crossings, its bonds even.

The networks are generated here, by the benchmark's generators (bench/networks.py), not written for
the layout; the measures are :mod:`tensordiag.measures`'. Times stay in the benchmark.
"""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

from tensordiag import draw
from tensordiag.errors import TensordiagError
from tensordiag.layout import layout
from tensordiag.measures import measure
from tensordiag.network import tensor_id

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import networks  # noqa: E402


def _kind(einsum: str, structure: str | None = None) -> str:
    from tensordiag.layout.graph import Graph
    from tensordiag.layout.registry import shape_component
    from tensordiag.layout.tall import legs_of
    from tensordiag.network import build_network

    d = draw(einsum).figure
    network = build_network(d)
    core = [n.id for n in network.nodes if n.kind == "tensor"]
    edges = [(w.a.node, w.b.node) for w in network.wires if not w.free and not w.loop]
    free: dict = {}
    for w in network.wires:
        if w.free:
            free[w.a.node] = free.get(w.a.node, 0) + 1
    return shape_component(Graph(core, edges, free, legs=legs_of(network)), structure, 0).kind


# --- circuits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("qubits, layers", [(6, 4), (4, 3), (5, 6), (2, 3)])
def test_a_brickwork_circuit_is_a_brick_wall(qubits: int, layers: int) -> None:
    d = draw(networks.brickwork(qubits, layers))
    m = measure(d.geometry)
    assert (m.crossings, m.overlaps, m.foreign, m.octilinear) == (0, 0, 0, 1.0)
    if qubits == 2:  # two qubits: every gate on both lines, a chain of tall gates
        return
    pos = layout(d.figure).positions
    placed = layout(d.figure)
    free = {w.index: w.points for w in d.geometry.wires if w.role == "free"}
    gap = free["q0_0"][0][1] - free["q1_0"][0][1]
    assert gap > 0
    for layer in range(1, layers + 1):  # a layer's gates share one time column, each tall across its two lines
        gates = [tensor_id(f"G{layer}_{q}") for q in range((layer - 1) % 2, qubits - 1, 2)]
        assert len({pos[g][0] for g in gates}) == 1
        for g in gates:
            lo, hi = placed.spans[g]
            assert hi - lo == pytest.approx(gap)
    columns = sorted({round(pos[tensor_id(f"G{layer}_0")][0], 6) for layer in range(1, layers + 1, 2)})
    assert columns == sorted(columns) and len(columns) == (layers + 1) // 2  # time runs left to right
    bonds = [w for w in d.geometry.wires if w.role in ("bond", "free")]
    assert all(abs(w.points[0][1] - w.points[-1][1]) < 1e-6 for w in bonds), "every qubit line horizontal"


def test_the_6x4_brickwork_lines_stack_in_qubit_order_with_inputs_left() -> None:
    d = draw(networks.brickwork(6, 4))
    ends = {w.index: w.points for w in d.geometry.wires if w.role == "free"}
    ys = [ends[f"q{q}_0"][0][1] for q in range(6)]
    assert ys == sorted(ys, reverse=True), "qubit 0 on top"
    assert all(ends[f"q{q}_0"][-1][0] < ends[f"q{q}_0"][0][0] for q in range(6)), "inputs leave to the left"
    outs = {round(ends[i][-1][0], 6) for i in ("q0_2", "q1_4", "q2_4", "q3_4", "q4_4", "q5_2")}
    assert len(outs) == 1, "every output leg ends at one right edge"


def test_circuits_with_one_qubit_gates_states_and_measurements() -> None:
    # |0> states, a Hadamard, a CNOT, a phase, then effects: lines start and end at the one-sided tensors
    e = "einsum(S0, S1, H, CX, P, M0, M1, 'a, b, a c, c b d e, e f, d, f -> ')"
    assert _kind(e) == "circuit"
    m = measure(draw(e).geometry)
    assert (m.crossings, m.foreign, m.octilinear) == (0, 0, 1.0)


def test_what_is_not_a_circuit_is_not_taken_for_one() -> None:
    assert _kind(networks.mps(6)) == "chain"
    assert _kind(networks.random_regular(3, 12, seed=1)) == "planar"  # planar, and no circuit
    assert _kind("einsum(A, B, C, 'a b c d, c d e f, e f a b -> ')") != "circuit"  # time runs in a circle
    with pytest.raises(TensordiagError, match="not a circuit"):
        _kind(networks.random_regular(3, 12, seed=1), "circuit")


# --- lattices -------------------------------------------------------------------------------------


LATTICES = {
    "honeycomb 2x3": networks.honeycomb(2, 3),
    "honeycomb 3x3": networks.honeycomb(3, 3),
    "triangular 3x4": networks.triangular(3, 4),
    "triangular 4x6": networks.triangular(4, 6),
    "kagome 2x2": networks.kagome(2, 2),
    "kagome 2x3": networks.kagome(2, 3),
}


@pytest.mark.parametrize("name", LATTICES)
def test_a_lattice_patch_is_drawn_in_its_own_geometry(name: str) -> None:
    assert _kind(LATTICES[name]) == "lattice"
    m = measure(draw(LATTICES[name]).geometry)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)
    assert m.bond_cv <= 0.01, "every bond one length"
    assert m.octilinear >= 0.3, "one bond direction in three is horizontal or vertical (60° lattices allow no more)"


@pytest.mark.parametrize("name", ["honeycomb 2x3", "kagome 2x2"])
def test_every_lattice_bond_is_at_a_multiple_of_60_degrees(name: str) -> None:
    import math

    pos = layout(draw(LATTICES[name]).figure).positions
    g = nx.Graph()
    for w in layout(draw(LATTICES[name]).figure).network.wires:
        if not w.free:
            a, b = pos[w.a.node], pos[w.b.node]
            angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0])) % 60
            assert min(angle, 60 - angle) < 1e-4 or abs(angle - 30) < 1e-4
            g.add_edge(w.a.node, w.b.node)


def test_what_is_not_a_lattice_is_not_taken_for_one() -> None:
    assert _kind(networks.peps(4, 4)) == "grid"
    assert _kind(networks.ring(12)) == "ring"
    assert _kind(networks.random_regular(3, 20, seed=0)) == "force"
    k4 = "einsum(A, B, C, D, 'a b c, a d e, b d f, c e f -> ')"
    assert _kind(k4) == "force"
    with pytest.raises(TensordiagError, match="not a lattice"):
        _kind(networks.random_regular(3, 20, seed=0), "lattice")


def test_a_pin_still_wins_over_a_lattice() -> None:
    spec = {"einsum": networks.kagome(2, 2), "tensors": {"T1": {"at": [3.0, -2.0]}}}
    assert layout(draw(spec).figure).positions[tensor_id("T1")] == (3.0, -2.0)


def test_circuits_and_lattices_are_the_same_in_another_process() -> None:
    code = ("import sys; sys.path.insert(0, 'bench'); import networks; from tensordiag import draw; "
            "print(draw(networks.kagome(2, 2)).render('json')); print(draw(networks.brickwork(6, 4)).render('json'))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=True).stdout
            for seed in ("1", "77")}
    assert len(runs) == 1


# --- tori, 3-D grids, layered networks ----------------------------------------------------------


@pytest.mark.parametrize("rows, cols", [(4, 4), (3, 5), (5, 5), (6, 6), (4, 8)])
def test_a_torus_is_the_open_grid_with_wrap_around_arcs(rows: int, cols: int) -> None:
    e = networks.torus(rows, cols)
    assert _kind(e) == "torus"
    d = draw(e)
    m = measure(d.geometry)
    assert (m.overlaps, m.foreign) == (0, 0)
    curved = [w for w in d.geometry.wires if w.curve]
    assert len(curved) == rows + cols, "one arc per row and per column"
    straight = [w for w in d.geometry.wires if w.role == "bond" and not w.curve]
    for w in straight:  # the open grid: every other bond across or down, between neighbours
        (ax, ay), (bx, by) = w.points[0], w.points[-1]
        assert abs(ax - bx) < 1e-6 or abs(ay - by) < 1e-6
    pos = layout(d.figure).positions
    xs = sorted({round(pos[tensor_id(t.name)][0], 6) for t in d.figure.tensors})
    ys = sorted({round(pos[tensor_id(t.name)][1], 6) for t in d.figure.tensors})
    assert (len(ys), len(xs)) == (rows, cols)


def test_the_4x4_torus_crosses_no_more_than_the_force_layout_did() -> None:
    m = measure(draw(networks.torus(4, 4)).geometry)
    assert m.crossings <= 14 and m.foreign == 0  # the force layout: 14 crossings, 4 foreign wires


@pytest.mark.parametrize("a, b, c", [(3, 3, 3), (4, 3, 2), (2, 2, 2)])
def test_a_3d_grid_is_an_oblique_projection_with_parallel_bonds(a: int, b: int, c: int) -> None:
    import math

    e = networks.cubic(a, b, c)
    assert _kind(e) == "cubic"
    d = draw(e)
    m = measure(d.geometry)
    assert (m.overlaps, m.foreign, m.octilinear) == (0, 0, 1.0)
    directions = set()
    for w in d.geometry.wires:
        if w.role == "bond":
            (ax, ay), (bx, by) = w.points[0], w.points[-1]
            directions.add(round(math.degrees(math.atan2(by - ay, bx - ax)) % 180, 3))
    assert directions == {0.0, 90.0, 45.0}, "three directions, each bond of one parallel to the others"
    legs = {round(math.degrees(math.atan2(w.points[-1][1] - w.points[0][1], w.points[-1][0] - w.points[0][0])), 3)
            for w in d.geometry.wires if w.role == "free"}
    assert legs == {135.0}, "every physical leg one way"


def test_the_3x3x3_cube_crosses_less_than_the_force_layout_did() -> None:
    assert measure(draw(networks.cubic(3, 3, 3)).geometry).crossings < 28  # the issue: 28


@pytest.mark.parametrize("sites, layers", [(8, 2), (12, 2), (16, 2), (16, 3), (32, 2), (64, 4)])
def test_a_mera_is_layered_with_the_physical_legs_at_the_bottom(sites: int, layers: int) -> None:
    e = networks.mera(sites, layers)
    assert _kind(e) == "layered"
    d = draw(e)
    m = measure(d.geometry)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)
    assert m.octilinear >= 0.5
    pos = layout(d.figure).positions
    y = {t.name: pos[tensor_id(t.name)][1] for t in d.figure.tensors}
    for layer in range(1, layers + 1):  # disentanglers below the isometries of their layer, layers upward
        us = [v for k, v in y.items() if k.startswith(f"U{layer}_")]
        ws = [v for k, v in y.items() if k.startswith(f"W{layer}_")]
        assert max(us) < min(ws)
        assert len(set(us)) == 1
    assert y["T"] == max(y.values())
    free = [w for w in d.geometry.wires if w.role == "free"]
    assert all(w.points[-1][1] < w.points[0][1] for w in free), "every physical leg points down"


def test_force_prefers_the_more_even_of_two_equally_crossed_candidates() -> None:
    from tensordiag.layout.strategies.force import _unevenness
    from tensordiag.layout.graph import Graph

    a, b, c = tensor_id("A"), tensor_id("B"), tensor_id("C")
    g = Graph([a, b, c], [(a, b), (b, c)])
    assert _unevenness({a: (0, 0), b: (1, 0), c: (2, 0)}, g) == 0.0
    assert _unevenness({a: (0, 0), b: (1, 0), c: (4, 0)}, g) == 0.5
    k4 = "einsum(A, B, C, D, 'a b c, a d e, b d f, c e f -> ')"
    assert measure(draw(k4).geometry).crossings == 0


def test_tori_cubes_and_meras_are_the_same_in_another_process() -> None:
    code = ("import sys; sys.path.insert(0, 'bench'); import networks; from tensordiag import draw; "
            "[print(draw(e).render('json')) for e in (networks.torus(4, 4), networks.cubic(3, 3, 2), "
            "networks.mera(8, 2), networks.honeycomb(2, 2))]")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=True).stdout
            for seed in ("3", "91")}
    assert len(runs) == 1


def test_a_square_patch_of_any_outline_is_a_lattice_too() -> None:
    g = nx.grid_2d_graph(5, 5)
    g.remove_nodes_from([(0, 3), (0, 4), (1, 3), (1, 4)])  # an L with arms three wide
    e = networks.from_graph(g)
    assert _kind(e) == "lattice"
    m = measure(draw(e).geometry)
    assert (m.crossings, m.overlaps, m.foreign, m.octilinear) == (0, 0, 0, 1.0)


def test_a_big_lattice_is_exact_at_every_size() -> None:
    for rows in (3, 12):  # the same construction, no size switch: every bond one length, no crossing
        m = measure(draw(networks.honeycomb(rows, rows)).geometry)
        assert (m.crossings, m.foreign) == (0, 0)
        assert 0.3 <= m.octilinear <= 0.34  # the vertical third of the bonds (fewer on the outline)


def test_declared_sides_and_pins_still_win_in_a_circuit() -> None:
    e = networks.brickwork(4, 3)
    d = draw({"einsum": e, "sides": {"q0_0": "up", "q3_2": "down"}, "tensors": {"G2_1": {"at": [5.0, 1.0]}}})
    g = d.geometry
    legs = {w.index: w.points for w in g.wires if w.role == "free"}
    (ax, ay), (bx, by) = legs["q0_0"][0], legs["q0_0"][-1]
    assert abs(ax - bx) < 1e-6 and by > ay, "up, as declared"
    (ax, ay), (bx, by) = legs["q3_2"][0], legs["q3_2"][-1]
    assert abs(ax - bx) < 1e-6 and by < ay, "down, as declared"
    m = measure(g)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)
    assert layout(d.figure).positions[tensor_id("G2_1")] == (5.0, 1.0)
