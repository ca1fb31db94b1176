"""The ``contraction:`` key of a diagram, as frozen data: which path, what to draw, which sizes are symbols.

>>> Contraction(path="greedy", show=("hulls", "table")).show
('hulls', 'table')
>>> Contraction(path="fastest")
Traceback (most recent call last):
tensordiag.errors.SpecError: contraction.path: expected optimal, greedy, branch or a list of steps, got 'fastest'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SpecError
from ..fields import check_index, check_math

METHODS = ("optimal", "greedy", "branch")
"""The opt_einsum path finders a spec may name (:data:`tensordiag.order.path._METHOD` says which of its own each is)."""
SHOWS = ("numbers", "hulls", "sequence", "table")
"""The ways to draw an order: numbered bonds, nested hulls, the network after each step, a cost table."""
MAX_STEPS = 1_000


@dataclass(frozen=True)
class Contraction:
    """A contraction order and how the figure shows it.

    ``path``: a method name, or opt_einsum's own path, a tuple of steps, each the positions (in the list of
    tensors still uncontracted, the newest intermediate last) of the tensors it contracts.
    ``symbols``: the TeX symbol a size is written as in the cost table (``{j: '\\chi'}``)."""

    path: str | tuple[tuple[int, ...], ...] = "optimal"
    show: tuple[str, ...] = ("numbers",)
    symbols: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.path, str):
            if self.path not in METHODS:
                raise SpecError(f"expected {', '.join(METHODS[:-1])}, {METHODS[-1]} or a list of steps, "
                                f"got {self.path!r}", where="contraction.path")
        elif len(self.path) > MAX_STEPS:
            raise SpecError(f"{len(self.path)} steps, at most {MAX_STEPS}", where="contraction.path")
        for k, step in enumerate(() if isinstance(self.path, str) else self.path):
            if len(step) < 1 or any(isinstance(p, bool) or not isinstance(p, int) or p < 0 for p in step):
                raise SpecError(f"expected a list of tensor positions (whole numbers from 0), got {list(step)!r}",
                                where=f"contraction.path[{k}]")
        for s in self.show:
            if s not in SHOWS:
                raise SpecError(f"expected one of {', '.join(SHOWS)}, got {s!r}", where="contraction.show")
        for index, symbol in self.symbols:
            check_index(index, f"contraction.symbols.{index}")
            check_math(symbol, f"contraction.symbols.{index}", what="symbol")

    @property
    def symbol_map(self) -> dict[str, str]:
        return dict(self.symbols)
