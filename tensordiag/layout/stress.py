"""Stress majorization: positions whose distances match the graph distances (a lattice recovers its shape).

Start: classical scaling (the two leading eigenvectors of the double-centred squared distances, by
subspace iteration from a fixed start, so every process gets the same numbers). Then Jacobi steps of
the weighted stress majorization of Gansner, Koren and North (weights ``1/d²``). One algorithm at every
size; the number of steps is bounded by :data:`STRESS_WORK` pair-interactions, as the force layout is.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from .graph import Graph

SETTLED = 1e-4
"""A step that moves no node further than this (in bonds) ends the iteration: the layout has settled."""
STRESS_WORK = 40_000_000
"""Pair-interactions (steps × n²) one stress layout may spend: 200 steps up to 447 nodes, fewer beyond."""


def distances(g: Graph) -> np.ndarray:
    """All graph distances (breadth-first from every node), in spec order; a component is connected."""
    index = g.order
    nbrs = [[index[w] for w in g.adj[v]] for v in g.nodes]
    n = len(g.nodes)
    out = np.zeros((n, n))
    for s in range(n):
        row = out[s]
        seen = [False] * n
        seen[s] = True
        queue = deque([s])
        while queue:
            v = queue.popleft()
            for w in nbrs[v]:
                if not seen[w]:
                    seen[w] = True
                    row[w] = row[v] + 1
                    queue.append(w)
    return out


def stress_layout(d: np.ndarray, *, steps: int = 200) -> np.ndarray:
    """An n × 2 array of positions whose distances approximate ``d`` (graph distances, all > 0 off the diagonal)."""
    n = len(d)
    steps = max(0, min(steps, STRESS_WORK // max(n * n, 1)))
    sq = d * d
    centred = sq - sq.mean(axis=0) - sq.mean(axis=1)[:, None] + sq.mean()
    b = -0.5 * centred
    k = np.arange(n, dtype=float)
    q = np.stack([np.cos(k * 0.7) + k / n, np.sin(k * 1.3) - k / n], axis=1)
    for _ in range(60):
        q, _r = np.linalg.qr(b @ q)
    values = np.einsum("ij,ij->j", q, b @ q)
    x = q * np.sqrt(np.clip(values, 1e-12, None))
    with np.errstate(divide="ignore"):
        w = np.where(d > 0, 1.0 / (d * d), 0.0)
    wsum = w.sum(axis=1)[:, None]
    for _ in range(steps):
        diff = x[:, None, :] - x[None, :, :]
        dist = np.sqrt((diff ** 2).sum(axis=-1))
        np.fill_diagonal(dist, 1.0)
        pull = w * d / np.maximum(dist, 1e-9)
        moved = (w @ x + np.einsum("ij,ijk->ik", pull, diff)) / wsum
        done = float(np.abs(moved - x).max()) < SETTLED
        x = moved
        if done:
            break
    return x
