"""Issue 11, element 2: bundles. Legs that travel together (the residual stream's seq pos and hidden) are
parallel straight lines a fixed gap apart, through copy and add nodes, labelled once.

tests/specs/bundles-*.yaml hold the checked specs (goldens, pdflatex and XML: tests/test_golden.py). Bundles
are drawing only, so their wrong variants are the usual ones: a swapped leg fails the check. A declared
bundle whose indices do not travel together is a located error, from a spec and from Python.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from tensordiag import draw, load
from tensordiag.bundles import diagram_bundles
from tensordiag.check import check
from tensordiag.cli import main
from tensordiag.errors import SpecError
from tensordiag.geometry.elements import WireG
from tensordiag.model import Diagram, Tensor
from tensordiag.style import STYLE

from .conftest import SPECS

GAP = STYLE.drawing.bundle_gap
NAMES = ("residual", "declared")


def spec(name: str) -> Path:
    return SPECS / f"bundles-{name}.yaml"


def wires_of(name: str) -> dict[str, WireG]:
    return {w.index: w for w in load(spec(name)).geometry.wires}


def leg_texts(name: str) -> list[str]:
    return [lb.text for lb in load(spec(name)).geometry.labels if lb.role == "leg"]


@pytest.mark.parametrize("name", NAMES)
def test_the_check_passes(name: str) -> None:
    result = load(spec(name)).check()
    assert result.ok, result.detail


def _swap(d: Diagram, tensor: str, a: str, b: str) -> Diagram:
    """``d`` with indices ``a`` and ``b`` swapped on ``tensor``'s legs."""
    swap = {a: b, b: a}
    tensors = tuple(dataclasses.replace(t, legs=tuple(tuple(swap.get(i, i) for i in leg) for leg in t.legs))
                    if t.name == tensor else t for t in d.tensors)
    assert tensors != d.tensors
    return dataclasses.replace(d, tensors=tensors)


@pytest.mark.parametrize("name, tensor, a, b", [
    ("residual", "C", "seq_pos", "hidden"),       # the stream's pair crossed where it enters the copy node
    ("residual", "A", "seq_pos2", "hidden3"),     # the block's result added in crossed
    ("residual", "W", "hidden2", "hidden3"),      # the block's matrix transposed
    ("declared", "y", "seq_pos", "hidden"),       # the bundle's two legs swapped at one end
])
def test_a_drawn_bundle_with_a_swapped_leg_fails_the_check(name: str, tensor: str, a: str, b: str) -> None:
    right = load(spec(name)).figure
    assert isinstance(right, Diagram)
    wrong = _swap(right, tensor, a, b)
    wrong = dataclasses.replace(wrong, dims=(("seq_pos", 3), ("hidden", 3)))  # so the swap is a mismatch, not a size error
    assert check(dataclasses.replace(right, dims=wrong.dims)).ok
    assert not check(wrong).ok


def _parallel(p: WireG, q: WireG) -> float:
    """The distance between two straight wires that must be parallel (asserts that they are)."""
    assert not p.curve and not q.curve and len(p.points) == len(q.points) == 2
    (ax, ay), (bx, by) = p.points
    d = math.hypot(bx - ax, by - ay)
    ux, uy = (bx - ax) / d, (by - ay) / d
    (cx, cy), (ex, ey) = q.points
    e = math.hypot(ex - cx, ey - cy)
    assert abs(abs(ux * (ex - cx) / e + uy * (ey - cy) / e) - 1) < 1e-9, (p, q)
    return abs(-uy * (cx - ax) + ux * (cy - ay))


@pytest.mark.parametrize("a, b", [("seq_pos", "hidden"), ("seq_pos1", "hidden1"), ("seq_pos3", "hidden4")])
def test_the_stream_is_parallel_straight_lines_a_fixed_gap_apart(a: str, b: str) -> None:
    w = wires_of("residual")
    assert _parallel(w[a], w[b]) == pytest.approx(GAP)


