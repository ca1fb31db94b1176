"""The numerical check: the drawn network against numpy, its einsum, and equations; probes; bubbles; errors."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from tensordiag.check import CheckResult, check, evaluate, scaled, stand_ins
from tensordiag.einsum import diagram_from_einsum, parse_einsum
from tensordiag.errors import CheckError
from tensordiag.model import Bubble, Diagram, Equation, Leg, Tensor, Term

from .conftest import ROOT

# --- helpers --------------------------------------------------------------------------------------


def legs(*names: str | tuple[str, ...]) -> tuple[Leg, ...]:
    return tuple((n,) if isinstance(n, str) else n for n in names)


def reference(d: Diagram, arrays: dict[str, np.ndarray]) -> np.ndarray:
    """numpy.einsum on the einsum's operands, grouped legs reshaped by hand (letters for any index names)."""
    p = parse_einsum(d.einsum or "")
    sizes = dict(d.dims)
    for operand, name in zip(p.operands, p.names):
        for axis, leg in enumerate(operand):
            if len(leg) == 1:
                sizes[leg[0]] = arrays[name].shape[axis]
    for operand, name in zip(p.operands, p.names):  # a group with one unknown index: divide
        for axis, leg in enumerate(operand):
            unknown = [i for i in leg if i not in sizes]
            if len(unknown) == 1:
                sizes[unknown[0]] = arrays[name].shape[axis] // int(np.prod([sizes[i] for i in leg if i in sizes]))
    letters: dict[str, str] = {}
    subs, ops = [], []
    for operand, name in zip(p.operands, p.names):
        flat = [i for leg in operand for i in leg]
        ops.append(arrays[name].reshape([sizes[i] for i in flat]))
        subs.append("".join(letters.setdefault(i, chr(97 + len(letters))) for i in flat))
    out = [i for leg in p.output for i in leg]
    value = np.einsum(",".join(subs) + "->" + "".join(letters[i] for i in out), *ops)
    return value.reshape([int(np.prod([sizes[i] for i in leg])) for leg in p.output])


def swap_legs(d: Diagram, name: str, new_legs: tuple[Leg, ...]) -> Diagram:
    tensors = tuple(dataclasses.replace(t, legs=new_legs) if t.name == name else t for t in d.tensors)
    return dataclasses.replace(d, tensors=tensors)


def equation(*terms: tuple[str | None, Diagram] | tuple[str | None, Diagram, dict]) -> Equation:
    return Equation(tuple(Term(t[1], op=t[0], **(t[2] if len(t) > 2 else {})) for t in terms))  # type: ignore[misc]


# --- an einsum corpus, grouped like opt_einsum's -----------------------------------------------------

CORPUS = {
    "scalar": ["einsum(a, b, ', -> ')", "einsum(a, v, ', i -> i')"],
    "hadamard": ["ij,ij->ij", "i,i->i", "ijk,ijk,ijk->ijk"],
    "outer": ["i,j->ij", "einsum(a, b, 'i, j, -> i j')", "ij,k->kji"],
    "inner": ["i,i->", "ij,ij->", "einsum(a, b, 'i, i, -> ')"],
    "trace": ["ii->", "iij->j", "ijji->"],
    "diagonal": ["ii->i", "iji->ij", "iii->i"],
    "transpose": ["ij->ji", "ijk->kij", "rearrange(T, 'i j k l -> i k j l')"],
    "matrix chain": ["ij,jk->ik", "ij,jk,kl->il", "ab,bc,cd,de,ef->af",
                     "einsum(A, V, B, W, C, X, D, Y, E, Z, 'i j, i r, j k l, r k s, l m n, s m t, n o p, t o u, p q, u q -> ')"],
    "hyperedge": ["a,ab,abc->abc", "ij,ij,ij->i", "bi,bj->bij", "ab,ac,ad->a"],
    "implicit output": ["ab,bc", "ba", "ii", "abc,cd"],
    "greek and long names": ["einsum(A, v, B, 'i α β, β, β α j -> i j')", "seq pos, pos hidden -> seq hidden",
                             "einsum(W_up, x, 'hidden mlp, seq_pos hidden -> seq_pos mlp')"],
    "grouped legs": ["rearrange(T, 'i j k l -> (i l) (k j)')", "rearrange(M, 'i (j k) -> i j k', j=3)",
                     "einsum(E, F, 'i j, k l -> (i k) (j l)')", "einsum(A, B, '(i j) k, k (j l) -> i l')"],
}
CASES = [pytest.param(text, id=f"{group}: {text}") for group, texts in CORPUS.items() for text in texts]
DIMS = {"einsum(A, B, '(i j) k, k (j l) -> i l')": (("i", 2), ("j", 3), ("k", 2), ("l", 4))}


@pytest.mark.parametrize("text", CASES)
def test_evaluate_matches_numpy_einsum(text: str) -> None:
    d = diagram_from_einsum(text, **({"dims": DIMS[text]} if text in DIMS else {}))
    arrays = stand_ins(d)
    np.testing.assert_allclose(evaluate(d, arrays), reference(d, arrays), rtol=1e-12, atol=1e-12)
    counting = {name: np.arange(a.size, dtype=float).reshape(a.shape) + 1 for name, a in arrays.items()}
    np.testing.assert_allclose(evaluate(d, counting), reference(d, counting), rtol=1e-12)


