"""Stand-ins: the seeded random tensor the check uses for every ``source`` name, and probe vectors.

Each stand-in is seeded by ``zlib.crc32`` of its source name, so it does not depend on what else
the figure holds. ``generic`` (and ``add``, whose wiring is checked, not its arithmetic) are standard
normal; ``isometry`` comes from a QR, its columns orthonormal over the legs off the tip
(:func:`~tensordiag.check.sizes.isometry_tip`; without ``tip``: the smallest leg by declared dims,
ties going to the later axis as in ``V†V = eye(V.shape[-1])``; a one-leg isometry is a unit vector);
``unitary`` is a square orthogonal matrix over the first and second half of its legs; ``delta``,
``copy``, ``identity``, ``shift`` (δ(k, q+1), the previous-token pattern) and ``one_hot`` are exact
(:mod:`tensordiag.values`); ``invertible`` is well conditioned and an ``inverse`` its true inverse
(:mod:`tensordiag.check.inverse`). ``dagger``
conjugates the source's array. Unless a bubble needs real numbers, generic, isometry and unitary
stand-ins are complex, so a missing or extra dagger changes the numbers. An equation read as a
claimed SVD gets its ``M``, ``U``, ``λ`` and ``V`` from :mod:`tensordiag.check.svd`.
"""

from __future__ import annotations

import math
import zlib
from typing import Mapping

import numpy as np

from ..errors import CheckError
from ..model import Diagram, Equation, Tensor
from ..values import entries
from .inverse import invertible
from .nets import array_of, leg_shape, legs_text
from .sizes import defining, diagrams, tips
from .svd import Svd, svd_arrays


def stand_ins(figure: Diagram | Equation, sizes: dict[str, int], seed: int, svd: Svd | None) -> dict[str, np.ndarray]:
    """Per source, its stand-in in its defining tensor's leg shape; every tensor sharing it is checked to fit."""
    owners = defining(figure)
    arrays = svd_arrays(svd, owners, sizes, seed) if svd else {}
    complex_ = not any(d.bubbles for d in diagrams(figure))
    tip = tips(figure)
    for source, t in owners.items():
        if source not in arrays:
            rng = np.random.default_rng([seed, zlib.crc32(source.encode())])
            arrays[source] = stand_in(t, sizes, rng, complex_, tip[source])
    for t in (t for d in diagrams(figure) for t in d.tensors):
        array_of(t, arrays, sizes, owners)
        owner = owners[t.source]
        if t.picture and (owner.kind, owner.tokens, owner.inverse) != (t.kind, t.tokens, t.inverse):
            raise CheckError(f"'{t.name}' shows the picture of a {t.kind} tensor, but its numbers are those of "
                             f"'{owner.name}', a {owner.kind} tensor: give both the same kind", where=f"tensors.{t.name}")
    return arrays


def stand_in(t: Tensor, sizes: Mapping[str, int], rng: np.random.Generator, complex_: bool = False,
             tip_names: tuple[str, ...] = ()) -> np.ndarray:
    """A random tensor of ``t``'s kind; complex unless a bubble needs real numbers, so a missing dagger shows.
    An isometry's columns are orthonormal over the legs off ``tip_names``
    (:func:`~tensordiag.check.sizes.isometry_tip`)."""
    shape = leg_shape(t, sizes)

    def normal(*dims: int) -> np.ndarray:
        real = rng.standard_normal(dims)
        return (real + 1j * rng.standard_normal(dims)) / math.sqrt(2) if complex_ else real

    where = f"tensors.{t.name}"
    if t.kind in ("shift", "one_hot"):  # exact (tensordiag.values): the picture shows these same numbers
        return np.array(entries(t.kind, shape[0], shape[1], t.tokens)).reshape(shape)
    if t.kind == "invertible":
        return invertible(t, shape, normal)
    if t.kind in ("delta", "copy", "identity"):
        a = np.zeros(shape)
        for v in range(min(shape, default=1)):
            a[(v,) * len(shape)] = 1.0
        return a
    if t.kind == "unitary":
        half = len(t.legs) // 2
        rows, cols = math.prod(shape[:half]), math.prod(shape[half:])
        if rows != cols:
            raise CheckError(f"unitary '{t.name}' is {rows} × {cols} over legs ({legs_text(t.legs[:half])}) and "
                             f"({legs_text(t.legs[half:])}): a unitary is square", where=where)
        return np.linalg.qr(normal(rows, rows))[0].reshape(shape)
    if t.kind != "isometry":
        return normal(*shape)
    flat = [sizes[i] for i in t.indices]
    tip = [k for k, i in enumerate(t.indices) if i in tip_names]
    rest = [k for k in range(len(flat)) if k not in tip]
    outer, inner = math.prod(flat[k] for k in rest), math.prod(flat[k] for k in tip)
    if inner > outer:
        raise CheckError(f"isometry '{t.name}': its tip ({', '.join(t.indices[k] for k in tip)}) has size {inner}, "
                         f"more than its other legs' {outer}; the tip is the smaller side", where=where)
    q = np.linalg.qr(normal(outer, inner))[0]
    return q.reshape([flat[k] for k in rest + tip]).transpose(np.argsort(rest + tip)).reshape(shape)


def probe(seed: int, key: str, n: int) -> np.ndarray:
    """A seeded random vector of length ``n``: closes a free leg (Freivalds) or gives a hole's direction."""
    return np.random.default_rng([seed, zlib.crc32(f"probe {key}".encode())]).standard_normal(n)
