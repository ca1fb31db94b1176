"""The editor's server without a browser: safe by construction (issue 15).

Loopback only, a token on every request, one file written and only its pins, bodies size-limited, and a bad
request answered 4xx with the file unchanged.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from pathlib import Path

import pytest

from tensordiag.edit import start
from tensordiag.edit.specfile import write_pin
from tensordiag.errors import SpecError

SPEC = """\
# Three tensors, one pinned (a comment the editor keeps)
einsum: "einsum(A, v, B, 'i a b, b, b a j -> i j')"   # checked numerically
tensors:
  A: {label: 'A', color: blue}
  v: {color: grey, at: [1.5, -1.5]}       # a pin
"""


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    spec = tmp_path / "fig.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    server, url = start(spec)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield spec, server, url
    server.shutdown()
    server.server_close()


def _ask(server, method: str, path: str, body: bytes | None = None, headers: dict | None = None):  # type: ignore[no-untyped-def]
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def _pin(server, body: object, *, token: str | None = None, raw: bytes | None = None, **headers):  # type: ignore[no-untyped-def]
    token = server.editor.token if token is None else token
    data = raw if raw is not None else json.dumps(body).encode()
    return _ask(server, "POST", "/pin", data, {"Content-Type": "application/json", "X-Token": token, **headers})


def test_listens_on_loopback_only(served) -> None:  # type: ignore[no-untyped-def]
    _, server, url = served
    assert server.server_address[0] == "127.0.0.1" and url.startswith("http://127.0.0.1:")


def test_without_the_token_everything_is_refused(served) -> None:  # type: ignore[no-untyped-def]
    spec, server, _ = served
    for path in ("/", "/state", "/state?token=wrong"):
        assert _ask(server, "GET", path)[0] == 403
    assert _pin(server, {"name": "A", "at": [1, 1]}, token="wrong")[0] == 403
    assert spec.read_text(encoding="utf-8") == SPEC
    status, page = _ask(server, "GET", f"/?token={server.editor.token}")
    assert status == 200 and b"<svg" not in page
    assert not re.search(rb"<link|src=|href=|url\(|@import", page)  # nothing loaded from elsewhere
    assert set(re.findall(rb"https?://[^\s\"']+", page)) == {b"http://www.w3.org/2000/svg"}  # a name, not a load


def test_another_host_name_is_refused(served) -> None:  # type: ignore[no-untyped-def]
    _, server, _ = served
    status, _ = _ask(server, "GET", f"/state?token={server.editor.token}", headers={"Host": "attacker.example:80"})
    assert status == 403


def test_a_write_to_another_path_is_refused(served, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec, server, _ = served
    other = tmp_path / "other.yaml"
    token = server.editor.token
    assert _pin(server, {"name": "A", "at": [1, 1], "path": str(other)})[0] == 400
    assert _ask(server, "POST", f"/write?path={other}&token={token}", b"x: 1",
                {"Content-Type": "application/json"})[0] == 404
    assert _ask(server, "PUT", f"/{other}?token={token}", b"x: 1")[0] == 405
    assert not other.exists() and spec.read_text(encoding="utf-8") == SPEC


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400), (b'{"name": "A"}', 400), (b'{"name": "Z", "at": [1, 1]}', 400),
    (b'{"name": "A", "at": [1, 1e9]}', 400), (b'{"name": "A", "at": [true, 1]}', 400),
    (b'{"name": "A", "at": [1, 2, 3]}', 400), (b"x" * 70000, 413),
])
def test_a_bad_request_is_4xx_and_changes_nothing(served, body: bytes, status: int) -> None:  # type: ignore[no-untyped-def]
    spec, server, _ = served
    assert _pin(server, None, raw=body)[0] == status
    assert spec.read_text(encoding="utf-8") == SPEC
    assert _pin(server, {"name": "A", "at": [1, 1]}, **{"Content-Type": "text/plain"})[0] == 415


def test_a_pin_keeps_comments_order_and_quotes(served) -> None:  # type: ignore[no-untyped-def]
    spec, server, _ = served
    status, data = _pin(server, {"name": "A", "at": [0.123456, -3]})
    assert status == 200
    assert spec.read_text(encoding="utf-8") == SPEC.replace("color: blue}", "color: blue, at: [0.12, -3]}")
    shown = {t["name"]: t for t in json.loads(data)["tensors"]}
    assert (shown["A"]["x"], shown["A"]["y"]) == (0.12, -3) and json.loads(data)["verdict"] == "ok"
    assert _pin(server, {"name": "A", "at": None})[0] == 200  # unpinned: the file as it was
    assert spec.read_text(encoding="utf-8") == SPEC


def test_json_specs_stay_json(tmp_path: Path) -> None:
    spec = tmp_path / "f.json"
    spec.write_text('{\n  "einsum": "ij,jk->ik"\n}\n', encoding="utf-8")
    write_pin(spec, "B", (2, 0.5))
    assert json.loads(spec.read_text(encoding="utf-8")) == {"einsum": "ij,jk->ik", "tensors": {"B": {"at": [2, 0.5]}}}


def test_a_spec_without_tensors_gets_a_block_table(tmp_path: Path) -> None:
    spec = tmp_path / "f.yaml"
    spec.write_text("einsum: ij,jk->ik  # two matrices\n", encoding="utf-8")
    write_pin(spec, "A", (1, 2))
    assert spec.read_text(encoding="utf-8") == "einsum: ij,jk->ik  # two matrices\ntensors:\n  A: {at: [1, 2]}\n"


def test_only_spec_files_are_opened(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="spec file"):
        start(tmp_path / "notes.txt")
    with pytest.raises(SpecError, match="no such file"):
        start(tmp_path / "missing.yaml")


@pytest.mark.parametrize("name, message", [("missing.yaml", "missing.yaml: no such file"),
                                           ("notes.txt", "notes.txt: the editor opens a spec file")])
def test_the_cli_refuses_a_bad_file_in_one_line(tmp_path: Path, name: str, message: str) -> None:
    from click.testing import CliRunner

    from tensordiag.cli import main

    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(main, ["edit", str(tmp_path / name), "--no-browser"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_a_spec_that_does_not_draw_shows_its_error_line(served) -> None:  # type: ignore[no-untyped-def]
    spec, server, _ = served
    spec.write_text("einsum: 'ij,jk->'\ntensors: {A: {at: [1, 2, 3]}}\n", encoding="utf-8")
    status, data = _ask(server, "GET", f"/state?token={server.editor.token}")
    state = json.loads(data)
    assert status == 200 and "svg" not in state and state["error"].startswith(str(spec.resolve()))
    assert _pin(server, {"name": "A", "at": [1, 1]})[0] == 400  # nothing drawn: nothing to pin


EQUATION = """\
# an equation: each term's pins are its own
equation:
  - einsum: "einsum(A, B, 'i j, j k -> i k')"
  - op: "="
    einsum: "einsum(B, A, 'j k, i j -> i k')"   # the same product, written the other way