def reversals() -> list:
    """Every corpus text with an operand of two different legs, once per such operand: that operand's legs reversed.

    Such a pair of legs differs in size or in meaning, so the reversed drawing is another network. The
    corpus has no case where a reversal is a symmetry (an operand ``i i`` is left out: reversing it changes
    nothing), so every one must fail.
    """
    out = []
    for group, texts in CORPUS.items():
        for text in texts:
            d = diagram_from_einsum(text, **({"dims": DIMS[text]} if text in DIMS else {}))
            for t in d.tensors:
                if len(t.legs) == 2 and t.legs[0] != t.legs[1]:
                    flipped = swap_legs(d, t.name, t.legs[::-1])
                    out.append(pytest.param(flipped, id=f"{group}: {text}: {t.name} reversed"))
    return out


@pytest.mark.parametrize("max_dim", [4, 2], ids=["sizes differ", "sizes equal"])
@pytest.mark.parametrize("flipped", reversals())
def test_a_diagram_with_one_operand_reversed_fails_against_its_einsum(flipped: Diagram, max_dim: int) -> None:
    # max_dim 4 gives neighbouring indices different sizes, so most reversals fail by shape; at max_dim 2
    # every undeclared index is 2, so the same reversals must fail on the numbers alone
    result = check(flipped, max_dim=max_dim)
    assert result.verdict == "mismatch", result.detail


def test_the_corpus_has_operands_to_reverse_in_most_groups() -> None:
    groups = {p.id.split(":")[0] for p in reversals()}
    assert len(groups) >= len(CORPUS) - 3, groups  # scalar, trace and diagonal cases have no two distinct legs


def test_evaluate_takes_real_sizes_from_the_arrays() -> None:
    d = diagram_from_einsum("einsum(A, B, C, 'i j, j k, k l -> i l')")
    arrays = {"A": np.arange(6.0).reshape(2, 3), "B": np.arange(12.0).reshape(3, 4), "C": np.arange(20.0).reshape(4, 5)}
    np.testing.assert_array_equal(evaluate(d, arrays), arrays["A"] @ arrays["B"] @ arrays["C"])
    with pytest.raises(CheckError, match=r"'j' is 4 on tensor 'B' leg 1, but 3 on tensor 'A' leg 2"):
        evaluate(d, {**arrays, "B": np.ones((4, 4))})
    with pytest.raises(CheckError, match=r"no array for tensor 'C' \(data 'C'\)"):
        evaluate(d, {"A": arrays["A"], "B": arrays["B"]})


def test_grouped_legs_split_row_major_and_sizes_come_from_dims() -> None:
    d = diagram_from_einsum("rearrange(M, 'i (j k) -> i j k', j=3)", dims=(("j", 3),))
    m = np.arange(24.0).reshape(2, 12)
    np.testing.assert_array_equal(evaluate(d, {"M": m}), m.reshape(2, 3, 4))
    with pytest.raises(CheckError, match=r"cannot tell the size of 'j': give it in dims"):
        evaluate(dataclasses.replace(d, tensors=(Tensor("M", legs("i", ("j", "k"))),), dims=()), {"M": m})


def test_more_than_52_indices_and_a_wide_hyperedge() -> None:
    n = 60
    d = Diagram(tuple(Tensor(f"T{k}", legs(f"x{k}", f"x{k + 1}", "h")) for k in range(n)), output=legs("x0", f"x{n}", "h"),
                dims=tuple((f"x{k}", 2) for k in range(n + 1)) + (("h", 3),))
    arrays = stand_ins(d)
    expected = np.stack([np.linalg.multi_dot([arrays[f"T{k}"][:, :, h] for k in range(n)]) for h in range(3)], axis=-1)
    np.testing.assert_allclose(evaluate(d), expected, rtol=1e-9)


# --- wrong drawings fail ---------------------------------------------------------------------------


def test_a_swapped_leg_of_another_size_is_a_failed_check_not_a_crash() -> None:
    d = swap_legs(diagram_from_einsum("einsum(A, B, 'i j, j k -> i k')"), "B", legs("k", "j"))
    result = check(d)
    assert not result.ok and result.max_diff == np.inf
    assert result.detail == ("drawn vs einsum(A, B, 'i j, j k -> i k'): "
                             "'j' is 4 on einsum operand 2 (B) leg 1, but 3 on einsum operand 1 (A) leg 2")


def test_a_swapped_leg_of_the_same_size_is_a_numerical_mismatch() -> None:
    d = swap_legs(diagram_from_einsum("einsum(A, B, 'i j, j k -> i k')", dims=(("j", 3), ("k", 3))), "B", legs("k", "j"))
    result = check(d)
    assert result.verdict == "mismatch" and 0.1 < result.max_diff < np.inf
    assert result.detail == ("drawn vs einsum(A, B, 'i j, j k -> i k'): differs by ≥ 0.1 (relative), over the "
                             "tolerance of 1e-9")


def test_arange_inputs_catch_a_transposed_output() -> None:
    good = diagram_from_einsum("ij,jk->ik", dims=(("i", 3), ("j", 2), ("k", 3)))
    flipped = dataclasses.replace(good, output=legs("k", "i"))
    arrays = {"A": np.arange(6.0).reshape(3, 2), "B": np.arange(6.0).reshape(2, 3)}
    assert not np.array_equal(evaluate(flipped, arrays), evaluate(good, arrays))
    assert not check(flipped).ok


@pytest.mark.parametrize("wrong, why", [
    (lambda d: swap_legs(d, "B", legs("j", "β", "α")), "shape"),
    (lambda d: swap_legs(d, "v", legs("α")), "shape"),
    (lambda d: dataclasses.replace(d, output=legs("j", "i")), "output"),
    (lambda d: swap_legs(d, "A", legs("i", "α", "α")), "shape"),
])
def test_wrong_drawings_of_the_posts_example_fail(wrong, why) -> None:  # type: ignore[no-untyped-def]
    d = wrong(diagram_from_einsum("einsum(A, v, B, 'i α β, β, β α j -> i j')"))
    result = check(d)
    assert not result.ok, result.detail


