"""Numerical experiments a diagram can name in its spec (``evaluate: induction-pattern``), found by name.

An experiment is a function ``fn(diagram, *, seed=0) -> Outcome``: it computes numbers and returns
them as plain data (a matrix with its axis labels, a verdict and a one-line description). It draws
nothing; whoever shows the outcome (the gallery) hands the matrix to :mod:`tensordiag.render.heatmap`.

The registry follows opt_einsum's ``register_path_fn`` / ``get_path_fn``: :func:`get_experiment` with an
unknown name raises a CheckError listing the valid ones, and the spec validates ``evaluate:`` against
:func:`experiments`, so this module is the one list of names. It imports nothing heavy (the spec imports
it); an experiment's own module loads when the experiment runs.

>>> experiments()
('induction-pattern',)
>>> get_experiment("induction")
Traceback (most recent call last):
tensordiag.errors.CheckError: unknown experiment 'induction' (valid: induction-pattern)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from .errors import CheckError

if TYPE_CHECKING:
    from .model import Diagram


@dataclass(frozen=True)
class Outcome:
    """What an experiment found, as plain data: nothing in it is drawn or formatted."""

    ok: bool
    """The verdict: did the network do what the experiment expects?"""
    what: str
    """What was measured, in a few words (the gallery writes ``what: detail``)."""
    detail: str
    """One line saying why the verdict is what it is."""
    title: str
    """A title for a picture of :attr:`matrix`."""
    matrix: Any
    """A 2-D array (rows × columns) of numbers between :attr:`vmin` and :attr:`vmax`."""
    row_label: str
    col_label: str
    boundaries: tuple[int, ...] = ()
    """Row and column indices worth marking (where a repeated sequence starts again, say)."""
    vmin: float = 0.0
    vmax: float = 1.0


Experiment = Callable[..., Outcome]
"""``experiment(diagram, *, seed=0) -> Outcome``."""


def _induction_pattern(diagram: Diagram, *, seed: int = 0) -> Outcome:
    from .induction import induction_outcome

    return induction_outcome(seed)


_EXPERIMENTS: dict[str, Experiment] = {"induction-pattern": _induction_pattern}


def register_experiment(name: str, fn: Experiment) -> None:
    """Make ``evaluate: name`` run ``fn``; a name registered again is replaced, keeping its place."""
    _EXPERIMENTS[name] = fn


def experiments() -> tuple[str, ...]:
    """The names a spec's ``evaluate:`` may take, in the order they were registered (built-ins first)."""
    return tuple(_EXPERIMENTS)


def get_experiment(name: str) -> Experiment:
    try:
        return _EXPERIMENTS[name]
    except KeyError:
        raise CheckError(f"unknown experiment '{name}' (valid: {', '.join(_EXPERIMENTS)})") from None
