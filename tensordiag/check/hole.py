"""The hole comparison: a diagram with a hole is the derivative of its einsum with respect to that tensor.

The drawn derivative ``D`` (the network without the hole, the hole's legs open) is compared with
central differences of the declared value ``f`` around the hole's stand-in ``H``, to
:data:`~tensordiag.check.verdicts.HOLE_RTOL` (central differences of a linear function are exact up to
round-off magnified by 1/ε).
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np

from ..errors import CheckError
from ..model import Diagram
from . import scaled
from .engine import value
from .nets import Net, bind, declared, drawn, legs_text
from .standins import probe
from .verdicts import HOLE_RTOL, CheckResult, Mismatch, verdict


def check_hole(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], seed: int, budget: int,
               what: str) -> CheckResult:
    """A hole: the drawing with the tensor removed is the derivative of the einsum with respect to it.

    For each direction ``U`` (every unit tensor when ``H`` is small, else seeded random ones), ``⟨D, U⟩``
    is compared with ``(f(H + εU) − f(H − εU)) / 2ε``. Other tensors sharing the hole's data stay fixed:
    the derivative is with respect to this one occurrence.
    """
    holes = [t for t in d.tensors if t.hole]
    hole = holes[0]
    where = f"tensors.{hole.name}"
    if len(holes) > 1:
        raise CheckError(f"a diagram has one hole (a first derivative); '{holes[0].name}' and '{holes[1].name}' "
                         "are both holes", where=f"tensors.{holes[1].name}")
    inside = {m for b in d.bubbles for m in b.members}
    if hole.name in inside:
        raise CheckError("a hole inside a bubble is not a derivative of the contraction alone: take the hole "
                         "out of the bubble", where=where)
    flat = tuple(i for leg in d.output for i in leg)
    if any(i in flat for i in hole.indices) or len(set(hole.indices)) != len(hole.indices):
        raise CheckError("every leg of a hole must join another tensor (not the output, not itself)", where=where)
    full = drawn(d, arrays, sizes)
    theirs = full if d.einsum is None else declared(d, arrays, sizes)
    if hole.name not in theirs.names:
        raise CheckError(f"the einsum does not use '{hole.name}', so it has no derivative with respect to it",
                         where="einsum")
    at = theirs.names.index(hole.name)
    keep = [k for k, name in enumerate(full.names) if name != hole.name]
    derivative = Net(tuple(full.labels[k] for k in keep), tuple(full.names[k] for k in keep),
                     tuple(full.legs[k] for k in keep), tuple(full.arrays[k] for k in keep),
                     full.output + hole.legs, full.bubbles)
    try:
        sa = bind(full, sizes)
        sb = sa if theirs is full else bind(theirs, sizes)
        grad = scaled.value(value(derivative, sa, budget))
        h0 = full.arrays[full.names.index(hole.name)]
        out_shape = grad.shape[: len(full.output)]

        def f(x: np.ndarray) -> np.ndarray:
            swapped = theirs.arrays[:at] + (x,) + theirs.arrays[at + 1:]
            return scaled.value(value(Net(theirs.labels, theirs.names, theirs.legs, swapped, theirs.output,
                                          theirs.bubbles), sb, budget))

        if h0.size <= 64:
            directions = [np.eye(h0.size)[k].reshape(h0.shape) for k in range(h0.size)]
            how = f"all {h0.size} entries"
        else:
            directions = [probe(seed, f"direction {k}", h0.size).reshape(h0.shape) for k in range(8)]
            how = "8 random directions"
        eps = 1e-3 * max(1.0, float(np.max(np.abs(h0))))
        diff, scale, finite = 0.0, 0.0, True
        for u in directions:
            with np.errstate(all="ignore"):
                numeric = (f(h0 + eps * u) - f(h0 - eps * u)) / (2 * eps)
                exact = np.tensordot(grad, u, axes=u.ndim) if u.ndim else grad * u
            if numeric.shape != exact.shape:
                raise Mismatch(f"the derivative has shape {exact.shape} as drawn, but {numeric.shape} from the einsum")
            finite = finite and bool(np.all(np.isfinite(numeric)) and np.all(np.isfinite(exact)))
            if finite:
                diff = max(diff, float(np.max(np.abs(numeric - exact), initial=0.0)))
                scale = max(scale, float(np.max(np.abs(numeric), initial=0.0)),
                            float(np.max(np.abs(exact), initial=0.0)))
    except Mismatch as exc:
        return CheckResult("mismatch", math.inf, f"{what}: hole '{hole.name}': {exc.message}", False)
    shown = f"{legs_text(full.output)} " if out_shape else ""
    compared = scaled.Comparison(diff / scale if scale else 0.0, zero=finite and scale == 0.0, finite=finite)
    words, text = verdict(compared, f"{what}: ∂/∂{hole.name} as drawn (legs {shown}{legs_text(hole.legs)}) vs "
                                    f"central differences over {how}", sa, rtol=HOLE_RTOL)
    return CheckResult(words, compared.relative, text, False)
