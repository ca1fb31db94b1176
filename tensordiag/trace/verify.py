"""The trace's own check: the traced figure evaluated on random inputs against ``fn`` called on the same inputs.

The figure is evaluated by the check's engine (:func:`tensordiag.check.evaluate`, or its copy/add data flow),
each argument's tensor holding the random array given to ``fn``, each vector of ones ones and each coefficient
its number. ``fn`` runs on the same arrays (as torch tensors when it was traced with torch). The two must agree
to :data:`~tensordiag.check.scaled.RTOL` relative to the largest entry.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from ..check import evaluate
from ..check.flow import flow_value
from ..check.scaled import RTOL, agreement, difference, value
from ..check.verdicts import CheckResult
from ..model import Diagram
from ..ports import has_flow
from .slices import apply_view


def random_inputs(shapes: Sequence[tuple[int, ...]], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for shape in shapes]


def figure_value(diagram: Diagram, data: dict[str, Any], inputs: Sequence[np.ndarray]) -> np.ndarray:
    arrays: dict[str, np.ndarray] = {}
    for name, (what, x) in data.items():
        if what == "delta":  # a three-leg delta: a gain's hyperedge
            arrays[name] = np.zeros((x, x, x))
            arrays[name][np.arange(x), np.arange(x), np.arange(x)] = 1.0
        elif what == "view":  # a slice or split of an argument (slices.py)
            arrays[name] = apply_view(inputs[x[0]], x[1])
        else:
            arrays[name] = inputs[x] if what == "leaf" else np.ones(x) if what == "ones" else np.array(float(x))
    dims = dict(diagram.dims)
    for t in diagram.tensors:  # an argument's axis drawn as several legs (a grouped leg it was contracted with)
        if t.name in arrays and arrays[t.name].ndim != len(t.legs):
            arrays[t.name] = arrays[t.name].reshape([math.prod(dims[i] for i in leg) for leg in t.legs])
    if has_flow(diagram):
        return value(flow_value(diagram, arrays, dict(diagram.dims), 2**24))
    return evaluate(diagram, arrays)


def compare(diagram: Diagram, data: dict[str, Any], fn: Callable[..., Any], shapes: Sequence[tuple[int, ...]],
            convert: Callable[[np.ndarray], Any], back: Callable[[Any], np.ndarray], seed: int = 0) -> CheckResult:
    """Run both on the same random inputs; ``convert`` makes ``fn``'s argument (a torch tensor, say), ``back``
    reads its result."""
    inputs = random_inputs(shapes, seed)
    expected = np.asarray(back(fn(*[convert(x) for x in inputs])), dtype=float)
    got = np.asarray(figure_value(diagram, data, inputs), dtype=float)
    what = "traced figure vs the function on random inputs"
    if got.size != expected.size:
        return CheckResult("mismatch", math.inf, f"{what}: the figure has {got.size} entries, the function "
                                                 f"{expected.size}", False)
    got = got.reshape(expected.shape)
    if not (np.all(np.isfinite(got)) and np.all(np.isfinite(expected))):
        return CheckResult("inconclusive", math.inf, f"{what}: a value is not finite", False)
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    diff = float(np.max(np.abs(got - expected))) if expected.size else 0.0
    if scale == 0.0:
        return CheckResult("inconclusive", diff, f"{what}: the function's value is zero", False)
    relative = diff / scale
    if relative <= RTOL:
        return CheckResult("ok", relative, f"{what}: {agreement()}", False)
    return CheckResult("mismatch", relative, f"{what}: {difference(relative)}", False)
