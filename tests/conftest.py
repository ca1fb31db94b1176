"""Shared test helpers: a real pdflatex, golden-file comparison with a unified diff."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = Path(__file__).parent / "specs"
GOLDEN = Path(__file__).parent / "golden"


def regold_mode() -> bool:
    """``TENSORDIAG_REGOLD=1`` (``make regold``): golden files are rewritten, not compared. Read at each call, so
    a test can set it; refused under ``CI=true``, where a golden must only ever be compared."""
    if os.environ.get("TENSORDIAG_REGOLD") != "1":
        return False
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("TENSORDIAG_REGOLD=1 under CI=true: golden files are regenerated on purpose, locally "
                    "(`make regold`), and reviewed as a diff; CI only compares them")
    return True


def compile_tex(source: str, workdir: Path, name: str = "figure") -> Path:
    """Compile a standalone TikZ document with the real pdflatex; fail with its log's error lines."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        pytest.fail("pdflatex is not installed: run `make test`, which installs TeX Live")
    tex = workdir / f"{name}.tex"
    tex.write_text(source, encoding="utf-8")
    proc = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=workdir, capture_output=True, text=True, timeout=120,
    )
    if proc.returncode != 0:
        errors = [line for line in proc.stdout.splitlines() if line.startswith("!") or "Error" in line]
        pytest.fail(f"pdflatex failed on {name}.tex:\n" + "\n".join(errors[:10] or proc.stdout.splitlines()[-20:]))
    return workdir / f"{name}.pdf"


def assert_golden(actual: str, golden: Path) -> None:
    """Exact text comparison, failing with a unified diff; with TENSORDIAG_REGOLD=1 (make regold) the golden
    file is written instead and the test skips, saying so: a regenerated golden never passes as compared."""
    if regold_mode():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        pytest.skip(f"regenerated golden {_shown(golden)}: review it with `git diff`")
    if not golden.exists():
        pytest.fail(f"missing golden file {_shown(golden)}: create it deliberately with `make regold`")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=_shown(golden), tofile="actual",
        ))
        pytest.fail(f"output differs from {golden.name}:\n{diff[:6000]}")


def _shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it (a test's golden may live in a temporary folder)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def run_limited(args: list[str], *, stdin: bytes | None = None, cwd: Path | None = None,
                memory: int = 1 << 30, seconds: float = 10.0, env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[bytes]:
    """Run ``tensordiag ARGS`` in a subprocess under an address-space limit (``memory`` bytes) and a wall-clock
    limit: the resource tests' way of asserting "answered within ``seconds`` and ``memory``, or refused".

    The limit is set in the child with ``resource.setrlimit`` before it starts Python; a run that exceeds the
    wall-clock limit fails the test (``subprocess.TimeoutExpired``) rather than hanging the suite.
    """
    import resource
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    try:
        return subprocess.run([sys.executable, "-m", "tensordiag.cli", *args], input=stdin, capture_output=True,
                              cwd=cwd or ROOT, env=full_env, timeout=seconds, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"tensordiag {' '.join(a[:40] for a in args)} took more than {seconds} s")


def imports_of(path: Path, root: Path = ROOT) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, relative imports made absolute
    (a name imported from a module is listed too, since ``from . import scaled`` imports a module): what
    the import-direction tests read."""
    import ast

    module = ".".join(path.relative_to(root).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def both(*edits: Callable) -> Callable:  # type: ignore[type-arg]
    """One edit of a figure that makes each of ``edits`` in turn (the wrong variants of the notation tests)."""
    def edit(f):  # type: ignore[no-untyped-def]
        for e in edits:
            f = e(f)
        return f

    return edit
