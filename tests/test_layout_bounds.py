"""Layout bounds (issue 9): every layout path is deterministic across processes, and the inputs that once
took minutes or crashed lay out within 10 s and 1 GB, run as the CLI in a subprocess under those limits."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from tensordiag import draw
from tensordiag.layout.crossings import crossings
from tensordiag.layout.graph import Graph
from tensordiag.layout.registry import shape_component
from tensordiag.layout.tall import legs_of
from tensordiag.network import build_network

from .conftest import ROOT, run_limited
from .test_layout import LADDER, TWO_BLOCKS, chain, peps, ring, tree


def graph_einsum(g: nx.Graph, physical: bool = True) -> str:
    """An einsum with a tensor per node of ``g`` (in sorted order) and a bond per edge."""
    nodes = sorted(g)
    name = {v: f"T{k}" for k, v in enumerate(nodes)}
    bond = {frozenset(e): f"e{k}" for k, e in enumerate(sorted(tuple(sorted(e)) for e in g.edges))}
    ops = [" ".join(([f"p{k}"] if physical else []) + [bond[frozenset((v, w))] for w in sorted(g[v])])
           for k, v in enumerate(nodes)]
    out = " ".join(f"p{k}" for k in range(len(nodes))) if physical else ""
    return f"einsum({', '.join(name[v] for v in nodes)}, '{', '.join(ops)} -> {out}')"


def regular(d: int, n: int, seed: int = 0) -> str:
    return graph_einsum(nx.random_regular_graph(d, n, seed=random.Random(seed).randrange(2 ** 32)))


def random_network(n: int, m: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    edges: set[tuple[int, int]] = set()
    while len(edges) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            edges.add((min(a, b), max(a, b)))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(sorted(edges))
    return graph_einsum(g)


HONEYCOMB = graph_einsum(nx.hexagonal_lattice_graph(2, 3))
TRIANGULAR = graph_einsum(nx.triangular_lattice_graph(3, 4))
STAR = "einsum(C, A, B, D, E, 'a b c d, a i, b j, c k, d l -> i j k l')"
CIRCUIT = "einsum(S0, S1, S2, H, CX1, CX2, 'a, c, f, a b, b c d e, e f g h -> d g h')"
TORUS = graph_einsum(nx.grid_2d_graph(3, 4, periodic=True))
CUBE = graph_einsum(nx.grid_graph([2, 2, 3]))
MERA = ("einsum(U1, U2, U3, W1, W2, W3, W4, V, X1, X2, T, 'b c u1 u2, d e u3 u4, f g u5 u6, "
        "a u1 s1, u2 u3 s2, u4 u5 s3, u6 h s4, s2 s3 v1 v2, s1 v1 x1, v2 s4 x2, x1 x2 -> a b c d e f g h')")
def _thinned_triangles() -> nx.Graph:
    g = nx.convert_node_labels_to_integers(nx.triangular_lattice_graph(4, 6), ordering="sorted")
    g.remove_edges_from(sorted(tuple(sorted(e)) for e in g.edges)[::4])  # every fourth bond gone: planar, no lattice
    return g


EVERY_PATH = {"chain": chain(6), "ring": ring(8), "grid": peps(3, 4), "ladder": LADDER, "tree": tree(3),
              "star": STAR, "flow": TWO_BLOCKS, "honeycomb": HONEYCOMB, "triangular": TRIANGULAR,
              "random": random_network(120, 200), "circuit": CIRCUIT, "torus": TORUS, "cubic": CUBE, "mera": MERA,
              "flow-right": {**TWO_BLOCKS, "structure": "flow-right"},
              "rail": {"einsum": "einsum(a, Q, K, b, 'i x, x n d, y n d, j y -> n i j')", "structure": "rail"},
              "planar": {"einsum": graph_einsum(_thinned_triangles()), "structure": "planar"}}


def _kind(einsum: str | dict) -> str:
    d = draw(einsum).figure
    net = build_network(d)
    core = [n.id for n in net.nodes if n.kind in ("tensor", "dot")]
    edges = [(w.a.node, w.b.node) for w in net.wires if not w.free and not w.loop]
    free: dict = {}
    for w in net.wires:
        if w.free:
            free[w.a.node] = free.get(w.a.node, 0) + 1
    g = Graph(core, edges, free, legs=legs_of(net))
    return shape_component(g.sub(g.components()[0]), d.structure, 0).kind


def test_the_determinism_suite_covers_every_layout_path() -> None:
    kinds = {name: _kind(e) for name, e in EVERY_PATH.items() if name not in ("flow", "flow-right")}
    assert kinds == {"chain": "chain", "ring": "ring", "grid": "grid", "ladder": "ladder", "tree": "tree",
                     "star": "star", "honeycomb": "lattice", "triangular": "lattice", "random": "force",
                     "circuit": "circuit", "torus": "torus", "cubic": "cubic", "mera": "layered", "rail": "rail",
                     "planar": "planar"}


def test_every_layout_path_gives_the_same_bytes_under_any_hash_seed() -> None:
    code = ("import hashlib, json, sys; from tensordiag import draw; "
            "specs = json.loads(sys.stdin.read()); "
            "print(json.dumps({k: hashlib.sha256(draw(v).svg().encode()).hexdigest() for k, v in specs.items()}))")
    runs = []
    for seed in ("0", "1", "77", "4242"):
        proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(EVERY_PATH), capture_output=True,
                              text=True, cwd=ROOT, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=True)
        runs.append(json.loads(proc.stdout))
    for name in EVERY_PATH:
        assert len({r[name] for r in runs}) == 1, f"{name}: different bytes under different PYTHONHASHSEEDs"


# --- within 10 s and 1 GB -------------------------------------------------------------------


def _render(tmp_path: Path, spec: dict, *suffixes: str) -> subprocess.CompletedProcess[bytes]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    outs = [a for s in suffixes for a in ("-o", str(tmp_path / f"out{s}"))]
    proc = run_limited(["render", str(path), *outs])
    assert proc.returncode == 0, proc.stderr.decode()[-800:]
    return proc


def test_a_hyperedge_of_5000_operands_renders(tmp_path: Path) -> None:
    proc = run_limited(["einsum", "-", "-o", str(tmp_path / "out.svg")], stdin=(",".join(["a"] * 5000) + "->a").encode())
    assert proc.returncode == 0, proc.stderr.decode()[-800:]
    assert (tmp_path / "out.svg").stat().st_size > 0


def test_one_tensor_of_3000_legs_renders(tmp_path: Path) -> None:
    """Its free legs once cost the square of their number twice: each leg's direction was weighed against
    every leg before it, and each label tested against every parallel leg near it."""
    legs = " ".join(f"i{k}" for k in range(3000))
    proc = run_limited(["einsum", "-", "-o", str(tmp_path / "out.svg")], stdin=f"einsum(A, '{legs} -> {legs}')".encode())
    assert proc.returncode == 0, proc.stderr.decode()[-800:]
    assert (tmp_path / "out.svg").stat().st_size > 0


def test_1000_operands_sharing_two_indices_render(tmp_path: Path) -> None:
    """The force layout heaped them 316 to a cell and every bond met a thousand others near the two dots:
    separating and counting crossings cost the square of their number, pair by pair in Python."""
    proc = run_limited(["einsum", "-", "-o", str(tmp_path / "out.svg")], stdin=(", ".join(["i j"] * 1000) + " -> i j").encode())
    assert proc.returncode == 0, proc.stderr.decode()[-800:]


def _brute_crossings(pos: dict, edges: list) -> int:
    segs = [(pos[a], pos[b], a, b) for a, b in edges if pos[a] != pos[b]]
    count = 0
    for n, (p, q, a, b) in enumerate(segs):
        for r, s, x, y in segs[n + 1:]:
            if {a, b} & {x, y}:
                continue
            d1 = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
            d2 = (q[0] - p[0]) * (s[1] - p[1]) - (q[1] - p[1]) * (s[0] - p[0])
            d3 = (s[0] - r[0]) * (p[1] - r[1]) - (s[1] - r[1]) * (p[0] - r[0])
            d4 = (s[0] - r[0]) * (q[1] - r[1]) - (s[1] - r[1]) * (q[0] - r[0])
            count += d1 * d2 < -1e-12 and d3 * d4 < -1e-12
    return count


@pytest.mark.parametrize("pairs, hub", [(1 << 21, 32), (7, 3)], ids=["pooled", "crowded"])
def test_crossings_counted_by_cells_equal_every_pair_compared(monkeypatch: pytest.MonkeyPatch, pairs: int, hub: int) -> None:
    """Each crossing is counted in the one cell holding its point: never twice for bonds sharing cells, never
    missed, on random and on lattice-aligned positions (bonds along cell borders, crossings on grid lines), and
    with stars (the spokes of a junction, skipped among themselves). "crowded" makes every cell take the path of
    a cell of thousands of bonds, a block of rows at a time."""
    from tensordiag.layout import crossings as module

    monkeypatch.setattr(module, "_PAIRS", pairs)
    monkeypatch.setattr(module, "_HUB", hub)
    rng = random.Random(3)
    for trial in range(150):
        n = rng.randint(3, 40)
        lattice = trial % 3 == 0
        pos = {k: ((rng.randint(0, 6) * 1.0, rng.randint(0, 6) * 1.0) if lattice
                   else (rng.uniform(0, 10), rng.uniform(0, 10))) for k in range(n)}
        edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(1, 3 * n))]
        edges += [(0, rng.randrange(n)) for _ in range(trial % 40)]  # a star on node 0
        assert crossings(pos, edges) == _brute_crossings(pos, edges), trial


def test_bubbles_nested_5000_deep_render(tmp_path: Path) -> None:
    bubbles = [{"name": "b0", "function": "relu", "members": ["x"]}]
    bubbles += [{"name": f"b{k}", "function": "relu", "members": [f"b{k - 1}"]} for k in range(1, 5000)]
    _render(tmp_path, {"einsum": "einsum(x, W, 'i, h i -> h')", "bubbles": bubbles}, ".svg")


@pytest.mark.parametrize("n", [80, 82])
def test_a_random_3_regular_network_of_80_or_82_tensors_lays_out(tmp_path: Path, n: int) -> None:
    _render(tmp_path, {"einsum": regular(3, n)}, ".svg")


def test_a_random_15_regular_network_of_80_tensors_lays_out(tmp_path: Path) -> None:
    _render(tmp_path, {"einsum": regular(15, 80)}, ".svg")


@pytest.mark.parametrize("structure", ["force", "flow"])
def test_a_declared_structure_on_600_tensors_lays_out(tmp_path: Path, structure: str) -> None:
    _render(tmp_path, {"einsum": regular(3, 600), "structure": structure}, ".svg")


def test_two_pins_on_600_tensors_lay_out(tmp_path: Path) -> None:
    _render(tmp_path, {"einsum": regular(3, 600), "tensors": {"T0": {"at": [0, 0]}, "T1": {"at": [3, 0]}}}, ".svg")


def test_a_random_network_of_1000_tensors_lays_out_with_a_sane_extent(tmp_path: Path) -> None:
    _render(tmp_path, {"einsum": random_network(1000, 1500)}, ".svg", ".json")
    data = json.loads((tmp_path / "out.json").read_text())
    text = json.dumps(data)
    assert "tensors" in text or "shapes" in text
    width, height = _svg_size((tmp_path / "out.svg").read_text())
    # a thousand tensors, each about 2 cm apart: a few metres across at most (37.8 px per cm)
    assert width < 400 * 37.8 and height < 400 * 37.8


def _svg_size(svg: str) -> tuple[float, float]:
    import re

    m = re.search(r'<svg[^>]*width="([\d.]+)"[^>]*height="([\d.]+)"', svg)
    assert m is not None
    return float(m.group(1)), float(m.group(2))


# --- no cliff --------------------------------------------------------------------------------


def test_80_and_82_tensors_take_the_same_path_and_similar_crossings() -> None:
    results = {}
    for n in (78, 80, 82, 84):
        d = draw(regular(3, n)).figure
        net = build_network(d)
        from tensordiag.layout import layout

        pos = layout(d).positions
        bonds = [(w.a.node, w.b.node) for w in net.wires if not w.free and not w.loop]
        results[n] = (_kind(regular(3, n)), crossings(pos, bonds) / len(bonds))
    assert {kind for kind, _ in results.values()} == {"force"}
    shares = [share for _, share in results.values()]
    assert max(shares) < 1.5 * min(shares), results  # different random graphs differ, but no step


def test_a_force_placement_of_any_size_spends_at_most_its_budget() -> None:
    from tensordiag.layout.force import FORCE_WORK, iterations_for

    steps = [iterations_for(n, 200) for n in range(2, 3000, 7)]
    assert all(a >= b for a, b in zip(steps, steps[1:]))  # fewer iterations as n grows, never a jump up
    assert all(s * n * n <= FORCE_WORK for s, n in zip(steps, range(2, 3000, 7)))


def test_settling_dots_tests_only_the_bonds_near_each_spot(monkeypatch: pytest.MonkeyPatch) -> None:
    """``settle`` files bonds and nodes in a grid: the bonds tested per dot stay the same as the network
    grows (dots × bonds before), and the answers are those of testing every bond."""
    from tensordiag.layout import spacing
    from tensordiag.network import NodeId, tensor_id

    def network(n: int) -> tuple[dict, list, list, list]:
        pos, core, edges, dots = {}, [], [], []
        for k in range(n):  # a row of tensor pairs, each pair joined through a dot below them
            a, b, d = tensor_id(f"A{k}"), tensor_id(f"B{k}"), NodeId("dot", f"i{k}")
            pos[a], pos[b] = (3.0 * k, 0.0), (3.0 * k + 1.5, 0.0)
            core += [a, b, d]
            edges += [(a, b), (a, d), (b, d)]
            dots.append(d)
        return pos, core, edges, dots

    calls = []
    real = spacing.on_segment
    monkeypatch.setattr(spacing, "on_segment", lambda *a, **k: calls.append(1) or real(*a, **k))
    per_dot = []
    for n in (20, 400):
        pos, core, edges, dots = network(n)
        calls.clear()
        spacing.settle(pos, dots, core, edges)
        per_dot.append(len(calls) / n)
        for k, d in enumerate(dots):  # the median of A and B lies on their bond, so the dot sits beside it
            assert pos[d] != (3.0 * k + 0.75, 0.0) and not real(pos[d], (3.0 * k, 0.0), (3.0 * k + 1.5, 0.0))
    assert per_dot[1] <= per_dot[0] * 1.1, per_dot


def test_many_components_are_laid_in_rows_not_one_line() -> None:
    """65 components of a random network once sat in one row, a picture 11 m wide; they are shelved in rows
    no wider than a few times the side of a square holding them, while two vectors still sit side by side."""
    from tensordiag import draw

    singles = draw(", ".join(f"i{k}" for k in range(64)) + " -> " + " ".join(f"i{k}" for k in range(64)))
    x0, y0, x1, y1 = singles.geometry.bbox
    assert (x1 - x0) < 4 * (y1 - y0) + 5
    pair = draw("i,j->ij").geometry
    assert len({round(s.y, 3) for s in pair.shapes}) == 1  # one row
