"""The command line: outputs by suffix, exit codes, one-line errors, never a half-written file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, compile_tex

THREE = "einsum(A, v, B, 'i α β, β, β α j -> i j')"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tensordiag.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_einsum_writes_all_five(tmp_path: Path) -> None:
    outs = [tmp_path / f"m.{ext}" for ext in ("tex", "svg", "png", "pdf", "json")]
    proc = run("einsum", THREE, *[a for p in outs for a in ("-o", str(p))])
    assert proc.returncode == 0, proc.stderr
    assert outs[0].read_text().startswith("\\documentclass")
    assert outs[1].read_bytes().startswith(b"<?xml")
    assert outs[2].read_bytes().startswith(b"\x89PNG")
    assert outs[3].read_bytes().startswith(b"%PDF")
    assert json.loads(outs[4].read_text())["output"] == ["i", "j"]
    compile_tex(outs[0].read_text(), tmp_path, "compiled")


def test_render_spec_and_snippet(tmp_path: Path) -> None:
    out = tmp_path / "fig.tex"
    proc = run("render", "tests/specs/core-matvec.yaml", "-o", str(out), "--snippet")
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().startswith("\\tikzset") or "\\begin{tikzpicture}" in out.read_text()
    assert "\\documentclass" not in out.read_text()


def test_check_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("einsum: \"einsum(A, B, 'i j, j k -> i k')\"\n", encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("einsum: \"einsum(A, B, 'i j, j k -> i k')\"\ntensors: {B: {legs: [k, j]}}\ndims: {j: 2, k: 2}\n",
                     encoding="utf-8")
    assert run("check", str(good)).returncode == 0
    proc = run("check", str(good), str(wrong))
    assert proc.returncode == 1
    assert "MISMATCH" in proc.stdout and "wrong.yaml" in proc.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("einsum: [\n", encoding="utf-8")
    assert run("check", str(bad)).returncode == 2


@pytest.mark.parametrize("args,message", [
    (["render", "missing.yaml", "-o", "x.svg"], "tensordiag: error: missing.yaml: cannot read: No such file or directory"),
    (["einsum", "ij,jk->ik", "-o", "x.docx"], "tensordiag: error: unknown output format '.docx' (valid: .tex, .svg, .png, .pdf, .json)"),
    (["einsum", "ij,jk->ik", "-o", "noext"], "tensordiag: error: noext: no suffix to tell the format by (valid: .tex, .svg, .png, .pdf, .json)"),
])
def test_bad_input_is_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == message
    assert "Traceback" not in proc.stderr


def test_debug_keeps_the_traceback(tmp_path: Path) -> None:
    proc = run("render", "missing.yaml", "-o", "x.svg", "--debug", cwd=tmp_path)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_failed_render_leaves_existing_output_untouched(tmp_path: Path) -> None:
    good = tmp_path / "out.svg"
    good.write_text("precious", encoding="utf-8")
    proc = run("einsum", "ij,jk->ik", "-o", str(good), "-o", str(tmp_path / "also.docx"))
    assert proc.returncode == 2
    assert good.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.svg"]


def test_einsum_from_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "m.json"
    proc = subprocess.run([sys.executable, "-m", "tensordiag.cli", "einsum", "-", "-o", str(out)], input=THREE + "\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [t["name"] for t in json.loads(out.read_text())["tensors"]] == ["A", "v", "B"]
