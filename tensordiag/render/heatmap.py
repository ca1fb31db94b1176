"""A matrix as a standalone SVG heatmap (``svg/heatmap.svg.j2``): an experiment's numbers, drawn.

Row 0 at the top, one ``<rect class="cell">`` per entry carrying ``data-row``, ``data-col`` and
``data-value``, a colour bar from ``vmin`` to ``vmax``, and every number formatted by :func:`fmt`.
It takes plain arguments (the matrix, its title and axis labels), so it knows nothing of experiments.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from ..errors import RenderError
from . import fmt
from .templating import render_template

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

RAMP = ((0.0, (255, 255, 255)), (0.25, (198, 219, 239)), (0.5, (107, 174, 214)),
        (0.75, (33, 113, 181)), (1.0, (8, 48, 107)))
"""White to dark blue, lightness falling monotonically, so the map reads the same in greyscale."""

HEAT_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
CELL = 12.0
MARGIN = {"left": 66.0, "top": 40.0, "right": 86.0, "bottom": 52.0}


def ramp_colour(t: float) -> str:
    """The ramp's colour at ``t`` in [0, 1] (clipped), as ``#rrggbb``.

    >>> ramp_colour(0.0), ramp_colour(1.0)
    ('#ffffff', '#08306b')
    """
    t = min(1.0, max(0.0, t)) if math.isfinite(t) else 0.0
    for (t0, c0), (t1, c1) in zip(RAMP, RAMP[1:]):
        if t <= t1:
            u = (t - t0) / (t1 - t0)
            return "#" + "".join(f"{round(a + (b - a) * u):02x}" for a, b in zip(c0, c1))
    return "#%02x%02x%02x" % RAMP[-1][1]


def _tick_step(n: int) -> int:
    for step in (1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100):
        if n / step <= 8:
            return step
    return max(1, n // 8)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "heatmap"


def heatmap_context(matrix: NDArray[np.float64], title: str, row_label: str, col_label: str, *,
                    vmin: float = 0.0, vmax: float = 1.0, boundaries: tuple[int, ...] = ()) -> dict[str, object]:
    """Everything ``svg/heatmap.svg.j2`` draws, with every number already formatted."""
    import numpy as np

    arr = np.asarray(matrix, dtype=float)
    if arr.ndim != 2 or 0 in arr.shape:
        raise RenderError(f"heatmap: expected a non-empty matrix, got shape {arr.shape}")
    if not (math.isfinite(vmin) and math.isfinite(vmax) and vmax > vmin):
        raise RenderError(f"heatmap: need finite vmin < vmax, got vmin={vmin!r}, vmax={vmax!r}")
    rows, cols = arr.shape
    x0, y0 = MARGIN["left"], MARGIN["top"]
    w, h = cols * CELL, rows * CELL
    cells = []
    for i in range(rows):
        for j in range(cols):
            v = float(arr[i, j])
            cells.append({"x": fmt(x0 + j * CELL), "y": fmt(y0 + i * CELL),
                          "fill": ramp_colour((v - vmin) / (vmax - vmin)),
                          "row": i, "col": j, "value": fmt(v)})
    row_ticks = [{"x": fmt(x0 - 4), "y": fmt(y0 + (i + 0.5) * CELL + 3.5), "x1": fmt(x0 - 2.5), "x2": fmt(x0),
                  "ty": fmt(y0 + (i + 0.5) * CELL), "text": str(i)} for i in range(0, rows, _tick_step(rows))]
    col_ticks = [{"x": fmt(x0 + (j + 0.5) * CELL), "y": fmt(y0 + h + 14), "y1": fmt(y0 + h), "y2": fmt(y0 + h + 2.5),
                  "tx": fmt(x0 + (j + 0.5) * CELL), "text": str(j)} for j in range(0, cols, _tick_step(cols))]
    lines = []
    for b in boundaries:
        if 0 < b < rows:
            lines.append({"x1": fmt(x0), "y1": fmt(y0 + b * CELL), "x2": fmt(x0 + w), "y2": fmt(y0 + b * CELL)})
        if 0 < b < cols:
            lines.append({"x1": fmt(x0 + b * CELL), "y1": fmt(y0), "x2": fmt(x0 + b * CELL), "y2": fmt(y0 + h)})
    bar_x, bar_w = x0 + w + 22, 12.0
    bar_ticks = []
    for k in range(5):
        frac = k / 4
        y = y0 + h * (1 - frac)
        bar_ticks.append({"y": fmt(y), "ty": fmt(y + 3.5), "text": fmt(vmin + (vmax - vmin) * frac)})
    uid = _slug(title)
    return {
        "id": uid, "title": title, "row_label": row_label, "col_label": col_label, "font": HEAT_FONT,
        "width": fmt(x0 + w + MARGIN["right"]), "height": fmt(y0 + h + MARGIN["bottom"]),
        "cell": fmt(CELL), "cells": cells, "rows": rows, "cols": cols,
        "frame": {"x": fmt(x0), "y": fmt(y0), "w": fmt(w), "h": fmt(h)},
        "title_pos": {"x": fmt(x0 + w / 2), "y": fmt(y0 - 16)},
        "row_label_pos": {"x": fmt(x0 - 30), "y": fmt(y0 + h / 2)},
        "col_label_pos": {"x": fmt(x0 + w / 2), "y": fmt(y0 + h + 36)},
        "row_ticks": row_ticks, "col_ticks": col_ticks, "lines": lines,
        "bar": {"x": fmt(bar_x), "y": fmt(y0), "w": fmt(bar_w), "h": fmt(h), "tick_x1": fmt(bar_x + bar_w),
                "tick_x2": fmt(bar_x + bar_w + 3), "text_x": fmt(bar_x + bar_w + 5)},
        "bar_ticks": bar_ticks,
        "stops": [{"offset": fmt(1 - t), "colour": "#%02x%02x%02x" % c} for t, c in reversed(RAMP)],
    }


def heatmap_svg(matrix: NDArray[np.float64], title: str, row_label: str = "query position (q)",
                col_label: str = "key position (k)", *, vmin: float = 0.0, vmax: float = 1.0,
                boundaries: tuple[int, ...] = ()) -> str:
    """The matrix as a standalone SVG heatmap: row 0 at the top, a colour bar from ``vmin`` to ``vmax``.

    ``boundaries`` draws thin dashed lines before those row and column indices (the repeat boundary, say).

    >>> svg = heatmap_svg([[1.0, 0.0], [0.5, 0.5]], "A <small> one", boundaries=(1,))
    >>> svg.count('class="cell"'), 'data-value="0.5"' in svg, "&lt;small&gt;" in svg
    (4, True, True)
    """
    return render_template("svg/heatmap.svg.j2", **heatmap_context(
        matrix, title, row_label, col_label, vmin=vmin, vmax=vmax, boundaries=boundaries))
