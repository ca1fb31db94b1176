"""The post's toy induction head: the numbers, a broken variant, and the heatmap renderer that draws them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import cairosvg
import numpy as np
import pytest

from tensordiag.errors import CheckError, RenderError
from tensordiag.induction import induction_network, induction_pattern, induction_scores, match_tensor, verify
from tensordiag.render.heatmap import heatmap_svg, ramp_colour

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("seed", [0, 1, 2, 7, 123])
def test_pattern_verifies_for_several_seeds(seed: int) -> None:
    ok, detail = verify(induction_pattern(seed, tokens=16, hidden=64), 16)
    assert ok, detail
    mean = float(re.search(r"mean attention on the expected keys ([0-9.]+)", detail).group(1))
    assert mean > 0.9


@pytest.mark.parametrize(("tokens", "hidden", "repeats"), [(5, 32, 2), (12, 48, 3), (24, 128, 2)])
def test_pattern_verifies_for_other_sizes(tokens: int, hidden: int, repeats: int) -> None:
    pattern = induction_pattern(3, tokens=tokens, hidden=hidden, repeats=repeats)
    assert pattern.shape == (tokens * repeats, tokens * repeats)
    assert verify(pattern, tokens)[0]
    if repeats == 3:  # no recency preference: the third repeat splits between both earlier successors
        q = 2 * tokens + 4
        assert pattern[q, 5] == pytest.approx(pattern[q, tokens + 5], rel=1e-6)
        assert pattern[q, 5] + pattern[q, tokens + 5] > 0.9
        assert not verify(induction_pattern(3, tokens=tokens, hidden=hidden, repeats=3, shift=0), tokens)[0]


def test_without_the_previous_token_shift_the_head_attends_to_the_token_itself() -> None:
    pattern = induction_pattern(0, tokens=16, hidden=64, shift=0)
    ok, detail = verify(pattern, 16)
    assert not ok
    assert "16 of 16 queries miss" in detail
    # δ(k, q) matches the query's own token: its earlier occurrence and itself share the top score.
    for q in range(16, 32):
        assert set(np.flatnonzero(pattern[q] > 0.3)) == {q - 16, q}


def test_verify_rejects_a_wrong_period() -> None:
    pattern = induction_pattern(0, tokens=16, hidden=64)
    assert not verify(pattern, 15)[0]
    assert verify(pattern, 16)[0]


def test_rows_sum_to_one_and_respect_the_causal_mask() -> None:
    pattern = induction_pattern(4, tokens=10, hidden=40)
    np.testing.assert_allclose(pattern.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert np.all(pattern >= 0)
    assert np.all(np.triu(pattern, k=1) == 0.0)
    assert pattern[0, 0] == 1.0


def test_match_is_a_semantic_delta_and_the_scores_are_its_contraction() -> None:
    net = induction_network(5, tokens=8, hidden=24)
    np.testing.assert_allclose(match_tensor(net), np.eye(24), atol=1e-12)
    # The same scores by plain matrix products, in another order: residual streams, then layer-1 copy.
    resid = net["x"] @ net["E"]
    copied = net["A"] @ resid @ net["W_V"].T @ net["W_O"].T
    expected = (resid @ net["W_Q"].T) @ (copied @ net["W_K"].T).T
    np.testing.assert_allclose(induction_scores(net), expected, atol=1e-12)
    # The previous-token head: position k carries the token of position k - 1, position 0 carries nothing.
    assert np.all(net["A"][np.arange(1, 16), np.arange(15)] == 1.0)
    assert net["A"].sum() == 15


def test_scores_follow_the_weights_not_a_formula() -> None:
    net = induction_network(0, tokens=8, hidden=32)
    net["W_K"] = -net["W_K"]  # an anti-matching head: the previous occurrence becomes the least likely key
    pattern = np.exp(8 * induction_scores(net))
    assert not verify(pattern / pattern.sum(axis=1, keepdims=True), 8)[0]


def test_bad_arguments_are_named() -> None:
    with pytest.raises(CheckError, match="tokens must be an integer >= 2, got 1"):
        induction_pattern(0, tokens=1)
    with pytest.raises(CheckError, match="scale must be a finite number > 0, got 0"):
        induction_pattern(0, scale=0)
    with pytest.raises(CheckError, match=r"square query × key matrix, got shape \(2, 3\)"):
        verify(np.zeros((2, 3)), 1)
    with pytest.raises(CheckError, match=r"sequence_period must be an integer in 1\.\.3 for a 4 × 4 pattern, got 4"):
        verify(np.eye(4), 4)


def test_ramp_lightness_falls_monotonically() -> None:
    def lightness(hexcolour: str) -> float:
        r, g, b = (int(hexcolour[i:i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    values = [lightness(ramp_colour(t / 50)) for t in range(51)]
    assert all(a > b for a, b in zip(values, values[1:]))
    assert ramp_colour(-1.0) == "#ffffff" and ramp_colour(2.0) == ramp_colour(1.0)


def test_heatmap_svg_structure_determinism_and_raster() -> None:
    pattern = induction_pattern(0, tokens=6, hidden=32)
    title = "Toy <induction> & head"
    svg = heatmap_svg(pattern, title, "query position (q)", "key position (k)", boundaries=(6,))
    assert svg == heatmap_svg(pattern, title, "query position (q)", "key position (k)", boundaries=(6,))
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    cells = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "cell"]
    assert len(cells) == 12 * 12
    positions = {(int(c.get("data-row")), int(c.get("data-col"))) for c in cells}
    assert positions == {(i, j) for i in range(12) for j in range(12)}
    by_cell = {(int(c.get("data-row")), int(c.get("data-col"))): c for c in cells}
    for q in range(6, 12):  # the stripe, coloured by the attention it carries
        assert by_cell[q, q - 5].get("fill") == ramp_colour(float(pattern[q, q - 5]))
        assert float(by_cell[q, q - 5].get("data-value")) == pytest.approx(pattern[q, q - 5], abs=5e-4)
    assert by_cell[0, 11].get("fill") == "#ffffff"
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"query position (q)", "key position (k)", title} <= set(texts)
    assert {"0", "2", "4", "6", "8", "10"} <= set(texts)  # tick numbers
    assert "0.5" in texts and "1" in texts  # colour-bar ticks
    assert root.find(f".//{SVG}linearGradient") is not None
    assert "script" not in svg.lower() and "href" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    png = cairosvg.svg2png(bytestring=svg.encode(), unsafe=False)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == round(float(root.get("width")))


def test_heatmap_rejects_a_bad_range() -> None:
    with pytest.raises(RenderError, match="need finite vmin < vmax, got vmin=1, vmax=1"):
        heatmap_svg(np.eye(3), "x", vmin=1, vmax=1)
