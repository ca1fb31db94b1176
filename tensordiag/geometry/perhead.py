"""Per-head terms as drawn: ``Σ_h W_O^h A^h W_V^h``.

A term with ``per: [h]`` is the sum over ``h`` of per-head diagrams. Its diagram keeps ``h`` on the legs
of the tensors that depend on the head (that is what the check contracts, :mod:`tensordiag.check.perhead`);
the drawing leaves those legs out and writes ``h`` as a superscript on each such tensor instead, with
the Σ_h set before the term (:func:`tensordiag.geometry.equation.term_symbols`). A num-heads *wire*
(a hyperedge) is the other way to draw the same sum; both can stand in one equation.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import SpecError
from ..model import Diagram, Term
from ..perhead import per_problem
from ..texlabel import LabelError, validate_math
from .leg_labels import leg_label_text
from .shapes import label_of


def superscripted(label: str, heads: list[str]) -> str:
    """``label`` with the heads as a superscript: ``W_{V}`` → ``W_{V}^{h}``; a label with a superscript of its
    own is grouped first (``{V^{\\dagger}}^{h}``)."""
    top = ",".join(heads)
    try:
        return validate_math(f"{label}^{{{top}}}")
    except LabelError:
        return f"{{{label}}}^{{{top}}}"


def shown_diagram(term: Term) -> Diagram:
    """The diagram drawn for ``term``: its per-head legs left out, each tensor that carried one marked with
    the head as a superscript. A term without ``per`` is drawn as it is."""
    if not term.per:
        return term.diagram
    problem = per_problem(term.diagram, term.per, term.sum_over)  # a Term checks this when made; replace() too
    if problem is not None:
        raise SpecError(problem[1], where=problem[0])
    tensors = []
    for t in term.diagram.tensors:
        heads = [h for h in term.per if (h,) in t.legs]
        if not heads:
            tensors.append(t)
            continue
        text = [leg_label_text((h,), {}, False) for h in heads]
        legs = tuple(leg for leg in t.legs if leg[0] not in heads or len(leg) > 1)
        tip = tuple(i for i in t.tip if i not in heads)
        tensors.append(replace(t, legs=legs, tip=tip, label=superscripted(label_of(t), text)))
    d = term.diagram  # a hand pin of a per-head leg's dot or label names what is no longer drawn
    gone = (lambda name: any(h in name.replace("(", " ").replace(")", " ").split() for h in term.per))
    return replace(d, tensors=tuple(tensors), einsum=None, junctions=tuple(j for j in d.junctions if not gone(j[0])),
                   label_offsets=tuple(o for o in d.label_offsets if not gone(o[0])))
