"""The command line: outputs by suffix, exit codes, one-line errors, never a half-written file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from tensordiag import SpecError, draw
from tensordiag.cli import main

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


@pytest.mark.parametrize("args,message", [
    (["render", "tests/specs/core-matvec.yaml"],
     "tensordiag: error: Missing option '-o' / '--output' (see 'tensordiag render --help')"),
    (["einsum", "ij,jk->ik", "--seed", "-1", "-o", "x.svg"],
     "tensordiag: error: Invalid value for '--seed': -1 is not in the range x>=0 (see 'tensordiag einsum --help')"),
    (["check", "tests/specs/core-matvec.yaml", "--seed", "-1"],
     "tensordiag: error: Invalid value for '--seed': -1 is not in the range x>=0 (see 'tensordiag check --help')"),
    (["draw", "x.yaml"], "tensordiag: error: No such command 'draw' (see 'tensordiag --help')"),
    (["render"], "tensordiag: error: Missing argument 'SPEC' (see 'tensordiag render --help')"),
])
def test_a_wrong_option_is_one_line_exit_2(args: list[str], message: str) -> None:
    """click's usage errors are bad input like any other: one line, not a three-line usage message."""
    proc = run(*args)
    assert (proc.returncode, proc.stderr, proc.stdout) == (2, message + "\n", "")


def test_an_unreadable_spec_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "locked.yaml"
    spec.write_text("einsum: ij->i\n", encoding="utf-8")
    spec.chmod(0)
    message = f"tensordiag: error: {spec}: cannot read: Permission denied\n"
    if os.geteuid() != 0:
        proc = run("render", str(spec), "-o", str(tmp_path / "x.svg"))
        assert (proc.returncode, proc.stderr) == (2, message)
        return
    # root reads any file; make the open fail as it does for everyone else
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == spec:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = CliRunner().invoke(main, ["render", str(spec), "-o", str(tmp_path / "x.svg")])
    assert (result.exit_code, result.stderr) == (2, message)


def test_standard_input_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "tensordiag.cli", "einsum", "-", "-o", str(tmp_path / "m.svg")],
                          input=b"ij,jk->ik\xff\n", capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == b"tensordiag: error: standard input: not UTF-8 text: byte 0xff at offset 9 is invalid\n"
    assert not (tmp_path / "m.svg").exists()


def test_check_reports_every_file_and_exits_with_the_worst(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("einsum: \"einsum(A, B, 'i j, j k -> i k')\"\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("einsum: [\n", encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("einsum: \"einsum(A, B, 'i j, j k -> i k')\"\ntensors: {B: {legs: [k, j]}}\ndims: {j: 2, k: 2}\n",
                     encoding="utf-8")
    proc = run("check", "good.yaml", "bad.yaml", "wrong.yaml", "good.yaml", cwd=tmp_path)
    assert proc.returncode == 2, "bad input (2) is worse than a mismatch (1)"
    lines = proc.stdout.splitlines()
    assert [line.split("  ", 1)[0] for line in lines] == ["ok", "MISMATCH", "ok"]
    assert [line.split("  ", 1)[1].split(":", 1)[0] for line in lines] == ["good.yaml", "wrong.yaml", "good.yaml"]
    assert proc.stderr == ("tensordiag: error: bad.yaml: line 2, column 1: YAML: expected the node content, but found "
                           "'<stream end>' (while parsing a flow node at line 2, column 1)\n")
    proc = run("check", "wrong.yaml", "good.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == ""
    proc = run("check", "missing.yaml", "good.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "tensordiag: error: missing.yaml: cannot read: No such file or directory\n"
    assert proc.stdout.startswith("ok  good.yaml: ")


@pytest.mark.parametrize("verdicts,status,words", [
    (["inconclusive"], 4, ["INCONCLUSIVE"]),
    (["ok", "inconclusive", "ok"], 4, ["ok", "INCONCLUSIVE", "ok"]),
    (["inconclusive", "mismatch"], 1, ["INCONCLUSIVE", "MISMATCH"]),
    (["ok", "ok"], 0, ["ok", "ok"]),
])
def test_check_verdicts_map_to_statuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verdicts: list[str],
                                        status: int, words: list[str]) -> None:
    """0 ok, 1 mismatch, 4 inconclusive; over several files the worst by 3 > 2 > 1 > 4 > 0."""
    from tensordiag.api import Drawing

    answers = iter(verdicts)
    monkeypatch.setattr(Drawing, "check", lambda self, **_: SimpleNamespace(
        verdict=(v := next(answers)), ok=v == "ok", detail=f"said {v}"))
    spec = tmp_path / "s.yaml"
    spec.write_text("einsum: ij->i\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", *[str(spec)] * len(verdicts)])
    assert result.exit_code == status
    assert result.stdout.splitlines() == [f"{w}  {spec}: said {v}" for w, v in zip(words, verdicts)]


def test_check_an_internal_error_is_status_3_and_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    from tensordiag.api import Drawing

    def broken(self: Drawing, **_: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Drawing, "check", broken)
    spec = tmp_path / "s.yaml"
    spec.write_text("einsum: ij->i\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 3, "an internal error (3) is worse than bad input (2)"
    assert result.stderr.splitlines() == [
        f"tensordiag: internal error: {spec}: ZeroDivisionError: division by zero (rerun with --debug)",
        f"tensordiag: error: {tmp_path / 'missing.yaml'}: cannot read: No such file or directory"]


def test_worst_status_order() -> None:
    from tensordiag.cli import worst

    assert [worst(s) for s in ([0], [4], [4, 1], [1, 2], [2, 3], [0, 4, 0], [])] == [0, 4, 1, 2, 3, 4, 0]


def test_the_statuses_are_in_the_help() -> None:
    out = run("--help").stdout
    assert "Exit status: 0 ok; 1 a check found a mismatch; 2 bad input (one line on stderr);" in out
    assert "3 internal error; 4 a check was inconclusive. With several files, the worst:" in out


@pytest.mark.parametrize("name", ["missing.yaml", "missing.yml", "missing.JSON"])
def test_draw_a_missing_file_says_so(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """draw() takes a string ending in a spec suffix as a file name, never as an einsum with a '.' in it."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError, match=rf"^{re.escape(name)}: cannot read: No such file or directory$"):
        draw(name)


def test_draw_reads_an_existing_spec_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.yaml").write_text("einsum: ij,j->i\n", encoding="utf-8")
    assert [t.name for t in draw("m.yaml").figure.tensors] == [t.name for t in draw("ij,j->i").figure.tensors]


def test_an_unreadable_spec_among_others_is_reported_and_the_rest_checked(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader, not click, says a spec cannot be read: click's own readability test (``os.access``) once
    refused the whole command line with its usage wording, so ``check a locked c`` checked nothing."""
    good = tmp_path / "good.yaml"
    good.write_text("einsum: ij,jk->ik\n", encoding="utf-8")
    locked = tmp_path / "locked.yaml"
    locked.write_text("einsum: ij->i\n", encoding="utf-8")
    real_access, real_open = os.access, Path.open
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) == locked else real_access(p, mode, *a, **k))

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = CliRunner().invoke(main, ["check", str(good), str(locked), str(good)])
    assert result.exit_code == 2
    assert result.stderr == f"tensordiag: error: {locked}: cannot read: Permission denied\n"
    assert result.stdout.count(f"ok  {good}: ") == 2
