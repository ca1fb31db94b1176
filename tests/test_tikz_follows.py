"""Moving a tensor in the TikZ brings its wires and labels along (issue 14).

For several figures: one tensor's ``\\coordinate`` line is edited in the .tex, which pdflatex compiles; the same
spec with every tensor pinned where it was, and that one pinned at the new place, is drawn by tensordiag and
compiled too. Both pictures are rasterised by pdftoppm in the same frame (a fixed ``\\useasboundingbox``).

The measure, **stray ink**: the share of one picture's ink pixels farther than 0.6 mm from any ink pixel of the
other, the larger of the two directions. It is 0 for the same picture; a wire left pointing at the old place, or
a label left behind, is a whole stroke of stray ink (several per cent). Label placement may legitimately differ
a little (tensordiag's placer may pick another spot around the new layout: the moves below are ones where it
keeps its choice), hence a small bound, not zero. Without the leg labels the bound is tighter: the wires and
shapes themselves must match.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

from tensordiag import draw, load

from .conftest import SPECS, compile_tex

ROOT = Path(__file__).resolve().parent.parent
DPI = 100
NEAR_MM = 0.6
BOUND = 0.03
BOUND_UNLABELLED = 0.01

# (spec, tensor, how far it moves in cm)
MOVES = [
    (SPECS / "core-matvec.yaml", "v", (0.6, 0.5)),
    (SPECS / "core-trace-product.yaml", "B", (0.4, 0.8)),
    (SPECS / "bundles-declared.yaml", "y", (0.9, 0)),
    (ROOT / "gallery" / "16a-mps.yaml", "A3", (0.3, 0.7)),
    # a wide label beside a thick (2.7 pt) wire that the move turns by 14°: it must move off the wire as the
    # placer moves it, not keep its distance from the centre line (its corner touched the wire: 4.2 %)
    (SPECS / "core-styled.yaml", "W_up", (0.5, 0.6)),
]


def _pinned(spec: Path, name: str, move: tuple[float, float]) -> tuple[str, tuple[float, float]]:
    """The figure as tensordiag draws it with every tensor pinned where it was and ``name`` moved by ``move``."""
    tensors = {t["name"]: (t["x"], t["y"]) for t in json.loads(load(spec).render("json"))["tensors"]}
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["tensors"] = dict(data.get("tensors") or {})
    for t, (x, y) in tensors.items():
        if t == name:
            x, y = round(x + move[0], 3), round(y + move[1], 3)
        data["tensors"][t] = {**(data["tensors"].get(t) or {}), "at": [x, y]}
    return draw(data).tikz(), tensors[name]


def _unlabelled(tex: str) -> str:
    return re.sub(r"(?m)^(?:\\node|\\path let .* in node)\[td leg[],].*\n", "", tex)


def _framed(tex: str) -> str:
    return tex.replace(r"\begin{tikzpicture}[td picture]",
                       r"\begin{tikzpicture}[td picture]" + "\n\\useasboundingbox (-4,-4) rectangle (12,4);", 1)


def _ink(tex: str, workdir: Path, name: str) -> np.ndarray:
    pdf = compile_tex(_framed(tex), workdir, name)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", pdf.name, name], cwd=workdir,
                   check=True, timeout=60)
    return np.asarray(Image.open(workdir / f"{name}.png").convert("L")) < 160


def _grown(ink: np.ndarray, radius: int) -> np.ndarray:
    out = ink.copy()
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if dx * dx + dy * dy <= radius * radius:
                out |= np.roll(np.roll(ink, dy, axis=0), dx, axis=1)
    return out


def stray_ink(a: np.ndarray, b: np.ndarray) -> float:
    """The larger share of either picture's ink farther than NEAR_MM from the other's."""
    radius = round(NEAR_MM / 25.4 * DPI)
    return max(float((a & ~_grown(b, radius)).sum() / max(a.sum(), 1)),
               float((b & ~_grown(a, radius)).sum() / max(b.sum(), 1)))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
@pytest.mark.parametrize("spec, name, move", MOVES, ids=lambda v: getattr(v, "stem", None))
def test_a_tensor_moved_in_the_tikz_matches_the_figure_drawn_with_it_pinned_there(
        spec: Path, name: str, move: tuple[float, float], tmp_path: Path) -> None:
    from tensordiag.geometry import safe_id

    tex = load(spec).tikz()
    expected, (x, y) = _pinned(spec, name, move)
    line = re.compile(r"\\coordinate \(" + re.escape(safe_id(name)) + r"\) at \([^)]*\);")
    assert len(line.findall(tex)) == 1, "the tensor has one coordinate line"
    edited = line.sub(lambda _: rf"\coordinate ({safe_id(name)}) at ({x + move[0]:.3f},{y + move[1]:.3f});", tex)
    kept = _pinned(spec, name, (0, 0))[0]
    before = stray_ink(_ink(tex, tmp_path, "original"), _ink(kept, tmp_path, "kept"))
    assert before < 0.005, f"pinning every tensor where it was changes the figure ({before:.1%} stray ink)"
    moved = stray_ink(_ink(edited, tmp_path, "edited"), _ink(expected, tmp_path, "expected"))
    stale = stray_ink(_ink(tex, tmp_path, "stale"), _ink(expected, tmp_path, "expected2"))
    print(f"{spec.stem}: {moved:.2%} stray ink after the move ({stale:.2%} if nothing followed)")
    assert moved < BOUND, f"the hand-moved TikZ differs from tensordiag's own drawing: {moved:.1%} stray ink"
    assert stale > 2 * moved, f"the move is too small to test anything ({stale:.1%} vs {moved:.1%})"
    bare = stray_ink(_ink(_unlabelled(edited), tmp_path, "bare"), _ink(_unlabelled(expected), tmp_path, "bare2"))
    assert bare < BOUND_UNLABELLED, f"the moved wires and shapes differ: {bare:.1%} stray ink"


def test_a_junction_dot_sits_at_its_tensors_mean_plus_its_offset() -> None:
    tex = load(SPECS / "core-three.yaml").tikz()
    at = dict(re.findall(r"\\coordinate \(([^)]*)\) at \((-?[\d.]+,-?[\d.]+)\);", tex))
    dot = re.search(r"\\coordinate \(dot-beta\) at \(\$(.*)\$\);", tex)
    assert dot, "the dot is written from its neighbours"
    terms = re.findall(r"1/(\d)\*\(([^)]*)\)", dot.group(1))
    assert sorted(n for _, n in terms) == ["A", "B", "v"]
    shift = re.search(r"\+\((-?[\d.]+),(-?[\d.]+)\)$", dot.group(1))
    assert shift
    x = sum(float(at[n].split(",")[0]) for _, n in terms) / 3 + float(shift.group(1))
    y = sum(float(at[n].split(",")[1]) for _, n in terms) / 3 + float(shift.group(2))
    laid = next(d for d in json.loads(load(SPECS / "core-three.yaml").render("json"))["dots"])
    assert abs(x - laid["x"]) < 2e-3 and abs(y - laid["y"]) < 2e-3, (x, y, laid)
