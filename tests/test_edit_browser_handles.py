"""The editor in a real browser, beyond tensors (issue 15): junction dots and leg labels are dragged and
pinned (``junctions``, ``label_offsets``), the wires and labels attached to a dragged item follow it before
the drop, and the post's GPT-2 figure arranged in the page renders the same from the CLI. Set
``TENSORDIAG_EDIT_SCREENSHOT=path.png`` to keep the screenshot of the GPT-2 figure (the README's picture)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tensordiag import draw

from .conftest import ROOT
from .test_edit_browser import _open, _screen_px_per_cm, _until, browser  # noqa: F401 (browser: a fixture)

HYPER = """\
# a hyperedge: the dots of a and b (a comment the editor keeps)
einsum: "a,ab,abc->abc"
"""


@pytest.fixture
def hyper(browser, tmp_path: Path):  # type: ignore[no-untyped-def]  # noqa: F811
    spec = tmp_path / "hyper.yaml"
    spec.write_text(HYPER, encoding="utf-8")
    yield from _open(browser, spec)


def _drag_element(driver, element, dx: int, dy: int) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains

    version = driver.execute_script("return state.version")
    ActionChains(driver).move_to_element(element).click_and_hold().move_by_offset(dx // 2, dy // 2) \
        .move_by_offset(dx - dx // 2, dy - dy // 2).release().perform()
    _until(lambda: driver.execute_script("return state.version") != version, "the figure after the drop")


def _entry(spec: Path, table: str, name: str) -> tuple[float, float] | None:
    found = re.search(rf"^{table}: {{.*\b{re.escape(name)}: \[([-0-9.]+), ([-0-9.]+)\]", spec.read_text(encoding="utf-8"), re.M)
    return (float(found.group(1)), float(found.group(2))) if found else None


def _point(driver, key: str) -> dict:  # type: ignore[type-arg]
    return driver.execute_script("return state.points.find((p) => p.key === arguments[0])", key)


def _label(driver, key: str) -> dict:  # type: ignore[type-arg]
    return driver.execute_script("return state.labels.find((l) => l.key === arguments[0])", key)


def test_a_junction_dot_is_dragged_and_pinned(hyper) -> None:  # type: ignore[no-untyped-def]
    driver, spec = hyper
    driver.find_element("id", "snap").click()  # off: the pin is where the pointer let go
    before = _point(driver, "a")
    circle = driver.find_element("css selector", "#dots circle[data-key='a']").get_attribute("cx")
    scale = _screen_px_per_cm(driver)
    _drag_element(driver, driver.find_element("css selector", ".handle[data-key='a']"), 50, -30)
    pin = _entry(spec, "junctions", "a")
    assert pin == pytest.approx((before["x"] + 50 / scale, before["y"] + 30 / scale), abs=0.03)
    text = spec.read_text(encoding="utf-8")
    assert text.startswith(HYPER) and text.endswith(f"junctions: {{a: [{_fmt(pin[0])}, {_fmt(pin[1])}]}}\n")
    after = _point(driver, "a")
    assert (after["x"], after["y"]) == pytest.approx(pin, abs=1e-3) and after["at"] == list(pin)
    assert driver.find_element("css selector", "#dots circle[data-key='a']").get_attribute("cx") != circle
    assert "pinned" in driver.find_element("css selector", ".handle[data-key='a']").get_attribute("class")
    assert driver.find_element("id", "verdict").text == "ok"
    assert draw(spec).svg() == driver.execute_script("return state.svg")
    driver.find_element("id", "undo").click()
    _until(lambda: spec.read_text(encoding="utf-8") == HYPER, "the spec as it was")


def test_a_leg_label_is_dragged_and_keeps_its_offset(hyper) -> None:  # type: ignore[no-untyped-def]
    driver, spec = hyper
    before = _label(driver, "c")
    scale = _screen_px_per_cm(driver)
    _drag_element(driver, driver.find_element("css selector", "text.leglabel[data-key='c']"), 40, 25)
    offset = _entry(spec, "label_offsets", "c")
    assert offset == pytest.approx((before["x"] - before["base"][0] + 40 / scale,
                                    before["y"] - before["base"][1] - 25 / scale), abs=0.03)
    after = _label(driver, "c")
    assert (after["x"], after["y"]) == pytest.approx((after["base"][0] + offset[0], after["base"][1] + offset[1]), abs=1e-3)
    assert "pinned" in driver.find_element("css selector", "text.leglabel[data-key='c']").get_attribute("class")
    assert draw(spec).svg() == driver.execute_script("return state.svg")
    label = driver.find_element("css selector", "text.leglabel[data-key='c']")
    version = driver.execute_script("return state.version")
    label.click()  # a click on a pinned label unpins it
    _until(lambda: driver.execute_script("return state.version") != version, "the label unpinned")
    assert spec.read_text(encoding="utf-8") == HYPER


def test_wires_and_labels_follow_while_dragging(hyper) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains

    driver, spec = hyper
    paths = "return [...document.querySelectorAll('#wires path')].map((p) => p.getAttribute('d'))"
    ends = driver.execute_script("return state.wires")
    before = driver.execute_script(paths)
    chain = ActionChains(driver)
    chain.move_to_element(driver.find_element("id", "tensor-C")).click_and_hold().move_by_offset(20, 10) \
        .move_by_offset(20, 10).perform()
    during = driver.execute_script(paths)
    for (a, b), old, new in zip(ends, before, during):
        assert (new != old) == ("C" in (a, b)), (a, b, old, new)  # C's wires re-aimed, no other
    moved = driver.execute_script("return [...document.querySelectorAll('#labels text')]"
                                  ".filter((t) => t.getAttribute('transform')).length")
    assert moved >= 1  # the label of C's free leg goes with it
    assert spec.read_text(encoding="utf-8") == HYPER  # nothing written before the drop
    version = driver.execute_script("return state.version")
    ActionChains(driver).release().perform()
    _until(lambda: driver.execute_script("return state.version") != version, "the figure after the drop")
    assert "C: {at: [" in spec.read_text(encoding="utf-8")


def _positions(driver) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    return {t["name"]: (t["x"], t["y"]) for t in driver.execute_script("return state.tensors")}


def test_a_drag_keeps_the_others_in_place_and_undo_restores_the_file(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from .test_edit_server import SPEC

    spec = tmp_path / "fig.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    for driver, _ in _open(browser, spec):
        drawn = _positions(driver)
        _drag_element(driver, driver.find_element("id", "tensor-A"), 50, 40)
        text = spec.read_text(encoding="utf-8")
        assert re.search(r"^  A: \{label: 'A', color: blue, at: \[", text, re.M)
        found = re.search(r"^  B: \{at: \[([-0-9.]+), ([-0-9.]+)\]\}$", text, re.M)  # pinned where it was drawn
        assert found and (float(found.group(1)), float(found.group(2))) == pytest.approx(drawn["B"], abs=0.006)
        assert _positions(driver)["B"] == pytest.approx(drawn["B"], abs=0.006)
        assert _positions(driver)["v"] == drawn["v"]
        driver.find_element("id", "undo").click()
        _until(lambda: spec.read_text(encoding="utf-8") == SPEC, "the spec as it was")
        _until(lambda: driver.find_element("id", "redo").is_enabled(), "redo to be offered")
        driver.find_element("id", "redo").click()
        _until(lambda: spec.read_text(encoding="utf-8") == text, "the spec with both pins again")


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else str(v)


def test_the_gpt2_figure_is_arranged_tensor_dot_and_label(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The issue's done-when: a tensor, the num heads dot and a leg label of the post's GPT-2 figure (18a) moved
    in the page, and `tensordiag render` of the spec gives the SVG the page showed last."""
    spec = tmp_path / "gpt2.yaml"
    shutil.copy(ROOT / "gallery" / "18a-gpt2-horizontal.yaml", spec)
    original = spec.read_text(encoding="utf-8")
    for driver, _ in _open(browser, spec):
        drawn = _positions(driver)
        _drag_element(driver, driver.find_element("id", "tensor-W_U"), 45, -10)
        now = _positions(driver)  # W_U moved, the others held where they were drawn (pinned there)
        assert abs(now["W_U"][0] - drawn["W_U"][0]) + abs(now["W_U"][1] - drawn["W_U"][1]) > 0.4
        assert all(now[n] == pytest.approx(drawn[n], abs=0.006) for n in drawn if n != "W_U")
        _drag_element(driver, driver.find_element("css selector", ".handle[data-key='num_heads']"), -28, 0)
        _drag_element(driver, driver.find_element("css selector", "text.leglabel[data-key='mlp']"), 0, 22)
        text = spec.read_text(encoding="utf-8")
        assert "W_U: {role: embedding, at: [" in text
        assert _entry(spec, "junctions", "num_heads") is not None and _entry(spec, "label_offsets", "mlp") is not None
        assert [line for line in text.splitlines() if line.startswith("#")] == \
            [line for line in original.splitlines() if line.startswith("#")]
        shown = driver.execute_script("return state.svg")
        assert draw(spec).svg() == shown  # `tensordiag render` gives the picture last shown
        assert driver.find_element("id", "verdict").text == "ok"
        assert _point(driver, "num_heads")["at"] == list(_entry(spec, "junctions", "num_heads"))
        target = os.environ.get("TENSORDIAG_EDIT_SCREENSHOT")
        if target:
            driver.save_screenshot(target)