def test_a_wrong_drawing_fails_for_every_seed_and_sizes_differ_by_default() -> None:
    d = swap_legs(diagram_from_einsum("einsum(A, B, 'i j, j k -> i k')", dims=(("j", 3), ("k", 3))), "B", legs("k", "j"))
    assert not any(check(d, seed=s).ok for s in range(5))
    assert {a.shape for a in stand_ins(diagram_from_einsum("ij,jk->ik")).values()} == {(2, 3), (3, 4)}


def test_an_einsum_naming_no_tensor_or_too_many_operands_is_an_error() -> None:
    d = diagram_from_einsum("einsum(A, B, 'i j, j k -> i k')")
    with pytest.raises(CheckError, match=r"einsum: the einsum names 'C', which is no tensor of the diagram \(A, B\)"):
        check(dataclasses.replace(d, einsum="einsum(A, C, 'i j, j k -> i k')"))
    with pytest.raises(CheckError, match=r"einsum: the einsum has 3 operands but the diagram only 2 tensors"):
        check(dataclasses.replace(d, einsum="ij,jk,kl->il"))


def test_named_operands_pick_tensors_by_name_then_by_data() -> None:
    d = diagram_from_einsum("einsum(A, A, 'i j, j k -> i k')")
    assert [(t.name, t.data) for t in d.tensors] == [("A", None), ("A'", "A")]
    assert check(d).ok
    a = stand_ins(d)["A"]
    np.testing.assert_allclose(evaluate(d), a @ a)


def test_a_diagram_without_einsum_is_its_own_reference() -> None:
    d = Diagram((Tensor("A", legs("i", "j")), Tensor("B", legs("j", "k"))), output=legs("i", "k"))
    result = check(d)
    assert result.ok and result.detail == "drawn network (no einsum: its own wiring): agrees to 1e-9 (relative)"


# --- probes and big networks -----------------------------------------------------------------------


def chain(n: int, *, wrong_at: int | None = None) -> Diagram:
    tensors, ops = [], []
    for k in range(n):
        idx = ([f"b{k - 1}"] if k else []) + [f"p{k}"] + ([f"b{k}"] if k < n - 1 else [])
        ops.append(" ".join(idx))
        if k == wrong_at:
            idx[0], idx[-1] = idx[-1], idx[0]
        tensors.append(Tensor(f"A{k}", legs(*idx)))
    text = f"einsum({', '.join(t.name for t in tensors)}, '{', '.join(ops)} -> {' '.join(f'p{k}' for k in range(n))}')"
    dims = tuple((f"b{k}", 2) for k in range(n - 1)) + tuple((f"p{k}", 3) for k in range(n))
    return Diagram(tuple(tensors), output=legs(*(f"p{k}" for k in range(n))), einsum=text, dims=dims)


def peps(n: int, *, wrong_at: tuple[int, int] | None = None) -> Diagram:
    tensors, ops = [], []
    for r in range(n):
        for c in range(n):
            idx = [f"p{r}_{c}"] + [f"h{r}_{c + d}" for d in (-1, 0) if 0 <= c + d < n - 1] \
                + [f"v{r + d}_{c}" for d in (-1, 0) if 0 <= r + d < n - 1]
            ops.append(" ".join(idx))
            if (r, c) == wrong_at:
                idx[1], idx[2] = idx[2], idx[1]
            tensors.append(Tensor(f"T{r}_{c}", legs(*idx)))
    text = f"einsum({', '.join(t.name for t in tensors)}, '{', '.join(ops)} -> {' '.join(t.indices[0] for t in tensors)}')"
    dims = tuple((i, 2) for t in tensors for i in t.indices)
    return Diagram(tuple(tensors), output=legs(*(t.indices[0] for t in tensors)), einsum=text, dims=dims)


def test_outputs_above_the_budget_are_closed_with_probes() -> None:
    d = diagram_from_einsum("einsum(A, B, 'i j, j k -> i k')")
    assert check(d, budget=4) == CheckResult("ok", 0.0, "drawn vs einsum(A, B, 'i j, j k -> i k'): agrees to 1e-9 "
                                                        "(relative), free legs closed with probe vectors", True)
    wrong = swap_legs(dataclasses.replace(d, dims=(("j", 3), ("k", 3))), "B", legs("k", "j"))
    result = check(wrong, budget=4)
    assert result.probed and not result.ok


def test_a_thousand_tensor_chain_checks_with_probes() -> None:
    start = time.perf_counter()
    result = check(chain(1000))
    elapsed = time.perf_counter() - start
    assert result.ok and result.probed, result.detail
    assert "…" in result.detail and len(result.detail) < 250
    bad = check(chain(1000, wrong_at=500))
    assert bad.probed and not bad.ok
    print(f"1000-tensor chain checked in {elapsed:.2f} s")


def test_a_32_by_32_peps_checks_by_its_wiring_and_a_wrong_one_is_refused() -> None:
    start = time.perf_counter()
    result = check(peps(32))
    elapsed = time.perf_counter() - start
    assert result.ok and result.max_diff == 0.0 and result.probed
    assert "the same wiring up to index names, so equal exactly (not contracted, too costly" in result.detail
    print(f"32×32 PEPS checked in {elapsed:.2f} s")
    with pytest.raises(CheckError, match=r"too costly: the greedy contraction order needs an intermediate of [\d,]+ "
                                         r"entries, over the budget of 16,777,216; the drawing is wired differently"):
        check(peps(32, wrong_at=(5, 5)))


