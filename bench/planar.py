"""The declared `planar` strategy on the random planar networks of bench/networks.py (automatic layouts never
take it: see the layout registry). Prints one markdown row per network; time is parse + layout + geometry.

Usage: .venv/bin/python bench/planar.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from networks import random_planar  # noqa: E402

from tensordiag import draw  # noqa: E402
from tensordiag.measures import measure  # noqa: E402


def main() -> None:
    print("| network | tensors | crossings | overlaps | foreign | bond_cv | time (s) |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for n, seed in ((50, 0), (100, 1), (200, 3), (400, 7), (1000, 1)):
        start = time.perf_counter()
        g = draw({"einsum": random_planar(n, seed), "structure": "planar"}).geometry
        took = time.perf_counter() - start
        m = measure(g)
        print(f"| planar {n} | {n} | {m.crossings} | {m.overlaps} | {m.foreign} | {m.bond_cv:.2f} | {took:.2f} |")


if __name__ == "__main__":
    main()