"""


def test_an_equation_term_is_pinned_in_its_own_entry(tmp_path: Path) -> None:
    spec = tmp_path / "eq.yaml"
    spec.write_text(EQUATION, encoding="utf-8")
    server, _ = start(spec)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        shown = {(t["term"], t["name"]): t for t in server.editor.state()["tensors"]}
        assert set(shown) == {(0, "A"), (0, "B"), (1, "A"), (1, "B")} and shown[0, "A"]["id"] == "tensor-t1-A"
        assert _pin(server, {"name": "B", "at": [2, 1]})[0] == 400  # which term: required
        assert _pin(server, {"name": "B", "at": [2, 1], "term": 2})[0] == 400  # no third term
        status, data = _pin(server, {"name": "B", "at": [2, 1], "term": 0})
        assert status == 200 and json.loads(data)["verdict"] == "ok"
        assert spec.read_text(encoding="utf-8") == EQUATION.replace(
            "  - op:", "    tensors:\n      B: {at: [2, 1]}\n  - op:")
    finally:
        server.shutdown()
        server.server_close()


def test_the_cli_prints_the_url_and_leaves_on_ctrl_c(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    spec = tmp_path / "fig.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "tensordiag", "edit", str(spec), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert re.fullmatch(r"tensordiag edit: http://127\.0\.0\.1:\d+/\?token=[\w-]{32}  \(Ctrl-C to stop\)\n", line)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0 and proc.stderr.read() == ""  # type: ignore[union-attr]
    finally:
        proc.kill() if proc.poll() is None else None
    assert spec.read_text(encoding="utf-8") == SPEC


def test_a_spec_removed_under_the_editor_is_an_error_line(served) -> None:  # type: ignore[no-untyped-def]
    spec, server, _ = served
    server.editor.state()
    spec.unlink()
    status, data = _ask(server, "GET", f"/state?token={server.editor.token}")
    assert status == 200 and "cannot read" in json.loads(data)["error"]
    assert _pin(server, {"name": "A", "at": [1, 1]})[0] == 400 and not spec.exists()
