"""Resources: every input is answered within a memory and time limit, or refused in one line.

Each test runs the real CLI in a subprocess under an address-space limit (``run_limited``).
"""

from __future__ import annotations

import json
import os
import random
import struct
import subprocess
import sys
import time
from pathlib import Path

from tensordiag.render.raster import MAX_PIXELS, MAX_SIDE

from .conftest import ROOT, run_limited


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_unbounded_standard_input_is_refused_at_2_mb(tmp_path: Path) -> None:
    """Like ``einsum - < /dev/zero``: at most 2,000,000 bytes are read, then one line."""
    out = tmp_path / "m.svg"
    proc = run_limited(["einsum", "-", "-o", str(out)], stdin=b"\0" * 8_000_000, memory=1 << 30)
    assert proc.returncode == 2
    assert proc.stderr == b"tensordiag: error: standard input: more than 2,000,000 bytes, the most an einsum may be\n"
    assert not out.exists()


def test_standard_input_of_2_mb_is_read(tmp_path: Path) -> None:
    text = b"ij,jk->ik" + b" " * (2_000_000 - 9)
    proc = run_limited(["einsum", "-", "-o", str(tmp_path / "m.json")], stdin=text)
    assert proc.returncode == 0, proc.stderr


def test_a_fifo_spec_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    proc = run_limited(["render", str(fifo), "-o", str(tmp_path / "m.svg")], seconds=10)
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"tensordiag: error: {fifo}: cannot read: a named pipe, not a regular file\n"


def test_a_device_spec_is_refused() -> None:
    proc = run_limited(["check", "/dev/zero"])
    assert proc.returncode == 2
    assert proc.stderr == b"tensordiag: error: /dev/zero: cannot read: a character device, not a regular file\n"


def test_two_pins_as_far_apart_as_allowed_make_a_capped_png(tmp_path: Path) -> None:
    """Pins 428 cm apart once made 32,582 x 32,422 pixels (4.1 GB). Pins now lie within ±200 cm (TeX's
    largest dimension), but the farthest pair allowed, 400 cm apart on each axis, still needs the cap:
    scaled down to it, same shape."""
    spec = tmp_path / "far.yaml"
    spec.write_text("einsum: ij,jk->ik\ntensors:\n  A: {at: [-200, -200]}\n  B: {at: [200, 200]}\n", encoding="utf-8")
    png, js = tmp_path / "far.png", tmp_path / "far.json"
    proc = run_limited(["render", str(spec), "-o", str(png), "-o", str(js)], memory=1 << 30, seconds=60)
    assert proc.returncode == 0, proc.stderr
    width, height = png_size(png.read_bytes())
    assert width * height <= MAX_PIXELS and max(width, height) <= MAX_SIDE
    assert width * height > MAX_PIXELS * 0.98, "scaled to the cap, not further"
    assert abs(width / height - 1) < 0.01
    assert json.loads(js.read_text(encoding="utf-8"))["tensors"][1]["x"] == 200


def random_cubic_einsum(n: int, seed: int = 1) -> str:
    """The einsum of a random 3-regular graph on ``n`` tensors (a configuration model, redrawn until simple)."""
    rng = random.Random(seed)
    while True:
        stubs = [v for v in range(n) for _ in range(3)]
        rng.shuffle(stubs)
        edges = {tuple(sorted(stubs[k:k + 2])) for k in range(0, len(stubs), 2)}
        if len(edges) == len(stubs) // 2 and all(u != v for u, v in edges):
            break
    legs: list[list[str]] = [[] for _ in range(n)]
    for k, (u, v) in enumerate(sorted(edges)):
        legs[u].append(f"e{k}")
        legs[v].append(f"e{k}")
    return ", ".join(" ".join(t) for t in legs) + " ->"


def test_a_random_network_of_1000_tensors_gets_a_png_and_its_json(tmp_path: Path) -> None:
    """cairo once failed on its size ('invalid size'), and the JSON asked for beside it was lost too."""
    png, js = tmp_path / "net.png", tmp_path / "net.json"
    proc = run_limited(["einsum", "-", "-o", str(png), "-o", str(js)], stdin=random_cubic_einsum(1000).encode(),
                       memory=1 << 30, seconds=180)
    assert proc.returncode == 0, proc.stderr
    width, height = png_size(png.read_bytes())
    assert width * height <= MAX_PIXELS and max(width, height) <= MAX_SIDE
    assert len(json.loads(js.read_text(encoding="utf-8"))["tensors"]) == 1000
    assert png.read_bytes()[-8:-4] == b"IEND"


def test_a_slow_writer_on_standard_input_is_read_to_its_end(tmp_path: Path) -> None:
    """Standard input is read until end of file (or the cap), not in one read() that a pipe can cut short."""
    out = tmp_path / "m.json"
    proc = subprocess.Popen([sys.executable, "-m", "tensordiag.cli", "einsum", "-", "-o", str(out)], cwd=ROOT,
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None
    for part in (b"ij,", b"jk", b"->ik\n"):
        proc.stdin.write(part)
        proc.stdin.flush()
        time.sleep(0.3)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert json.loads(out.read_text(encoding="utf-8"))["output"] == ["i", "k"]
