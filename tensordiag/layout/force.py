"""Force-directed placement (Fruchterman–Reingold) with one algorithm at every size, and a work budget.

networkx's ``spring_layout`` switches algorithm by size: below 500 nodes a dense numpy loop, from 500
on a sparse one that needs SciPy, computes in single precision and loops over the nodes in Python
(``method="auto"`` even switches to an energy minimiser). Here the dense algorithm is written once
and used at every size, in blocks of rows so that memory stays linear in the number of nodes; for
the sizes networkx treats densely it returns networkx's bytes (same seed, same random start).

The cost of one iteration is the number of node pairs, n². Every caller spends at most
:data:`FORCE_WORK` pair-interactions in total (:func:`iterations_for`): a small network gets every
iteration it asks for, a large one fewer, so the time grows smoothly with n, never past the budget.
"""

from __future__ import annotations

import math
from typing import Hashable, Sequence

import numpy as np

Point = tuple[float, float]

FORCE_WORK = 16_000_000
"""Pair-interactions (iterations × n²) one force placement may spend: six 200-iteration starts of a
115-node network, 40 iterations of a 632-node one. Under a second on one core."""
ROW_BLOCK = 512
"""Rows of the pairwise arrays computed at a time: memory is ``ROW_BLOCK × n``, not n²."""


def iterations_for(n: int, wanted: int, *, share: int = 1) -> int:
    """Iterations a force placement of ``n`` nodes gets, of ``wanted``, when ``share`` placements split
    the budget :data:`FORCE_WORK` evenly (0 when not even one fits: the start is kept as it is)."""
    return max(0, min(wanted, FORCE_WORK // (share * max(n, 1) ** 2)))


def spring(nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable]], *, seed: int,
           iterations: int, start: dict | None = None, fixed: Sequence[Hashable] = (),
           k: float | None = None, threshold: float = 1e-4) -> dict:
    """Positions of ``nodes`` after ``iterations`` Fruchterman–Reingold steps, as ``networkx.spring_layout``
    with ``method="force"`` computes them (its random start from ``seed``, its scaling to [-1, 1] when
    nothing is fixed)."""
    n = len(nodes)
    if n == 0:
        return {}
    rng = np.random.RandomState(seed)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    nbrs: list[set[int]] = [set() for _ in range(n)]
    for a, b in edges:
        i, j = index[a], index[b]
        if i != j:
            nbrs[i].add(j)
            nbrs[j].add(i)
    if start is not None:
        dom = max(c for p in start.values() for c in p) or 1
        pos = rng.rand(n, 2) * dom
        for v, p in start.items():
            if v in index:
                pos[index[v]] = np.asarray(p)
        if k is None and fixed:
            k = dom / math.sqrt(n)
    else:
        pos = rng.rand(n, 2)
    pos = pos.astype(float)
    if k is None:
        k = math.sqrt(1.0 / n)
    pinned = np.asarray([index[v] for v in fixed], dtype=int)
    t = max(pos[:, 0].max() - pos[:, 0].min(), pos[:, 1].max() - pos[:, 1].min()) * 0.1
    dt = t / (iterations + 1)
    pairs = [(i, j) for i in range(n) for j in sorted(nbrs[i])]
    row_of = np.array([i for i, _ in pairs], dtype=int)
    col_of = np.array([j for _, j in pairs], dtype=int)
    starts = np.searchsorted(row_of, np.arange(0, n + ROW_BLOCK, ROW_BLOCK))

    def rows(lo: int, hi: int) -> np.ndarray:
        adjacency = np.zeros((hi - lo, n))
        a, b = starts[lo // ROW_BLOCK], starts[lo // ROW_BLOCK + 1]
        adjacency[row_of[a:b] - lo, col_of[a:b]] = 1.0
        return adjacency

    whole = rows(0, n) if n <= ROW_BLOCK else None  # one block: built once
    for _ in range(iterations):
        displacement = np.empty_like(pos)
        for lo in range(0, n, ROW_BLOCK):
            hi = min(n, lo + ROW_BLOCK)
            adjacency = whole if whole is not None else rows(lo, hi)
            delta = pos[lo:hi, np.newaxis, :] - pos[np.newaxis, :, :]
            distance = np.linalg.norm(delta, axis=-1)
            np.clip(distance, 0.01, None, out=distance)
            displacement[lo:hi] = np.einsum("ijk,ij->ik", delta, (k * k / distance ** 2 - adjacency * distance / k))
        length = np.linalg.norm(displacement, axis=-1)
        length = np.clip(length, a_min=0.01, a_max=None)
        delta_pos = np.einsum("ij,i->ij", displacement, t / length)
        if len(pinned):
            delta_pos[pinned] = 0.0
        pos += delta_pos
        t -= dt
        if (np.linalg.norm(delta_pos) / n) < threshold:
            break
    if not len(pinned):
        pos = pos - pos.mean(axis=0)
        lim = np.abs(pos).max()
        if lim > 0:
            pos = pos * (1.0 / lim)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}
