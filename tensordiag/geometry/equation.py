"""An equation's geometry: its terms' geometries moved to where :mod:`tensordiag.layout.equation` put
them, renamed apart, with the operators, coefficients and sums between them."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol, Sequence

from .. import sizes
from ..model import Equation, Term
from ..style import STYLE
from ..texlabel import name_to_math
from .elements import Geometry, LabelG, translate, with_bbox
from .leg_labels import leg_label_text

_D = STYLE.drawing
CAPTION_SCALE = 0.8
"""A step caption's size beside an operator's (the leg labels' small font)."""
CAPTION_GAP = 0.04
"""The room between a step's arrow and its caption, in cm."""
OP_TEX = {"=": "=", "+": "+", "-": "-", "!=": r"\neq", "->": r"\longrightarrow"}


class Place(Protocol):
    """A term's offset and its symbols' centres (:class:`tensordiag.layout.equation.TermPlace`)."""

    dx: float
    dy: float
    symbols: tuple[float, ...]
    line: float


def main_line(g: Geometry) -> float:
    """The height the terms of an equation line up on: the row holding more than half of the tensors, else the
    one row holding more than any other (at least two: a CP core's U and W, with λ above and V below), else the
    middle of the picture."""
    rows: dict[float, int] = {}
    for s in g.shapes:
        rows[round(s.y, 3)] = rows.get(round(s.y, 3), 0) + 1
    best = max(rows.values(), default=0)
    if best * 2 <= len(g.shapes) and (best < 2 or list(rows.values()).count(best) > 1):  # no main row: the middle
        return (g.bbox[1] + g.bbox[3]) / 2
    return next(y for y, n in rows.items() if n == best)


def term_symbols(term: Term) -> tuple[LabelG, ...]:
    """The operator, coefficient and sum set before ``term``, sized, not yet placed (centred at 0, 0)."""
    texts = []
    labels = dict(term.diagram.index_labels)
    if term.op is not None:
        texts.append((OP_TEX[term.op], "op"))
    if term.coeff is not None:
        texts.append((term.coeff, "coeff"))
    if term.derivative is not None:
        t = term.diagram.tensor(term.derivative)
        texts.append((r"\partial/\partial " + (t.label or name_to_math(t.name)), "coeff"))
    if term.sum_over or term.per:
        summed = term.sum_over + term.per
        texts.append((r"\sum_{" + ",".join(leg_label_text((i,), {}, False, labels) for i in summed) + "}", "sum"))
    wide = sizes.label_width(term.step) * CAPTION_SCALE if term.step is not None else 0.0
    return tuple(LabelG(text, 0.0, 0.0, max(sizes.label_width(text), wide if role == "op" else 0.0) + _D.symbol_pad,
                        sizes.LABEL_HEIGHT * (_D.sum_height if role == "sum" else 1.0), role, True)
                 for text, role in texts)


def caption(term: Term, arrow: LabelG) -> LabelG | None:
    """A sequence step's caption (``SVD``), set small just above its arrow ``arrow`` (already placed)."""
    if term.step is None or term.op != "->":
        return None
    height = sizes.LABEL_HEIGHT * CAPTION_SCALE
    return LabelG(term.step, arrow.x, arrow.y + (arrow.height + height) / 2 + CAPTION_GAP,
                  sizes.label_width(term.step) * CAPTION_SCALE, height, "caption", True)


def equation_geometry(eq: Equation, terms: Sequence[Geometry], symbols: Sequence[tuple[LabelG, ...]],
                      places: Sequence[Place]) -> Geometry:
    """One geometry of every term moved by its place (ids prefixed ``t1-``, ``t2-``, …) and the symbols, on
    their rows' lines (a term that starts a row after the first starts it with its operator, which the row above
    does not repeat)."""
    parts = [translate(g, p.dx, p.dy, prefix=f"t{k + 1}-") for k, (g, p) in enumerate(zip(terms, places))]
    extra: list[LabelG] = []
    for term, syms, p in zip(eq.terms, symbols, places):
        placed = [replace(lb, x=x, y=p.line) for lb, x in zip(syms, p.symbols)]
        extra.extend(placed)
        extra.extend(c for lb in placed if lb.role == "op" and (c := caption(term, lb)) is not None)
    return with_bbox(Geometry(
        tuple(s for g in parts for s in g.shapes),
        tuple(w for g in parts for w in g.wires),
        tuple(d for g in parts for d in g.dots),
        tuple(lb for g in parts for lb in g.labels) + tuple(extra),
        tuple(b for g in parts for b in g.bubbles),
        (0, 0, 0, 0),
        eq.title,
        tuple(a for g in parts for a in g.anchors),
    ))