def test_a_small_peps_is_contracted_numerically() -> None:
    assert check(peps(3)).detail.endswith(": agrees to 1e-9 (relative)")
    assert not check(peps(3, wrong_at=(1, 1))).ok


def test_the_budget_bounds_intermediates() -> None:
    d = diagram_from_einsum("ij,jk->ik")
    assert "same wiring" in check(d, budget=1).detail
    wrong = swap_legs(dataclasses.replace(d, dims=(("j", 3), ("k", 3))), "B", legs("k", "j"))
    with pytest.raises(CheckError, match=r"needs an intermediate of 3 entries, over the budget of 1"):
        check(wrong, budget=1)
    with pytest.raises(CheckError, match=r"over the budget of 1"):
        evaluate(d, budget=1)


# --- stand-ins -------------------------------------------------------------------------------------


def test_stand_ins_by_kind() -> None:
    d = Diagram((Tensor("V", legs("i", "j"), kind="isometry", tip=("j",)),
                 Tensor("W", legs("a", "b", "c"), kind="isometry"),
                 Tensor("Q", legs("m", "n"), kind="unitary"),
                 Tensor("D", legs("x", "y", "z"), kind="delta"),
                 Tensor("I", legs("s", "t"), kind="identity")), output=legs("i"))
    a = stand_ins(d)
    v = a["V"]
    assert v.shape[0] > v.shape[1]
    assert np.iscomplexobj(v)  # complex unless a bubble needs real numbers
    np.testing.assert_allclose(v.conj().T @ v, np.eye(v.shape[1]), atol=1e-12)
    w = a["W"]  # default tip: the drawn one (styles.tip_indices): without dims, the last leg
    assert w.shape == (4, 2, 3)
    flat = w.reshape(8, 3)
    np.testing.assert_allclose(flat.conj().T @ flat, np.eye(3), atol=1e-12)
    square = stand_ins(Diagram((Tensor("S", legs("a", "b"), kind="isometry"),), output=legs("a", "b"),
                               dims=(("a", 3), ("b", 3))))["S"]
    np.testing.assert_allclose(square.conj().T @ square, np.eye(3), atol=1e-12)
    q = a["Q"]
    np.testing.assert_allclose(q @ q.conj().T, np.eye(len(q)), atol=1e-12)
    assert a["D"].shape[0] == a["D"].shape[1] == a["D"].shape[2] and a["D"].sum() == a["D"].shape[0]
    assert a["D"][1, 1, 1] == 1 and a["D"][0, 1, 1] == 0
    np.testing.assert_array_equal(a["I"], np.eye(len(a["I"])))


