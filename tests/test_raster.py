"""PNG and PDF from a flattened SVG (issue 9): cairosvg costs about a millisecond of Python per element, so the
SVG it converts is first rewritten into fewer elements (render/flatten.py). The picture must not change: each
figure rasterised from the flattened SVG matches the one rasterised from the SVG as written, pixel by pixel
within anti-aliasing, and a large network's PNG is made of far fewer elements."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tensordiag import draw
from tensordiag.render.flatten import MIN_LABEL_PIXELS, flatten_svg

from .conftest import ROOT

GALLERY = ROOT / "gallery"
FIGURES = ["02b-outer-product", "08b-top-line-first", "11d-isometry-two-tip-legs", "13c-svd-bipartition",
           "16c-peps", "18b-gpt2-vertical", "19a-input-delta", "21a-attention-block", "23c-previous-token-pattern",
           "24-induction-pattern-heatmap"]


def _pixels(svg: bytes) -> np.ndarray:
    import cairosvg

    png = cairosvg.svg2png(bytestring=svg, scale=2.0, unsafe=False)
    return np.asarray(Image.open(io.BytesIO(png)).convert("L")).astype(int)


def _letters(svg: bytes) -> str:
    """Every letter the labels of ``svg`` draw."""
    return "".join("".join(t.itertext()) for t in ET.fromstring(svg).iter() if t.tag.endswith("}text")).replace(" ", "")


def _elements(svg: bytes) -> int:
    return sum(1 for _ in ET.fromstring(svg).iter())


@pytest.mark.parametrize("stem", FIGURES)
def test_a_flattened_figure_draws_the_same_picture(stem: str) -> None:
    svg = (GALLERY / f"{stem}.svg").read_bytes()
    flat = flatten_svg(svg, scale=2.0)
    before, after = _pixels(svg), _pixels(flat)
    assert before.shape == after.shape
    diff = np.abs(before - after)
    # anti-aliasing where merged outlines meet may move a grey level; no stroke, fill or glyph may go or move
    assert (diff > 96).mean() < 1e-4, f"{(diff > 96).sum()} pixels changed"
    assert diff.mean() < 0.5, diff.mean()
    assert _elements(flat) <= _elements(svg)


def test_a_large_network_is_drawn_in_far_fewer_elements() -> None:
    svg = draw(", ".join(f"a{k} b{k}, b{k} a{k + 1}" for k in range(60)) + " -> a0 a60").render("svg")  # a ring
    flat = flatten_svg(svg, scale=2.0)
    tags = [e.tag.rsplit("}", 1)[-1] for e in ET.fromstring(flat).iter()]
    assert tags.count("path") <= 4 and "circle" not in tags, sorted(set(tags))  # wires one path, shapes another
    assert tags.count("text") <= 4  # the labels: one <text> per face, each letter at its own place
    assert sorted(_letters(flat)) == sorted(_letters(svg))  # every label kept at a readable size
    assert _elements(flat) < 0.7 * _elements(svg)


def test_labels_too_small_to_read_are_left_out_of_a_png_only() -> None:
    svg = draw("ij,jk->ik").render("svg")
    sizes = [float(s) for s in re.findall(rb'<text[^>]*font-size="([0-9.]+)"', svg)]
    tiny = MIN_LABEL_PIXELS / max(sizes) * 0.99  # every label under the threshold at this scale
    assert b"<text" not in flatten_svg(svg, scale=tiny)
    assert sorted(_letters(flatten_svg(svg, scale=tiny * 1.02 * max(sizes) / min(sizes)))) == sorted(_letters(svg))
    assert sorted(_letters(flatten_svg(svg))) == sorted(_letters(svg))  # a PDF (no scale) keeps every label


def test_labels_are_drawn_over_shapes_and_keep_their_styles() -> None:
    svg = (GALLERY / "18b-gpt2-vertical.svg").read_bytes()
    flat = ET.fromstring(flatten_svg(svg, scale=2.0))
    order = [e.tag.rsplit("}", 1)[-1] for e in flat]
    last_shape = max(k for k, t in enumerate(order) if t in ("path", "circle", "polygon"))
    first_text = min(k for k, t in enumerate(order) if t == "text")
    assert first_text > 0 and last_shape < len(order)
    assert all(t.get("font-family") for t in flat.iter(f"{{{flat.tag.split('}')[0][1:]}}}text"))


def test_a_png_of_5000_operands_on_one_index_fits_its_bound(tmp_path: Path) -> None:
    from .conftest import run_limited

    out = tmp_path / "out.png"
    proc = run_limited(["einsum", "-", "-o", str(out)], stdin=(",".join(["a"] * 5000) + "->a").encode())
    assert proc.returncode == 0, proc.stderr.decode()[-800:]
    assert out.read_bytes().startswith(b"\x89PNG")


LETTER_FIGURES = ["06b-trace-cyclic-transposes", "08b-top-line-first", "13b-svd-sum-of-outer-products",
                  "15b-tensor-train-by-svds", "21a-attention-block"]
"""Scripts, stacked scripts (``dx``), spaced operators, a cost table and centred words."""


def _unmerged(svg: bytes, scale: float | None) -> bytes:
    from tensordiag.render import flatten

    original = flatten.merge_labels
    flatten.merge_labels = lambda elements, scale: elements  # type: ignore[assignment]
    try:
        return flatten.flatten_svg(svg, scale=scale)
    finally:
        flatten.merge_labels = original  # type: ignore[assignment]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
@pytest.mark.parametrize("stem", LETTER_FIGURES)
def test_labels_merged_into_one_text_per_face_put_every_letter_where_it_was(stem: str, tmp_path: Path) -> None:
    """render/letters.py sets each letter where cairosvg set it in its own label (to the 0.001 px it writes):
    the PDF, rasterised by poppler at 300 dpi, and the PNG are the same picture within anti-aliasing (poppler may
    snap a glyph moved by 0.001 px to the next pixel)."""
    import cairosvg

    svg = (GALLERY / f"{stem}.svg").read_bytes()
    merged = flatten_svg(svg)
    assert merged.count(b"<text") < _unmerged(svg, None).count(b"<text")
    pictures = []
    for name, flat in (("before", _unmerged(svg, None)), ("after", merged)):
        (tmp_path / f"{name}.pdf").write_bytes(cairosvg.svg2pdf(bytestring=flat))
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", f"{name}.pdf", name], cwd=tmp_path,
                       check=True, capture_output=True)
        pictures.append(np.asarray(Image.open(tmp_path / f"{name}.png")).astype(int))
    before, after = pictures
    assert before.shape == after.shape
    assert (np.abs(before - after) > 96).mean() < 1e-4 and np.abs(before - after).mean() < 0.1
    before, after = _pixels(_unmerged(svg, 2.0)), _pixels(flatten_svg(svg, scale=2.0))
    assert (np.abs(before - after) > 96).mean() < 1e-4 and np.abs(before - after).mean() < 0.2