RESHAPE = """\
# T's grouped leg (i j) splits into i and j, both on A
tensors:
  T: {legs: "(i j) k"}
  A: {legs: "i j l"}
output: [k, l]
"""


def test_a_split_point_is_dragged_and_its_thin_wires_follow(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains

    spec = tmp_path / "reshape.yaml"
    spec.write_text(RESHAPE, encoding="utf-8")
    for driver, _ in _open(browser, spec):
        handle = driver.find_element("css selector", ".handle[data-key='T (i j)']")
        assert "reshape" in handle.get_attribute("class")  # drawn as a dashed ring: there is no dot to grab
        paths = "return [...document.querySelectorAll('#wires path')].map((p) => p.getAttribute('d'))"
        before = driver.execute_script(paths)
        ActionChains(driver).move_to_element(handle).click_and_hold().move_by_offset(15, 20).move_by_offset(15, 20) \
            .perform()
        during = driver.execute_script(paths)
        indices = driver.execute_script("return [...document.querySelectorAll('#wires path')].map((p) => p.dataset.index)")
        changed = {i for i, old, new in zip(indices, before, during) if old != new}
        assert changed == {"(i j)", "i", "j"}  # the thick leg and its two strands, re-aimed; nothing else
        version = driver.execute_script("return state.version")
        ActionChains(driver).release().perform()
        _until(lambda: driver.execute_script("return state.version") != version, "the figure after the drop")
        text = spec.read_text(encoding="utf-8")
        assert text.startswith(RESHAPE) and re.search(r"^junctions: \{T \(i j\): \[[-0-9.]+, [-0-9.]+\]\}$", text, re.M)
        assert driver.find_element("id", "verdict").text == "ok"
        assert draw(spec).svg() == driver.execute_script("return state.svg")
