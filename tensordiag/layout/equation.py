"""Where the terms of an equation go: left to right, each term's main line on its row's line, an
operator, a coefficient or a sum before a term where it has one; rows no wider than ``width``.

Pure arithmetic on the terms' extents: the terms are laid out (and drawn) on their own first, and
geometry moves each by the offset found here.

An equation wider than ``width`` (default :attr:`~tensordiag.style.DrawingStyle.equation_width`, about a
paper's text width) breaks between terms, only before a term that starts with an operator; the rows are
left-aligned, each row's line ``row_gap`` below the lowest reach of the row above (so a short row leaves
no empty band). The operator is carried over to the next row: it starts that row and is not repeated at the
end of the row above (``A + B`` / ``+ C``), so no row ends with the operator the next one starts with.

>>> a = TermExtent(left=-1.0, right=1.0, main_line=0.5, symbols=())
>>> b = TermExtent(left=0.0, right=2.0, main_line=0.25, symbols=(0.3,), carries=True)
>>> [tuple(round(v, 6) for v in (p.dx, p.dy, *p.symbols)) for p in place_terms([a, b], gap=0.5)]
[(1.5, -0.5), (3.8, -0.25, 3.15)]
>>> rows = place_terms([a, b], gap=0.5, width=3.0)
>>> rows[1].line, rows[1].dx, rows[1].symbols  # b starts a row of its own, its operator first on that row
(-0.6, 1.3, (0.65,))
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from ..style import STYLE

_D = STYLE.drawing


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
    carries: bool = False
    """Whether the first symbol is an operator (``=``, ``+``, ``-``): a row may break before the term, and
    the operator then starts the new row."""
    above: float = 0.0
    """How far the term (its symbols included) reaches above its main line."""
    below: float = 0.0
    """How far the term (its symbols included) reaches below its main line."""


class TermPlace(NamedTuple):
    """Where a term goes: the offset that moves its drawing, and where its symbols are centred."""

    dx: float
    dy: float
    symbols: tuple[float, ...]
    """The x of each symbol's centre (its y is ``line``), in the order of ``TermExtent.symbols``."""
    line: float = 0.0
    """The height of the term's row's line: 0 for the first row, lower for each row after it."""


def _span(term: TermExtent, gap: float) -> float:
    """How far the term, its symbols and the gaps before each reach along a row."""
    return sum(gap + w for w in term.symbols) + gap + term.right - term.left


def break_rows(terms: Sequence[TermExtent], *, gap: float = _D.term_gap,
               width: float = _D.equation_width) -> list[list[int]]:
    """The terms of each row, in order: a term goes on the current row when the row still fits in ``width``;
    else it starts a new row (when it carries an operator, which moves with it). A term wider than ``width``
    alone gets a row of its own.

    >>> t = TermExtent(0.0, 2.0, 0.0, (0.3,), carries=True)
    >>> break_rows([t] * 5, gap=0.25, width=6.5)
    [[0, 1], [2, 3], [4]]
    """
    rows: list[list[int]] = []
    x = 0.0
    for k, term in enumerate(terms):
        span = _span(term, gap)
        if rows and term.carries and x + span > width + 1e-9:
            rows.append([k])
            x = span
        elif rows:
            rows[-1].append(k)
            x += span
        else:
            rows.append([k])
            x = span
    return rows


def place_terms(terms: Sequence[TermExtent], *, gap: float = _D.term_gap, width: float = _D.equation_width,
                row_gap: float = _D.row_gap) -> list[TermPlace]:
    """Each term's place: its symbols, then the term itself, each ``gap`` after whatever comes before, in
    rows no wider than ``width`` (:func:`break_rows`), each ``row_gap`` below the row above it."""
    rows = break_rows(terms, gap=gap, width=width)
    out: list[TermPlace] = []
    line = 0.0
    for r, row in enumerate(rows):
        if r:
            line -= max(terms[k].below for k in rows[r - 1]) + max(terms[k].above for k in row) + row_gap
        x = 0.0
        for k in row:
            term = terms[k]
            centres = []
            for w in term.symbols:
                centres.append(x + gap + w / 2)
                x += gap + w
            dx = x + gap - term.left
            out.append(TermPlace(dx, line - term.main_line, tuple(centres), line))
            x = term.right + dx
    return out
