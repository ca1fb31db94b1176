"""The editor in a real browser: Debian's headless Chromium driven by Selenium through chromium-driver.

Each test opens the page on a copy of a small spec, drags or clicks as a person would, and reads back the spec
file and the page. ``make test`` installs the browser (``make browser``) when it is missing. The README's
picture is taken in tests/test_edit_browser_handles.py.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from tensordiag.edit import start

from .conftest import ROOT
from .test_edit_server import SPEC

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1180,820")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.fail("Chromium and chromium-driver are not installed: run `make test`, which installs them")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The editor on a copy of SPEC, open in the browser: (driver, spec path)."""
    spec = tmp_path / "fig.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    yield from _open(browser, spec)


def _open(browser, spec: Path):  # type: ignore[no-untyped-def]
    server, url = start(spec)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    browser.get(url)
    _until(lambda: browser.find_element("id", "verdict").text == "ok", "the check's verdict")
    yield browser, spec
    server.shutdown()
    server.server_close()


def _until(condition, what: str, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = condition()
        except Exception:  # the page is being redrawn: ask again
            value = None
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _shown(driver, name: str) -> tuple[float, float]:
    """Where the page's latest state draws tensor ``name`` (cm), as the server sent it."""
    return tuple(driver.execute_script(  # type: ignore[return-value]
        "const t = state.tensors.find((t) => t.name === arguments[0]); return [t.x, t.y];", name))


def _drag(driver, name: str, dx: int, dy: int) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    version = driver.execute_script("return state.version")
    g = driver.find_element("css selector", f'g.tensor[data-name="{name}"]')
    ActionChains(driver).move_to_element(g).click_and_hold().move_by_offset(dx // 2, dy // 2) \
        .move_by_offset(dx - dx // 2, dy - dy // 2).release().perform()
    _until(lambda: driver.execute_script("return state.version") != version, "the figure after the drop")


def _screen_px_per_cm(driver) -> float:
    return driver.execute_script("const s = document.querySelector('#figure svg');"
                                 "return s.getBoundingClientRect().width / parseFloat(s.getAttribute('width'))"
                                 " * state.px_per_cm;")


def _pin_in_file(spec: Path, name: str) -> tuple[float, float] | None:
    found = re.search(rf"^  {name}: {{.*at: \[([-0-9.]+), ([-0-9.]+)\]", spec.read_text(encoding="utf-8"), re.M)
    return (float(found.group(1)), float(found.group(2))) if found else None


def test_a_drag_writes_the_pin_keeps_comments_moves_the_svg_and_keeps_the_check(page) -> None:  # type: ignore[no-untyped-def]
    driver, spec = page
    driver.find_element("id", "snap").click()  # off: the pin is where the pointer let go
    driver.find_element("id", "hold").click()  # off: only the dragged tensor is pinned
    x0, y0 = _shown(driver, "A")
    svg_before = driver.find_element("css selector", "#figure svg").get_attribute("outerHTML")
    scale = _screen_px_per_cm(driver)
    _drag(driver, "A", 60, -40)
    pin = _pin_in_file(spec, "A")
    assert pin is not None
    assert pin == pytest.approx((x0 + 60 / scale, y0 + 40 / scale), abs=0.03)  # y up
    text = spec.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if "#" in line] == [line for line in SPEC.splitlines() if "#" in line]
    assert text.replace(f", at: [{_fmt(pin[0])}, {_fmt(pin[1])}]", "") == SPEC  # nothing else changed
    assert _shown(driver, "A") == pytest.approx(pin, abs=1e-3)
    assert driver.find_element("css selector", "#figure svg").get_attribute("outerHTML") != svg_before
    assert driver.find_element("id", "verdict").text == "ok"
    assert "crossings" in driver.find_element("id", "measures").text
    assert "pinned" in driver.find_element("id", "tensor-A").get_attribute("class")


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else str(v)


def test_undo_and_redo(page) -> None:  # type: ignore[no-untyped-def]
    driver, spec = page
    _drag(driver, "A", 50, 0)
    after = spec.read_text(encoding="utf-8")
    assert after != SPEC
    driver.find_element("id", "undo").click()
    _until(lambda: spec.read_text(encoding="utf-8") == SPEC, "the spec as it was")
    _until(lambda: driver.find_element("id", "redo").is_enabled(), "redo to be offered")
    driver.find_element("id", "redo").click()
    _until(lambda: spec.read_text(encoding="utf-8") == after, "the spec with the pin again")


def test_snapping_puts_pins_on_the_grid(page) -> None:  # type: ignore[no-untyped-def]
    driver, spec = page
    step = driver.find_element("id", "step")
    step.clear()
    step.send_keys("0.25")
    _drag(driver, "B", 37, -23)
    pin = _pin_in_file(spec, "B")
    assert pin is not None and all(abs(v * 4 - round(v * 4)) < 1e-9 for v in pin)


def test_a_click_pins_where_drawn_and_a_second_click_unpins(page) -> None:  # type: ignore[no-untyped-def]
    driver, spec = page
    x, y = _shown(driver, "A")
    version = driver.execute_script("return state.version")
    driver.find_element("id", "tensor-A").click()
    _until(lambda: driver.execute_script("return state.version") != version, "the pinned figure")
    assert _pin_in_file(spec, "A") == pytest.approx((x, y), abs=0.006)
    driver.find_element("id", "tensor-A").click()
    _until(lambda: spec.read_text(encoding="utf-8") == SPEC, "the spec unpinned")


def test_a_text_editor_change_reaches_the_page(page) -> None:  # type: ignore[no-untyped-def]
    driver, spec = page
    spec.write_text(SPEC.replace("at: [1.5, -1.5]", "at: [4, 2]"), encoding="utf-8")
    _until(lambda: _shown(driver, "v") == (4, 2), "the page to show the file's new pin")
    spec.write_text(SPEC.replace("einsum(A", "einsum(A,"), encoding="utf-8")  # broken: an error line, no crash
    _until(lambda: driver.find_element("id", "message").text, "the error line")
    spec.write_text(SPEC, encoding="utf-8")
    _until(lambda: _shown(driver, "v") == (1.5, -1.5) and not driver.find_element("id", "message").text,
           "the figure again")


def test_the_gpt2_figure_can_be_arranged(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The issue's done-when: arrange the post's GPT-2 figure, and the CLI renders what the page showed."""
    from tensordiag import draw

    spec = tmp_path / "gpt2.yaml"
    shutil.copy(ROOT / "gallery" / "18a-gpt2-horizontal.yaml", spec)
    for driver, _ in _open(browser, spec):
        _drag(driver, "W_U", 40, 30)
        assert _pin_in_file(spec, "W_U") is not None
        shown = driver.execute_script("return state.svg")
        assert draw(spec).svg() == shown  # `tensordiag render` gives the picture last shown
        assert driver.find_element("id", "verdict").text == "ok"


def test_an_equation_term_is_arranged_in_place(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains

    from .test_edit_server import EQUATION

    spec = tmp_path / "eq.yaml"
    spec.write_text(EQUATION, encoding="utf-8")
    for driver, _ in _open(browser, spec):
        driver.find_element("id", "hold").click()  # off: only the dragged tensor is pinned
        version = driver.execute_script("return state.version")
        ActionChains(driver).move_to_element(driver.find_element("id", "tensor-t2-B")).click_and_hold() \
            .move_by_offset(10, 20).move_by_offset(10, 20).release().perform()
        _until(lambda: driver.execute_script("return state.version") != version, "the figure after the drop")
        text = spec.read_text(encoding="utf-8")
        assert text.startswith(EQUATION.split("  - op:")[0] + "  - op:")  # the first term untouched
        assert re.search(r"\n    tensors:\n      B: \{at: \[[-0-9.]+, -?[0-9.]+\]\}\n$", text)
        assert driver.find_element("id", "verdict").text == "ok"
