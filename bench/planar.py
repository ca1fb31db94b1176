"""The `planar` strategy (taken automatically) on the random planar networks of bench/networks.py, and on larger
ones made from a square grid (each cell split by a random diagonal, a quarter of the bonds removed; the
triangulation generator is too slow beyond 1,000). Prints one markdown row per network; time is parse +
layout + geometry.

Usage: .venv/bin/python bench/planar.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import random  # noqa: E402

import networkx as nx  # noqa: E402
from networks import from_graph, random_planar  # noqa: E402

from tensordiag import draw  # noqa: E402
from tensordiag.measures import measure  # noqa: E402


def split_grid(side: int, seed: int = 0) -> str:
    """A side × side square grid, each cell split by a random diagonal, a quarter of the bonds then removed
    (each only if the network stays connected): planar, and no lattice."""
    rng, g = random.Random(seed), nx.grid_2d_graph(side, side)
    for i in range(side - 1):
        for j in range(side - 1):
            g.add_edge((i, j), (i + 1, j + 1)) if rng.random() < 0.5 else g.add_edge((i + 1, j), (i, j + 1))
    bonds = sorted(g.edges)
    rng.shuffle(bonds)
    for e in bonds[: len(bonds) // 4]:
        g.remove_edge(*e)
        if not nx.is_connected(g):
            g.add_edge(*e)
    return from_graph(g)


def main() -> None:
    print("| network | tensors | crossings | overlaps | foreign | bond_cv | time (s) |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    cases = [(f"planar {n}", n, random_planar(n, seed)) for n, seed in ((50, 0), (100, 1), (200, 3), (400, 7), (1000, 1))]
    cases += [(f"split grid {s}x{s}", s * s, split_grid(s)) for s in (32, 64)]
    for name, n, einsum in cases:
        start = time.perf_counter()
        g = draw(einsum).geometry
        took = time.perf_counter() - start
        m = measure(g)
        print(f"| {name} | {n} | {m.crossings} | {m.overlaps} | {m.foreign} | {m.bond_cv:.2f} | {took:.2f} |", flush=True)


if __name__ == "__main__":
    main()
