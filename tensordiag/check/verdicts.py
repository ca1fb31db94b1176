"""What a check returns, and how a comparison is put into words.

The verdict is ``ok``, ``mismatch`` (shapes differ, or the numbers by more than the tolerance), or
``inconclusive`` (every term is zero, or a side is not finite). Details state the agreement against
the tolerance, or a disagreement to an order of magnitude, never round-off digits, so no BLAS, CPU
or thread count changes the words.

Two errors stay inside the check: :class:`Mismatch` (the two sides disagree in shape: a failed
check, reported as a ``mismatch`` verdict) and :class:`TooCostly` (a contraction needs an
intermediate above the budget).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Mapping

from ..errors import CheckError
from . import scaled
from .scaled import RTOL

Verdict = Literal["ok", "mismatch", "inconclusive"]

PROBED = ", free legs closed with probe vectors"
HOLE_RTOL = 1e-6
"""Central differences of a linear function are exact up to round-off magnified by 1/ε (ε = 1e-3)."""


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    """``ok``: the two sides agree to :data:`~tensordiag.check.scaled.RTOL` relative to their magnitude.
    ``mismatch``: they differ (in shape, or by more than the tolerance), or a relation fails.
    ``inconclusive``: the numbers cannot tell, because every term of a side is zero at the sizes
    the budget allows, or a side is not finite even when rescaled."""
    max_diff: float
    """The largest relative difference found (for '!=' relations: the smallest, which must be large)."""
    detail: str
    probed: bool
    """Whether free legs were closed with probe vectors."""

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"


class Mismatch(CheckError):
    """The drawing and the einsum disagree in shape: a failed check, not a broken input."""


class TooCostly(CheckError):
    """A contraction needs an intermediate above the budget."""


def verdict(compared: scaled.Comparison, what: str, sizes: Mapping[str, int], rtol: float = RTOL,
            notes: str = "") -> tuple[Verdict, str]:
    """Whether two sides agree, and the words for it: against the tolerance, never with round-off digits."""
    if not compared.finite:
        return "inconclusive", f"{what}: a side is not finite even rescaled (a function overflowed), so the check " \
                               "cannot tell"
    if compared.zero:
        return "inconclusive", f"{what}: both sides are zero at the sizes the check used ({size_list(sizes)}), " \
                               "so it cannot tell; declare bigger sizes in dims"
    if compared.relative <= rtol:
        return "ok", f"{what}: {scaled.agreement(rtol)}{notes}"
    return "mismatch", f"{what}: {scaled.difference(compared.relative)}, over the tolerance of " \
                       f"{scaled.tolerance_text(rtol)}{notes}"


def size_list(sizes: Mapping[str, int]) -> str:
    """``k=3, q=3``, cut to about 60 characters.

    >>> size_list({"k": 3, "q": 3})
    'k=3, q=3'
    """
    text = ", ".join(f"{i}={n}" for i, n in sizes.items())
    return text if len(text) <= 60 else text[:59].rsplit(", ", 1)[0] + ", …"