def test_the_stream_keeps_seq_pos_on_one_side_through_every_node() -> None:
    w = wires_of("residual")
    xs = {i: sum(p[0] for p in w[i].points) / 2 for i in ("seq_pos", "hidden", "seq_pos1", "hidden1", "seq_pos3",
                                                            "hidden4")}
    assert xs["seq_pos"] < xs["hidden"] and xs["seq_pos1"] < xs["hidden1"] and xs["seq_pos3"] < xs["hidden4"]


def test_a_wire_between_the_same_nodes_but_not_in_the_bundle_curves_aside() -> None:
    w = wires_of("residual")
    assert w["seq_pos2"].curve  # the copy's seq pos that skips the block: beside the stream, not on it


def test_each_bundle_is_labelled_once() -> None:
    texts = leg_texts("residual")
    assert r"\mathrm{seq\ pos},\ \mathrm{hidden}" in texts
    assert r"\mathrm{seq\ pos}_{1}" not in " ".join(texts) or len(texts) == len(set(texts))
    assert not any(t == r"\mathrm{hidden}" for t in texts)
    assert leg_texts("declared") == [r"\mathrm{seq\ pos},\ \mathrm{hidden}"]
    assert _parallel(*wires_of("declared").values()) == pytest.approx(GAP)


def test_automatic_bundles_follow_the_flow_and_can_be_turned_off() -> None:
    d = load(spec("residual")).figure
    assert isinstance(d, Diagram)
    assert [(b.indices, b.start, b.end) for b in diagram_bundles(d)] == [
        (("seq_pos", "hidden"), "x", "C"), (("seq_pos1", "hidden1"), "C", "A"), (("seq_pos3", "hidden4"), "A", "")]
    off = dataclasses.replace(d, auto_bundles=False)
    assert diagram_bundles(off) == []
    assert all(w.curve for w in draw(off).geometry.wires if w.index in ("seq_pos", "hidden"))


def test_tikz_and_svg_draw_the_same_straight_lines() -> None:
    d = load(spec("declared"))
    tikz, svg = d.tikz(), d.svg()
    assert " .. controls " not in tikz and "C" not in "".join(
        line.split('d="')[1].split('"')[0] for line in svg.splitlines() if 'class="wire' in line and 'd="' in line)


BAD = [
    ("[[seq_pos]]", "bundles[0]: a bundle holds at least two indices, got 1"),
    ("[[seq_pos, mlp]]", "bundles[0][1]: index 'mlp' is on no tensor's leg"),
    ("[[seq_pos, hidden2]]", "bundles[0][1]: 'hidden2' runs between C and W, but 'seq_pos' runs between C and x: "
                             "a bundle's indices travel together between the same two ends"),
    ("[[seq_pos, hidden], [hidden, seq_pos1]]", "bundles[1][0]: index 'hidden' is already in bundles[0]"),
    ("sideways", "bundles: expected auto, none or a list of index lists such as [[seq_pos, hidden]], got 'sideways'"),
]


@pytest.mark.parametrize("value, message", BAD)
def test_a_bundle_that_does_not_travel_together_is_one_located_line(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(spec("residual").read_text(encoding="utf-8") + f"bundles: {value}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and line.startswith(f"tensordiag: error: {path}: line 17, column ") and line.endswith(message)


def test_the_python_path_checks_bundles_too() -> None:
    x = Tensor(name="x", legs=(("i",), ("j",)))
    y = Tensor(name="y", legs=(("i",), ("k",)))
    with pytest.raises(SpecError, match=r"bundles\[0\]\[1\]: 'j' runs from x to a free end, but 'i' runs between x and y"):
        Diagram(tensors=(x, y), output=(("j",), ("k",)), bundles=(("i", "j"),))
    with pytest.raises(SpecError, match=r"bundles\[0\]: expected a tuple of index names"):
        Diagram(tensors=(x, y), bundles=("ij",))  # type: ignore[arg-type]
