"""Layout: structures recognised and drawn by convention, pins win, free legs parallel, no crossings."""

from __future__ import annotations

import math
import subprocess
import sys

import networkx as nx
import pytest

from tensordiag import draw
from tensordiag.errors import LayoutError
from tensordiag.layout import layout
from tensordiag.layout.crossings import crossings
from tensordiag.network import build_network, tensor_id

from .conftest import ROOT


def chain(n: int, physical: bool = True) -> str:
    ops = []
    for k in range(n):
        legs = ([f"b{k - 1}"] if k else []) + ([f"p{k}"] if physical else []) + ([f"b{k}"] if k < n - 1 else [])
        ops.append(" ".join(legs))
    out = " ".join(f"p{k}" for k in range(n)) if physical else ""
    return f"einsum({', '.join(f'A{k}' for k in range(n))}, '{', '.join(ops)} -> {out}')"


def ring(n: int) -> str:
    ops = [f"b{(k - 1) % n} p{k} b{k}" for k in range(n)]
    return f"einsum({', '.join(f'R{k}' for k in range(n))}, '{', '.join(ops)} -> {' '.join(f'p{k}' for k in range(n))}')"


def peps(r: int, c: int) -> str:
    names, ops = [], []
    for i in range(r):
        for j in range(c):
            legs = [f"p{i}_{j}"] + ([f"h{i}_{j - 1}"] if j else []) + ([f"h{i}_{j}"] if j < c - 1 else [])
            legs += ([f"v{i - 1}_{j}"] if i else []) + ([f"v{i}_{j}"] if i < r - 1 else [])
            names.append(f"T{i}_{j}")
            ops.append(" ".join(legs))
    out = " ".join(f"p{i}_{j}" for i in range(r) for j in range(c))
    return f"einsum({', '.join(names)}, '{', '.join(ops)} -> {out}')"


def tree(depth: int) -> str:
    """A binary tree tensor network: physical legs on the leaves only, as a TTN state is drawn."""
    names, ops, out = [], [], []
    for level in range(depth + 1):
        for k in range(2 ** level):
            legs = [f"e{level}_{k}"] if level else []
            if level == depth:
                legs.append(f"p{k}")
                out.append(f"p{k}")
            else:
                legs += [f"e{level + 1}_{2 * k}", f"e{level + 1}_{2 * k + 1}"]
            names.append(f"N{level}_{k}")
            ops.append(" ".join(legs))
    return f"einsum({', '.join(names)}, '{', '.join(ops)} -> {' '.join(out)}')"


LADDER = "einsum(A,V,B,W,C,X,D,Y,E,Z,'i j, i r, j k l, r k s, l m n, s m t, n o p, t o u, p q, u q -> ')"
PLANAR = {"mps16": chain(16), "matrix chain": chain(5, physical=False), "ring12": ring(12), "ladder": LADDER,
          "tree4": tree(4), "tree6": tree(6), "peps4": peps(4, 4), "peps8x5": peps(8, 5)}


def positions(einsum: str) -> tuple[dict, list]:
    d = draw(einsum).figure
    net = build_network(d)
    pos = layout(d).positions
    bonds = [(w.a.node, w.b.node) for w in net.wires if not w.free and not w.loop]
    return pos, bonds


def free_angles(einsum: str) -> list[float]:
    d = draw(einsum).figure
    net = build_network(d)
    pos = layout(d).positions
    out = []
    for w in net.wires:
        if w.free:
            (ax, ay), (bx, by) = pos[w.a.node], pos[w.b.node]
            out.append(math.degrees(math.atan2(by - ay, bx - ax)) % 360)
    return out


@pytest.mark.parametrize("name", PLANAR)
def test_planar_suite_has_no_crossings_and_every_bond_is_octilinear(name: str) -> None:
    pos, bonds = positions(PLANAR[name])
    assert crossings(pos, bonds) == 0
    if name != "ring12":
        for a, b in bonds:
            angle = math.degrees(math.atan2(pos[b][1] - pos[a][1], pos[b][0] - pos[a][0]))
            assert min(abs(angle - 45 * k) for k in range(-4, 5)) < 1e-3, (name, a, b, angle)


