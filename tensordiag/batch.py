"""Where ``tensordiag render`` writes, for one spec or several, and ``--watch``.

An output (``-o``) is one of:

* ``-``: standard output, in the format ``--format`` names (default ``svg``); one spec only;
* a name pattern holding ``{stem}`` (the spec's file name without its suffix): ``-o 'figs/{stem}.pdf'``;
* a folder (a name ending in ``/``, or a folder that exists and has no suffix): ``FOLDER/STEM.FORMAT`` for every ``--format``
  (default ``svg``);
* a file name: one spec only (several specs would overwrite it).

A folder, or the folder a pattern names, is made when missing.

>>> [str(p) for p in targets(Path("a/mps.yaml"), ("figs/{stem}.pdf", "out/"), ("svg", "png"), several=True)]
['figs/mps.pdf', 'out/mps.svg', 'out/mps.png']
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable, Iterable

from .errors import RenderError

STDOUT = "-"
POLL_SECONDS = 0.25


def _is_folder(text: str) -> bool:
    return text.endswith(("/", "\\")) or (not Path(text).suffix and Path(text).is_dir())


class _Made(type(Path())):  # type: ignore[misc]
    """An output in a folder that is made when missing (an output folder, or a pattern's)."""


def targets(spec: Path, outputs: Iterable[str], formats: tuple[str, ...], *, several: bool) -> list[Path | str]:
    """The files (or ``-``) one spec is written to."""
    out: list[Path | str] = []
    stem = spec.stem
    for given in outputs:
        if given == STDOUT:
            if several:
                raise RenderError("-o - writes one figure to standard output; give one spec, or an output folder")
            out.append(STDOUT)
        elif "{stem}" in given:
            out.append(_Made(given.replace("{stem}", stem)))
        elif _is_folder(given):
            out.extend(_Made(given, f"{stem}.{fmt}") for fmt in formats or ("svg",))
        elif several:
            raise RenderError(f"-o {given}: several specs need an output folder (ending in /) or a name pattern "
                              "with {stem}, such as figs/{stem}.svg")
        else:
            out.append(Path(given))
    return out


def write(drawing, paths: list[Path | str], formats: tuple[str, ...], *, snippet: bool) -> None:  # type: ignore[no-untyped-def]
    """Write ``drawing`` to every path; ``-`` gets the first of ``formats`` (default svg) on standard output."""
    files = [p for p in paths if p != STDOUT]
    for p in files:
        if isinstance(p, _Made):
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RenderError(f"cannot make the folder {p.parent}: {exc.strerror}") from None
    if STDOUT in paths:
        fmt = (formats or ("svg",))[0].lower().lstrip(".")
        if snippet and fmt != "tex":
            raise RenderError("a snippet is TikZ: it needs a .tex output, and none is asked for")
        data = drawing.render(fmt, snippet=snippet)
        if files:
            drawing.save(*files, snippet=snippet and any(Path(p).suffix.lower() == ".tex" for p in files))
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif files:
        drawing.save(*files, snippet=snippet)


def _stamp(path: Path) -> tuple[float, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime, st.st_size)


def watch(specs: list[Path], render_one: Callable[[Path], int], *, rounds: int | None = None) -> None:
    """Render a spec again each time its file changes (its modification time or size), until interrupted
    (Ctrl-C); ``rounds``: stop after that many polls (for tests). Errors are reported and watching goes on."""
    seen = {spec: _stamp(spec) for spec in specs}
    print(f"tensordiag: watching {len(specs)} spec{'s' if len(specs) != 1 else ''} (Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    count = 0
    try:
        while rounds is None or count < rounds:
            count += 1
            time.sleep(POLL_SECONDS)
            for spec in specs:
                now = _stamp(spec)
                if now != seen[spec] and now is not None:
                    seen[spec] = now
                    status = render_one(spec)
                    print(f"tensordiag: {'rendered' if status == 0 else 'could not render'} {spec}",
                          file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
