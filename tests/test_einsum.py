"""The einsum reader: every spelling the post uses, exact structures, pinned errors, numpy's semantics."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tensordiag.einsum as einsum_module
from tensordiag.einsum import MAX_OPERANDS, ParsedEinsum, diagram_from_einsum, format_einsum, parse_einsum
from tensordiag import draw
from tensordiag.errors import EinsumError
from tensordiag.model import Diagram, Leg, Tensor

ROOT = Path(__file__).resolve().parents[1]


def legs(*items: str | tuple[str, ...]) -> tuple[Leg, ...]:
    """``legs("i", ("j", "k"))`` is ``(("i",), ("j", "k"))``: a plain index or a group per axis."""
    return tuple((item,) if isinstance(item, str) else item for item in items)


def structure(p: ParsedEinsum) -> tuple[Any, ...]:
    return p.operands, p.output, p.names, p.dims, p.explicit_output


# kind -> [(text, operands, output, names)]; names None means the defaults A, B, C, … (named=False).
CORPUS: dict[str, list[tuple[str, tuple[tuple[Leg, ...], ...], tuple[Leg, ...], tuple[str, ...] | None]]] = {
    "scalar": [
        ("einsum(a, b, ', -> ')", ((), ()), (), ("a", "b")),
        ("einsum(x, '->')", ((),), (), ("x",)),
        ("einsum(a, v, ', i -> i')", ((), legs("i")), legs("i"), ("a", "v")),
    ],
    "hadamard": [
        ("ij,ij->ij", (legs("i", "j"), legs("i", "j")), legs("i", "j"), None),
        ("i,i->i", (legs("i"), legs("i")), legs("i"), None),
    ],
    "outer": [
        ("i,j->ij", (legs("i"), legs("j")), legs("i", "j"), None),
        ("einsum(a, b, 'i, j, -> i j')", (legs("i"), legs("j")), legs("i", "j"), ("a", "b")),
        ("i, j, -> i j", (legs("i"), legs("j")), legs("i", "j"), None),
    ],
    "inner": [
        ("i,i->", (legs("i"), legs("i")), (), None),
        ("einsum(a, b, 'i, i, -> ')", (legs("i"), legs("i")), (), ("a", "b")),
        ("i, i, -> ", (legs("i"), legs("i")), (), None),
        ("ij,ij->", (legs("i", "j"), legs("i", "j")), (), None),
    ],
    "trace": [
        ("ii->", (legs("i", "i"),), (), None),
        ("ij,ji->", (legs("i", "j"), legs("j", "i")), (), None),
    ],
    "diagonal": [
        ("ii->i", (legs("i", "i"),), legs("i"), None),
        ("aab,bc->ac", (legs("a", "a", "b"), legs("b", "c")), legs("a", "c"), None),
    ],
    "matrix chain": [
        ("ij,jk->ik", (legs("i", "j"), legs("j", "k")), legs("i", "k"), None),
        ("ij,jk,kl->il", (legs("i", "j"), legs("j", "k"), legs("k", "l")), legs("i", "l"), None),
        ("  ij , jk -> ik  ", (legs("i", "j"), legs("j", "k")), legs("i", "k"), None),
    ],
    "hyperedge": [
        ("a,ab,abc->abc", (legs("a"), legs("a", "b"), legs("a", "b", "c")), legs("a", "b", "c"), None),
        ("einsum(A, v, B, 'i α β, β, β α j -> i j')",
         (legs("i", "α", "β"), legs("β"), legs("β", "α", "j")), legs("i", "j"), ("A", "v", "B")),
        ("einsum(λ, U, V, W, 's, i s, j s, k s -> i j k')",
         (legs("s"), legs("i", "s"), legs("j", "s"), legs("k", "s")), legs("i", "j", "k"), ("λ", "U", "V", "W")),
    ],
    "implicit output": [
        ("ab,bc", (legs("a", "b"), legs("b", "c")), legs("a", "c"), None),
        ("ba,ac", (legs("b", "a"), legs("a", "c")), legs("b", "c"), None),
        ("ii", (legs("i", "i"),), (), None),
        ("j i, j k", (legs("j", "i"), legs("j", "k")), legs("i", "k"), None),
    ],
    "names": [
        ("seq pos, pos hidden -> seq hidden", (legs("seq", "pos"), legs("pos", "hidden")), legs("seq", "hidden"), None),
        ("i α β, β -> i α", (legs("i", "α", "β"), legs("β")), legs("i", "α"), None),
        ("i' j, j -> i'", (legs("i'", "j"), legs("j")), legs("i'"), None),
        ("einsum(W_Q, x, 'h d, s d -> s h')", (legs("h", "d"), legs("s", "d")), legs("s", "h"), ("W_Q", "x")),
        ("x_1 y2, y2 -> x_1", (legs("x_1", "y2"), legs("y2")), legs("x_1"), None),
    ],
    "groups": [
        ("i j k l -> (i l) (k j)", (legs("i", "j", "k", "l"),), legs(("i", "l"), ("k", "j")), None),
        ("i (j k) -> i j k", (legs("i", ("j", "k")),), legs("i", "j", "k"), None),
        ("i j, k l -> (i k) (j l)", (legs("i", "j"), legs("k", "l")), legs(("i", "k"), ("j", "l")), None),
        ("(seq) -> seq", (legs("seq"),), legs("seq"), None),
    ],
    "call forms": [
        ("t.einsum(A, B, 'i j, j k -> i k')", (legs("i", "j"), legs("j", "k")), legs("i", "k"), ("A", "B")),
        ("torch.einsum(A, B, 'i j, j k -> i k')", (legs("i", "j"), legs("j", "k")), legs("i", "k"), ("A", "B")),
        ("einops.einsum(A, B, \"i j, j k -> i k\")", (legs("i", "j"), legs("j", "k")), legs("i", "k"), ("A", "B")),
        ("np.einsum('ij,jk->ik', A, B)", (legs("i", "j"), legs("j", "k")), legs("i", "k"), ("A", "B")),
        ("rearrange(A, 'i j -> j i')", (legs("i", "j"),), legs("j", "i"), ("A",)),
        ("einops.rearrange(T, 'i j k l -> (i l) (k j)')", (legs("i", "j", "k", "l"),), legs(("i", "l"), ("k", "j")),
         ("T",)),
        ("M = einsum(A,v,B,'i α β, β, β α j -> i j')",
         (legs("i", "α", "β"), legs("β"), legs("β", "α", "j")), legs("i", "j"), ("A", "v", "B")),
        ("einsum(U, λ, V†, ' i j, j, k j -> i k' ,)", (legs("i", "j"), legs("j"), legs("k", "j")), legs("i", "k"),
         ("U", "λ", "V†")),
        ("'ij,jk->ik'", (legs("i", "j"), legs("j", "k")), legs("i", "k"), None),
    ],
}
CASES = [(kind, *case) for kind, cases in CORPUS.items() for case in cases]
TEXTS = [case[1] for case in CASES]


@pytest.mark.parametrize(("kind", "text", "operands", "output", "names"), CASES)
def test_corpus(kind: str, text: str, operands: Any, output: Any, names: Any) -> None:
    p = parse_einsum(text)
    assert p.operands == operands
    assert p.output == output
    assert p.names == (names or tuple("ABCDEFGHIJ"[: len(operands)]))
    assert p.named == (names is not None)
    assert p.explicit_output == ("->" in text)
    assert p.text == text


def test_the_ladder_from_the_post() -> None:
    p = parse_einsum("einsum(A,V,B,W,C,X,D,Y,E,Z,'i j, i r, j k l, r k s, l m n, s m t, n o p, t o u, p q, u q -> ')")
    assert p.names == tuple("AVBWCXDYEZ")
    assert p.operands[3] == legs("r", "k", "s") and p.operands[9] == legs("u", "q")
    assert p.output == () and p.explicit_output


def test_keyword_sizes() -> None:
    p = parse_einsum("rearrange(M, 'i (j k) -> i j k', j=3)")
    assert (p.names, p.operands, p.output, p.dims) == (("M",), (legs("i", ("j", "k")),), legs("i", "j", "k"), (("j", 3),))
    assert parse_einsum("einsum(A, B, 'i j, j k -> i k', j = 0, k=12)").dims == (("j", 0), ("k", 12))


def test_default_names_go_on_after_z() -> None:
    p = parse_einsum(",".join("i" * 28) + "->")
    assert p.names[:3] == ("A", "B", "C") and p.names[25:] == ("Z", "A1", "B1")


def test_bare_arrow_has_no_operand() -> None:
    # spec.py reads an empty `legs:` string this way
    assert structure(parse_einsum("->")) == ((), (), (), (), True)


@pytest.mark.parametrize(("text", "expected"), [
    ("ij,jk->ik", "einsum(A, B, 'i j, j k -> i k')"),
    ("ab,bc", "einsum(A, B, 'a b, b c')"),
    ("einsum(a, b, 'i, i, -> ')", "einsum(a, b, 'i, i ->')"),
    ("einsum(a, b, ', -> ')", "einsum(a, b, ', ->')"),
    ("rearrange(M, 'i (j k) -> i j k', j=3)", "einsum(M, 'i (j k) -> i j k', j=3)"),
    ("i' j, j -> i'", "einsum(A, B, \"i' j, j -> i'\")"),
    ("(seq) -> seq", "einsum(A, '(seq) -> seq')"),
    ("->", "einsum('->')"),
    # once failed the round trip: one multi-character index per operand must stay einops
    ("seq, (i)", "einsum(A, B, '(seq), i')"),
    ("einsum(a, b, '(xy), -> xy')", "einsum(a, b, '(xy), -> xy')"),
])
def test_format(text: str, expected: str) -> None:
    assert format_einsum(parse_einsum(text)) == expected


def test_format_without_names_is_the_quoted_pattern() -> None:
    assert format_einsum(parse_einsum("einsum(A, v, B, 'i α β, β, β α j -> i j')"), names=False) == \
        "'i α β, β, β α j -> i j'"


@pytest.mark.parametrize("text", TEXTS)
def test_round_trip(text: str) -> None:
    p = parse_einsum(text)
    assert structure(parse_einsum(format_einsum(p))) == structure(p)
    if all(p.operands):  # a bare pattern holds no scalars
        q = parse_einsum(format_einsum(p, names=False))
        assert (q.operands, q.output, q.explicit_output) == (p.operands, p.output, p.explicit_output)


GREEK = dict(zip("abcdefghijklmnopqrs", "αβγδεζηθικλμνξοπρστ"))


def _renamed(p: ParsedEinsum, table: dict[str, str]) -> tuple[Any, ...]:
    def leg(x: Leg) -> Leg:
        return tuple(table.get(i, i) for i in x)
    return tuple(tuple(leg(x) for x in op) for op in p.operands), tuple(leg(x) for x in p.output)


@pytest.mark.parametrize("text", TEXTS)
def test_greek_for_latin_gives_the_same_structure(text: str) -> None:
    p = parse_einsum(text)
    quoted = re.search(r"(['\"])(.*?)\1", text) if p.named else None
    if quoted:  # rename inside the pattern only, never the tensor names
        greek = text.replace(quoted.group(0), quoted.group(1) + _greek(quoted.group(2)) + quoted.group(1))
    else:
        greek = _greek(text)
    q = parse_einsum(greek)
    assert (q.operands, q.output) == _renamed(p, GREEK)
    assert (q.names, q.explicit_output) == (p.names, p.explicit_output)


def _greek(pattern: str) -> str:
    """Greek for Latin: every letter of a numpy pattern, every one-letter name of an einops one."""
    if any(re.search(r"[\s()]", piece.strip()) for piece in re.split(r",|->", pattern.strip(" '"))):
        return re.sub(r"(?<![\w'])[a-s](?![\w'])", lambda m: GREEK[m.group()], pattern)
    return "".join(GREEK.get(c, c) for c in pattern)


NUMPY_CASES = ["ij,ij->ij", "i,j->ij", "i,i->", "ii->", "ii->i", "aab,bc->ac", "ij,jk->ik", "ij,jk,kl->il",
               "a,ab,abc->abc", "ab,bc", "ba,ac", "ii", "ij,ji", "Ab,bC", "abc,cba->", "ijk,jl,kl->il"]


@pytest.mark.parametrize("text", NUMPY_CASES)
@pytest.mark.parametrize("fill", ["random", "arange"])
def test_agrees_with_numpy_einsum(text: str, fill: str) -> None:
    p = parse_einsum(text)
    sizes = {i: 2 + k for k, i in enumerate(sorted({i for op in p.operands for x in op for i in x}))}
    rng = np.random.default_rng(20240601)
    arrays = []
    for op in p.operands:
        shape = tuple(sizes[x[0]] for x in op)
        n = int(np.prod(shape))
        arrays.append(rng.standard_normal(shape) if fill == "random" else np.arange(1, n + 1.0).reshape(shape))
    rebuilt = ",".join("".join(x[0] for x in op) for op in p.operands) + "->" + "".join(x[0] for x in p.output)
    np.testing.assert_allclose(np.einsum(rebuilt, *arrays), np.einsum(text, *arrays), rtol=1e-12)
    assert np.einsum(rebuilt, *arrays).shape == np.einsum(text, *arrays).shape


def test_diagram_from_einsum() -> None:
    d = diagram_from_einsum("rearrange(M, 'i (j k) -> i j k', j=3)", title="Reshape")
    assert d == Diagram(tensors=(Tensor("M", legs("i", ("j", "k"))),), output=legs("i", "j", "k"), dims=(("j", 3),),
                        einsum="rearrange(M, 'i (j k) -> i j k', j=3)", title="Reshape")
    bare = diagram_from_einsum("ij,jk->ik")
    assert [t.name for t in bare.tensors] == ["A", "B"] and bare.einsum == "ij,jk->ik"


def test_a_name_used_twice_shares_its_numbers() -> None:
    d = diagram_from_einsum("einsum(A, B, A, A, 'i j, j k, k l, l m -> i m')")
    assert [(t.name, t.data) for t in d.tensors] == [("A", None), ("B", None), ("A'", "A"), ("A''", "A")]
    assert [t.source for t in d.tensors] == ["A", "B", "A", "A"]
    assert [t.legs for t in d.tensors] == [legs("i", "j"), legs("j", "k"), legs("k", "l"), legs("l", "m")]


def test_diagram_overrides_are_diagram_fields() -> None:
    with pytest.raises(TypeError, match=r"^unknown Diagram field 'colour' \(valid: auto_bundles, bubbles, bundles, contraction, dims, "):
        diagram_from_einsum("ij->i", colour="red")


ERRORS = [
    ("", "empty einsum: expected a pattern such as 'ij,jk->ik' or a call einsum(A, B, 'i j, j k -> i k')"),
    ("   ", "empty einsum: expected a pattern such as 'ij,jk->ik' or a call einsum(A, B, 'i j, j k -> i k')"),
    ("ij,jk->ikk", "output, column 10: output index 'k' appears twice: each free index appears once"),
    ("i j -> (i i) j", "output, column 11: output index 'i' appears twice: each free index appears once"),
    ("ij->k", "output, column 5: output index 'k' appears in no operand"),
    ("i j -> i k", "output, column 10: output index 'k' appears in no operand"),
    ("i j\n k -> l", "output, line 2, column 7: output index 'l' appears in no operand"),
    ("i->j->i", "column 5: a second '->': an einsum has one arrow"),
    ("ij,jk->i,k", "column 9: ',' in the output: the output is one list of indices"),
    ("i (j k", "operand 1 (A), column 3: unbalanced '(': expected ')' before the end of the operand"),
    ("einsum(A, B, 'i j, (j k -> i k')",
     "operand 2 (B), column 20: unbalanced '(': expected ')' before the end of the operand"),
    ("i j -> (i j", "output, column 8: unbalanced '(': expected ')' before the end of the output"),
    ("i j) -> i", "operand 1 (A), column 4: unbalanced ')': no '(' before it"),
    ("i ((j k)) -> i j k", "operand 1 (A), column 4: nested '(': a group holds index names only"),
    ("i () -> i", "operand 1 (A), column 3: empty group '()': a group holds at least one index"),
    ("i j -> i ()", "output, column 10: empty group '()': a group holds at least one index"),
    ("(i i) -> i",
     "operand 1 (A), column 2: index 'i' of group (i i) appears again in this operand: a grouped index appears once"),
    ("i (i j) -> i j",
     "operand 1 (A), column 4: index 'i' of group (i j) appears again in this operand: a grouped index appears once"),
    ("ij;k", "column 3: unexpected character ';': expected index names, ',', '->', '(' or ')'"),
    ("i$j", "column 2: unexpected character '$': expected index names, ',', '->', '(' or ')'"),
    ("i.j->ij", "column 2: a dotted index name (hidden.2) needs einops style, names between spaces (hidden hidden.2 -> hidden.2): in numpy style every character is an index"),
    ("reduce(x, 'b c h w -> b c', 'mean')", "column 29: reduce(…, 'mean') is not a contraction, so no diagram "
     "draws it exactly: a diagram draws reduce(…, 'sum') (a mean is that sum divided by the reduced axes' sizes)"),
    ("reduce(x, 'b c h w -> b c')", "column 8: reduce(…) needs its operation after the pattern: "
     "reduce(x, 'b c h w -> b c', 'sum')"),
    ("repeat(x, 'h w -> h w c', c=3)", "column 11: repeat(…) adds the axes c, which no tensor has: draw it as the "
     "tensor times an all-ones tensor over them, einsum(x, ones, 'h w, c -> h w c')"),
    ("torch.einsum('ij,jk->ik', [A, 2])", "column 27: '2' in the list of operands is not a tensor name"),
    ("i-j", "column 2: stray '-': expected '->' between the operands and the output"),
    ("i>j", "column 2: stray '>': expected '->' between the operands and the output"),
    ("i-->j", "column 2: stray '-': expected '->' between the operands and the output"),
    (",i->i", "operand 1 (A), column 1: empty operand: a bare pattern has no scalars; name them in a call "
              "einsum(a, b, ', -> ')"),
    ("i,,j->ij", "operand 2 (B), column 3: empty operand: a bare pattern has no scalars; name them in a call "
                 "einsum(a, b, ', -> ')"),
    ("ij,", "operand 2 (B), column 4: empty operand: a bare pattern has no scalars; name them in a call "
            "einsum(a, b, ', -> ')"),
    ("i, j, , -> i j", "operand 3 (C), column 6: empty operand: a bare pattern has no scalars; name them in a call "
                       "einsum(a, b, ', -> ')"),
    ("einsum(A, 'ij,jk->ik')", "column 12: the call names 1 tensor but its pattern has 2 operands"),
    ("einsum(A, B, C, 'ij,jk->ik')", "column 18: the call names 3 tensors but its pattern has 2 operands"),
    ("einsum(2A, 'i->i')", "operand 1, column 8: '2A' is not a tensor name: expected a name such as A, W_Q or λ"),
    ("einsum(t.eye(5), t.eye(3), 'i j, k l -> (i k) (j l)')",
     "operand 1, column 8: 't.eye(5)' is not a tensor name: expected a name such as A, W_Q or λ"),
    ("einsum(A, B, 'i j, j k -> i k'", "column 7: the '(' of einsum( is never closed: expected ')'"),
    ("einsum(A, 'i j -> i j)", "column 11: unterminated string: expected a closing '"),
    ("einsum(A, , 'i->i')", "column 11: empty argument: expected a tensor name, a quoted pattern or a size such as j=3"),
    ("einsum(A, 'i->i', 'i->i')", "column 19: a second quoted pattern: a call holds one"),
    ("einsum(A, B)", "column 8: einsum(…) has no quoted pattern: expected one such as 'i j, j k -> i k'"),
    ("einsum(A, 'i, j -> i j', B)", "column 11: the pattern must come first (numpy) or after the tensors (einops)"),
    ("einsum(A, 'ij->i']", "column 18: unbalanced ']' in the call's arguments"),
    ("einsum(A, 'i' 'j')", "column 11: expected one quoted pattern, got \"'i' 'j'\""),
    ("einsum(A, B, 'i j, j k -> i k') x", "column 33: unexpected text after the call's ')'"),
    ("rearrange(M, 'i (j k) -> i j k', j=int(np.sqrt(M.shape[-1])))",
     "column 34: size j='int(np.sqrt(M.shape[-1]))': sizes must be integers such as j=3"),
    ("rearrange(M, 'i (j k) -> i j k', j=-3)", "column 34: size j='-3': sizes must be integers such as j=3"),
    ("rearrange(M, 'i (j k) -> i j k', j=3, j=4)", "column 39: size of 'j' given twice"),
    ("rearrange(M, 'i (j k) -> i j k', x=3)", "column 34: a size is given for 'x', which is in no operand"),
    ("einsum(A, j=3, 'i j -> i')",
     "column 16: \"'i j -> i'\" comes after a size keyword: expected tensors and the pattern first"),
    ("rearrange(A, B, 'i, j -> i j')", "column 11: rearrange takes one tensor, got 2"),
    ("rearrange(A, 'i j')", "column 18: rearrange needs '->' and an output"),
    ("rearrange(A, 'i i -> i')",
     "operand 1 (A), column 15: rearrange: index 'i' appears 2 times; rearrange cannot take a diagonal"),
    ("rearrange(A, 'i j -> i')",
     "operand 1 (A), column 15: rearrange: index 'j' is missing from the output; rearrange cannot sum"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_error_messages(text: str, message: str) -> None:
    with pytest.raises(EinsumError, match="^" + re.escape(message) + "$"):
        parse_einsum(text)


def test_error_keeps_its_place_apart_from_its_message() -> None:
    with pytest.raises(EinsumError) as info:
        parse_einsum("ij->k")
    assert (info.value.where, info.value.message) == ("output, column 5", "output index 'k' appears in no operand")


def test_operand_limit() -> None:
    assert len(parse_einsum(",".join("i" * MAX_OPERANDS) + ",->").operands) == MAX_OPERANDS
    with pytest.raises(EinsumError, match=r"^column 1: too many operands: 10001, at most 10000$"):
        parse_einsum(",".join("i" * (MAX_OPERANDS + 1)) + "->")
    names = ", ".join(f"T{k}" for k in range(MAX_OPERANDS + 1))
    with pytest.raises(EinsumError, match=r"^column \d+: too many operands: 10001, at most 10000$"):
        parse_einsum(f"einsum({names}, '{','.join('i' * (MAX_OPERANDS + 1))}->')")


def _peps(n: int) -> str:
    ops = []
    for r in range(n):
        for c in range(n):
            bonds = [f"phys{r}_{c}"] + [f"v{r - 1}_{c}"] * (r > 0) + [f"v{r}_{c}"] * (r < n - 1)
            bonds += [f"h{r}_{c - 1}"] * (c > 0) + [f"h{r}_{c}"] * (c < n - 1)
            ops.append(" ".join(bonds))
    return ", ".join(ops) + " -> " + " ".join(f"phys{r}_{c}" for r in range(n) for c in range(n))


@pytest.mark.parametrize("call", [False, True])
def test_a_4096_tensor_peps_parses_in_linear_time(call: bool) -> None:
    """Parsing is linear: 16 times the operands may cost at most about 16 times the time, never the 256 times a
    quadratic step would. A ratio of two timings in one process, so a loaded machine slows both alike; the
    absolute speed is measured in bench/, not here."""
    def best_of(n: int) -> float:
        text = _peps(n)
        if call:
            text = "einsum(" + ", ".join(f"T{k}" for k in range(n * n)) + f", '{text}')"
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            p = parse_einsum(text)
            best = min(best, time.perf_counter() - start)
        assert len(p.operands) == n * n and len(p.output) == n * n
        return best

    small, large = best_of(16), best_of(64)
    p = parse_einsum(_peps(64))
    assert p.operands[65] == legs("phys1_1", "v0_1", "v1_1", "h1_0", "h1_1")
    assert large < 64 * max(small, 1e-4), f"16x the operands took {large / small:.0f}x the time"


def test_doctests() -> None:
    assert doctest.testmod(einsum_module).failed == 0


def test_imports_nothing_heavy() -> None:
    out = subprocess.run([sys.executable, "-c", "import tensordiag.einsum, sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    assert not {"numpy", "networkx", "jinja2"} & set(out)


INDEX = st.sampled_from(["i", "j", "k", "α", "β", "seq", "i'", "x1", "_", "é"])
PIECES = st.sampled_from([",", ", ", "->", " -> ", "(", ")", " ", "  ", "...", "'", '"', "-", ">", "\n", "=", ";"])
GRAMMAR = st.lists(st.one_of(INDEX, INDEX, PIECES), max_size=30).map("".join)
CALLS = st.tuples(
    st.sampled_from(["einsum", "np.einsum", "rearrange", "M = t.einsum"]),
    st.lists(st.sampled_from(["A", "B", "λ", "2A", "t.eye(5)", "", "A[0]"]), max_size=4),
    GRAMMAR,
    st.sampled_from(["", ", j=3", ", k=x", ",", ", i=0", ")"]),
).map(lambda t: f"{t[0]}(" + "".join(n + ", " for n in t[1]) + repr(t[2]) + t[3] + ")")
OPERAND = st.lists(st.one_of(INDEX, st.lists(INDEX, min_size=1, max_size=3, unique=True).map(tuple)), max_size=4)
VALID = st.lists(OPERAND, min_size=1, max_size=5).map(
    lambda ops: ", ".join(" ".join(x if isinstance(x, str) else "(" + " ".join(x) + ")" for x in op) for op in ops))


def _reads_or_refuses(text: str) -> None:
    try:
        p = parse_einsum(text)
    except EinsumError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(p, ParsedEinsum)
    assert structure(parse_einsum(format_einsum(p))) == structure(p)


@settings(max_examples=400, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), GRAMMAR, CALLS, VALID, VALID.map(lambda s: s + " ->"), VALID.map(lambda s: f"einsum({s!r})")))
def test_any_text_is_read_or_refused_with_an_einsum_error(text: str) -> None:
    _reads_or_refuses(text)


# --- einsum as people paste it (issue 14) -----------------------------------------------------------------


@pytest.mark.parametrize("text, names, operands, output", [
    ("np.einsum('ij,jk->ik', A, B, optimize=True)", ("A", "B"), (("i", "j"), ("j", "k")), ("i", "k")),
    ("torch.einsum('ij,jk->ik', [A, B])", ("A", "B"), (("i", "j"), ("j", "k")), ("i", "k")),
    ("oe.contract('ij,jk->ik', A, B)", ("A", "B"), (("i", "j"), ("j", "k")), ("i", "k")),
    ("jnp.einsum('ij,jk->ik', A, B, precision=None)", ("A", "B"), (("i", "j"), ("j", "k")), ("i", "k")),
    ("reduce(x, 'b c h w -> b c', 'sum')", ("x",), (("b", "c", "h", "w"),), ("b", "c")),
    ("...ij,...jk->...ik", ("A", "B"), (("batch", "i", "j"), ("batch", "j", "k")), ("batch", "i", "k")),
    ("einsum(A, B, 'b ... i, i j -> b ... j')", ("A", "B"), (("b", "batch", "i"), ("i", "j")), ("b", "batch", "j")),
    ("...batch,...->...", ("A", "B"), (("batch2", "b", "a", "t", "c", "h"), ("batch2",)), ("batch2",)),
])
def test_pasted_calls_read_as_their_einsum(text: str, names: tuple, operands: tuple, output: tuple) -> None:
    """numpy's optimize=, torch's list of operands, opt_einsum's contract, jax, einops' reduce with 'sum', and
    numpy's ellipsis, drawn as one leg named batch (batch2 when batch is taken), checked like any einsum."""
    parsed = parse_einsum(text)
    assert parsed.names[:len(names)] == names
    assert tuple(tuple(i for leg in legs for i in leg) for legs in parsed.operands) == operands
    assert tuple(i for leg in parsed.output for i in leg) == output
    assert draw(text).check().ok
