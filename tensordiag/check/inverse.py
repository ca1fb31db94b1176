"""A general invertible matrix and its true inverse (issue 11: gauge freedom, X X⁻¹ on a bond).

``kind: invertible`` is a random square matrix over the first and second half of its legs with singular
values between 1 and 2 (``Q1 diag(s) Q2``, Q1 and Q2 from QRs), so it is far from singular and its inverse
is accurate to round-off. A tensor with ``inverse: true`` and ``data: X`` holds ``numpy.linalg.inv`` of X's
matrix: its first half of legs runs over X's columns, its second over X's rows, so ``X[a, c] X⁻¹[c, b]``
is δ(a, b).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ..errors import CheckError
from ..model import Tensor
from .nets import legs_text

MAX_CONDITION = 1e8
"""A matrix worse conditioned than this has no inverse the check can trust to 1e-9."""


def _halves(t: Tensor, shape: tuple[int, ...]) -> tuple[int, int]:
    half = len(shape) // 2
    rows, cols = math.prod(shape[:half]), math.prod(shape[half:])
    if rows != cols:
        raise CheckError(f"'{t.name}' is {rows} × {cols} over legs ({legs_text(t.legs[:half])}) and "
                         f"({legs_text(t.legs[half:])}): only a square matrix has an inverse", where=f"tensors.{t.name}")
    return rows, cols


def invertible(t: Tensor, shape: tuple[int, ...], normal: Callable[..., np.ndarray]) -> np.ndarray:
    """A well-conditioned random square matrix in ``t``'s leg shape (singular values in [1, 2])."""
    n, _ = _halves(t, shape)
    q1 = np.linalg.qr(normal(n, n))[0]
    q2 = np.linalg.qr(normal(n, n))[0]
    s = 1.0 + np.arange(n) / max(n - 1, 1)
    return ((q1 * s) @ q2).reshape(shape)


def inverse_of(t: Tensor, base: np.ndarray) -> np.ndarray:
    """The true inverse of ``base`` read as a matrix (rows: its first half of axes), in ``base``'s shape."""
    n, _ = _halves(t, base.shape)
    m = base.reshape(n, n)
    if not np.all(np.isfinite(m)) or np.linalg.cond(m) > MAX_CONDITION:
        raise CheckError(f"'{t.name}' is the inverse of '{t.source}', which is singular or nearly so: give "
                         f"'{t.source}' kind: invertible", where=f"tensors.{t.name}")
    return np.linalg.inv(m).reshape(base.shape)