def test_stand_ins_are_seeded_by_name_not_by_pythons_hash() -> None:
    d = diagram_from_einsum("einsum(A, v, B, 'i α β, β, β α j -> i j')")
    same = stand_ins(d)
    for name, array in stand_ins(d).items():
        np.testing.assert_array_equal(array, same[name])
    assert not np.array_equal(stand_ins(d, seed=1)["A"], same["A"])
    code = ("from tensordiag.check import stand_ins; from tensordiag.einsum import diagram_from_einsum as D; "
            "print(repr(complex(stand_ins(D(\"einsum(A, v, B, 'i α β, β, β α j -> i j')\"))['B'].sum())))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "4242")}
    assert outs == {repr(complex(same["B"].sum())) + "\n"}


def test_a_dagger_conjugates_its_sources_array() -> None:
    d = Diagram((Tensor("Vd", legs("i", "k"), data="V", dagger=True), Tensor("V", legs("i", "j"))), output=legs("k", "j"))
    v = np.array([[1 + 2j, 3j], [0.5, 1 - 1j], [2, 1j]])
    np.testing.assert_allclose(evaluate(d, {"V": v}), v.conj().T @ v)


def test_tensors_sharing_data_must_fit_and_kinds_must_be_satisfiable() -> None:
    shared = Diagram((Tensor("A", legs("i", "j")), Tensor("B", legs(("k", "l", "m")), data="A")),
                     output=legs("i", "j", ("k", "l", "m")), dims=(("i", 2), ("j", 3), ("k", 2), ("l", 2), ("m", 2)))
    with pytest.raises(CheckError, match=r"tensors.B: tensors 'A' and 'B' share data 'A' but have shapes \(2, 3\) and \(8,\)"):
        check(shared)
    reshaped = dataclasses.replace(shared, tensors=(shared.tensors[0], Tensor("B", legs(("k", "l")), data="A")),
                                   output=legs("i", "j", ("k", "l")), dims=(("i", 2), ("j", 3)))
    a = stand_ins(reshaped)["A"]
    np.testing.assert_allclose(evaluate(reshaped), np.multiply.outer(a, a.ravel()), rtol=1e-12)
    unitary = Diagram((Tensor("U", legs(("a", "b"), "c"), kind="unitary"),), output=legs(("a", "b"), "c"))
    with pytest.raises(CheckError, match=r"tensors.U: unitary 'U' is 6 × 4 over legs \(\(a b\)\) and \(c\): a unitary is square"):
        check(unitary)
    tall_tip = Diagram((Tensor("V", legs("i", "j"), kind="isometry", tip=("j",)),), output=legs("i", "j"),
                       dims=(("i", 2), ("j", 3)))
    with pytest.raises(CheckError, match=r"isometry 'V': its tip \(j\) has size 3, more than its other legs' 2"):
        check(tall_tip)
    rectangular = Diagram((Tensor("D", legs("i", "j"), kind="delta"),), output=legs("i", "j"), dims=(("i", 2), ("j", 3)))
    np.testing.assert_array_equal(stand_ins(rectangular)["D"], np.eye(2, 3))
    with pytest.raises(CheckError, match=r"'i' is declared both 2 and 3"):
        check(dataclasses.replace(rectangular, dims=(("i", 2), ("i", 3))))
    with pytest.raises(CheckError, match=r"max_dim must be at least 1, got 0"):
        check(rectangular, max_dim=0)


def test_declared_sizes_are_kept_when_small() -> None:
    d = diagram_from_einsum("einsum(M, v, 'i j, j -> i')", dims=(("i", 8), ("j", 3)))
    assert stand_ins(d)["M"].shape == (2, 3)
    assert stand_ins(d, max_dim=8)["M"].shape == (8, 3)


LADDER = "einsum(A,V,B,W,C,X,D,Y,E,Z,'i j, i r, j k l, r k s, l m n, s m t, n o p, t o u, p q, u q -> ')"


def poke(d: Diagram, name: str, **changes: object) -> Diagram:
    return dataclasses.replace(d, tensors=tuple(dataclasses.replace(t, hole=True, **changes) if t.name == name else t
                                                for t in d.tensors))


def test_a_hole_is_the_numerical_gradient_of_the_einsum() -> None:
    d = diagram_from_einsum(LADDER)
    result = check(poke(d, "X"))
    assert result.ok and "∂/∂X as drawn (legs s m t) vs central differences over all" in result.detail
    big = check(poke(dataclasses.replace(d, dims=(("s", 5), ("m", 4), ("t", 4))), "X"), max_dim=5)
    assert big.ok and "8 random directions" in big.detail


def test_the_gradient_is_a_real_derivative_not_the_network_itself() -> None:
    # d/dB of Tr(A B) is Aᵀ: a drawing of A with its legs in the hole's order is right, A itself is not
    d = diagram_from_einsum("einsum(A, B, 'i j, j i -> ')", )
    d = dataclasses.replace(d, dims=(("i", 2), ("j", 3)))
    assert check(poke(d, "B")).ok
    wrong_einsum = dataclasses.replace(poke(d, "B"), einsum="einsum(A, B, 'i j, i j -> ')")
    assert not check(wrong_einsum).ok


@pytest.mark.parametrize("change", [{"legs": legs("m", "s", "t")}, {"legs": legs("t", "m", "s")}])
def test_a_hole_with_swapped_legs_fails(change: dict) -> None:
    d = dataclasses.replace(diagram_from_einsum(LADDER), dims=(("s", 3), ("m", 3), ("t", 3)))
    assert not check(poke(d, "X", **change)).ok


def test_hole_errors() -> None:
    d = diagram_from_einsum(LADDER)
    with pytest.raises(CheckError, match="a diagram has one hole"):
        check(poke(poke(d, "X"), "A"))
    with pytest.raises(CheckError, match="every leg of a hole must join another tensor"):
        check(poke(diagram_from_einsum("ij,jk->ik"), "A"))


# --- copy and add nodes -------------------------------------------------------------------------------


def residual(einsum: str | None, *, wrong: bool = False) -> Diagram:
    """x → copy → (W block) → add(x, W x) → output: one residual block as data flow."""
    return Diagram(
        tensors=(
            Tensor("x", legs("h")),
            Tensor("c", legs("h", "h1", "h2"), kind="copy", shape="dot"),
            Tensor("W", legs("o", "h2") if not wrong else legs("h2", "o")),
            Tensor("p", legs("h1", "o", "r"), kind="add", shape="dot"),
        ),
        output=legs("r"), dims=(("h", 3), ("h1", 3), ("h2", 3), ("o", 3), ("r", 3)), einsum=einsum)


RESIDUAL = "einsum(x, c, W, p, 'h, h h1 h2, o h2, h1 o r -> r')"


def test_copy_and_add_nodes_compute_a_residual_block() -> None:
    d = residual(RESIDUAL)
    x, w = stand_ins(d)["x"], stand_ins(d)["W"]
    assert np.allclose(evaluate_flow_value(d), x + w @ x)
    result = check(d)
    assert result.ok and "through copy/add nodes" in result.detail


def evaluate_flow_value(d: Diagram) -> np.ndarray:
    from tensordiag.check.engine import value  # the check's own block evaluator
    from tensordiag.check.flow import evaluate_flow
    from tensordiag.check.nets import bind, drawn

    arrays = stand_ins(d)

    def run(sub: Diagram, given: dict) -> np.ndarray:
        net = drawn(sub, {k: v if isinstance(v, np.ndarray) else scaled.value(v) for k, v in given.items()}, None)
        return scaled.value(value(net, bind(net, dict(d.dims)), 2**20))

    return evaluate_flow(d, arrays, run, lambda vs: sum(vs[1:], vs[0]))


def test_a_residual_block_drawn_with_a_transposed_weight_fails() -> None:
    assert not check(residual(RESIDUAL, wrong=True)).ok


def test_a_residual_einsum_wired_differently_fails() -> None:
    # copies are interchangeable (h1 and h2 may swap), but a weight read the other way round is not
    assert check(residual("einsum(x, c, W, p, 'h, h h2 h1, o h2, h1 o r -> r')")).ok
    assert not check(residual("einsum(x, c, W, p, 'h, h h1 h2, h2 o, h1 o r -> r')")).ok
    assert not check(residual("einsum(x, c, W, p, 'h, h h1 h2, o h2, r o h1 -> r')")).ok


# --- bubbles ---------------------------------------------------------------------------------------


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def dense_net(einsum: str | None = "einsum(x, W1, W2, 'i, h i, o h -> o')") -> Diagram:
    return Diagram((Tensor("x", legs("i")), Tensor("W1", legs("h", "i")), Tensor("W2", legs("o", "h"))), output=legs("o"),
                   bubbles=(Bubble("s1", "sigma", ("W1", "x")), Bubble("s2", "σ", ("W2", "s1"))), einsum=einsum)


def test_a_dense_net_with_two_sigmoids() -> None:
    d = dense_net()
    a = stand_ins(d)
    np.testing.assert_allclose(evaluate(d), sigmoid(a["W2"] @ sigmoid(a["W1"] @ a["x"])), rtol=1e-12)
    result = check(d)
    assert result.ok and result.detail.endswith(", bubbles s1, s2 on both sides")
    counting = {k: np.arange(v.size, dtype=float).reshape(v.shape) / 10 for k, v in a.items()}
    np.testing.assert_allclose(evaluate(d, counting), sigmoid(counting["W2"] @ sigmoid(counting["W1"] @ counting["x"])))


def test_the_einsum_of_a_bubbled_diagram_still_gives_the_wiring() -> None:
    wrong = dataclasses.replace(dense_net(), dims=(("h", 3), ("o", 3)), einsum="einsum(x, W1, W2, 'i, h i, h o -> o')")
    assert not check(wrong).ok


def test_softmax_over_a_named_leg_and_layernorm() -> None:
    q, k, v = Tensor("Q", legs("q", "d")), Tensor("K", legs("k", "d")), Tensor("V", legs("k", "e"))
    att = Diagram((q, k, v), output=legs("q", "e"), bubbles=(Bubble("A", "softmax", ("Q", "K"), over="k"),),
                  einsum="einsum(Q, K, V, 'q d, k d, k e -> q e')")
    a = stand_ins(att)
    scores = a["Q"] @ a["K"].T
    weights = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(evaluate(att), weights @ a["V"], rtol=1e-12)
    assert check(att).ok
    norm = dataclasses.replace(att, bubbles=(Bubble("L", "LayerNorm", ("Q", "K"), over="q"),))
    centred = scores - scores.mean(axis=0)
    np.testing.assert_allclose(evaluate(norm), (centred / np.sqrt((centred**2).mean(axis=0))) @ a["V"], rtol=1e-10)
    gelu = dataclasses.replace(att, bubbles=(Bubble("G", "GELU", ("Q", "K")),))
    tanh_gelu = 0.5 * scores * (1 + np.tanh(np.sqrt(2 / np.pi) * (scores + 0.044715 * scores**3)))
    np.testing.assert_allclose(evaluate(gelu), tanh_gelu @ a["V"], rtol=1e-12)
    relu = dataclasses.replace(att, bubbles=(Bubble("R", "ReLU", ("Q", "K")), Bubble("E", "exp", ("R", "V"))))
    np.testing.assert_allclose(evaluate(relu), np.exp(np.maximum(scores, 0) @ a["V"]), rtol=1e-12)


@pytest.mark.parametrize("bubbles, message", [
    ((Bubble("s", "swish", ("W1", "x")),), r"bubbles.s: unknown function 'swish' \(known: exp, gelu, gelu_erf, layernorm, relu, "
                                           r"sigma, sigmoid, softmax, tanh, σ\)"),
    ((Bubble("s", "softmax", ("W1", "x")),), r"bubbles.s: softmax normalises along a leg: give 'over'"),
    ((Bubble("s", "softmax", ("W1", "x"), over="i"),), r"bubbles.s: over 'i' is not a leg of the bubble \(its legs: h\)"),
    ((Bubble("s", "tanh", ("W1", "y")),), r"bubbles.s: member 'y' is no tensor or earlier bubble"),
    ((Bubble("s", "tanh", ("W1", "x")), Bubble("t", "tanh", ("x", "W2"))), r"bubbles.t: 'x' is already inside bubble 's'"),
])
def test_bubble_errors(bubbles, message) -> None:  # type: ignore[no-untyped-def]
    d = dataclasses.replace(dense_net(), bubbles=bubbles)
    with pytest.raises(CheckError, match=message):
        check(d)


# --- equations -------------------------------------------------------------------------------------

E = diagram_from_einsum


def isometry_equations(first: str, relation: str) -> Equation:
    v = Tensor("V", legs("i", "j"), kind="isometry", tip=("j",))
    if first == "VdV":  # V†V: contract over the legs off the tip
        vd, out = Tensor("Vd", legs("i", "k"), kind="isometry", data="V", dagger=True), legs("k", "j")
        left = Diagram((vd, v), output=out)
    else:  # VV†: contract over the tip
        vd, out = Tensor("Vd", legs("k", "j"), kind="isometry", data="V", dagger=True), legs("i", "k")
        left = Diagram((v, vd), output=out)
    return equation((None, left), (relation, Diagram((Tensor("I", out, kind="identity"),), output=out)))


@pytest.mark.parametrize("first, relation, ok", [("VdV", "=", True), ("VdV", "!=", False),
                                                 ("VVd", "!=", True), ("VVd", "=", False)])
def test_isometry_relations(first: str, relation: str, ok: bool) -> None:
    result = check(isometry_equations(first, relation))
    assert result.ok is ok, result.detail
    assert result.detail == {("VdV", "="): "term 1 = term 2: agrees to 1e-9 (relative)",
                             ("VdV", "!="): "term 1 != term 2: agrees to 1e-9 (relative): they are equal, fails",
                             ("VVd", "!="): "term 1 != term 2: differs by ≥ 0.1 (relative)",
                             ("VVd", "="): "term 1 = term 2: differs by ≥ 0.1 (relative), fails"}[first, relation]
    if relation == "!=" and ok:
        assert result.max_diff > 0.1


def test_a_missing_dagger_fails_because_the_numbers_are_complex() -> None:
    eq = isometry_equations("VdV", "=")
    left = eq.terms[0].diagram
    undaggered = dataclasses.replace(left, tensors=(dataclasses.replace(left.tensors[0], dagger=False), left.tensors[1]))
    wrong = dataclasses.replace(eq, terms=(dataclasses.replace(eq.terms[0], diagram=undaggered), eq.terms[1]))
    assert np.iscomplexobj(stand_ins(eq)["V"])
    assert check(eq).ok and not check(wrong).ok


def test_trace_is_cyclic_and_a_transpose_is_not() -> None:
    assert check(equation((None, E("einsum(A, B, 'i j, j i -> ')")), ("=", E("einsum(B, A, 'j i, i j -> ')")))).ok
    wrong = check(equation((None, E("einsum(A, B, 'i j, j i -> ')")), ("=", E("einsum(A, B, 'i j, i j -> ')"))))
    assert wrong.verdict == "mismatch" and wrong.detail == "term 1 = term 2: differs by ≥ 0.1 (relative), fails"


def kron(right_legs: tuple[Leg, ...], dims: tuple[tuple[str, int], ...]) -> Equation:
    left = E("einsum(E5, E3, 'i j, k l -> (i k) (j l)')", dims=dims)
    left = dataclasses.replace(left, tensors=tuple(dataclasses.replace(t, kind="identity") for t in left.tensors))
    right = Diagram((Tensor("E15", right_legs, kind="identity"),), output=(("i", "k"), ("j", "l")))
    return equation((None, left), ("=", right))


def test_kron_of_identities_is_an_identity() -> None:
    dims = (("i", 5), ("j", 5), ("k", 3), ("l", 3))
    eq = kron((("i", "k"), ("j", "l")), dims)
    assert check(eq).ok and check(eq, max_dim=5).ok
    assert stand_ins(eq, max_dim=5)["E15"].shape == (15, 15)
    assert stand_ins(eq)["E15"].shape == (6, 6)
    assert not check(kron((("k", "i"), ("j", "l")), dims), max_dim=5).ok


def svd(*, u_legs: tuple[Leg, ...] = legs("i", "j"), v_dagger: bool = True, flip: bool = False) -> Equation:
    m = Diagram((Tensor("M", legs("i", "k")),), output=legs("i", "k"))
    factors = Diagram((Tensor("U", u_legs, kind="isometry", tip=("j",)), Tensor("λ", legs("j")),
                       Tensor("Vd", legs("k", "j"), kind="isometry", data="V", dagger=v_dagger)), output=legs("i", "k"))
    return equation((None, factors), ("=", m)) if flip else equation((None, m), ("=", factors))


def test_the_svd_rule() -> None:
    result = check(svd())
    assert result.ok and result.max_diff < 1e-12
    assert result.detail.endswith(", M, U, λ, V from numpy's SVD of a random complex M (the SVD rule)")
    assert check(svd(flip=True)).ok
    a = stand_ins(svd())
    u, lam, v = a["U"], a["λ"], a["V"]
    np.testing.assert_allclose(u.conj().T @ u, np.eye(len(lam)), atol=1e-12)
    assert np.all(lam > 0) and np.iscomplexobj(a["M"])
    np.testing.assert_allclose(a["M"], u @ np.diag(lam) @ v.conj().T, atol=1e-12)


def test_the_svd_rule_holds_inside_a_longer_equation() -> None:
    # M = U λ V† = Σ_j (u_j λ_j v_j†): the outer products are checked against M itself
    base = svd()
    factors = base.terms[1].diagram
    opened = dataclasses.replace(factors, output=legs("i", "k", "j"))
    assert check(equation((None, base.terms[0].diagram), ("=", factors), ("=", opened, {"sum_over": ("j",)}))).ok
    wrong = dataclasses.replace(opened, tensors=factors.tensors[:2] + (dataclasses.replace(factors.tensors[2], dagger=False),))
    assert not check(equation((None, base.terms[0].diagram), ("=", factors), ("=", wrong, {"sum_over": ("j",)}))).ok


def test_a_wrong_svd_fails() -> None:
    missing_dagger = check(svd(v_dagger=False))
    assert not missing_dagger.ok and "the SVD rule" not in missing_dagger.detail
    swapped = check(dataclasses.replace(svd(u_legs=legs("j", "i")), dims=(("i", 4), ("k", 3), ("j", 3))))
    assert not swapped.ok and swapped.max_diff == np.inf
    assert swapped.detail == "the SVD rule: 'U' is laid out (i, j) with sizes (4, 3), but tensor 'U' has legs j i of " \
                             "sizes (3, 4)"
    square = check(dataclasses.replace(svd(u_legs=legs("j", "i")), dims=(("i", 3), ("k", 3), ("j", 3))))
    assert not square.ok and np.isfinite(square.max_diff)


def test_sums_coefficients_and_outputs_matched_by_name() -> None:
    summed = Diagram((Tensor("A", legs("i", "h")), Tensor("B", legs("h", "j"))), output=legs("i", "h", "j"))
    product = E("einsum(A, B, 'i h, h j -> i j')")
    assert check(equation((None, summed, {"sum_over": ("h",)}), ("=", product))).ok
    assert not check(equation((None, summed), ("=", dataclasses.replace(summed, output=legs("i", "j", "h"))), ("!=", summed))).ok
    transposed = dataclasses.replace(product, output=legs("j", "i"), einsum="einsum(A, B, 'i h, h j -> j i')")
    assert check(equation((None, product), ("=", transposed))).ok
    twice = equation((None, product, {"coeff": "2"}), ("-", product), ("=", product), ("!=", product, {"coeff": "1/2"}))
    result = check(twice)
    assert result.ok, result.detail
    assert result.detail == ("terms 1–2 = term 3: agrees to 1e-9 (relative); term 3 != term 4: differs by ≥ 0.1 "
                             "(relative)")
    assert not check(equation((None, product, {"coeff": "−3"}), ("+", product, {"coeff": "3"}), ("!=", product,
                                                                                                   {"coeff": "0"}))).ok


def test_equations_above_the_budget_are_probed() -> None:
    result = check(equation((None, E("einsum(A, B, 'i j, j k -> i k')")), ("=", E("einsum(B, A, 'j k, i j -> i k')"))),
                   budget=4)
    assert result.ok and result.probed and result.detail.endswith("free legs closed with probe vectors")
    summed = Diagram((Tensor("A", legs("i", "h")), Tensor("B", legs("h", "j"))), output=legs("i", "h", "j"))
    assert check(equation((None, summed, {"sum_over": ("h",)}), ("=", E("einsum(A, B, 'i h, h j -> i j')"))), budget=4).ok
    wrong = equation((None, E("einsum(A, B, 'i j, j k -> i k')")), ("=", E("einsum(A, B, 'i j, k j -> i k')")))
    assert not check(wrong, budget=4).ok


def test_a_term_whose_drawing_contradicts_its_einsum_fails_first() -> None:
    bad = swap_legs(E("einsum(A, B, 'i j, j k -> i k')"), "B", legs("k", "j"))
    result = check(equation((None, E("einsum(A, B, 'i j, j k -> i k')")), ("=", bad)))
    assert not result.ok and result.detail.startswith("term 2: drawn vs einsum(A, B, 'i j, j k -> i k'): differs by ")


@pytest.mark.parametrize("terms, message", [
    (((None, E("einsum(A, 'i -> i')"), {"coeff": "\\lambda"}), ("=", E("einsum(A, 'i -> i')"))),
     r"term 1: coefficient '\\lambda' is not a number"),
    (((None, E("einsum(A, 'i -> i')"), {"sum_over": ("h",)}), ("=", E("einsum(A, 'i -> i')"))),
     r"term 1: sums over 'h', which is not a free leg of its diagram \(i\)"),
    (((None, E("einsum(A, 'i j -> i j')")), ("=", E("einsum(A, 'i k -> i k')"))),
     r"term 2: its free indices \(i, k\) differ from term 1's \(i, j\)"),
    (((None, E("einsum(A, 'i -> i')")), ("+", E("einsum(A, 'i -> i')"))),
     r"no term says '=' or '!=': an equation needs a relation"),
])
def test_equation_errors(terms, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CheckError, match=message):
        check(equation(*terms))


def test_an_equation_with_copy_and_add_nodes_is_evaluated_as_data_flow() -> None:
    # x + W x drawn with copy/add nodes = the same sum written as two terms
    block = residual(RESIDUAL)
    plain = Diagram((Tensor("x", legs("r")),), output=legs("r"), dims=(("r", 3),))
    through = Diagram((Tensor("x", legs("h")), Tensor("W", legs("r", "h"))), output=legs("r"), dims=(("h", 3), ("r", 3)))
    assert check(equation((None, block), ("=", plain), ("+", through))).ok
    assert not check(equation((None, block), ("=", plain), ("-", through))).ok


def test_two_copies_sharing_an_index_feed_one_block_as_a_hyperedge() -> None:
    # like attention's key and value copies sharing the key position: Σ_a x_a x_a W_a
    d = Diagram((Tensor("x", legs("h")), Tensor("c", legs("h", "a", "a"), kind="copy", shape="dot"),
                 Tensor("W", legs("a"))), output=(), dims=(("h", 3), ("a", 3)), einsum="einsum(x, c, W, 'h, h a a, a -> ')")
    x, w = stand_ins(d)["x"], stand_ins(d)["W"]
    from tensordiag.check.flow import flow_value
    assert np.allclose(scaled.value(flow_value(d, stand_ins(d), dict(d.dims), 2**20)), np.sum(x * x * w))
    assert check(d).ok


def test_a_shift_is_the_exact_previous_token_pattern() -> None:
    d = Diagram((Tensor("A", legs("k", "q"), kind="shift"), Tensor("x", legs("k"))), output=legs("q"),
                dims=(("k", 4), ("q", 4)), einsum="einsum(A, x, 'k q, k -> q')")
    a, x = stand_ins(d)["A"], stand_ins(d)["x"]
    assert a.tolist() == [[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]  # A[k, q] = δ(k, q+1)
    np.testing.assert_allclose(evaluate(d), np.append(x[1:], 0))  # out[q] = x[q + 1]
    assert check(d).ok
    twice = Diagram((Tensor("A", legs("k", "q"), kind="shift"), Tensor("B", legs("q", "r"), kind="shift", data="A")),
                    output=legs("k", "r"), dims=(("k", 4),))
    delta = Diagram((Tensor("D", legs("k", "r"), kind="delta"),), output=legs("k", "r"), dims=(("k", 4),))
    assert check(equation((None, twice), ("!=", delta))).ok and not check(equation((None, twice), ("=", delta))).ok
