"""The equation comparison: every relation of an equation, on one set of stand-ins.

Terms are joined by ``+``/``-`` into sides and sides by ``=`` or ``!=``; a term may carry a
coefficient and sum over some of its free legs. Every term with an einsum is first checked against it
(:mod:`tensordiag.check.diagram`). Each side is then compared with the next relatively, at the scale
of the largest term on either side (:func:`tensordiag.check.scaled.compare`); a relation whose terms
are all zero, or not finite, cannot tell. When an output is bigger than ``budget``, free legs are
closed with probe vectors (summed legs with ones).
"""

from __future__ import annotations

import dataclasses

import itertools
import math
from fractions import Fraction
from functools import reduce
from typing import Mapping

import numpy as np

from ..errors import CheckError
from ..model import Equation, Term
from ..ports import has_flow
from . import scaled
from .defined import fix_drawn, open_at, opened
from .diagram import check_diagram
from .engine import value
from .flow import flow_value
from .nets import Net, check_bubbles, drawn
from .perhead import check_per, per_value
from .scaled import RTOL, Scaled
from .standins import probe
from .verdicts import PROBED, CheckResult, Verdict, verdict


def coefficient(coeff: str | None, k: int) -> float:
    """A term's coefficient as a number (``−3``, ``1/2``); none is 1.

    >>> coefficient("−1/2", 0), coefficient(None, 0)
    (-0.5, 1.0)
    """
    if coeff is None:
        return 1.0
    try:
        return float(Fraction(coeff.strip().replace("−", "-")))
    except (ValueError, ZeroDivisionError):
        raise CheckError(f"coefficient '{coeff}' is not a number", where=f"term {k + 1}") from None


def side_text(members: list[int]) -> str:
    return f"term {members[0]}" if len(members) == 1 else f"terms {members[0]}–{members[-1]}"


def check_equation(eq: Equation, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], seed: int, budget: int,
                   svd: bool) -> CheckResult:
    """Test every relation of ``eq``; ``svd`` says the stand-ins came from the SVD rule (noted in the detail)."""
    defined = ""
    last = len(eq.terms) == 2 and eq.terms[1].define  # A[0, 2, 0] = a: the right side is defined by the left
    if eq.terms[0].define or last:
        turned = dataclasses.replace(eq, terms=(eq.terms[1], dataclasses.replace(eq.terms[0], op="="))) if last else eq
        arrays, wrong = define(turned, arrays, sizes, budget)
        if wrong:
            return CheckResult("mismatch", math.inf, wrong.replace("term 1", "term 2") if last else wrong, False)
        t = turned.terms[0].diagram.tensors[0]
        defined = (f"term {2 if last else 1} defines '{t.name}' ({' '.join(t.indices) or 'a number'}) as the side "
                   f"{'before' if last else 'after'} its '='; ")
    for k, term in enumerate(eq.terms):
        if term.diagram.einsum is not None:
            word = "step" if any(t.op == "->" for t in eq.terms) else "term"
            result = check_diagram(term.diagram, arrays, sizes, seed, budget, f"{word} {k + 1}: ")
            if not result.ok:
                return result
    nets, frees = [], []
    for k, term in enumerate(eq.terms):
        check_per(term, k)
        nets.append(term_net(term, arrays, sizes))
        frees.append(free_indices(term, nets[-1], k))
        if sorted(frees[-1]) != sorted(frees[0]):
            raise CheckError(f"its free indices ({', '.join(frees[-1]) or 'none'}) differ from term 1's "
                             f"({', '.join(frees[0]) or 'none'})", where=f"term {k + 1}")
    probed = any(math.prod(sizes[i] for leg in net.output for i in leg) > budget for net in nets)
    values = [term_value(term, net, k, arrays, sizes, budget, frees[0], probed, seed)
              for k, (term, net) in enumerate(zip(eq.terms, nets))]
    sides: list[list[tuple[float, Scaled]]] = []
    members: list[list[int]] = []
    relations: list[str] = []
    for k, (term, valued) in enumerate(zip(eq.terms, values)):
        if k == 0 or term.op in ("=", "!=", "->"):
            relations += [term.op] if k else []
            sides.append([valued])
            members.append([k + 1])
        else:
            sides[-1].append(valued)
            members[-1].append(k + 1)
    if not relations:
        raise CheckError("no term says '=' or '!=': an equation needs a relation")
    parts, diffs, fails, unknown = [], [], [], []
    for r, op in enumerate(relations):
        compared = scaled.compare(sides[r], sides[r + 1])
        head = f"{side_text(members[r])} {op} {side_text(members[r + 1])}"
        head = head.replace("term", "step").replace("->", "→") if op == "->" else head
        if not compared.finite or compared.zero:
            _, text = verdict(compared, head, sizes)
            parts.append(text.replace("both sides are zero", "every term is zero"))
            unknown.append(r)
            continue
        same = compared.relative <= RTOL
        holds = same if op in ("=", "->") else not same
        words = scaled.agreement() if same else scaled.difference(compared.relative)
        parts.append(f"{head}: {words}{'' if holds else ', fails' if op in ('=', '->') else ': they are equal, fails'}")
        diffs.append((op, compared.relative))
        fails += [] if holds else [compared.relative]
    equal = [d for op, d in diffs if op in ("=", "->")]
    worst = fails[0] if fails else max(equal) if equal else min((d for _, d in diffs), default=math.nan)
    outcome: Verdict = "mismatch" if fails else "inconclusive" if unknown else "ok"
    note = ", M, U, λ, V from numpy's SVD of a random complex M (the SVD rule)" if svd else ""
    return CheckResult(outcome, worst, defined + "; ".join(parts) + note + (PROBED if probed else ""), probed)


