"""Gallery figures traced from code: ``gallery/NAME.py`` beside ``gallery/NAME.yaml``.

The ``.py`` file holds the function and a ``TRACE`` dict (``function``, ``shapes``, ``names``, optional
``rename``, ``torch``, ``copies`` and ``spec``: properties merged into the traced spec, such as labels and the title). The
``.yaml`` is exactly what tracing it gives (``python -m tensordiag.trace.sources gallery/NAME.py`` writes it);
the gallery re-traces every such file, fails the figure when the two differ, shows the code beside the figure
and adds the trace's verdict (the figure against the function on random inputs) to the check's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from ..check.verdicts import CheckResult
from .api import Traced, import_file, trace_module
from .graph import TraceError


def traced(source: Path) -> Traced:
    """Trace ``source`` as its ``TRACE`` dict says (the file is run once: its TRACE and its function)."""
    module = import_file(source, lambda missing: f"{source.name} needs the module '{missing}' (for torch: pip install "
                                                  "-e '.[torch]', which make gallery and make test do)")
    how: dict[str, Any] = module.TRACE
    return trace_module(module, str(source), how["function"], how["shapes"], names=how.get("names"),
                        rename=how.get("rename"), torch=how.get("torch", False), spec=how.get("spec"),
                        copies=how.get("copies", "data"))


def spec_text(t: Traced) -> str:
    return yaml.safe_dump(t.spec, sort_keys=False, allow_unicode=True, width=100)


def retrace(spec_path: Path) -> tuple[str, CheckResult] | None:
    """The code beside ``spec_path`` and the trace's verdict (a mismatch when the spec is not what tracing the
    code gives), or None when no ``.py`` lies beside it."""
    source = spec_path.with_suffix(".py")
    if not source.is_file():
        return None
    t = traced(source)
    code = source.read_text(encoding="utf-8")
    if spec_text(t) != _uncommented(spec_path.read_text(encoding="utf-8")):
        return code, CheckResult("mismatch", float("inf"), f"{spec_path.name} is not what tracing {source.name} "
                                 f"gives (rerun python -m tensordiag.trace.sources {source})", False)
    return code, t.verdict


def _comments(text: str) -> str:
    """The ``#`` lines a spec opens with (a gallery figure's ``# post:`` quote): kept when it is traced again."""
    head = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        head.append(line)
    return "".join(head)


def _uncommented(text: str) -> str:
    return text[len(_comments(text)):]


def main(argv: list[str]) -> int:
    for name in argv:
        source = Path(name)
        t = traced(source)
        target = source.with_suffix(".yaml")
        head = _comments(target.read_text(encoding="utf-8")) if target.is_file() else ""
        target.write_text(head + spec_text(t), encoding="utf-8")
        print(f"{t.verdict.verdict:8} {source.with_suffix('.yaml')}: {t.verdict.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
