"""The editor's server: the standard library's ``http.server``, on loopback, behind a random token.

Safe by construction:

* it listens on 127.0.0.1 only, and answers only requests whose ``Host`` is that address or ``localhost``
  (a page elsewhere cannot reach it through a rebound DNS name);
* every request carries the token made at start (``secrets.token_urlsafe``), else 403;
* the one thing it writes is pins (``tensors.NAME.at``, ``junctions.NAME`` or ``label_offsets.NAME``; a
  tensor's drag may hold the others of its figure where they are drawn, in the same write) into the spec file
  it was started on: no request names a path, and a body with any other field is refused;
* request bodies are at most :data:`MAX_BODY` bytes (64 KB); a bad request gets a 4xx and changes nothing;
* the page is a template inside the wheel and loads nothing from elsewhere (its Content-Security-Policy
  forbids it).
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import TensordiagError

MAX_BODY = 65536
"""The largest request body read (bytes): a pin needs about 60, a drag that holds the other tensors of a figure
where they are about 30 more for each of them."""
HOST = "127.0.0.1"


class Editor:
    """The one spec file being edited, and its latest snapshot (recomputed when the file's bytes change)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.token = secrets.token_urlsafe(24)
        self._lock = threading.Lock()
        self._state: dict[str, Any] | None = None

    def state(self) -> dict[str, Any]:
        from .state import digest, snapshot

        with self._lock:
            try:
                data = self.path.read_bytes()
            except OSError as exc:
                return {"version": "unreadable", "error": f"{self.path}: cannot read: {exc.strerror}"}
            if self._state is None or self._state["version"] != digest(data):
                self._state = snapshot(self.path, data)
            return self._state

    def pin(self, body: Any) -> dict[str, Any]:
        """Write one pin from a request body ``{"name": NAME, "at": [x, y] or null}`` (a tensor; ``"junction"``
        or ``"label"`` in place of ``"name"``: a junction point or a leg label), ``"term": K`` in an equation;
        a SpecError if bad."""
        from ..errors import SpecError
        from ..errors import quote
        from .specfile import pin_value, write_pins

        kinds = [k for k in ("name", "junction", "label") if isinstance(body, dict) and k in body]
        if (len(kinds) != 1 or not {kinds[0], "at"} <= set(body) <= {kinds[0], "at", "term", "others"}
                or not isinstance(body[kinds[0]], str) or ("others" in body and kinds[0] != "name")
                or not isinstance(body.get("others", {}), dict)):
            raise SpecError('a pin request is {"name": NAME (or "junction": NAME, or "label": NAME), '
                            '"at": [x, y] or null, "term": K (in an equation), "others": {NAME: [x, y] or null} '
                            '(more tensors of the same term)}, nothing else')
        kind = kinds[0]
        name, at, term = body[kind], pin_value(body["at"]), body.get("term")
        pins = [(name, at)] + [(other, pin_value(v)) for other, v in body.get("others", {}).items()]
        state = self.state()
        shown = {"name": {(t.get("term"), t["name"]) for t in state.get("tensors", [])},
                 "junction": {(p.get("term"), p["key"]) for p in state.get("points", [])},
                 "label": {(lb.get("term"), lb["key"]) for lb in state.get("labels", []) if "key" in lb}}[kind]
        for one, _ in pins:
            if (term, one) not in shown or isinstance(term, bool):
                what = {"name": "tensor", "junction": "junction point", "label": "leg label"}[kind]
                raise SpecError(f"no {what} {quote(str(one))} to pin in this figure")
        table = {"name": "tensors", "junction": "junctions", "label": "label_offsets"}[kind]
        with self._lock:
            try:
                write_pins(self.path, pins, term, table)
            except OSError as exc:
                raise SpecError(f"cannot write: {exc.strerror}", where=str(self.path)) from None
        return self.state()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "tensordiag-edit"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows the URL only
        pass

    def _allowed(self) -> tuple[str, dict[str, list[str]]] | None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in (HOST, "localhost"):
            self._send(403, {"error": "only this machine may ask: Host must be 127.0.0.1 or localhost"})
            return None
        token = self.headers.get("X-Token") or (query.get("token") or [""])[0]
        if not hmac.compare_digest(token.encode(), self.server.editor.token.encode()):
            self._send(403, {"error": "a token is required: open the URL the editor printed"})
            return None
        return url.path, query

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        allowed = self._allowed()
        if allowed is None:
            return
        route, _ = allowed
        if route == "/":
            from .page import page

            nonce = secrets.token_urlsafe(12)
            self._send(200, page(self.server.editor, nonce).encode(), "text/html; charset=utf-8", nonce)
        elif route == "/state":
            self._send(200, self.server.editor.state())
        else:
            self._send(404, {"error": "no such page"})

    def do_POST(self) -> None:  # noqa: N802
        allowed = self._allowed()
        if allowed is None:
            return
        route, _ = allowed
        if route != "/pin":
            self._send(404, {"error": "the editor writes pins only (POST /pin)"})
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(411, {"error": "a Content-Length is required"})
            return
        if length > MAX_BODY or length < 0:
            self._send(413, {"error": f"a request body is at most {MAX_BODY} bytes"})
            return
        if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            self._send(415, {"error": "a pin is sent as application/json"})
            return
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            self._send(200, self.server.editor.pin(body))
        except (ValueError, UnicodeDecodeError):
            self._send(400, {"error": "the body is not JSON"})
        except TensordiagError as exc:
            self._send(400, {"error": str(exc)})
        except Exception as exc:  # a bug (or YAML that ruamel.yaml reads otherwise): one line, the file unchanged
            self._send(500, {"error": f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]})

    def do_PUT(self) -> None:  # noqa: N802
        self._send(405, {"error": "the editor writes pins only (POST /pin)"})

    do_DELETE = do_PATCH = do_PUT

    def _send(self, status: int, body: Any, kind: str = "application/json", nonce: str = "") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        script = f"'nonce-{nonce}'" if nonce else "'none'"
        self.send_header("Content-Security-Policy", f"default-src 'none'; script-src {script}; "
                         "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; frame-ancestors 'none'")
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    editor: Editor


def start(path: Path, *, port: int = 0) -> tuple[_Server, str]:
    """A server for the spec file ``path`` on 127.0.0.1 (``port`` 0: a free one), and the URL to open.

    The caller runs ``serve_forever()`` (in a thread, in tests) and ``shutdown()``."""
    server = _Server((HOST, port), _Handler)
    server.editor = Editor(path)
    url = f"http://{HOST}:{server.server_address[1]}/?token={server.editor.token}"
    return server, url
