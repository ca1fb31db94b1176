"""The contraction engine: a network's value from its operands, tested directly against ``numpy.einsum``.

Contraction is pairwise and greedy (the pair whose result removes the most entries first), through
``matmul`` with batch axes for hyperedges, so no letter limit applies; a new intermediate is paired
with at most :data:`FEW` holders of each index, so wide hyperedges plan in near-linear time. An index
twice on one operand takes the diagonal first (:func:`diagonal`); an index nothing else holds is
summed at once. Every intermediate is rescaled by an exact power of two with its exponent tracked
(:mod:`tensordiag.check.scaled`), so long chains neither overflow nor underflow. An intermediate
above ``budget`` entries is refused (:class:`~tensordiag.check.verdicts.TooCostly`) before it is
allocated. Bubbles are evaluated innermost first: their members are contracted to the indices that
cross the boundary and the function is applied (:mod:`tensordiag.check.functions`).

>>> a, b = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
>>> whole = contract([((a, ("i", "j")), 0), ((b, ("j", "k")), 0)], ("i", "k"), {"i": 2, "j": 3, "k": 4}, 2**10)
>>> bool(np.array_equal(scaled.value(whole), a @ b))
True
"""

from __future__ import annotations

import heapq
import math
from itertools import combinations, islice
from typing import Mapping, Sequence

import numpy as np

from ..errors import CheckError
from ..number_text import number_value
from . import scaled
from .functions import apply_function, needs_axis
from .nets import Net
from .scaled import Scaled
from .verdicts import Mismatch, TooCostly

Op = tuple[np.ndarray, tuple[str, ...]]
"""An operand: its array, and one index per axis."""

FEW = 4
"""A new intermediate is paired, per index, with at most this many of the index's other holders (the oldest),
so a hyperedge of 5,000 tensors is planned in near-linear time; an ordinary bond has two holders."""


def value(net: Net, sizes: Mapping[str, int], budget: int, closers: Sequence[np.ndarray] | None = None) -> Scaled:
    """The network's value, rescaled (:mod:`tensordiag.check.scaled`): output legs in output order, grouped legs
    flattened; with ``closers`` (one array per output leg) the scalar they close it to."""
    pool: list[tuple[str, Op, int]] = []
    for name, legs, a, e in zip(net.names, net.legs, net.arrays, net.exponents or (0,) * len(net.names)):
        flat = tuple(i for leg in legs for i in leg)
        pool.append((name, diagonal(a.reshape([sizes[i] for i in flat]), flat), e))
    out = tuple(i for leg in net.output for i in leg)
    for b in net.bubbles:
        missing = [m for m in b.members if m not in {name for name, _, _ in pool}]
        if missing:
            raise Mismatch(f"bubble '{b.name}' holds '{missing[0]}', which the einsum does not use")
        inside = [(op, e) for name, op, e in pool if name in b.members]
        pool = [entry for entry in pool if entry[0] not in b.members]
        outside = {i for _, (_, idx), _ in pool for i in idx} | set(out)
        boundary = tuple(dict.fromkeys(i for (_, idx), _ in inside for i in idx if i in outside))
        axis = None
        if needs_axis(b.function):
            if b.over not in boundary:
                raise CheckError(f"over '{b.over}' is not a leg of the bubble "
                                 f"(its legs: {', '.join(boundary) or 'none'})", where=f"bubbles.{b.name}")
            axis = boundary.index(b.over)
        argument = scaled.value(contract(inside, boundary, sizes, budget))
        if b.scale is not None:
            argument = argument * number_value(b.scale)
        with np.errstate(all="ignore"):  # an overflow shows as a value that is not finite: inconclusive
            applied = scaled.normalised(apply_function(b.function, argument, axis=axis,
                                                       eps=number_value(b.eps) if b.eps else 0.0))
        pool.append((b.name, (applied.mantissa, boundary), applied.exponent))
    ops = [(op, e) for _, op, e in pool]
    if closers is not None:
        return contract(ops + [((c, leg), 0) for c, leg in zip(closers, net.output)], (), sizes, budget)
    whole = contract(ops, out, sizes, budget)
    return Scaled(whole.mantissa.reshape([math.prod(sizes[i] for i in leg) for leg in net.output]), whole.exponent)


def diagonal(a: np.ndarray, idx: tuple[str, ...]) -> Op:
    """An index twice on one tensor takes the diagonal (then a trace if nothing else holds it).

    >>> a, idx = diagonal(np.arange(4.0).reshape(2, 2), ("i", "i"))
    >>> a.tolist(), idx
    ([0.0, 3.0], ('i',))
    """
    while len(set(idx)) < len(idx):
        first = next(k for k, i in enumerate(idx) if i in idx[k + 1:])
        second = idx.index(idx[first], first + 1)
        a = np.diagonal(a, axis1=first, axis2=second)
        idx = tuple(i for k, i in enumerate(idx) if k not in (first, second)) + (idx[first],)
    return a, idx


