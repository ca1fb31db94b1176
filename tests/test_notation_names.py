"""Issue 11, element 1: an index's name is not its label (tests/specs/names-*.yaml).

A leg shows its ``index_labels`` text, else its name up to a dot (``hidden.2`` reads "hidden"); the check,
the einsum, the ids and the JSON keep the real names, so two indices that read alike are two wires.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from tensordiag import draw, load
from tensordiag.check import check
from tensordiag.einsum import parse_einsum
from tensordiag.errors import EinsumError, SpecError
from tensordiag.geometry import safe_id
from tensordiag.index_names import shown_index
from tensordiag.model import Diagram, Equation, Leg, Tensor, Term
from tensordiag.spec import parse_figure, parse_text

from .conftest import SPECS

NAMES = sorted(SPECS.glob("names-*.yaml"))
SCORES = SPECS / "names-index-labels.yaml"


def legs(*names: str) -> tuple[Leg, ...]:
    return tuple((n,) for n in names)


def leg_texts(figure: object) -> list[str]:
    return sorted(lb.text for lb in draw(figure).geometry.labels if lb.role == "leg")  # type: ignore[arg-type]


def scores() -> Diagram:
    d = load(SCORES).figure
    assert isinstance(d, Diagram)
    return d


def retensor(d: Diagram, name: str, **changes: object) -> Diagram:
    assert any(t.name == name for t in d.tensors)
    return dataclasses.replace(d, tensors=tuple(dataclasses.replace(t, **changes) if t.name == name else t
                                                for t in d.tensors))


# --- the spec: its check passes, wrong variants fail -------------------------------------------------


@pytest.mark.parametrize("spec", NAMES, ids=[p.stem for p in NAMES])
def test_every_names_spec_passes_its_check(spec: Path) -> None:
    result = load(spec).check()
    assert result.ok, result.detail


@pytest.mark.parametrize("what, edit", [
    ("the two 'seq pos' free legs swapped", lambda d: dataclasses.replace(d, output=legs("seq.k", "seq.q"))),
    ("the two 'hidden' legs swapped between W_Q and W_K",
     lambda d: retensor(retensor(d, "W_Q", legs=legs("hidden.2", "head")), "W_K", legs=legs("hidden", "head"))),
    ("x' transposed", lambda d: retensor(d, "xk", legs=legs("hidden.2", "seq.k"))),
])
def test_legs_that_read_alike_are_still_checked_by_their_names(what: str, edit: object) -> None:
    right = scores()
    wrong = edit(right)  # type: ignore[operator]
    assert wrong != right
    # the picture's text is the same: only the real names tell the variant apart
    assert leg_texts(wrong) == leg_texts(right) or what == "x' transposed"
    result = check(wrong)
    assert not result.ok, result.detail


# --- what is shown ---------------------------------------------------------------------------------


def test_legs_show_their_text_and_every_wire_is_labelled() -> None:
    texts = leg_texts(scores())
    assert texts == sorted([r"\mathrm{seq\ pos}"] * 2 + [r"\mathrm{hidden}"] * 2 + [r"\mathrm{head\ size}"])


def test_tikz_and_svg_show_the_text_and_never_the_suffix() -> None:
    d = load(SCORES)
    tikz, svg = d.tikz(), d.svg()
    nodes = re.findall(r"node\[td leg\] at .*? \{\$(.*)\$\};$", tikz, flags=re.M)  # also `\path let … in node`
    assert sorted(nodes) == leg_texts(scores())
    shown = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))
    assert shown.count("seq pos") == 2 and shown.count("hidden") == 2
    assert "seq.q" not in shown and "hidden.2" not in shown and ".2" not in shown


def test_the_json_and_the_ids_keep_the_real_names() -> None:
    doc = json.loads(load(SCORES).render("json"))
    assert {w["index"] for w in doc["wires"]} == {"seq.q", "hidden", "head", "hidden.2", "seq.k"}
    assert doc["index_labels"] == {"seq": "seq pos", "head": "head size"}
    names = ["hidden.2", "hiddenu2e2", "hidden2", "hidden_2", "hidden", "u2e", "a.b", "a_b", "ab"]
    assert len({safe_id(n) for n in names}) == len(names)
    assert safe_id("hidden.2") == "hiddenu2e2"


def test_sizes_show_the_text_with_the_real_index_size() -> None:
    d = draw({"einsum": "einsum(x, W, 'seq hidden, hidden hidden.2 -> seq hidden.2')", "leg_labels": "sizes",
              "dims": {"hidden": 768, "hidden.2": 3072}, "index_labels": {"seq": "seq pos"}})
    assert leg_texts(d.figure) == sorted([r"\mathrm{hidden}{=}768", r"\mathrm{hidden}{=}3072", r"\mathrm{seq\ pos}"])


def test_a_label_may_be_tex_math_and_a_full_name_wins_over_its_base() -> None:
    d = draw({"einsum": "einsum(A, 'i.1 i.2 j -> i.1 i.2 j')",
              "index_labels": {"i": "i'", "i.2": r"d_{\mathrm{model}}", "j": r"\alpha"}})
    assert leg_texts(d.figure) == sorted([r"\mathrm{i'}", r"d_{\mathrm{model}}", r"\alpha"])
    assert shown_index("i.1", {"i": "x"}) == "x" and shown_index("i.1", {"i": "x", "i.1": "y"}) == "y"


def test_index_text_rules() -> None:
    assert shown_index("hidden.2", {}) == "hidden"
    assert shown_index("seq_pos.in", {}) == "seq_pos"
    assert leg_texts(parse_figure("seq_pos.in hidden, hidden -> seq_pos.in")) == sorted(
        [r"\mathrm{seq\ pos}", r"\mathrm{hidden}"])


# --- an equation's index_labels reach every term ---------------------------------------------------


EQUATION = """
title: Heads summed
index_labels: {h: num heads, seq: seq pos}
equation:
  - tensors:
      A: {legs: [seq.q, h]}
      B: {legs: [h, seq.k]}
    output: [seq.q, h, seq.k]
    sum: [h]
    index_labels: {seq.k: key pos}
  - op: "="
    einsum: "einsum(A, B, 'seq.q h, h seq.k -> seq.q seq.k')"
