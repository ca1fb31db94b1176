"""The heaviest small inputs of issue 9, each timed as a whole `tensordiag` command (wall and CPU seconds, peak
memory): every input of at most 1 MB must be answered within 10 s and 1 GB.

    .venv/bin/python bench/bounds.py [--runs N]

Prints a Markdown table for bench/README.md. Run it on an idle machine: the wall time is what a user waits.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_layout_bounds import random_network  # noqa: E402  (the same network as the test's bound)

CASES = [
    ("random network, 1,000 tensors and 1,500 bonds", lambda: random_network(1000, 1500), ["svg"]),
    ("random network, 1,000 tensors and 1,500 bonds", lambda: random_network(1000, 1500), ["png", "json"]),
    ("1,000 operands sharing two indices", lambda: ", ".join(["i j"] * 1000) + " -> i j", ["svg"]),
    ("1,000 operands sharing two indices", lambda: ", ".join(["i j"] * 1000) + " -> i j", ["png"]),
    ("a hyperedge of 5,000 operands", lambda: ",".join(["a"] * 5000) + "->a", ["svg"]),
    ("a hyperedge of 5,000 operands", lambda: ",".join(["a"] * 5000) + "->a", ["png"]),
    ("a hyperedge of 5,000 operands", lambda: ",".join(["a"] * 5000) + "->a", ["pdf"]),
    ("one tensor of 3,000 legs", lambda: f"einsum(A, '{' '.join(f'i{k}' for k in range(3000))} -> "
                                         f"{' '.join(f'i{k}' for k in range(3000))}')", ["svg"]),
]


def run(expr: str, outputs: list[str], workdir: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MB) of one command."""
    args = [sys.executable, "-m", "tensordiag", "einsum", "-"]
    for fmt in outputs:
        args += ["-o", str(workdir / f"out.{fmt}")]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(expr.encode())
    proc.stdin.close()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own CPU time and peak memory
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[3:])}: exit {proc.returncode}: {err.decode()[-300:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per case; the table shows the fastest")
    runs = parser.parse_args().runs
    print("| input | outputs | size (KB) | wall (s) | CPU (s) | peak memory (MB) |")
    print("|---|---|--:|--:|--:|--:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, outputs in CASES:
            expr = make()
            best = min((run(expr, outputs, Path(tmp)) for _ in range(runs)), key=lambda r: r[0])
            print(f"| {name} | {' + '.join(outputs).upper()} | {len(expr.encode()) / 1024:.0f} | {best[0]:.1f} | "
                  f"{best[1]:.1f} | {best[2]:.0f} |", flush=True)


if __name__ == "__main__":
    main()