def contract(ops: list[tuple[Op, int]], out: tuple[str, ...], sizes: Mapping[str, int], budget: int) -> Scaled:
    """Contract ``ops`` (arrays scaled by powers of two, no index twice on one) to the indices ``out``: planned
    greedily first, refused above ``budget`` entries; every intermediate is rescaled, so nothing overflows or
    underflows."""
    idx = {k: t for k, ((_, t), _) in enumerate(ops)}
    holders: dict[str, dict[int, None]] = {}
    for k, t in idx.items():
        for i in t:
            holders.setdefault(i, {})[k] = None
    for i in out:
        if i not in holders:
            raise CheckError(f"output index '{i}' is on no tensor")
    keep = set(out)

    def size(t: Sequence[str]) -> int:
        return math.prod(sizes[i] for i in t)

    def result(a: int, b: int) -> tuple[str, ...]:
        x, y = idx[a], idx[b]
        batch = [i for i in x if i in y and (i in keep or len(holders[i]) > (a in holders[i]) + (b in holders[i]))]
        return (*batch, *(i for i in x if i not in y), *(i for i in y if i not in x))

    heap: list[tuple[int, int, int, int, tuple[str, ...]]] = []
    smallest: list[tuple[int, int]] = []  # (entries, node): the fallback pairs the two smallest

    def push(a: int, b: int) -> None:
        r = result(min(a, b), max(a, b))
        heapq.heappush(heap, (size(r) - size(idx[a]) - size(idx[b]), size(r), min(a, b), max(a, b), r))

    steps: list[tuple[int, int, int, tuple[str, ...]]] = []
    for k, t in list(idx.items()):  # an index nothing else holds is summed at once
        kept = tuple(i for i in t if i in keep or holders[i].keys() != {k})
        if kept != t:
            steps.append((k, -1, k, kept))
            idx[k] = kept
        heapq.heappush(smallest, (size(idx[k]), k))
    for i in list(holders):
        holders[i] = {k: None for k in holders[i] if i in idx[k]}
        ks = list(holders[i])
        for a, b in combinations(ks, 2) if len(ks) <= FEW + 1 else zip(ks, ks[1:]):
            push(a, b)
    alive = set(idx)
    while len(alive) > 1:
        while heap and not (heap[0][2] in alive and heap[0][3] in alive):
            heapq.heappop(heap)
        if heap:
            _, n, a, b, r = heapq.heappop(heap)
        else:
            chosen: list[int] = []
            while len(chosen) < 2:
                k = heapq.heappop(smallest)[1]
                chosen += [k] if k in alive else []
            a, b = sorted(chosen)
            r = result(a, b)
            n = size(r)
        if n > budget:
            raise TooCostly(f"too costly: the greedy contraction order needs an intermediate of {n:,} entries, "
                            f"over the budget of {budget:,}")
        c = len(idx)
        idx[c] = r
        steps.append((a, b, c, r))
        alive.discard(a)
        alive.discard(b)
        alive.add(c)
        heapq.heappush(smallest, (n, c))
        for i in set(idx[a] + idx[b]):
            holders[i].pop(a, None)
            holders[i].pop(b, None)
        partners: dict[int, None] = {}
        for i in r:
            partners.update((k, None) for k in islice(holders[i], FEW))
            holders[i][c] = None
        for k in sorted(partners):
            push(c, k)
    arrays: dict[int, np.ndarray] = {}
    exponents: dict[int, int] = {}
    current = {k: t for k, ((_, t), _) in enumerate(ops)}
    for k, ((a, _), e) in enumerate(ops):
        start = scaled.normalised(a, e)
        arrays[k], exponents[k] = start.mantissa, start.exponent
    for a, b, c, r in steps:
        if b < 0:
            summed = arrays[a].sum(axis=tuple(p for p, i in enumerate(current[a]) if i not in r))
            exponent = exponents[a]
        else:
            summed = pair(arrays.pop(a), current[a], arrays.pop(b), current[b], r, sizes)
            exponent = exponents.pop(a) + exponents.pop(b)
        step = scaled.normalised(summed, exponent)
        arrays[c], exponents[c] = step.mantissa, step.exponent
        current[c] = r
    if not alive:
        return Scaled(np.ones(()))
    last = alive.pop()
    return Scaled(arrays[last].transpose([current[last].index(i) for i in out]), exponents[last])


def pair(x: np.ndarray, xi: tuple[str, ...], y: np.ndarray, yi: tuple[str, ...], r: tuple[str, ...],
         sizes: Mapping[str, int]) -> np.ndarray:
    """Contract two operands by ``matmul``: shared indices kept in ``r`` are batch axes, the others summed."""
    batch = [i for i in r if i in xi and i in yi]
    summed = [i for i in xi if i in yi and i not in batch]
    left, right = [i for i in xi if i not in yi], [i for i in yi if i not in xi]
    n = (lambda ids: math.prod(sizes[i] for i in ids))  # noqa: E731
    xs = x.transpose([xi.index(i) for i in batch + left + summed]).reshape(n(batch), n(left), n(summed))
    ys = y.transpose([yi.index(i) for i in batch + summed + right]).reshape(n(batch), n(summed), n(right))
    return np.matmul(xs, ys).reshape([sizes[i] for i in r])