@pytest.mark.parametrize("name", ["mps16", "tree6", "peps4", "peps8x5"])
def test_free_legs_are_parallel_on_chains_trees_and_grids(name: str) -> None:
    angles = free_angles(PLANAR[name])
    assert len(set(round(a, 6) for a in angles)) == 1, sorted(set(angles))


def test_a_chain_lies_on_a_line_in_spec_order_with_physical_legs_up() -> None:
    pos, _ = positions(chain(6))
    xs = [pos[tensor_id(f"A{k}")][0] for k in range(6)]
    assert xs == sorted(xs) and {pos[tensor_id(f"A{k}")][1] for k in range(6)} == {0.0}
    assert set(round(a) for a in free_angles(chain(6))) == {90}


def test_a_matrix_product_leaves_by_its_ends() -> None:
    assert sorted(round(a) for a in free_angles("ij,jk,kl->il")) == [0, 180]


def test_a_ring_is_a_circle_with_legs_outward() -> None:
    d = draw(ring(12)).figure
    pos = layout(d).positions
    centres = [pos[tensor_id(f"R{k}")] for k in range(12)]
    cx, cy = sum(p[0] for p in centres) / 12, sum(p[1] for p in centres) / 12
    radii = [math.dist(p, (cx, cy)) for p in centres]
    assert max(radii) - min(radii) < 1e-6
    net = build_network(d)
    for w in net.wires:
        if w.free:
            (ax, ay), (bx, by) = pos[w.a.node], pos[w.b.node]
            assert math.dist((bx, by), (cx, cy)) > math.dist((ax, ay), (cx, cy)) + 0.5


def test_a_grid_is_exact_and_the_ladder_is_two_rows() -> None:
    pos, _ = positions(peps(4, 6))
    xs = sorted({round(pos[tensor_id(f"T{i}_{j}")][0], 6) for i in range(4) for j in range(6)})
    ys = sorted({round(pos[tensor_id(f"T{i}_{j}")][1], 6) for i in range(4) for j in range(6)})
    assert len(xs) == 6 and len(ys) == 4
    assert len({round(b - a, 6) for a, b in zip(xs, xs[1:])}) == 1
    lpos, _ = positions(LADDER)
    top = {lpos[tensor_id(n)][1] for n in "ABCDE"}
    bottom = {lpos[tensor_id(n)][1] for n in "VWXYZ"}
    assert len(top) == 1 and len(bottom) == 1 and top.pop() > bottom.pop()
    assert [lpos[tensor_id(n)][0] for n in "ABCDE"] == sorted(lpos[tensor_id(n)][0] for n in "ABCDE")


def test_a_tree_is_layered_from_its_root() -> None:
    pos, _ = positions(tree(3))
    root = pos[tensor_id("N0_0")]
    leaves = [pos[tensor_id(f"N3_{k}")] for k in range(8)]
    assert all(p[1] < root[1] for p in leaves) and len({p[1] for p in leaves}) == 1
    assert [p[0] for p in leaves] == sorted(p[0] for p in leaves)


def test_pins_always_win() -> None:
    spec = {"einsum": chain(5), "tensors": {"A2": {"at": [7.5, -3.25]}}}
    pos = layout(draw(spec).figure).positions
    assert pos[tensor_id("A2")] == (7.5, -3.25)
    assert pos[tensor_id("A1")][1] == pytest.approx(-3.25) and pos[tensor_id("A3")][1] == pytest.approx(-3.25)
    spec = {"einsum": LADDER, "tensors": {"A": {"at": [0, 0]}, "Z": {"at": [9, -2]}, "C": {"at": [4, 1]}}}
    pos = layout(draw(spec).figure).positions
    assert (pos[tensor_id("A")], pos[tensor_id("Z")], pos[tensor_id("C")]) == ((0, 0), (9, -2), (4, 1))


def test_declared_sides_win_over_the_structure() -> None:
    spec = {"einsum": chain(4), "sides": {"p2": "down"}, "free_side": "up"}
    d = draw(spec).figure
    pos = layout(d).positions
    net = build_network(d)
    for w in net.wires:
        if w.free:
            (ax, ay), (bx, by) = pos[w.a.node], pos[w.b.node]
            assert (by < ay) == (w.index == "p2")


