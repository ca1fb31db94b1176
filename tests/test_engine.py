"""The contraction engine on its own, against ``numpy.einsum``: an einsum corpus grouped like opt_einsum's.

Each case is contracted by :func:`tensordiag.check.engine.contract` (repeated indices on one operand
taken by :func:`~tensordiag.check.engine.diagonal` first, as the check does) on seeded random inputs,
real and complex, and on ``arange`` inputs, which catch a swapped axis that random ones might not.
Every letter has its own size, so a transposed operand changes the shape too.
"""

from __future__ import annotations

import numpy as np
import pytest

from tensordiag.check import scaled
from tensordiag.check.engine import FEW, contract, diagonal
from tensordiag.errors import CheckError

SIZES = {letter: 2 + k % 4 for k, letter in enumerate("abcdefghijklmnopqrstuvwxyz")}
"""a=2, b=3, c=4, d=5, e=2, …: neighbouring letters differ in size."""

CORPUS = {
    "scalar": [",->", ",a->a", "a,->", ",,->"],
    "hadamard": ["ab,ab->ab", "a,a->a", "abc,abc,abc->abc", "ab,ba->ab"],
    "outer": ["a,b->ab", "a,b,c->cab", "ab,c->cba", "a,->a"],
    "inner": ["a,a->", "ab,ab->", "abc,cab->", "ab,ba->"],
    "trace": ["aa->", "aab->b", "abba->", "aa,b->b"],
    "diagonal": ["aa->a", "aba->ab", "aaa->a", "aab,b->a"],
    "sum and transpose": ["ab->ba", "abc->cab", "ab->", "abc->b"],
    "matrix product": ["ab,bc->ac", "ab,bc->ca", "ab,cb->ac", "abc,cd->abd"],
    "chains": ["ab,bc,cd->ad", "ab,bc,cd,de,ef->af", "ab,bc,cd,da->", "abc,cde,efg,gha->bdfh"],
    "hyperedges": ["ab,ab,ab->a", "a,ab,abc->abc", "ab,ac,ad->a", "ab,ac,ad,ae,af,ag,ah->", "ab,ac,ad,ae,af,ag,ah->a"],
    "repeated index on one operand": ["aa,a->a", "aab,bc->ac", "aba,b->", "abab->ab", "aa,ab,bb->"],
}
CASES = [pytest.param(text, id=f"{group}: {text}") for group, texts in CORPUS.items() for text in texts]


def engine(text: str, arrays: list[np.ndarray], budget: int = 2**20) -> np.ndarray:
    """``text`` contracted by the engine: diagonals first, then :func:`contract`, back to a plain array."""
    inputs, output = text.split("->")
    ops = [(diagonal(a, tuple(sub)), 0) for a, sub in zip(arrays, inputs.split(","))]
    return scaled.value(contract(ops, tuple(output), SIZES, budget))


def inputs(text: str, fill: str, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    arrays = []
    for sub in text.split("->")[0].split(","):
        shape = [SIZES[i] for i in sub]
        if fill == "arange":
            arrays.append(np.arange(1.0, 1 + int(np.prod(shape))).reshape(shape))
        elif fill == "complex":
            arrays.append(rng.standard_normal(shape) + 1j * rng.standard_normal(shape))
        else:
            arrays.append(rng.standard_normal(shape))
    return arrays


def test_the_corpus_reaches_past_the_pairing_limit() -> None:
    widest = max(len(text.split("->")[0].split(",")) for texts in CORPUS.values() for text in texts)
    assert widest > FEW + 1  # a hyperedge with more holders than a new intermediate is paired with


@pytest.mark.parametrize("fill", ["random", "complex", "arange"])
@pytest.mark.parametrize("text", CASES)
def test_the_engine_matches_numpy_einsum(text: str, fill: str) -> None:
    arrays = inputs(text, fill)
    expected = np.einsum(text, *arrays)
    got = engine(text, arrays)
    assert got.shape == expected.shape
    if fill == "arange":  # integers well inside a float's exact range: the same numbers exactly
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_other_seeds_and_an_operand_order_the_planner_did_not_choose(seed: int) -> None:
    text = "abc,cde,efg,gha->bdfh"
    arrays = inputs(text, "random", seed)
    np.testing.assert_allclose(engine(text, arrays), np.einsum(text, *arrays), rtol=1e-12, atol=1e-12)
    reversed_text = ",".join(text.split("->")[0].split(",")[::-1]) + "->bdfh"
    np.testing.assert_allclose(engine(reversed_text, arrays[::-1]), np.einsum(text, *arrays), rtol=1e-12, atol=1e-12)


def test_values_beyond_a_float_are_carried_by_the_exponent() -> None:
    # 400 matrices of entries near 2**10: the product is near 2**4000, far past a float, yet exact in scaled form
    n = 400
    names = [chr(0x3B1 + k % 20) + str(k) for k in range(n + 1)]  # index names need not be letters
    sizes = {i: 2 for i in names}
    m = np.array([[1024.0, 0.0], [0.0, 512.0]])
    ops = [((m, (names[k], names[k + 1])), 0) for k in range(n)]
    whole = contract(ops, (names[0], names[n]), sizes, 2**10)
    top, bottom = 10 * n, 9 * n  # 1024**400 = 2**4000, 512**400 = 2**3600: powers of two, so exact
    assert np.array_equal(whole.mantissa, np.diag([2.0 ** (top - whole.exponent), 2.0 ** (bottom - whole.exponent)]))
    assert abs(top - whole.exponent) <= 128
    assert np.isinf(scaled.value(whole)[0, 0])  # the plain value overflows; the comparison never looks at it


def test_an_intermediate_over_the_budget_is_refused_before_it_is_built() -> None:
    arrays = inputs("ab,cd->abcd", "random")
    with pytest.raises(CheckError, match=r"too costly: the greedy contraction order needs an intermediate of 120 "
                                         r"entries, over the budget of 100"):
        engine("ab,cd->abcd", arrays, budget=100)
    np.testing.assert_allclose(engine("ab,cd->abcd", arrays, budget=120), np.einsum("ab,cd->abcd", *arrays))


def test_an_output_index_on_no_operand_is_an_error() -> None:
    with pytest.raises(CheckError, match=r"output index 'z' is on no tensor"):
        engine("ab->az", inputs("ab->ab", "random"))
