"""Arrays with a tracked power-of-two exponent, and the check's relative comparison.

A :class:`Scaled` value is ``mantissa * 2**exponent``, its mantissa's largest entry kept within
``2**±128`` (or all zero). Rescaling by a power of two is exact, so a contraction rescaled after every step
rounds exactly as the plain one would, yet a chain of 2,000 matrices neither overflows nor
underflows, and 300 isometries are compared at their own scale rather than against an absolute
floor.

Two sides are compared *relative to their magnitudes*: ``max |a − b|`` over the largest entry of
any term that makes them up (so ``2P − P = P`` is judged at the scale of ``2P``). When every term
is zero the comparison cannot tell anything; when a mantissa is not finite (a bubble's function
overflowed) neither.

>>> a = normalised(np.array([3.0, -1.0]) * 2.0**300)
>>> a.mantissa.tolist(), a.exponent
([0.75, -0.25], 302)
>>> compare([(1.0, a)], [(1.0, normalised(np.array([3.0, -1.0])), )])
Comparison(relative=1.0, zero=False, finite=True)
>>> compare([(1.0, a)], [(2.0**299, normalised(np.array([6.0, -2.0])))])
Comparison(relative=0.0, zero=False, finite=True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

RTOL = 1e-9
"""Two sides agree when they differ by at most this much, relative to their magnitude."""


@dataclass(frozen=True)
class Scaled:
    """The array ``mantissa * 2**exponent``."""

    mantissa: np.ndarray
    exponent: int = 0


@dataclass(frozen=True)
class Comparison:
    relative: float
    """``max |a − b|`` over the largest entry of any term on either side (nan when not finite)."""
    zero: bool
    """Every term on both sides is zero: nothing was compared."""
    finite: bool


def ldexp(a: np.ndarray, e: int) -> np.ndarray:
    """``a * 2**e``, exactly (complex too); overflow gives inf and underflow 0, silently."""
    if e == 0:
        return a
    with np.errstate(over="ignore", under="ignore"):
        if np.iscomplexobj(a):
            out = np.empty_like(a)
            out.real, out.imag = np.ldexp(a.real, e), np.ldexp(a.imag, e)
            return out
        return np.ldexp(a, e)


def _largest(a: np.ndarray) -> float:
    return float(np.max(np.abs(a), initial=0.0))


SAFE = 2.0**128
"""A mantissa whose largest entry lies within ``2**±128`` is left alone: the product of two such arrays,
summed over up to 2**24 terms, stays far inside a float's range, and leaving it saves a copy per step."""


def normalised(a: np.ndarray, exponent: int = 0) -> Scaled:
    """``a * 2**exponent``, its mantissa's largest entry brought into [0.5, 1) when outside ``2**±128``."""
    a = np.asarray(a)
    if not np.issubdtype(a.dtype, np.inexact):
        a = a.astype(float)
    top = _largest(a)
    if top == 0.0 or not math.isfinite(top) or 1 / SAFE <= top <= SAFE:
        return Scaled(a, exponent)
    e = math.frexp(top)[1]
    return Scaled(ldexp(a, -e), exponent + e)


def value(s: Scaled) -> np.ndarray:
    """The plain array (inf where it overflows a float, silently)."""
    return ldexp(s.mantissa, s.exponent)


def add(values: Sequence[Scaled]) -> Scaled:
    """The sum, aligned to the largest exponent."""
    top = max(v.exponent for v in values)
    total = values[0].mantissa * 0
    for v in values:
        total = total + ldexp(v.mantissa, v.exponent - top)
    return normalised(total, top)


def _magnitude(c: float, s: Scaled) -> int | None:
    """log2 of the largest entry of ``c * s`` (to within one), or None when it is zero."""
    top = _largest(s.mantissa)
    return None if top == 0.0 or c == 0 else s.exponent + math.frexp(top)[1] + math.frexp(c)[1]


def compare(left: Sequence[tuple[float, Scaled]], right: Sequence[tuple[float, Scaled]]) -> Comparison:
    """Compare ``Σ c·s`` over ``left`` with the same over ``right`` (arrays of one shape)."""
    terms = [*left, *right]
    if not all(np.all(np.isfinite(s.mantissa)) for _, s in terms):
        return Comparison(math.nan, zero=False, finite=False)
    tops = [m for c, s in terms if (m := _magnitude(c, s)) is not None]
    if not tops:
        return Comparison(0.0, zero=True, finite=True)
    top = max(tops)
    aligned = [[ldexp(s.mantissa * c, s.exponent - top) for c, s in side] for side in (left, right)]
    scale = max(_largest(a) for side in aligned for a in side)
    sa, sb = (sum(side[1:], side[0]) if side else 0.0 for side in aligned)
    return Comparison(_largest(np.asarray(sa - sb)) / scale, zero=False, finite=True)


def tolerance_text(rtol: float = RTOL) -> str:
    """``1e-9``: a tolerance as written in a detail line."""
    return f"{rtol:.0e}".replace("e-0", "e-")


def agreement(rtol: float = RTOL) -> str:
    """How an agreement is stated: against the tolerance, never with round-off digits.

    >>> agreement()
    'agrees to 1e-9 (relative)'
    """
    return f"agrees to {tolerance_text(rtol)} (relative)"


def difference(relative: float) -> str:
    """A disagreement, coarsely enough that no BLAS, CPU or thread count changes the words.

    >>> difference(0.73), difference(1.4), difference(3e-7)
    ('differs by ≥ 0.1 (relative)', 'differs by ≥ 1 (relative)', 'differs by ≥ 1e-7 (relative)')
    """
    for k, words in enumerate(("1", "0.1", "0.01")):
        if relative >= 10.0**-k:
            return f"differs by ≥ {words} (relative)"
    k = 3
    while relative < 10.0**-k and k < 300:
        k += 1
    return f"differs by ≥ {tolerance_text(10.0**-k)} (relative)"