"""


def test_an_equations_index_labels_reach_every_term_and_its_sum() -> None:
    eq = parse_text(EQUATION)
    assert isinstance(eq, Equation)
    g = draw(eq).geometry
    legs_shown = sorted(lb.text for lb in g.labels if lb.role == "leg")
    assert legs_shown == sorted([r"\mathrm{seq\ pos}"] * 3 + [r"\mathrm{key\ pos}"] + [r"\mathrm{num\ heads}"] * 2)
    sums = [lb.text for lb in g.labels if lb.role == "sum"]
    assert sums == [r"\sum_{\mathrm{num\ heads}}"]
    assert draw(eq).check().ok


# --- the Python API: the same rules --------------------------------------------------------------


def test_the_model_takes_index_labels_and_checks_them() -> None:
    t = Tensor("A", legs("hidden", "hidden.2"))
    d = Diagram((t,), output=legs("hidden", "hidden.2"), index_labels=(("hidden", "hidden"),))
    assert leg_texts(d) == [r"\mathrm{hidden}", r"\mathrm{hidden}"]
    with pytest.raises(SpecError, match=r"^index_labels\.k: 'k' is no index of this figure \(its indices: hidden, "
                                        r"hidden\.2\)$"):
        Diagram((t,), index_labels=(("k", "x"),))
    with pytest.raises(SpecError, match=r"^index_labels\.hidden: index label '\\input\{x\}': command \\input is not allowed"):
        Diagram((t,), index_labels=(("hidden", r"\input{x}"),))
    with pytest.raises(SpecError, match=r"^index_labels\.j: 'j' is no index of this figure"):
        Equation((Term(Diagram((t,))), Term(Diagram((t,)), op="=")), index_labels=(("j", "x"),))


def test_the_spec_locates_a_label_for_no_index() -> None:
    with pytest.raises(SpecError, match=r"^line 2, column 16: index_labels\.seq: 'seq' is no index of this "
                                        r"figure \(its indices: i, j\)$"):
        parse_text("einsum: 'i j -> i j'\nindex_labels: {seq: seq pos}\n")
    with pytest.raises(SpecError, match=r"index_labels\.i: expected the text this index shows"):
        parse_text("einsum: 'i j -> i j'\nindex_labels: {i: ''}\n")


# --- the einsum readers: one .suffix, never numpy's ellipsis -------------------------------------


@pytest.mark.parametrize("text, operands", [
    ("hidden hidden.2, hidden.2 -> hidden", ((("hidden",), ("hidden.2",)), (("hidden.2",),))),
    ("einsum(A, B, 'i.1 (j.a k), k -> i.1 j.a')", ((("i.1",), ("j.a", "k")), (("k",),))),
    ("np.einsum('s.q h, h -> s.q', x, W)", ((("s.q",), ("h",)), (("h",),))),
    ("rearrange(T, 'i.1 j -> j i.1')", ((("i.1",), ("j",)),)),
    ("i'.2 j, j -> i'.2", ((("i'.2",), ("j",)), (("j",),))),
])
def test_einsum_readers_take_a_dotted_name(text: str, operands: tuple) -> None:  # type: ignore[type-arg]
    assert parse_einsum(text).operands == operands


@pytest.mark.parametrize("text, message", [
    ("i.. j -> i", "column 2: a '.' joins an index name and a suffix that is not shown (hidden.2): "
                   "a letter, digit or _ goes on both sides"),
    ("i. j -> i", "column 2: a '.' joins an index name and a suffix that is not shown (hidden.2): "
                  "a letter, digit or _ goes on both sides"),
    (".i j -> j", "column 1: a '.' joins an index name and a suffix that is not shown (hidden.2): "
                  "a letter, digit or _ goes on both sides"),
    ("a.b.c j -> j", "column 4: an index name holds one '.suffix' (hidden.2), not two"),
    ("einsum(A, 'hidden.2 i -> i', hidden.2=3)",
     "column 30: a size keyword is a Python name: give the size of 'hidden.2' in the spec's dims"),
    ("a.b,b->a", "column 2: a dotted index name (hidden.2) needs einops style, names between spaces "
                 "(hidden hidden.2 -> hidden.2): in numpy style every character is an index"),
])
def test_einsum_readers_refuse_other_dots(text: str, message: str) -> None:
    with pytest.raises(EinsumError, match="^" + re.escape(message) + "$"):
        parse_einsum(text)


def test_a_dotted_spec_leg_list_and_its_keys() -> None:
    f = parse_text("tensors:\n  A: {legs: 'seq.q (h.1 h.2)'}\n  B: {legs: [h.1, h.2]}\n"
                   "dims: {h.1: 3}\nsides: {seq.q: left}\nindex_labels: {h: hidden}\n")
    assert isinstance(f, Diagram)
    assert f.tensors[0].legs == (("seq.q",), ("h.1", "h.2"))
    assert f.dim_map == {"h.1": 3} and f.side_map == {"seq.q": "left"}
    with pytest.raises(SpecError, match=r"index name 'h\.1\.2' may hold only letters, digits, _ and ', and one \.suffix"):
        parse_text("tensors:\n  A: {legs: [h.1.2]}\n")


@pytest.mark.parametrize("text", ["a.1 -> a.1", "hidden.2, hidden.2 vocab -> vocab", "hidden.2 i, i",
                                  "einsum(A, 'seq.q (h.1 h.2) -> seq.q h.2 h.1')"])
def test_a_dotted_einsum_reads_back_from_its_formatting(text: str) -> None:
    from tensordiag.einsum import format_einsum

    parsed = parse_einsum(text)
    again = parse_einsum(format_einsum(parsed))
    assert (again.operands, again.output) == (parsed.operands, parsed.output)
