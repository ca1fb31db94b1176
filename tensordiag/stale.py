"""Temporary files a killed run left behind, found by their name and removed (see :func:`tensordiag.api.save_all`)."""

from __future__ import annotations

import os
import re
from pathlib import Path

TEMP_MARK = ".tensordiag-tmp-"
"""Temporary files are named ``.NAME.tensordiag-tmp-PID`` (and ``…-PID.old`` for the copy kept to undo a
replacement) beside their target; a later run removes those whose process is gone."""
_TEMP = re.compile(r"^\..+\.tensordiag-tmp-(\d+)(?:\.old)?$")


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Remove the temporary files a killed run left in ``directory`` (those whose process has ended)."""
    removed = []
    try:
        names = os.listdir(directory if str(directory) else ".")
    except OSError:
        return removed
    for name in names:
        match = _TEMP.match(name)
        if match and not _alive(int(match.group(1))):
            stale = directory / name
            try:
                stale.unlink()
            except OSError:
                continue
            removed.append(stale)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True
