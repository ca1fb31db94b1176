"""Where the terms of an equation go: left to right on one line, each term's main line at height 0,
an operator, a coefficient or a sum before a term where it has one.

Pure arithmetic on the terms' extents: the terms are laid out (and drawn) on their own first, and
geometry moves each by the offset found here.

>>> a = TermExtent(left=-1.0, right=1.0, main_line=0.5, symbols=())
>>> b = TermExtent(left=0.0, right=2.0, main_line=0.25, symbols=(0.3,))
>>> [tuple(round(v, 6) for v in (p.dx, p.dy, *p.symbols)) for p in place_terms([a, b], gap=0.5)]
[(1.5, -0.5), (3.8, -0.25, 3.15)]
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from ..style import STYLE


class TermExtent(NamedTuple):
    """What placing a term needs to know of its drawing."""

    left: float
    """The left edge of the term's bounding box, where it was drawn."""
    right: float
    """The right edge of the term's bounding box."""
    main_line: float
    """The height the term lines up on with the others."""
    symbols: tuple[float, ...]
    """The widths of the symbols set before the term (operator, coefficient, sum), in order."""


class TermPlace(NamedTuple):
    """Where a term goes: the offset that moves its drawing, and where its symbols are centred."""

    dx: float
    dy: float
    symbols: tuple[float, ...]
    """The x of each symbol's centre (its y is 0, the equation's line), in the order of ``TermExtent.symbols``."""


def place_terms(terms: Sequence[TermExtent], *, gap: float = STYLE.drawing.term_gap) -> list[TermPlace]:
    """Each term's place: its symbols, then the term itself, each ``gap`` after whatever comes before."""
    x = 0.0
    out = []
    for term in terms:
        centres = []
        for width in term.symbols:
            centres.append(x + gap + width / 2)
            x += gap + width
        dx = x + gap - term.left
        out.append(TermPlace(dx, -term.main_line, tuple(centres)))
        x = term.right + dx
    return out
