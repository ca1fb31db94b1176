"""Random planar networks (issue 13): recognised as planar (automatically) and drawn without a bond crossing a bond.

The networks are generated here by the benchmark's generator (bench/networks.py ``random_planar``: a
greedy triangulation of random points with a quarter of its bonds removed), not written for the layout.
Times stay in the benchmark.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tensordiag import draw
from tensordiag.measures import _end_set, count_crossings, flatten, measure

from .conftest import ROOT
from .test_layout_kinds import _kind

sys.path.insert(0, str(ROOT / "bench"))
import networks  # noqa: E402

SIZES = [(50, 0), (100, 1), (200, 3)]


def _bond_crossings(geometry) -> int:  # type: ignore[no-untyped-def]
    bonds = [w for w in geometry.wires if w.role == "bond"]
    return count_crossings([flatten(w) for w in bonds], [_end_set(w) for w in bonds])


@pytest.mark.parametrize("n, seed", SIZES)
def test_a_random_planar_network_is_drawn_without_a_bond_crossing_a_bond(n: int, seed: int) -> None:
    e = networks.random_planar(n, seed)
    assert _kind(e) == "planar"  # recognised automatically
    g = draw(e).geometry
    m = measure(g)
    assert _bond_crossings(g) == 0
    assert m.bond_cv <= 0.5
    assert m.crossings <= 1  # legs: 0 on 100 and 200 tensors, 1 on 50 (a leg in a crowded corner)
    assert (m.overlaps, m.foreign) == (0, 0)


@pytest.mark.parametrize("n, seed", [(100, 1), (200, 3)])
def test_a_random_planar_network_has_no_crossing_no_overlap_and_no_foreign_wire(n: int, seed: int) -> None:
    m = measure(draw(networks.random_planar(n, seed)).geometry)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)


@pytest.mark.xfail(strict=True, reason="on 50 tensors one tensor is wedged in a thin triangle whose faces are all "
                   "too narrow for its leg: the leg crosses a bond (issue 13's target of 0 is not met on every network)")
def test_the_50_tensor_planar_network_has_no_crossing_and_no_overlap() -> None:
    m = measure(draw(networks.random_planar(50, 0)).geometry)
    assert (m.crossings, m.overlaps, m.foreign) == (0, 0, 0)


def test_the_planar_refinement_never_makes_a_crossing() -> None:
    import networkx as nx
    import numpy as np

    from tensordiag.layout.strategies import planar

    g = nx.triangular_lattice_graph(5, 8)  # a rigid triangulation with many crushed faces under Tutte
    g = nx.convert_node_labels_to_integers(g, ordering="sorted")
    edges = np.array(sorted(tuple(sorted(e)) for e in g.edges), dtype=int)
    xy = planar._tutte(nx.check_planarity(g)[1], len(g))
    assert not planar._crossing_bonds(xy, edges[:, 0], edges[:, 1]).any()
    xy = planar._refine(xy, edges, 0)
    assert not planar._crossing_bonds(xy, edges[:, 0], edges[:, 1]).any()
    lengths = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
    assert lengths.min() > 0.4 * float(np.median(lengths))


def test_small_and_non_planar_networks_are_not_taken_for_planar() -> None:
    assert _kind(networks.random_regular(3, 20, seed=0)) == "force"  # not planar
    assert _kind("einsum(A, B, C, D, 'a b c, a d e, b d f, c e f -> ')") == "force"  # K4: too small to need it
    assert _kind(networks.random_planar(60, 2), "planar") == "planar"  # declarable
    assert _kind(networks.random_planar(60, 2)) == "planar"  # and automatic


def test_a_larger_planar_network_is_drawn_without_a_bond_crossing_a_bond() -> None:
    import random

    import networkx as nx

    rng, g = random.Random(0), nx.grid_2d_graph(20, 20)  # a square grid, each cell split by a random diagonal,
    for i in range(19):                                  # a quarter of the bonds then removed: planar, no lattice
        for j in range(19):
            g.add_edge((i, j), (i + 1, j + 1)) if rng.random() < 0.5 else g.add_edge((i + 1, j), (i, j + 1))
    for e in sorted(g.edges)[::4]:
        g.remove_edge(*e)
        if not nx.is_connected(g):
            g.add_edge(*e)
    e = networks.from_graph(g)
    assert _kind(e) == "planar"
    geometry = draw(e).geometry
    m = measure(geometry)
    assert _bond_crossings(geometry) == 0 and m.bond_cv <= 0.5


def test_a_planar_drawing_is_the_same_in_another_process() -> None:
    code = ("import sys; sys.path.insert(0, 'bench'); import networks; from tensordiag import draw; "
            "print(draw(networks.random_planar(60, 5)).render('json'))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=True).stdout
            for seed in ("2", "64")}
    assert len(runs) == 1


def test_the_grid_finds_every_pair_of_meeting_boxes_even_beside_a_huge_one() -> None:
    import numpy as np

    from tensordiag.layout.near import meeting

    rng = np.random.default_rng(0)
    low = rng.random((300, 2)) * 10
    high = low + rng.random((300, 2)) * rng.choice([0.1, 3.0], (300, 1))
    high[0] = (1e9, 1e9)  # one box over the whole plane: compared by its bounds, not cell by cell
    i, j = meeting(low, high, low, high, 0.5)
    found = set(zip(i.tolist(), j.tolist()))
    meet = {(a, b) for a in range(300) for b in range(300) if (low[a] <= high[b]).all() and (high[a] >= low[b]).all()}
    assert meet <= found and len(found) < 4 * len(meet)


def test_nested_triangles_are_left_to_force() -> None:
    import networkx as nx

    g = nx.Graph()  # 30 triangles, each inside the last: Tutte's embedding shrinks them geometrically
    for k in range(30):
        a, b, c = 3 * k, 3 * k + 1, 3 * k + 2
        g.add_edges_from([(a, b), (b, c), (c, a)])
        if k:
            g.add_edges_from([(a, a - 3), (b, b - 3), (c, c - 3), (a, b - 3)])
    e = networks.from_graph(g)
    assert _kind(e) == "force"  # Tutte's drawing of it is a well of ever smaller triangles: left to force
    assert measure(draw(e).geometry).bonds == 206  # drawn, not stuck (force draws it poorly: many crossings)
