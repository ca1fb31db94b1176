"""``tensordiag edit SPEC``: arrange a figure by hand in the browser, and the pins are written into the spec.

A local server (:mod:`.server`, the standard library's ``http.server``) shows the figure as tensordiag renders
it (:mod:`.state`); each drop writes one ``at: [x, y]`` into the spec file, keeping its comments and layout
(:mod:`.specfile`), then the figure is laid out again around the pins, rendered and checked.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from ..errors import SpecError

__all__ = ["run", "start"]


def start(path: str | Path, *, port: int = 0):  # type: ignore[no-untyped-def]
    """A server for one spec file, not yet serving: ``(server, url)``; a SpecError for anything but a
    regular ``.yaml``, ``.yml`` or ``.json`` file."""
    from ..api import SPEC_SUFFIXES
    from .server import start as start_server

    path = Path(path)
    if path.suffix.lower() not in SPEC_SUFFIXES:
        raise SpecError("the editor opens a spec file (.yaml, .yml or .json)", where=str(path))
    if not path.is_file():
        raise SpecError("no such file" if not path.exists() else "not a regular file", where=str(path))
    try:
        return start_server(path.resolve(), port=port)
    except OSError as exc:
        raise SpecError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None


def run(path: str | Path, *, port: int = 0, browser: bool = True, echo=print) -> None:  # type: ignore[no-untyped-def]
    """Serve until interrupted (Ctrl-C), printing the URL and opening it in a browser when there is one."""
    server, url = start(path, port=port)
    try:
        echo(f"tensordiag edit: {url}  (Ctrl-C to stop)")
        if browser and _graphical():
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:  # Ctrl-C: the usual way to leave, not an error
        pass
    finally:
        server.server_close()


def _graphical() -> bool:
    """Whether a graphical browser can open: on Linux and the BSDs only with a display, so that a text-mode
    browser (lynx, w3m), which Python's webbrowser falls back to, never takes over the terminal."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
