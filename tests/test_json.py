"""The JSON export, read back as a drawing, is the einsum: the wires' ends, found by their coordinates, make an
einsum that numpy contracts to the same numbers as the declared einsum text."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tensordiag import draw
from tensordiag.einsum import parse_einsum
from tensordiag.model import leg_text

CORPUS = {
    "scalar": ["einsum(a, b, ', -> ')"],
    "hadamard": ["ij,ij->ij", "i,i->i"],
    "outer": ["i,j->ij", "einsum(a, b, 'i, j, -> i j')"],
    "inner": ["i,i->", "ij,ij->"],
    "trace": ["ii->", "ij,ji->"],
    "diagonal": ["ii->i", "aab,bc->ac"],
    "matrix chain": ["ij,jk->ik", "ij,jk,kl->il", "ij,jk,kl,lm->im"],
    "hyperedge": ["a,ab,abc->abc", "einsum(A, v, B, 'i α β, β, β α j -> i j')"],
    "implicit output": ["ab,bc", "ab,bc,cd"],
    "names": ["seq pos, pos hidden -> seq hidden", "i α β, β -> i α", "einsum(W_Q, x, 'h d, s d -> s h')"],
    "sum": ["ij->i"],
}
CASES = [(kind, text) for kind, texts in CORPUS.items() for text in texts]


DOT_REACH = 0.1
"""How near a dot's centre a wire end must be to end on it (a dot is drawn with a radius of about 0.07)."""


def _near_outline(x: float, y: float, t: dict) -> bool:
    """Is (x, y) on (or inside) tensor t's bounding box, give or take a little?"""
    return abs(x - t["x"]) <= t["width"] / 2 + 1e-3 and abs(y - t["y"]) <= t["height"] / 2 + 1e-3


def _end_on(point: list[float], doc: dict) -> tuple[str, str | int]:
    """What a wire end touches, from coordinates alone: ``("dot", k)``, ``("tensor", name)`` or ``("open", "")``."""
    x, y = point
    for k, dot in enumerate(doc["dots"]):
        if math.hypot(x - dot["x"], y - dot["y"]) < DOT_REACH:
            return "dot", k
    for t in doc["tensors"]:
        if t["width"] and _near_outline(x, y, t):
            return "tensor", t["name"]
    return "open", ""


def einsum_from_wires(doc: dict) -> str:
    """The einsum the drawn wires make, as a numpy subscript string: one letter per net of wires.

    Wires joined at a dot form one net; a wire's two ends are found on a tensor's outline, on a dot or in the
    open by their coordinates. Each tensor's axes are its JSON ``legs`` in order; axis ``l`` takes the letter of
    the net of a wire named ``l`` ending on that tensor (one wire end per axis). The output takes, per output
    leg, the net of a wire named so with an end in the open. The tensors' own ``legs`` only order the axes:
    which axes share a letter comes from the wires alone, so a wire drawn to the wrong place changes the einsum.
    """
    wires = doc["wires"]
    ends = [[_end_on(w["points"][0], doc), _end_on(w["points"][-1], doc)] for w in wires]
    net = list(range(len(wires)))  # union-find over wires: a dot joins every wire ending on it

    def root(k: int) -> int:
        while net[k] != k:
            net[k] = net[net[k]]
            k = net[k]
        return k

    at_dot: dict[int, int] = {}
    for k, pair in enumerate(ends):
        for kind, where in pair:
            if kind == "dot":
                assert isinstance(where, int)
                net[root(k)] = root(at_dot.setdefault(where, k))
    letters: dict[int, str] = {}

    def letter(k: int) -> str:
        return letters.setdefault(root(k), chr(ord("a") + len(letters)))

    loose: dict[tuple[str, str], list[int]] = {}  # (tensor name or "" for open, index) -> wires, one per end
    for k, pair in enumerate(ends):
        for kind, where in pair:
            if kind != "dot":
                loose.setdefault((str(where) if kind == "tensor" else "", wires[k]["index"]), []).append(k)
    subs = []
    for t in doc["tensors"]:
        axes = ""
        for leg in t["legs"]:
            mine = loose.get((t["name"], leg), [])
            assert mine, f"no wire named {leg!r} ends on tensor {t['name']!r}"
            axes += letter(mine.pop(0))
        subs.append(axes)
    out = ""
    for leg in doc["output"]:
        mine = loose.get(("", leg), [])
        assert mine, f"no wire named {leg!r} ends in the open for output leg {leg!r}"
        out += letter(mine.pop(0))
    extra = {key: ks for key, ks in loose.items() if ks}
    assert not extra, f"wire ends that are no tensor's leg and no output leg: {extra}"
    return ",".join(subs) + "->" + out


