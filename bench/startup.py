"""Start-up benchmark: the whole process `tensordiag einsum 'ij,jk->ik' -o x.svg`, timed end to end.

Run: `make bench` or `.venv/bin/python bench/startup.py [--runs 20]`. Prints the median and the
best of N runs, and the same for `python -c pass` (the interpreter's own floor) for comparison.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("tensordiag") or str(Path(sys.executable).with_name("tensordiag"))
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("tensordiag --help", [exe, "--help"]),
            ("tensordiag einsum 'ij,jk->ik' -o x.svg", [exe, "einsum", "ij,jk->ik", "-o", f"{tmp}/x.svg"]),
            ("tensordiag einsum 'ij,jk->ik' -o x.tex", [exe, "einsum", "ij,jk->ik", "-o", f"{tmp}/x.tex"]),
            ("tensordiag einsum 'ij,jk->ik' -o x.png", [exe, "einsum", "ij,jk->ik", "-o", f"{tmp}/x.png"]),
        ]
        print(f"| command | median (s) | best (s) |  ({args.runs} runs each)")
        print("|---|---|---|")
        for name, cmd in rows:
            t = timed(cmd, args.runs)
            print(f"| `{name}` | {statistics.median(t):.3f} | {min(t):.3f} |")


if __name__ == "__main__":
    main()
