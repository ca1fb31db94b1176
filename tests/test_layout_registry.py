"""The layout registry (issue 10): one ordered list of strategies, a new one is one registration,
``star`` may be declared; node ids are a small type; the free-leg crossing grid counts exactly."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from tensordiag import draw
from tensordiag.errors import LayoutError
from tensordiag.layout import get_strategy, layout, register_strategy, strategy_names
from tensordiag.layout.graph import Graph, Shaped
from tensordiag.layout.legs import WireGrid
from tensordiag.layout.registry import unregister_strategy
from tensordiag.network import NodeId, tensor_id
from tensordiag.plane import bonds_cross
from tensordiag.spec import STRUCTURES

from .conftest import ROOT

STAR = "einsum(C, A, B, D, E, 'a b c d, a i, b j, c k, d l -> i j k l')"
K4 = "einsum(A, B, C, D, 'a b c, a d e, b d f, c e f -> ')"


def test_strategies_are_tried_in_the_stated_order() -> None:
    assert strategy_names() == ("heads", "chain", "ring", "ladder", "grid", "star", "circuit", "tree", "torus", "cubic",
                                "lattice", "layered", "planar", "flow", "flow-right", "rail", "force")
    assert strategy_names(declarable=True) == strategy_names()


def test_the_structures_a_spec_accepts_are_the_registry_s() -> None:
    assert STRUCTURES == strategy_names(declarable=True)
    assert "star" in STRUCTURES


def test_an_unknown_strategy_names_the_valid_ones() -> None:
    with pytest.raises(LayoutError, match=r"^structure: unknown structure 'spiral' \(valid: heads, chain, ring, ladder, grid, "
                                          r"star, circuit, tree, torus, cubic, lattice, layered, planar, flow, flow-right, rail, "
                                          r"force\)$"):
        get_strategy("spiral")


def _square(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A toy strategy: four nodes each joined to the other three, on the corners of a square."""
    if len(g.nodes) != 4 or len(g.edges) != 6:
        return None
    return Shaped("square", dict(zip(g.nodes, [(0.0, 0.0), (1.0, 0.0), (1.0, -1.0), (0.0, -1.0)])))


def test_a_new_strategy_is_one_registration() -> None:
    diagram = draw(K4).figure
    before = layout(diagram).positions
    register_strategy("square", _square)
    try:
        assert strategy_names()[-2:] == ("square", "force")  # registered late, still tried before force
        pos = layout(diagram).positions
        declared = layout(dataclasses.replace(diagram, structure="square")).positions
    finally:
        unregister_strategy("square")
    xs = sorted({pos[tensor_id(n)][0] for n in "ABCD"})
    ys = sorted({pos[tensor_id(n)][1] for n in "ABCD"})
    assert len(xs) == len(ys) == 2 and xs[1] - xs[0] == pytest.approx(ys[1] - ys[0])
    assert declared == pos and before != pos
    assert "square" not in strategy_names()


def test_star_can_be_declared_and_a_misfit_says_why() -> None:
    diagram = draw(STAR).figure
    declared = layout(dataclasses.replace(diagram, structure="star")).positions
    assert declared == layout(diagram).positions  # the star it recognises anyway
    hub = declared[tensor_id("C")]
    assert {round(abs(declared[tensor_id(n)][0] - hub[0]) + abs(declared[tensor_id(n)][1] - hub[1]), 6)
            for n in "ABDE"} == {round(abs(declared[tensor_id("A")][0] - hub[0]), 6)}
    chain = draw("einsum(A, B, C, D, 'i j, j k, k l, l m -> i m')").figure
    with pytest.raises(LayoutError, match=r"^structure: the network is not a star: 4 tensors and dots, 3 bonds, degrees 1, 2$"):
        layout(dataclasses.replace(chain, structure="star"))


def test_node_ids_sort_as_the_old_tuples_did() -> None:
    legacy = {"tensor": "t"}
    ids = [NodeId("tensor", "B"), NodeId("dot", "i"), NodeId("split", "A", "1"), NodeId("merge", "0"),
           NodeId("open", "2"), NodeId("tensor", "A"), NodeId("split", "A", "0"), NodeId("open", "10")]
    old = [(legacy.get(n.kind, n.kind), n.name) + ((n.part,) if n.kind == "split" else ()) for n in ids]
    assert [ids[k] for k in sorted(range(len(ids)), key=old.__getitem__)] == sorted(ids)
    assert tensor_id("A").is_tensor and NodeId("dot", "i").is_junction and NodeId("merge", "0").is_reshape


def test_no_node_is_tested_as_a_tuple_outside_geometry() -> None:
    """Node kinds are asked through NodeId's properties, never ``node[0] == "t"`` (geometry, being split
    into a package in parallel, switches after; its files are the only ones allowed the old view). The tracer's
    own steps (``step[0] == "split"``) are tuples of another kind."""
    tuple_test = re.compile(r"\[0\]\s*(==|!=|in)\s*\(?\s*[\"'](t|dot|open|split|merge)[\"']")
    offenders = [f"{path.relative_to(ROOT)}:{k}" for path in sorted((ROOT / "tensordiag").rglob("*.py"))
                 if "geometry" not in path.as_posix() and "/trace/" not in path.as_posix()  # the tracer's steps
                 for k, line in enumerate(path.read_text().splitlines(), 1) if tuple_test.search(line)]
    assert offenders == []


def test_the_wire_grid_counts_what_a_test_against_every_wire_counts() -> None:
    rng = random.Random(3)
    pts = [(rng.uniform(-8, 8), rng.uniform(-8, 8)) for _ in range(120)]
    wires = [(rng.choice(pts), rng.choice(pts)) for _ in range(300)]
    wires += [((float(x), 0.0), (float(x), 3.0)) for x in range(-4, 5)]  # on grid lines: shared ends, collinear runs
    grid = WireGrid(1.3, 4)
    for p, q in wires:
        grid.add(p, q)
    for _ in range(200):
        p = rng.choice(pts + [(0.0, 1.0)])
        ends = [(p[0] + rng.uniform(-3, 3), p[1] + rng.uniform(-3, 3)) for _ in range(5)]
        assert grid.crossings(p, ends) == [sum(bonds_cross(p, q, r, s) for r, s in wires) for q in ends]


def test_every_layout_module_is_small() -> None:
    big = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "tensordiag" / "layout").rglob("*.py"))
           if (n := len(p.read_text().splitlines())) > 400}
    assert big == {}


def test_the_wheel_lists_every_layout_package() -> None:
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "tensordiag" / "layout").rglob("__init__.py")}
    assert found <= listed
