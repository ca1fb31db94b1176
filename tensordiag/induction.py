"""The post's toy induction head, evaluated numerically, and its attention pattern as a heatmap.

The last section of the post builds a "virtual attention head" from the K-composition of two heads:
a previous-token head in layer 1 (``W_O W_V`` and the fixed pattern ``A``) feeding the key side of
a head in layer 2 (``W_Q W_K``). The four weight matrices compose to ``Match``, a semantic delta
(here exactly the identity: ``W_V`` and ``W_Q`` are random orthogonal matrices and ``W_O = W_V^T``,
``W_K = W_Q``), so the layer-2 score of query ``q`` and key ``k`` is the overlap of the token at
``q`` with the token the previous-token head copied into ``k``, i.e. the token at ``k - 1``.

The post writes the previous-token pattern as ``A_{k,q} = δ_{k,q+1}`` and fixes its meaning in
prose: an index ``pos`` on its key side maps to ``pos + 1`` on its query side ("always just attending
to the previous token"). Here it is the array ``A[query, key] = 1`` when ``query == key + shift``
with ``shift=1``; ``shift=0`` is the broken variant ``δ(k, q)`` that attends to the token itself.

Scores come from one ``numpy.einsum`` over the network's tensors (the one-hot input
``x = δ_{seq_pos, token_ID}``, the embedding, the four weight matrices and ``A``); the pattern is a
causally masked softmax over the key position.

>>> p = induction_pattern(seed=0, tokens=8, hidden=32)
>>> p.shape
(16, 16)
>>> verify(p, 8)[0]
True
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from .errors import CheckError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SCORES_EINSUM = "pt,td,ad,ae,ef,fg,kj,js,sg->pk"
"""Layer-2 scores of the virtual head, operands in :data:`SCORE_OPERANDS` order."""

SCORE_OPERANDS = ("x", "E", "W_Q", "W_K", "W_O", "W_V", "A", "x", "E")
"""``x[p,t] E[t,d]`` is the query-side residual stream, ``W_Q[a,d] W_K[a,e]`` the layer-2 query-key
bilinear form, ``W_O[e,f] W_V[f,g]`` the layer-1 output-value map, ``A[k,j]`` the layer-1 pattern
(query ``k``, key ``j``) and ``x[j,s] E[s,g]`` the key-side residual stream."""


def _orthogonal(rng: np.random.Generator, n: int) -> NDArray[np.float64]:
    import numpy as np

    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))  # Haar-distributed, sign convention fixed


def induction_network(seed: int = 0, *, tokens: int = 16, hidden: int = 64, repeats: int = 2,
                      shift: int = 1) -> dict[str, NDArray[np.float64]]:
    """The tensors of the virtual induction head, on ``tokens`` random tokens repeated ``repeats`` times.

    Keys: ``x`` (position × token one-hot, the post's ``δ_{seq_pos, token_ID}``), ``E`` (token ×
    hidden, random unit rows), ``W_Q``, ``W_K`` (head × hidden), ``W_O`` (hidden × head), ``W_V``
    (head × hidden), ``A`` (layer-1 pattern, query × key, ``A[q, k] = δ(q, k + shift)``).
    The token order within a period is a seeded random permutation.
    """
    import numpy as np

    for name, value, least in (("tokens", tokens, 2), ("hidden", hidden, 1), ("repeats", repeats, 2)):
        if not isinstance(value, int) or value < least:
            raise CheckError(f"induction head: {name} must be an integer >= {least}, got {value!r}")
    if not isinstance(shift, int) or shift < 0:
        raise CheckError(f"induction head: shift must be an integer >= 0, got {shift!r}")
    rng = np.random.default_rng(seed)
    embed = rng.standard_normal((tokens, hidden))
    embed /= np.linalg.norm(embed, axis=1, keepdims=True)
    order = np.tile(rng.permutation(tokens), repeats)
    n = tokens * repeats
    onehot = np.zeros((n, tokens))
    onehot[np.arange(n), order] = 1.0
    w_v = _orthogonal(rng, hidden)
    w_q = _orthogonal(rng, hidden)
    prev = np.eye(n, k=-shift)  # prev[q, k] = 1 where q == k + shift
    return {"x": onehot, "E": embed, "W_Q": w_q, "W_K": w_q.copy(), "W_O": w_v.T.copy(), "W_V": w_v, "A": prev}


def match_tensor(net: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """``Match[d, g] = W_Q[a,d] W_K[a,e] W_O[e,f] W_V[f,g]``: the composed semantic delta (hidden × hidden)."""
    import numpy as np

    return np.einsum("ad,ae,ef,fg->dg", net["W_Q"], net["W_K"], net["W_O"], net["W_V"], optimize=True)


def induction_scores(net: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """Pre-softmax layer-2 scores (query × key), contracted from the network's tensors."""
    import numpy as np

    return np.einsum(SCORES_EINSUM, *(net[name] for name in SCORE_OPERANDS), optimize=True)