def stand_ins(doc: dict, size: int | None = None) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Random and ``arange``-valued arrays, shaped by each tensor's legs (a size per leg name)."""
    sizes: dict[str, int] = {}
    for t in doc["tensors"]:
        for leg in t["legs"]:
            sizes.setdefault(leg, size or 2 + len(sizes) % 3)
    rng = np.random.default_rng(0)
    shapes = [[sizes[leg] for leg in t["legs"]] for t in doc["tensors"]]
    randoms = [rng.standard_normal(shape) for shape in shapes]
    counting = [np.arange(1.0, 1 + math.prod(shape)).reshape(shape) for shape in shapes]
    return randoms, counting


def declared_einsum(doc: dict) -> str:
    """The JSON's ``einsum`` text, read by the parser, as a numpy subscript string (a letter per index name)."""
    parsed = parse_einsum(doc["einsum"])
    letters: dict[str, str] = {}

    def sub(legs: tuple) -> str:  # type: ignore[type-arg]
        return "".join(letters.setdefault(leg_text(leg), chr(ord("a") + len(letters))) for leg in legs)

    return ",".join(sub(op) for op in parsed.operands) + "->" + sub(parsed.output)


@pytest.mark.parametrize("kind,text", CASES, ids=[f"{k}:{t}" for k, t in CASES])
def test_json_contracts_to_the_einsum(kind: str, text: str) -> None:
    d = draw(text)
    doc = json.loads(d.render("json"))
    assert doc["version"] == 1
    for key in ("einsum", "tensors", "output", "dims", "wires", "dots", "labels"):
        assert key in doc
    # Hyperedges meet at a dot; every dot has a wire ending on it.
    for k, dot in enumerate(doc["dots"]):
        assert any(("dot", k) in (_end_on(w["points"][0], doc), _end_on(w["points"][-1], doc))
                   for w in doc["wires"]), dot
    # Contract what the wires join and compare with numpy.einsum of the declared text, on the same arrays.
    drawn, declared = einsum_from_wires(doc), declared_einsum(doc)
    for arrays in stand_ins(doc):
        np.testing.assert_allclose(np.einsum(drawn, *arrays), np.einsum(declared, *arrays), rtol=1e-12,
                                   err_msg=f"drawn {drawn} vs declared {declared}")


# --- the comparison can fail ---------------------------------------------------------------------------


def _wire(doc: dict, tensor: str, index: str) -> tuple[dict, int]:
    """The wire named ``index`` with an end on ``tensor``, and which of its ends (0 or -1) is the other one."""
    for w in doc["wires"]:
        for k, other in ((0, -1), (-1, 0)):
            if w["index"] == index and _end_on(w["points"][k], doc) == ("tensor", tensor):
                return w, other
    raise AssertionError(f"no wire {index!r} on {tensor!r}")


def test_two_wire_ends_swapped_give_a_different_number() -> None:
    """A ∘ B drawn with A's i and j wires swapped at their dots is Aᵀ ∘ B: the wires, not the legs, decide."""
    doc = json.loads(draw("ij,ij->ij").render("json"))
    (wi, ei), (wj, ej) = _wire(doc, "A", "i"), _wire(doc, "A", "j")
    assert _end_on(wi["points"][ei], doc)[0] == _end_on(wj["points"][ej], doc)[0] == "dot"
    arrays, _ = stand_ins(doc, size=3)
    right = np.einsum(einsum_from_wires(doc), *arrays)
    np.testing.assert_allclose(right, np.einsum(declared_einsum(doc), *arrays))
    wi["points"][ei], wj["points"][ej] = wj["points"][ej], wi["points"][ei]
    swapped = np.einsum(einsum_from_wires(doc), *arrays)
    assert einsum_from_wires(doc) == "ab,ba->ba"  # i ↔ j on A
    assert not np.allclose(swapped, right)


def test_a_wire_drawn_to_the_wrong_tensor_is_refused() -> None:
    doc = json.loads(draw("ij,jk,kl->il").render("json"))
    bond, far = _wire(doc, "A", "j")
    c = next(t for t in doc["tensors"] if t["name"] == "C")
    bond["points"][far] = [c["x"], c["y"]]  # A's j wire now ends on C instead of B
    with pytest.raises(AssertionError, match=r"no wire named 'j' ends on tensor 'B'"):
        einsum_from_wires(doc)


def test_json_schema_example() -> None:
    doc = json.loads(draw("einsum(A, v, B, 'i α β, β, β α j -> i j')").render("json"))
    assert [t["name"] for t in doc["tensors"]] == ["A", "v", "B"]
    assert doc["tensors"][0]["legs"] == ["i", "α", "β"]
    assert doc["output"] == ["i", "j"]
    assert [d["index"] for d in doc["dots"]] == ["β"]
    free = [w for w in doc["wires"] if w["role"] == "free"]
    assert sorted(w["index"] for w in free) == ["i", "j"]
    i_end = next(w for w in free if w["index"] == "i")["points"][-1]
    j_end = next(w for w in free if w["index"] == "j")["points"][-1]
    a = doc["tensors"][0]
    b = doc["tensors"][2]
    assert i_end[0] < a["x"] and j_end[0] > b["x"], "free legs i and j point outward"
