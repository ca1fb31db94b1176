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
    of side ``size``: every pair whose boxes meet is among them (exact tests are the caller's). A box over
    more than :data:`BIG` cells is compared with every box of the other set instead, by its bounds."""
    if not len(low_a) or not len(low_b):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    size = max(size, float(np.ptp(np.concatenate([low_a, high_a, low_b, high_b]))) * 1e-9, 1e-300)
    big_a, big_b = _span(low_a, high_a, size) > BIG, _span(low_b, high_b, size) > BIG
    found = [_grid(low_a, high_a, low_b, high_b, size, ~big_a, ~big_b)]
    for i in np.flatnonzero(big_a):  # a long box against every box of B
        j = np.flatnonzero((low_b <= high_a[i]).all(axis=1) & (high_b >= low_a[i]).all(axis=1))
        found.append(i * len(low_b) + j)
    for j in np.flatnonzero(big_b):
        i = np.flatnonzero((low_a <= high_b[j]).all(axis=1) & (high_a >= low_b[j]).all(axis=1))
        found.append(i * len(low_b) + j)
    code = np.sort(np.concatenate(found))
    code = code[np.concatenate(([True], code[1:] != code[:-1]))] if len(code) else code
    return code // len(low_b), code % len(low_b)


BIG = 64
"""A box over more cells than this is compared with the other set by its bounds, not through the grid."""


def _span(low: np.ndarray, high: np.ndarray, size: float) -> np.ndarray:
    """How many cells of side ``size`` each box covers."""
    span = np.floor(high / size) - np.floor(low / size) + 1
    return span[:, 0] * span[:, 1]


def _grid(low_a: np.ndarray, high_a: np.ndarray, low_b: np.ndarray, high_b: np.ndarray, size: float,
          use_a: np.ndarray, use_b: np.ndarray) -> np.ndarray:
    """The pairs (as ``i * len(B) + j``) of the boxes of A and B in use that share a cell."""
    ia, ib = np.flatnonzero(use_a), np.flatnonzero(use_b)
    if not len(ia) or not len(ib):
        return np.zeros(0, dtype=np.int64)
    origin = np.minimum(low_a[ia].min(axis=0), low_b[ib].min(axis=0))
    top = np.maximum(high_a[ia].max(axis=0), high_b[ib].max(axis=0))
    span = int(np.floor((top[1] - origin[1]) / size)) + 2
    box_a, key_a = _cells(low_a[ia], high_a[ia], size, origin, span)
    box_b, key_b = _cells(low_b[ib], high_b[ib], size, origin, span)
    order = np.argsort(key_b, kind="stable")
    key_b, box_b = key_b[order], box_b[order]
    start = np.searchsorted(key_b, key_a, side="left")
    count = np.searchsorted(key_b, key_a, side="right") - start
    i = ia[np.repeat(box_a, count)]
    j = ib[box_b[np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count) + np.repeat(start, count)]]
    return i * len(low_b) + j