def causal_softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Softmax over the key axis with keys after the query masked out (their weight is exactly 0)."""
    import numpy as np

    n = scores.shape[0]
    allowed = np.tril(np.ones((n, n), dtype=bool))
    masked = np.where(allowed, scores, -np.inf)
    weights = np.exp(masked - masked.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


def induction_pattern(seed: int = 0, *, tokens: int = 16, hidden: int = 64, scale: float = 8.0,
                      repeats: int = 2, shift: int = 1) -> NDArray[np.float64]:
    """The toy induction head's attention pattern (query × key) on a repeating sequence of random vectors.

    ``scale`` multiplies the scores before the softmax (an inverse temperature: a matching token
    scores ``scale``, an unrelated one about ``scale / sqrt(hidden)`` times a standard normal).
    ``shift=0`` gives the broken ``δ(k, q)`` layer-1 pattern.
    """
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise CheckError(f"induction head: scale must be a finite number > 0, got {scale!r}")
    net = induction_network(seed, tokens=tokens, hidden=hidden, repeats=repeats, shift=shift)
    return causal_softmax(scale * induction_scores(net))


def verify(pattern: NDArray[np.float64], sequence_period: int) -> tuple[bool, str]:
    """Does every query after the first period attend most to a key right after an earlier occurrence of its token?

    For a sequence repeating with period ``T``, query ``q >= T`` should have its argmax at key
    ``q - T + 1`` (the position after the previous occurrence) or, from the third repeat on, at
    ``q - mT + 1`` for another ``m >= 1``: this head matches tokens and does not prefer recent ones,
    so every earlier occurrence scores alike. Returns ``(ok, detail)``; the detail gives the number
    of queries checked, the mean and least attention mass on those keys, and the first query that misses.
    """
    import numpy as np

    arr = np.asarray(pattern, dtype=float)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise CheckError(f"induction check: the pattern must be a square query × key matrix, got shape {arr.shape}")
    n = arr.shape[0]
    if not isinstance(sequence_period, int) or not 1 <= sequence_period < n:
        raise CheckError(f"induction check: sequence_period must be an integer in 1..{n - 1} "
                         f"for a {n} × {n} pattern, got {sequence_period!r}")
    misses: list[int] = []
    masses: list[float] = []
    for q in range(sequence_period, n):
        expected = list(range(q - sequence_period + 1, 0, -sequence_period))
        masses.append(float(arr[q, expected].sum()))
        if int(arr[q].argmax()) not in expected:
            misses.append(q)
    checked = n - sequence_period
    stats = f"mean attention on the expected keys {np.mean(masses):.3f} (least {min(masses):.3f})"
    if misses:
        q = misses[0]
        return False, (f"{len(misses)} of {checked} queries miss: query {q} attends most to key "
                       f"{int(arr[q].argmax())}, expected {q - sequence_period + 1}; {stats}")
    return True, f"all {checked} queries after the first period attend to the next token's position; {stats}"


# ----------------------------------------------------------------------------------------------- heatmap

RAMP = ((0.0, (255, 255, 255)), (0.25, (198, 219, 239)), (0.5, (107, 174, 214)),
        (0.75, (33, 113, 181)), (1.0, (8, 48, 107)))
"""White to dark blue, lightness falling monotonically, so the map reads the same in greyscale."""

HEAT_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
CELL = 12.0
MARGIN = {"left": 66.0, "top": 40.0, "right": 86.0, "bottom": 52.0}


def ramp_colour(t: float) -> str:
    """The ramp's colour at ``t`` in [0, 1] (clipped), as ``#rrggbb``."""
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


def heatmap_context(pattern: NDArray[np.float64], title: str, row_label: str, col_label: str, *,
                    vmin: float = 0.0, vmax: float = 1.0, boundaries: tuple[int, ...] = ()) -> dict[str, object]:
    """Everything ``svg/heatmap.svg.j2`` draws, with every number already formatted."""
    import numpy as np

    from .render import fmt

    arr = np.asarray(pattern, dtype=float)
    if arr.ndim != 2 or 0 in arr.shape:
        raise CheckError(f"heatmap: expected a non-empty matrix, got shape {arr.shape}")
    if not (math.isfinite(vmin) and math.isfinite(vmax) and vmax > vmin):
        raise CheckError(f"heatmap: need finite vmin < vmax, got vmin={vmin!r}, vmax={vmax!r}")
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


def heatmap_svg(pattern: NDArray[np.float64], title: str, row_label: str = "query position (q)",
                col_label: str = "key position (k)", *, vmin: float = 0.0, vmax: float = 1.0,
                boundaries: tuple[int, ...] = ()) -> str:
    """The matrix as a standalone SVG heatmap: row 0 at the top, a colour bar from ``vmin`` to ``vmax``.

    ``boundaries`` draws thin lines before those row and column indices (the repeat boundary, say).
    Every cell is a ``<rect class="cell">`` carrying ``data-row``, ``data-col`` and ``data-value``.
    """
    from .render.templating import render_template

    return render_template("svg/heatmap.svg.j2", **heatmap_context(
        pattern, title, row_label, col_label, vmin=vmin, vmax=vmax, boundaries=boundaries))


def induction_figure(seed: int = 0, *, tokens: int = 16, hidden: int = 64, scale: float = 8.0) -> tuple[str, bool, str]:
    """The gallery figure: ``(svg, ok, detail)`` for the toy induction head on ``tokens`` tokens repeated twice."""
    pattern = induction_pattern(seed, tokens=tokens, hidden=hidden, scale=scale)
    ok, detail = verify(pattern, tokens)
    title = f"Toy induction head: attention on {tokens} random tokens repeated twice"
    return heatmap_svg(pattern, title, boundaries=(tokens,)), ok, detail
