"""Bad input costs one clear line: a corpus of malformed specs and einsum strings, each with its message.

Every file in ``tests/bad_inputs/`` is one case: ``.yaml``, ``.json`` and ``.bin`` files are given to
``tensordiag render``, ``.einsum`` files hold an einsum string (one line, or empty) given to
``tensordiag einsum``. ``expected.txt`` pairs each file with the exact line it must print:

    NNN-short-name.yaml
        tensordiag: error: tests/bad_inputs/NNN-short-name.yaml: line 2, column 9: dims.i: ...

Every case must exit with status 2 and print that one line on stderr, no traceback. All cases run
in-process through click's CliRunner; a sample also runs the real CLI in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tensordiag.cli import main
from tensordiag.errors import SpecError
from tensordiag.spec import load_figure

from .conftest import ROOT

CORPUS = Path(__file__).parent / "bad_inputs"
EXPECTED = CORPUS / "expected.txt"
SUFFIXES = (".yaml", ".json", ".bin", ".einsum")


def read_expected(path: Path = EXPECTED) -> dict[str, str]:
    """File name → the exact stderr line, from the indented two-line records of ``expected.txt``."""
    table: dict[str, str] = {}
    name = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("    "):
            if name is None or name in table:
                raise ValueError(f"{path.name}:{number}: an expected line with no file name before it")
            table[name] = line[4:]
        else:
            name = line.strip()
            if name in table:
                raise ValueError(f"{path.name}:{number}: {name} is listed twice")
    return table


def cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in SUFFIXES)


def arguments(case: Path, output: Path) -> list[str]:
    """The command line for a case: the path relative to the repository as passed, or the einsum text."""
    if case.suffix == ".einsum":
        text = case.read_text(encoding="utf-8").removesuffix("\n")
        return ["einsum", text, "-o", str(output)]
    return ["render", str(case.relative_to(ROOT)), "-o", str(output)]


def invoke(case: Path, output: Path) -> tuple[int, str]:
    """Exit status and stderr of the CLI on ``case``, in-process, from the repository root."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, arguments(case, output))
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stderr


EXPECTED_LINES = read_expected()
CASES = cases()


def test_the_corpus_is_large_and_every_case_has_a_message() -> None:
    names = [c.name for c in CASES]
    assert len(names) >= 100
    assert sorted(EXPECTED_LINES) == names, "expected.txt and the files in bad_inputs/ must list the same cases"
    numbers = [n.split("-", 1)[0] for n in names]
    assert len(set(numbers)) == len(numbers), "case numbers are unique"


def test_every_message_names_its_source() -> None:
    for name, line in EXPECTED_LINES.items():
        assert line.startswith("tensordiag: error: "), name
        if not name.endswith(".einsum"):
            assert line.startswith(f"tensordiag: error: tests/bad_inputs/{name}: "), name
        assert "Traceback" not in line and "\n" not in line


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_exits_2_with_its_one_line(case: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.svg"
    status, stderr = invoke(case, output)
    assert stderr.splitlines() == [EXPECTED_LINES[case.name]], stderr
    assert status == 2
    assert "Traceback" not in stderr
    assert not output.exists()


SAMPLE = CASES[::12] + [c for c in CASES if "laughs" in c.name or "10001" in c.name or "binary" in c.name]


@pytest.mark.parametrize("case", SAMPLE, ids=[c.name for c in SAMPLE])
def test_real_cli_in_a_subprocess(case: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "tensordiag.cli", *arguments(case, tmp_path / "out.svg")],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert proc.stderr.splitlines() == [EXPECTED_LINES[case.name]], proc.stderr
    assert proc.returncode == 2
    assert proc.stdout == ""


def test_debug_shows_the_traceback_instead(tmp_path: Path) -> None:
    case = CORPUS / next(n for n in EXPECTED_LINES if "label-input" in n)
    result = CliRunner().invoke(main, ["render", str(case), "-o", str(tmp_path / "x.svg"), "--debug"])
    assert isinstance(result.exception, SpecError)
    assert str(result.exception).endswith(r"command \input is not allowed (allowed: Greek letters, \dagger, "
                                          r"\uparrow, \downarrow, \top, \mathrm{…} and a few symbols)")


def test_hostile_inputs_are_refused_quickly() -> None:
    for case in CASES:
        if any(word in case.name for word in ("laughs", "deep", "operands")):
            start = time.perf_counter()
            status, _ = invoke(case, ROOT / "never-written.svg")
            assert status == 2
            assert time.perf_counter() - start < 5.0, f"{case.name} took too long to refuse"


def test_an_oversized_spec_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"einsum: ij->i\ntitle: '" + b"x" * 3_000_000 + b"'\n")
    with pytest.raises(SpecError, match=r"big\.yaml: the spec is larger than 2,000,000 bytes, the most a spec may be$"):
        load_figure(big)


def test_a_line_break_in_a_message_is_escaped(tmp_path: Path) -> None:
    spec = tmp_path / "nl.yaml"
    spec.write_text('einsum: ij->i\nsides: {"i\\nj": left}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(spec), "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2
    assert result.stderr.endswith(r"""nl.yaml: line 2, column 17: sides.i\nj: 'i\nj' is not a free leg (free legs: i)""" + "\n")
    assert result.stderr.count("\n") == 1


def test_a_directory_is_not_a_spec(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(tmp_path), "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2
    assert result.stderr == f"tensordiag: error: {tmp_path}: cannot read: Is a directory\n"
