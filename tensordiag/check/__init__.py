"""Numbers: the drawn network against the declared einsum, and the relations of an equation.

Both sides are evaluated on the same seeded random *stand-in* tensors, one per ``Tensor.source``,
and compared relatively: ``max |a − b|`` over the largest entry of any term on either side must be at
most :data:`~tensordiag.check.scaled.RTOL` (1e-9; a hole's central differences 1e-6). The verdict is
``ok``, ``mismatch`` or ``inconclusive``; an inconclusive check is rerun with every undeclared size
bigger by :data:`LIFTS` before it is reported.

The package is split the way opt_einsum splits paths from contraction, each step in its own module:

* :mod:`~tensordiag.check.sizes`: every index's small size (declared, tied, fitted to isometries and
  to the stand-in cap);
* :mod:`~tensordiag.check.standins`: the seeded random tensors and probe vectors, with the SVD rule
  as a named rule in :mod:`~tensordiag.check.svd`;
* :mod:`~tensordiag.check.nets` (the drawn and the einsum's network, read from the model) and
  :mod:`~tensordiag.check.engine` (the contraction: greedy pairwise order, budget, diagonals,
  rescaled values in :mod:`~tensordiag.check.scaled`, bubbles through
  :mod:`~tensordiag.check.functions`);
* the comparisons: :mod:`~tensordiag.check.diagram` (drawn vs einsum), :mod:`~tensordiag.check.equation`,
  :mod:`~tensordiag.check.hole` (a derivative), :mod:`~tensordiag.check.flow` (copy and add nodes run
  as data flow), worded by :mod:`~tensordiag.check.verdicts`.

The check reads the model, the einsum parser, the ports of copy/add nodes and the drawing's isometry
tip rule (:func:`tensordiag.styles.tip_indices`); it imports no layout, geometry or render module.
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np

from ..model import Diagram, Equation
from . import scaled
from .defined import expand, fix_drawn
from .diagram import check_diagram
from .engine import value
from .equation import check_equation
from .nets import bind, check_bubbles, drawn
from .sequence import derive_steps
from .sizes import STAND_IN_ENTRIES, index_sizes, isometry_tip
from .standins import stand_ins as _stand_ins
from .svd import svd_rule
from .verdicts import CheckResult, Mismatch, Verdict

__all__ = ["LIFTS", "STAND_IN_ENTRIES", "CheckResult", "Verdict", "check", "evaluate", "isometry_tip", "stand_ins"]

LIFTS = (0, 3, 8)
"""When a check is inconclusive, it is run again with every undeclared size bigger by this much."""


def check(figure: Diagram | Equation, *, seed: int = 0, max_dim: int = 4, budget: int = 2**24) -> CheckResult:
    """Compare the drawn network with its einsum, or test every relation of an equation."""
    figure = expand(figure)  # slices made whole, fixed values' indices sized (tensordiag.definitions)
    svd = svd_rule(figure)
    for lift in LIFTS:  # a side that vanishes (a relu of negatives, shifts past the end) may not at bigger sizes
        size = index_sizes(figure, max_dim, svd, lift)
        try:
            arrays = _stand_ins(figure, size, seed, svd)
        except Mismatch as exc:
            return CheckResult("mismatch", math.inf, f"the SVD rule: {exc.message}", False)
        try:
            arrays = derive_steps(figure, arrays, size)
        except Mismatch as exc:
            return CheckResult("mismatch", math.inf, f"the sequence: {exc.message}", False)
        if isinstance(figure, Equation):
            result = check_equation(figure, arrays, size, seed, budget, svd is not None)
        else:
            result = check_diagram(figure, arrays, size, seed, budget)
        if result.verdict != "inconclusive":
            break
    return result


def evaluate(diagram: Diagram, arrays: Mapping[str, np.ndarray] | None = None, *, seed: int = 0,
             max_dim: int = 4, budget: int = 2**24) -> np.ndarray:
    """The drawn network's value: output legs in output order, grouped legs flattened row-major; a leg that ends
    in a value (``values``) is indexed there and gone.

    ``arrays`` map a tensor's ``source`` name to its array (default: the stand-ins); sizes are read from them.
    A value beyond the range of a float is inf (the check itself compares rescaled values).
    """
    diagram = expand(diagram)  # type: ignore[assignment]  # a fixed value's index sized past its value
    size = index_sizes(diagram, max_dim, None)
    check_bubbles(diagram)
    if arrays is None:
        net = drawn(diagram, _stand_ins(diagram, size, seed, None), size)
    else:
        net = drawn(diagram, {k: np.asarray(v) for k, v in arrays.items()}, None)
        size = dict(diagram.dims)
    bound = bind(net, size)
    return scaled.value(value(fix_drawn(net, dict(diagram.values), bound), bound, budget))


def stand_ins(figure: Diagram | Equation, *, seed: int = 0, max_dim: int = 4) -> dict[str, np.ndarray]:
    """The random tensor the check uses for every ``source`` name, in its defining tensor's leg shape."""
    figure = expand(figure)
    svd = svd_rule(figure)
    return _stand_ins(figure, index_sizes(figure, max_dim, svd), seed, svd)
