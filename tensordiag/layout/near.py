"""Which boxes in the plane may meet: a grid of square cells, each box listed in every cell it covers,
and two boxes a candidate pair when they share a cell. Linear in the boxes, the cells they cover and the
pairs found, where comparing every box with every other is quadratic: the planar layout's refinement
asks this every sweep (node near node, node near bond, bond across bond).

>>> import numpy as np
>>> low = np.array([[0.0, 0.0], [0.5, 0.5], [5.0, 5.0]])
>>> a, b = meeting(low, low + 1.0, low, low + 1.0, 1.0)
>>> [(int(i), int(j)) for i, j in zip(a, b) if i < j]
[(0, 1)]
"""

from __future__ import annotations

import numpy as np


def _cells(low: np.ndarray, high: np.ndarray, size: float, origin: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (box, cell) pair: each box with each cell of the grid its bounding box covers."""
    lo = np.floor((low - origin) / size).astype(np.int64)
    hi = np.floor((high - origin) / size).astype(np.int64)
    wide, tall = hi[:, 0] - lo[:, 0] + 1, hi[:, 1] - lo[:, 1] + 1
    count = wide * tall
    box = np.repeat(np.arange(len(low)), count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    x = lo[box, 0] + k % wide[box]
    y = lo[box, 1] + k // wide[box]
    return box, x * span + y


def meeting(low_a: np.ndarray, high_a: np.ndarray, low_b: np.ndarray, high_b: np.ndarray,
            size: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(i, j)``, each once and in sorted order, of a box of A and a box of B that share a cell
    of side ``size``: every pair whose boxes meet is among them (exact tests are the caller's)."""
    if not len(low_a) or not len(low_b):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    origin = np.minimum(low_a.min(axis=0), low_b.min(axis=0))
    top = np.maximum(high_a.max(axis=0), high_b.max(axis=0))
    span = int(np.floor((top[1] - origin[1]) / size)) + 2
    box_a, key_a = _cells(low_a, high_a, size, origin, span)
    box_b, key_b = _cells(low_b, high_b, size, origin, span)
    order = np.argsort(key_b, kind="stable")
    key_b, box_b = key_b[order], box_b[order]
    start = np.searchsorted(key_b, key_a, side="left")
    count = np.searchsorted(key_b, key_a, side="right") - start
    i = np.repeat(box_a, count)
    j = box_b[np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count) + np.repeat(start, count)]
    code = np.sort(i * len(low_b) + j)
    code = code[np.concatenate(([True], code[1:] != code[:-1]))] if len(code) else code
    return code // len(low_b), code % len(low_b)
