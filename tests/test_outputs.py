"""Outputs behave like files a user owns: modes, symbolic links, all or nothing, no litter, the same bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tensordiag.api import TEMP_MARK, remove_stale_temporaries, save_all
from tensordiag.errors import RenderError

from .conftest import ROOT

SPEC = "tests/specs/core-matvec.yaml"


def run(*args: str, umask: int = 0o022, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tensordiag.cli", *args], capture_output=True, cwd=ROOT,
                          timeout=120, env={**os.environ, **(env or {})}, preexec_fn=lambda: os.umask(umask))


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_output_gets_the_mode_the_umask_allows(tmp_path: Path, umask: int, expected: int) -> None:
    outs = [tmp_path / "m.svg", tmp_path / "m.png"]
    proc = run("render", SPEC, "-o", str(outs[0]), "-o", str(outs[1]), umask=umask)
    assert proc.returncode == 0, proc.stderr
    assert [mode(p) for p in outs] == [expected, expected]


def test_a_rerender_keeps_the_existing_mode(tmp_path: Path) -> None:
    out = tmp_path / "m.svg"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    proc = run("render", SPEC, "-o", str(out), umask=0o077)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"<?xml")
    assert mode(out) == 0o640


def test_a_symlinked_output_writes_the_link_target(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "m.svg").write_text("old", encoding="utf-8")
    link = tmp_path / "m.svg"
    link.symlink_to(real / "m.svg")
    dangling = tmp_path / "n.json"
    dangling.symlink_to(real / "n.json")
    proc = run("render", SPEC, "-o", str(link), "-o", str(dangling))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(real / "m.svg")
    assert (real / "m.svg").read_bytes().startswith(b"<?xml")
    assert dangling.is_symlink() and (real / "n.json").read_bytes().startswith(b"{")
    assert sorted(p.name for p in real.iterdir()) == ["m.svg", "n.json"]


def test_all_or_nothing_when_a_later_output_cannot_be_created(tmp_path: Path) -> None:
    first = tmp_path / "a.svg"
    first.write_text("precious", encoding="utf-8")
    proc = run("render", SPEC, "-o", str(first), "-o", str(tmp_path / "no-such-dir" / "b.json"))
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"tensordiag: error: cannot write {tmp_path / 'no-such-dir' / 'b.json'}: " \
                                   "No such file or directory\n"
    assert first.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.svg"]


def test_an_output_that_is_a_folder_is_one_line_and_nothing_written(tmp_path: Path) -> None:
    (tmp_path / "b.json").mkdir()
    proc = run("render", SPEC, "-o", str(tmp_path / "a.svg"), "-o", str(tmp_path / "b.json"))
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"tensordiag: error: cannot write {tmp_path / 'b.json'}: Is a directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]


def test_all_or_nothing_when_a_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renames come last; when one fails, the files already replaced get their old contents back."""
    a, b, c = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "c.svg"
    a.write_bytes(b"old a")
    a.chmod(0o640)
    b.write_bytes(b"old b")
    real_replace = os.replace

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == b:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(RenderError, match=rf"^cannot write {b}: No space left on device$"):
        save_all([(a, b"new a"), (c, b"new c"), (b, b"new b")])
    assert (a.read_bytes(), b.read_bytes(), mode(a)) == (b"old a", b"old b", 0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.svg", "b.svg"], "c.svg was new, so it is gone again"


def test_temporaries_are_named_for_cleanup_and_stale_ones_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = [tmp_path / f".m.svg{TEMP_MARK}{dead.pid}", tmp_path / f".x.png{TEMP_MARK}{dead.pid}.old"]
    live = tmp_path / f".m.svg{TEMP_MARK}{os.getpid()}"
    unrelated = tmp_path / ".m.svg.backup-123"
    for p in [*stale, live, unrelated]:
        p.write_bytes(b"left by a killed run")
    proc = run("render", SPEC, "-o", str(tmp_path / "m.svg"))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["m.svg", live.name, unrelated.name])
    assert remove_stale_temporaries(tmp_path) == []


def test_pdf_bytes_do_not_depend_on_clock_or_time_zone(tmp_path: Path) -> None:
    one, two = tmp_path / "1.pdf", tmp_path / "2.pdf"
    assert run("render", SPEC, "-o", str(one), env={"TZ": "UTC"}).returncode == 0
    assert run("render", SPEC, "-o", str(two), env={"TZ": "Asia/Kathmandu", "PYTHONHASHSEED": "7"}).returncode == 0
    assert one.read_bytes() == two.read_bytes()
    assert b"/CreationDate (D:197001010000Z)" in one.read_bytes()


def test_pdf_honours_source_date_epoch(tmp_path: Path) -> None:
    out = tmp_path / "m.pdf"
    proc = run("render", SPEC, "-o", str(out), env={"SOURCE_DATE_EPOCH": "1700000000", "TZ": "America/Lima"})
    assert proc.returncode == 0, proc.stderr
    assert b"/CreationDate (D:202311142213Z)" in out.read_bytes()
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"},
                              timeout=60).stdout
        assert "CreationDate:    Tue Nov 14 22:13:00 2023 UTC" in info, info


def test_a_malformed_source_date_epoch_is_one_line(tmp_path: Path) -> None:
    proc = run("render", SPEC, "-o", str(tmp_path / "m.pdf"), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert proc.returncode == 2
    assert proc.stderr.decode() == ("tensordiag: error: SOURCE_DATE_EPOCH is 'yesterday', but it must be a whole "
                                    "number of seconds since 1970-01-01 (before the year 10000)\n")


def test_png_bytes_are_the_same_in_any_process(tmp_path: Path) -> None:
    one, two = tmp_path / "1.png", tmp_path / "2.png"
    assert run("render", SPEC, "-o", str(one), env={"PYTHONHASHSEED": "1"}).returncode == 0
    assert run("render", SPEC, "-o", str(two), env={"PYTHONHASHSEED": "2", "TZ": "Asia/Tokyo"}).returncode == 0
    assert one.read_bytes() == two.read_bytes()
    assert b"tIME" not in one.read_bytes(), "no time stamp chunk"


@pytest.mark.parametrize("module", ["tensordiag.api", "tensordiag.cli", "tensordiag.gallery", "tensordiag.render.raster"])
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0