def test_a_declared_structure_the_network_does_not_fit_is_an_error() -> None:
    with pytest.raises(LayoutError, match=r"structure: the network is not a grid: 4 tensors and dots, 3 bonds"):
        draw({"einsum": chain(4), "structure": "grid"}).geometry
    assert draw({"einsum": LADDER, "structure": "ladder"}).geometry.shapes


def test_the_non_planar_network_gets_few_crossings() -> None:
    g = nx.random_regular_graph(3, 30, seed=0)
    ops = [" ".join([f"p{v}"] + [f"e{min(v, w)}_{max(v, w)}" for w in sorted(g[v])]) for v in sorted(g)]
    einsum = f"einsum({', '.join(f'T{v}' for v in sorted(g))}, '{', '.join(ops)} -> {' '.join(f'p{v}' for v in sorted(g))}')"
    pos, bonds = positions(einsum)
    assert crossings(pos, bonds) < 12  # quimb's force layout: 12 on this network (issue 4)


def test_layout_is_the_same_in_another_process() -> None:
    code = ("import sys; from tensordiag import draw; "
            f"print(sorted(draw({LADDER!r}).geometry.shapes, key=lambda s: s.name)[:3])")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=True).stdout
            for seed in ("1", "77")}
    assert len(runs) == 1


TWO_BLOCKS = {
    "einsum": "einsum(x, c1, W1, a1, c2, W2, a2, U, 'h, h h1 h2, o1 h2, h1 o1 r1, r1 r2 r3, o2 r3, r2 o2 s, s v -> v')",
    "tensors": {"c1": {"kind": "copy"}, "a1": {"kind": "add"}, "c2": {"kind": "copy"}, "a2": {"kind": "add"}},
}


def test_a_residual_stream_is_a_straight_vertical_backbone_with_blocks_beside_it() -> None:
    d = draw(TWO_BLOCKS).figure
    pos = layout(d).positions
    spine = [pos[tensor_id(n)] for n in ("x", "c1", "a1", "c2", "a2", "U")]
    assert len({round(p[0], 6) for p in spine}) == 1, spine
    assert [p[1] for p in spine] == sorted(p[1] for p in spine), "input at the bottom, flowing up"
    for block, (below, above) in {"W1": ("c1", "a1"), "W2": ("c2", "a2")}.items():
        x, y = pos[tensor_id(block)]
        assert x > spine[0][0] and pos[tensor_id(below)][1] < y < pos[tensor_id(above)][1]
    assert draw(TWO_BLOCKS).check().ok


def test_a_bond_beside_a_traced_tensor_is_no_chain() -> None:
    """A–B beside C with a trace on i has as many bonds as a two-tensor path, and every degree at most two:
    the chain's walk once ran off its end (StopIteration, exit 3). Found by the fuzz test."""
    from tensordiag import draw

    d = draw({"tensors": {"A": {"legs": "k"}, "B": {"legs": "k"}, "C": {"legs": ["i", "i", ["i", "j"]]}}})
    assert d.check().verdict == "ok"
    assert len(d.geometry.shapes) == 3


def test_a_grid_whose_legs_would_lie_on_its_bonds_turns_them_all_to_one_diagonal() -> None:
    """A PEPS with ``free_side: up``: the legs of every row below the top ran up along the bonds above, hidden
    under them (a figure that passes its check and shows three legs of nine). They all take the diagonal."""
    import math

    from tensordiag import draw
    from tensordiag.geometry.elements import flatten

    spec = {"einsum": peps(3, 3), "free_side": "up", "leg_labels": "none"}
    g = draw(spec).geometry
    legs = [flatten(w) for w in g.wires if w.role == "free"]
    assert len(legs) == 9
    for pts in legs:
        (x0, y0), (x1, y1) = pts[0], pts[-1]
        assert math.isclose(math.degrees(math.atan2(y1 - y0, x1 - x0)) % 360, 45.0, abs_tol=1e-6), pts
    line = draw({"einsum": chain(4), "free_side": "up"}).geometry  # nothing in the way: straight up
    ups = [flatten(w) for w in line.wires if w.role == "free"]
    assert ups and all(math.isclose(p[0][0], p[-1][0], abs_tol=1e-9) and p[-1][1] > p[0][1] for p in ups)