def term_net(term: Term, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int]) -> Net:
    """The network whose value a term is: as drawn, a hole's or a derivative's tensor taken out and its legs
    left open, sliced at its fixed values."""
    check_bubbles(term.diagram)
    net = drawn(term.diagram, arrays, sizes)
    hole = opened(term.diagram, term.derivative)
    if hole is not None:
        net = open_at(net, hole)
    return fix_drawn(net, dict(term.diagram.values), sizes)


def free_indices(term: Term, net: Net, k: int) -> list[str]:
    """A term's free indices after its sum: the net's output less ``sum_over``."""
    flat = [i for leg in net.output for i in leg]
    for h in term.sum_over:
        if h not in flat:
            raise CheckError(f"sums over '{h}', which is not a free leg of its diagram "
                             f"({', '.join(flat) or 'none'})", where=f"term {k + 1}")
    return [i for i in flat if i not in term.sum_over]


def term_value(term: Term, net: Net, k: int, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], budget: int,
               order: list[str], probed: bool, seed: int) -> tuple[float, Scaled]:
    """A term's signed coefficient and value, its free indices in ``order`` (closed with probes when ``probed``)."""
    coeff = coefficient(term.coeff, k) * (-1.0 if term.op == "-" else 1.0)
    flow = has_flow(term.diagram)
    if probed and not flow:
        closers = [reduce(np.multiply.outer, [np.ones(sizes[i]) if i in term.sum_over else probe(seed, i, sizes[i])
                                              for i in leg]) for leg in net.output]
        return coeff, (per_value(net, term.per, sizes, budget, closers) if term.per
                       else value(net, sizes, budget, closers))
    flat = [i for leg in net.output for i in leg]
    whole = (flow_value(term.diagram, arrays, sizes, budget) if flow else
             per_value(net, term.per, sizes, budget) if term.per else value(net, sizes, budget))
    mantissa = whole.mantissa.reshape([sizes[i] for i in flat])
    mantissa = mantissa.sum(axis=tuple(p for p, i in enumerate(flat) if i in term.sum_over))
    rest = [i for i in flat if i not in term.sum_over]
    return coeff, scaled.normalised(mantissa.transpose([rest.index(i) for i in order]), whole.exponent)


def define(eq: Equation, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int],
           budget: int) -> tuple[dict[str, np.ndarray], str | None]:
    """The first term's tensor given the value of the side after its ``=`` (terms up to the next relation);
    a tensor whose legs are not that side's free legs is a mismatch, worded here."""
    t = eq.terms[0].diagram.tensors[0]
    side = [1] + list(itertools.takewhile(lambda k: eq.terms[k].op in ("+", "-"), range(2, len(eq.terms))))
    nets = [term_net(eq.terms[k], arrays, sizes) for k in side]
    frees = [free_indices(eq.terms[k], net, k) for k, net in zip(side, nets)]
    mine = list(t.indices)
    if sorted(mine) != sorted(frees[0]):
        return dict(arrays), (f"term 1 defines '{t.name}' with legs ({' '.join(mine) or 'none'}), but the side "
                              f"that defines it has free legs ({' '.join(frees[0]) or 'none'}): mismatch")
    if math.prod(sizes[i] for i in mine) > budget:
        raise CheckError(f"the side that defines '{t.name}' is too large to evaluate", where="equation[0].define")
    total = sum(c * scaled.value(v) for c, v in (term_value(eq.terms[k], net, k, arrays, sizes, budget, mine, False, 0)
                                                 for k, net in zip(side, nets)))
    shape = [math.prod(sizes[i] for i in leg) for leg in t.legs]
    out = dict(arrays)
    out[t.source] = np.asarray(total).reshape(shape)
    return out, None
