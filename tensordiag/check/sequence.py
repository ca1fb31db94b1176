"""A sequence's derived stand-ins: what a step's new tensors are, made from the step before.

A sequence (steps joined by arrows, each equal to the one before) introduces tensors as it goes: an SVD
splits tensors into ``U λ V†``, and absorbing contracts tensors into one. Random stand-ins for those
would make every step fail, so each step's new tensors get the numbers the step claims, from the
step before's (already final) stand-ins, in step order:

* a tensor with ``absorbs: [A, X]`` is the contraction of those tensors of the step before, its legs
  their open legs (``A' = A X``);
* three other new tensors that are a vector ``λ`` on a bond ``b``, a plain factor ``U`` and a daggered
  ``V†``, each carrying ``b``, are the SVD of ``M``: the contraction of the tensors of the step before
  that this step no longer holds (and nothing absorbed), M's indices on ``U`` as rows and on ``V†`` as
  columns. The bond must be as big as that SVD's (a truncated SVD is not equal).

Steps are still compared as drawn (:mod:`tensordiag.check.equation`), so a factor wired or laid out
otherwise, a missing dagger (the numbers are complex) or a wrong ``absorbs`` makes its step fail.
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np

from ..model import Diagram, Equation, Tensor
from .nets import array_of, leg_shape
from .verdicts import Mismatch

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def is_sequence(figure: Diagram | Equation) -> bool:
    return isinstance(figure, Equation) and any(t.op == "->" for t in figure.terms)


def _contract(tensors: list[Tensor], out: tuple[str, ...], arrays: Mapping[str, np.ndarray],
              sizes: Mapping[str, int]) -> np.ndarray:
    """The contraction of ``tensors`` (each index summed unless in ``out``), axes in ``out``'s order."""
    names = list(dict.fromkeys([i for t in tensors for i in t.indices] + list(out)))
    if len(names) > len(_LETTERS):
        raise Mismatch(f"{len(names)} indices are too many to contract here (at most {len(_LETTERS)})")
    letter = {i: _LETTERS[k] for k, i in enumerate(names)}
    ops = [array_of(t, arrays, sizes).reshape([sizes[i] for i in t.indices]) for t in tensors]
    spec = ",".join("".join(letter[i] for i in t.indices) for t in tensors) + "->" + "".join(letter[i] for i in out)
    return np.einsum(spec, *ops)


def _store(t: Tensor, a: np.ndarray, order: tuple[str, ...], arrays: dict[str, np.ndarray],
           sizes: Mapping[str, int]) -> None:
    """Keep ``a`` (axes in ``order``) as ``t``'s numbers, in ``t``'s leg shape; a dagger's source is conjugated."""
    a = a.transpose([order.index(i) for i in t.indices]).reshape(leg_shape(t, sizes))
    arrays[t.source] = a.conj() if t.dagger else a


def _svd_factors(new: list[Tensor]) -> tuple[Tensor, Tensor, Tensor, str] | None:
    """``(U, λ, V†, bond)`` when ``new`` is a vector, a plain factor and a daggered one sharing the vector's index."""
    if len(new) != 3:
        return None
    for lam in (t for t in new if len(t.indices) == 1):
        plain = [t for t in new if t is not lam and not t.dagger]
        dagger = [t for t in new if t is not lam and t.dagger]
        bond = lam.indices[0]
        if len(plain) == 1 and len(dagger) == 1 and bond in plain[0].indices and bond in dagger[0].indices:
            return plain[0], lam, dagger[0], bond
    return None


def derive_steps(figure: Diagram | Equation, arrays: dict[str, np.ndarray],
                 sizes: Mapping[str, int]) -> dict[str, np.ndarray]:
    """``arrays`` with every step's new tensors made from the step before (see the module's docstring)."""
    if not isinstance(figure, Equation) or not is_sequence(figure):
        return arrays
    arrays = dict(arrays)
    seen = {t.name for t in figure.terms[0].diagram.tensors}
    for k in range(1, len(figure.terms)):
        before, now = figure.terms[k - 1].diagram, figure.terms[k].diagram
        new = [t for t in now.tensors if t.name not in seen and t.data is None]
        seen |= {t.name for t in now.tensors}
        absorbed: set[str] = set()
        for t in (t for t in new if t.absorbs):
            group = [s for s in before.tensors if s.name in t.absorbs]
            inside = {i for s in group for i in s.indices}
            stray = [i for i in t.indices if i not in inside]
            if stray:
                raise Mismatch(f"step {k + 1}: '{t.name}' absorbs {', '.join(t.absorbs)}, but its leg '{stray[0]}' "
                               "is on none of them")
            _store(t, _contract(group, t.indices, arrays, sizes), t.indices, arrays, sizes)
            absorbed |= set(t.absorbs)
        factors = _svd_factors([t for t in new if not t.absorbs])
        if factors is None:
            continue
        u, lam, v, bond = factors
        names = {t.name for t in now.tensors}
        gone = [t for t in before.tensors if t.name not in names and t.name not in absorbed]
        rows = tuple(i for i in u.indices if i != bond)
        cols = tuple(i for i in v.indices if i != bond)
        kept = {i for t in before.tensors if t not in gone for i in t.indices} | {i for leg in before.output for i in leg}
        open_ = {i for t in gone for i in t.indices if i in kept}
        if not gone or set(rows + cols) != open_ or set(rows) & set(cols):
            raise Mismatch(f"step {k + 1}: {u.name} {lam.name} {v.name} is read as an SVD of what the step before "
                           f"held and this one does not ({', '.join(t.name for t in gone) or 'nothing'}, open legs "
                           f"{', '.join(sorted(open_)) or 'none'}), but the factors' legs are "
                           f"({', '.join(rows)}) and ({', '.join(cols)})")
        m = _contract(gone, rows + cols, arrays, sizes)
        r, c = math.prod(sizes[i] for i in rows), math.prod(sizes[i] for i in cols)
        left, lam_, vh = np.linalg.svd(m.reshape(r, c), full_matrices=False)
        if sizes[bond] != len(lam_):
            raise Mismatch(f"step {k + 1}: the SVD's bond '{bond}' is {sizes[bond]}, but the matrix it splits is "
                           f"{r} × {c}, whose SVD has {len(lam_)} singular values (declare dims: {{{bond}: {len(lam_)}}})")
        _store(u, left.reshape([sizes[i] for i in rows] + [len(lam_)]), rows + (bond,), arrays, sizes)
        _store(lam, lam_.astype(m.dtype), (bond,), arrays, sizes)
        _store(v, vh.T.reshape([sizes[i] for i in cols] + [len(lam_)]), cols + (bond,), arrays, sizes)
    return arrays
