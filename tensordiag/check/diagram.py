"""The diagram comparison: the drawn network against its declared einsum.

Both are contracted by the engine (:mod:`tensordiag.check.engine`) on the same stand-ins and
compared relatively (:func:`tensordiag.check.scaled.compare`). When an output has more than ``budget``
entries, every free leg is closed with the same seeded probe vector on both sides and scalars are
compared (Freivalds). If a contraction still needs an intermediate above ``budget``, a diagram whose
wiring equals its einsum's up to index names passes exactly, and anything else is a
:class:`~tensordiag.errors.CheckError` giving the estimate. The einsum of a diagram with bubbles gives
the wiring; the same bubbles are applied to it. Diagrams with a hole go to
:mod:`tensordiag.check.hole`, those with copy or add nodes to :mod:`tensordiag.check.flow`.
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np

from ..errors import CheckError
from ..model import Diagram
from ..ports import has_flow
from . import scaled
from .defined import fix_declared, fix_drawn
from .engine import value
from .flow import check_flow
from .hole import check_hole
from .nets import Net, bind, check_bubbles, declared, drawn, legs_text, parse, same_wiring
from .standins import probe
from .verdicts import PROBED, CheckResult, Mismatch, TooCostly, verdict


def what(text: str) -> str:
    """How the einsum is named in a detail line: as written, cut to 100 characters."""
    short = " ".join(text.split())
    short = short if len(short) <= 100 else short[:99] + "…"
    return short if parse(text).named else f"einsum '{short}'"


def check_diagram(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], seed: int, budget: int,
                  label: str = "") -> CheckResult:
    """Compare the drawn network with its einsum (with none: with itself, so its wiring is still evaluated)."""
    check_bubbles(d)
    named = label + (f"drawn vs {what(d.einsum)}" if d.einsum else "drawn network (no einsum: its own wiring)")
    if d.values and (has_flow(d) or any(t.hole for t in d.tensors)):
        raise CheckError("values end free legs of a plain network, not of copy/add nodes or a hole", where="values")
    if has_flow(d):
        return check_flow(d, arrays, sizes, budget, named)
    if any(t.hole for t in d.tensors):
        return check_hole(d, arrays, sizes, seed, budget, named)
    mine = drawn(d, arrays, sizes)
    theirs = mine if d.einsum is None else declared(d, arrays, sizes)
    if d.values:  # the drawing sliced at the values, the einsum closed with one-hot vectors there
        fixed = dict(d.values)
        mine, theirs = fix_drawn(mine, fixed, sizes), fix_declared(theirs, fixed, sizes)
        named += f" at {', '.join(f'{i} = {v}' for i, v in d.values)}"
    notes = f", bubbles {', '.join(b.name for b in d.bubbles)} on both sides" if d.bubbles and d.einsum else ""
    probed = False
    try:
        sa = bind(mine, sizes)
        sb = sa if theirs is mine else bind(theirs, sizes)
        shape = [math.prod(sa[i] for i in leg) for leg in mine.output]
        other = [math.prod(sb[i] for i in leg) for leg in theirs.output]
        if shape != other:
            raise Mismatch(f"the output ({legs_text(mine.output)}) has shape {tuple(shape)} as drawn, but "
                           f"({legs_text(theirs.output)}) has {tuple(other)} in the einsum")
        probed = math.prod(shape) > budget
        vectors = [probe(seed, f"leg {k}", n) for k, n in enumerate(shape)] if probed else None

        def closers(net: Net, sz: Mapping[str, int]) -> list[np.ndarray] | None:
            return None if vectors is None else [v.reshape([sz[i] for i in leg]) for v, leg in zip(vectors, net.output)]

        try:
            va = value(mine, sa, budget, closers(mine, sa))
            vb = va if theirs is mine else value(theirs, sb, budget, closers(theirs, sb))
        except TooCostly as exc:
            if d.bubbles or not same_wiring(mine, theirs):
                raise CheckError(f"{exc.message}; the drawing is wired differently from its einsum, so only "
                                 "numbers could decide", where=label.rstrip(": ") or None) from None
            return CheckResult("ok", 0.0, f"{named}: the same wiring up to index names, so equal exactly "
                                          f"(not contracted, {exc.message})", probed)
    except Mismatch as exc:
        return CheckResult("mismatch", math.inf, f"{named}: {exc.message}", probed)
    compared = scaled.compare([(1.0, va)], [(1.0, vb)])
    words, text = verdict(compared, named, sa, notes=notes + (PROBED if probed else ""))
    return CheckResult(words, compared.relative, text, probed)
