"""The SVD rule: an equation that claims ``M = U λ V†`` gets stand-ins that make the claim checkable.

A random ``M`` is no product of random factors, so an equation holding ``M = U λ V†`` (two
neighbouring plain terms joined by ``=``: one side a single generic tensor whose data nothing else
uses, the other three tensors: a vector ``λ`` on a bond ``b``, a plain factor and a daggered one
each carrying ``b`` and between them exactly ``M``'s indices) is read as a claimed SVD; further terms
(``= Σ_b …``) are checked with the same numbers. ``M`` gets a random *complex* stand-in of rank at
most ``b`` (:mod:`tensordiag.check.sizes` caps the bond's size at that rank); ``U``, ``λ`` and ``V``
get what ``numpy.linalg.svd`` returns for it (M's indices on the plain factor as rows, ``U`` laid out
rows-then-bond, ``V`` cols-then-bond). The right side is still contracted as drawn, so a factor whose
legs are in another order, a missing or extra dagger (the numbers are complex) or a differently wired
``λ`` makes the relation fail instead of holding by construction.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ..model import Diagram, Equation, Tensor
from .nets import leg_shape, legs_text
from .verdicts import Mismatch


@dataclass(frozen=True)
class Svd:
    """A claimed SVD: the tensors playing ``M``, ``U``, ``λ`` and ``V``, and M's indices on each side."""

    m: Tensor
    u: Tensor
    lam: Tensor
    v: Tensor
    rows: tuple[str, ...]
    cols: tuple[str, ...]


def svd_rule(figure: Diagram | Equation) -> Svd | None:
    """The claimed SVD ``M = U λ V†`` of an equation, if it has that form (see the module's docstring)."""
    if not isinstance(figure, Equation):
        return None
    terms = figure.terms
    pairs = [(a.diagram, b.diagram) for a, b in zip(terms, terms[1:])
             if b.op == "=" and not any(t.coeff or t.sum_over or t.diagram.bubbles for t in (a, b))]
    for one, three in (pair for a, b in pairs for pair in ((a, b), (b, a))):
        if len(one.tensors) != 1 or len(three.tensors) != 3 or one.tensors[0].kind != "generic":
            continue
        m = one.tensors[0]
        for lam in (t for t in three.tensors if len(t.indices) == 1):
            plain = [t for t in three.tensors if t is not lam and not t.dagger]
            dagger = [t for t in three.tensors if t is not lam and t.dagger]
            if len(plain) != 1 or len(dagger) != 1:
                continue
            u, v, bond = plain[0], dagger[0], lam.indices[0]
            rows = tuple(i for i in m.indices if i in u.indices)
            cols = tuple(i for i in m.indices if i in v.indices)
            if (sorted(rows + cols) == sorted(m.indices) and len(set(m.indices)) == len(m.indices) and rows and cols
                    and sorted(u.indices) == sorted((*rows, bond)) and sorted(v.indices) == sorted((*cols, bond))
                    and len({m.source, u.source, lam.source, v.source}) == 4):
                return Svd(m, u, lam, v, rows, cols)
    return None


def svd_arrays(svd: Svd, defining: Mapping[str, Tensor], sizes: Mapping[str, int], seed: int) -> dict[str, np.ndarray]:
    """The stand-ins of ``M``, ``U``, ``λ`` and ``V`` by source; a factor laid out otherwise is a :class:`Mismatch`."""
    rng = np.random.default_rng([seed, zlib.crc32(f"svd {svd.m.source}".encode())])
    bond = svd.lam.indices[0]
    rs, cs, b = [sizes[i] for i in svd.rows], [sizes[i] for i in svd.cols], sizes[bond]

    def normal(*shape: int) -> np.ndarray:
        return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)

    rows, cols = math.prod(rs), math.prod(cs)
    matrix = normal(rows, b) @ normal(b, cols) if b < min(rows, cols) else normal(rows, cols)
    u, lam, vh = np.linalg.svd(matrix, full_matrices=False)
    order = svd.rows + svd.cols
    m = matrix.reshape(rs + cs).transpose([order.index(i) for i in svd.m.indices])
    wanted = [(svd.m, m.conj() if svd.m.dagger else m, svd.m.indices),
              (svd.u, u[:, :b].reshape(rs + [b]), (*svd.rows, bond)),
              (svd.lam, lam[:b].astype(complex), (bond,)),
              (svd.v, vh[:b].conj().T.reshape(cs + [b]), (*svd.cols, bond))]
    arrays = {}
    for t, a, layout in wanted:
        owner = defining[t.source]
        if a.shape != tuple(sizes[i] for i in owner.indices):
            raise Mismatch(f"'{t.source}' is laid out ({', '.join(layout)}) with sizes {a.shape}, but tensor "
                           f"'{owner.name}' has legs {legs_text(owner.legs)} of sizes "
                           f"{tuple(sizes[i] for i in owner.indices)}")
        arrays[t.source] = a.reshape(leg_shape(owner, sizes))
    return arrays
