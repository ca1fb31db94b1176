"""The JSON export, read back as a drawing, is the einsum: every leg drawn once, contracted right."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tensordiag import draw

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


def _near_outline(x: float, y: float, t: dict) -> bool:
    """Is (x, y) on (or inside) tensor t's bounding box, give or take a little?"""
    return abs(x - t["x"]) <= t["width"] / 2 + 1e-3 and abs(y - t["y"]) <= t["height"] / 2 + 1e-3


def legs_from_drawing(doc: dict) -> dict[str, list[str]]:
    """Which indices the drawn wires attach to each tensor, found from the wires' end points alone."""
    attached: dict[str, list[str]] = {t["name"]: [] for t in doc["tensors"]}
    for w in doc["wires"]:
        for x, y in (w["points"][0], w["points"][-1]):
            for t in doc["tensors"]:
                if t["width"] and _near_outline(x, y, t):
                    attached[t["name"]].append(w["index"])
                    break
    return attached


@pytest.mark.parametrize("kind,text", CASES, ids=[f"{k}:{t}" for k, t in CASES])
def test_json_contracts_to_the_einsum(kind: str, text: str) -> None:
    d = draw(text)
    doc = json.loads(d.render("json"))
    assert doc["version"] == 1
    for key in ("tensors", "output", "dims", "wires", "dots", "labels"):
        assert key in doc
    # Every leg of every tensor has exactly one wire ending on that tensor's shape.
    drawn = legs_from_drawing(doc)
    for t in doc["tensors"]:
        assert sorted(drawn[t["name"]]) == sorted(t["legs"]), (t["name"], drawn[t["name"]])
    # Hyperedges meet at a dot; every dot has a wire ending on it.
    for dot in doc["dots"]:
        ends = [p for w in doc["wires"] if w["index"] == dot["index"] for p in (w["points"][0], w["points"][-1])]
        assert any(math.hypot(x - dot["x"], y - dot["y"]) < 0.1 for x, y in ends)
    # Contract what the JSON says with numpy and compare with numpy.einsum on the declared text.
    rng = np.random.default_rng(0)
    letters = {}
    sizes = {}
    for t in doc["tensors"]:
        for index in t["legs"]:
            letters.setdefault(index, chr(ord("a") + len(letters)))
            sizes.setdefault(index, 2 + len(sizes) % 3)
    arrays = [rng.standard_normal([sizes[i] for i in t["legs"]]) for t in doc["tensors"]]
    subs = ",".join("".join(letters[i] for i in t["legs"]) for t in doc["tensors"])
    out = "".join(letters[i] for i in doc["output"])
    from_json = np.einsum(f"{subs}->{out}", *arrays)
    model = d.figure
    declared = ",".join("".join(letters[i] for i in t.indices) for t in model.tensors)
    expected = np.einsum(f"{declared}->{''.join(letters[i[0]] for i in model.output)}", *arrays)
    assert np.allclose(from_json, expected)
    assert d.check().ok


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
