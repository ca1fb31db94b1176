"""A per-head term's value: the sum over ``h`` of its per-head slices (``Σ_h W_O^h A^h W_V^h``).

Every tensor carrying a per-head index ``h`` (:mod:`tensordiag.perhead`) is sliced at each value of ``h``;
each slice's network is contracted as drawn, without ``h``, and the slices' values are added. That is
the Σ_h the figure draws, computed head by head rather than read off an einsum, so a per-head index on
the wrong axis or on the wrong tensor shows as a mismatch against the num-heads wire form. Beyond
:data:`MAX_SLICES` heads the same sum is taken as one contraction over ``h`` (the identity
Σ_h Π_t T_t^h = contracting ``h`` as a hyperedge).
"""

from __future__ import annotations

import itertools
import math
from typing import Mapping, Sequence

import numpy as np

from ..errors import CheckError
from ..model import Term
from ..perhead import per_problem
from . import scaled
from .engine import value
from .nets import Net
from .scaled import Scaled

MAX_SLICES = 256
"""The most per-head slices contracted one by one."""


def check_per(term: Term, k: int) -> None:
    """A term's per-head indices are plain legs of its tensors and not free (else a :class:`CheckError`)."""
    problem = per_problem(term.diagram, term.per, term.sum_over)
    if problem is not None:
        raise CheckError(problem[1], where=f"term {k + 1} {problem[0]}")


def sliced(net: Net, heads: Mapping[str, int]) -> Net:
    """``net`` with every leg of a per-head index fixed at its value in ``heads`` (the leg removed)."""
    legs, arrays = [], []
    for tensor_legs, a in zip(net.legs, net.arrays):
        index = tuple(heads[leg[0]] if len(leg) == 1 and leg[0] in heads else slice(None) for leg in tensor_legs)
        legs.append(tuple(leg for leg in tensor_legs if not (len(leg) == 1 and leg[0] in heads)))
        arrays.append(a[index])
    return Net(net.labels, net.names, tuple(legs), tuple(arrays), net.output, net.bubbles, net.exponents)


def per_value(net: Net, per: Sequence[str], sizes: Mapping[str, int], budget: int,
              closers: Sequence[np.ndarray] | None = None) -> Scaled:
    """Σ over the per-head indices of the value of ``net`` sliced at each head (see the module's docstring)."""
    counts = [sizes[h] for h in per]
    if math.prod(counts) > MAX_SLICES:
        return value(net, sizes, budget, closers)
    parts = [value(sliced(net, dict(zip(per, combo))), sizes, budget, closers)
             for combo in itertools.product(*(range(n) for n in counts))]
    return scaled.add(parts)
