"""The order, checked: every intermediate equals the contraction of its group of tensors on the check's
stand-ins, the last step equals the whole einsum, and the costs shown are opt_einsum's own.

>>> from tensordiag import draw
>>> check_order(draw("ij,jk,kl->il").figure, "greedy").ok
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..check import stand_ins
from ..check.nets import array_of
from ..check.sizes import index_sizes
from ..model import Diagram
from .path import Order, contraction_order

RTOL = 1e-9


@dataclass(frozen=True)
class OrderCheck:
    ok: bool
    detail: str


def _einsum(parts: list[tuple[np.ndarray, tuple[str, ...]]], out: tuple[str, ...]) -> np.ndarray:
    """``numpy.einsum`` of arrays labelled by index names (opt_einsum's symbols stand for the names)."""
    import opt_einsum

    names = list(dict.fromkeys([i for _, ix in parts for i in ix] + list(out)))
    sym = {i: opt_einsum.get_symbol(k) for k, i in enumerate(names)}
    spec = ",".join("".join(sym[i] for i in ix) for _, ix in parts) + "->" + "".join(sym[i] for i in out)
    return opt_einsum.contract(spec, *[a for a, _ in parts])


def check_order(diagram: Diagram, path: Any = None, *, seed: int = 0, max_dim: int = 3) -> OrderCheck:
    """Run ``path`` (see :func:`contraction_order`) on the stand-ins step by step and compare."""
    order: Order = contraction_order(diagram, path)
    flat = Diagram(diagram.tensors, diagram.output, diagram.dims)
    arrays = stand_ins(flat, seed=seed, max_dim=max_dim)
    sizes = index_sizes(flat, max_dim, None)
    originals = {t.name: (array_of(t, arrays, sizes).reshape([sizes[i] for i in t.indices]), t.indices)
                 for t in diagram.tensors}
    held = dict(originals)
    for s in order.steps:
        got = _einsum([held.pop(o) for o in s.operands], s.legs)
        want = _einsum([originals[m] for m in s.members], s.legs)
        scale = max(float(np.max(np.abs(want))) if want.size else 0.0, 1e-300)
        if got.shape != want.shape or float(np.max(np.abs(got - want), initial=0.0)) > RTOL * scale:
            return OrderCheck(False, f"step {s.number}: the intermediate of {', '.join(s.operands)} is not the "
                                     f"contraction of {', '.join(s.members)}")
        held[str(s.number)] = (got, s.legs)
    output = tuple(i for leg in diagram.output for i in leg)
    (last, legs), = held.values()
    whole = _einsum(list(originals.values()), output)
    if legs != output or float(np.max(np.abs(last - whole), initial=0.0)) > RTOL * max(float(np.max(np.abs(whole), initial=0.0)), 1e-300):
        return OrderCheck(False, "the last step is not the einsum")
    if order.total_flops != order.opt_cost:
        return OrderCheck(False, f"the steps' FLOPs add up to {order.total_flops:,}, opt_einsum's to {order.opt_cost:,}")
    if max(s.size for s in order.steps) != order.largest:
        return OrderCheck(False, f"the largest intermediate is {max(s.size for s in order.steps):,} entries, "
                                 f"opt_einsum's {order.largest:,}")
    nominal = " (sizes not given: 8)" if any(i not in diagram.dim_map for i in order.sizes) else ""
    return OrderCheck(True, f"{len(order.steps)} steps: each intermediate is its group's contraction, the last "
                            f"is the einsum, FLOPs {order.opt_cost:,}{nominal} as opt_einsum counts them")
