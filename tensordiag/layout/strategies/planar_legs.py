"""The planar strategy's free legs: each tensor's legs in the direction that crosses no bond and keeps
clear of the other tensors. Only the bonds and tensors near a tensor (found through the grid of
:mod:`..near`) are looked at, so the choice is linear in the size."""

from __future__ import annotations

import math

import numpy as np

from ..near import meeting

LEG = 0.75
"""How far (in bonds) a free leg is taken to reach when its direction is chosen (its drawn length is a
fraction of a bond that depends on the shapes and labels: this is the longest)."""
DRAWN = 0.4
"""About how long (in bonds) a free leg is drawn: first of all, a leg this long must cross no bond (in a thin
face a leg :data:`LEG` long crosses a bond whichever way it points)."""
LEG_DIRECTIONS = 24
"""Directions tried for a free leg besides the middle of the widest angle between its tensor's bonds."""
LEG_ROOM = 0.45
"""A leg this far (in bonds) from every other node is clear enough: beyond it, the angle from its own
bonds decides."""


def _side(o: np.ndarray, s: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (s[..., 0] - o[..., 0]) * (w[..., 1] - o[..., 1]) - (s[..., 1] - o[..., 1]) * (w[..., 0] - o[..., 0])


def _per(groups: np.ndarray, values: np.ndarray, n: int, how: np.ufunc, empty: float) -> np.ndarray:
    """``how`` (np.add or np.minimum) of the rows of ``values`` by their group (``groups`` sorted), for
    each of ``0 … n − 1``; ``empty`` where a group has no rows."""
    out = np.full((n,) + values.shape[1:], empty, dtype=float)
    if len(groups):
        starts = np.flatnonzero(np.concatenate(([True], groups[1:] != groups[:-1])))
        out[groups[starts]] = how.reduceat(values, starts, axis=0)
    return out


def _crosses(r: np.ndarray, t: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    return (_side(r, t, p) * _side(r, t, q) < -1e-12) & (_side(p, q, r) * _side(p, q, t) < -1e-12)


def leg_angles(xy: np.ndarray, edges: np.ndarray, tips: list[int]) -> list[float]:
    """For each node in ``tips``, the direction (degrees) of its free legs: of :data:`LEG_DIRECTIONS` ways
    and the middle of the widest angle between its bonds, the one whose leg crosses the fewest bonds when
    :data:`DRAWN` long, then when :data:`LEG` long, then keeps farthest (up to :data:`LEG_ROOM`) from other
    nodes, then from its own bonds. All tensors at once: each leg against the bonds and nodes near it."""
    n = len(xy)
    ea, eb = edges[:, 0], edges[:, 1]
    # the widest angle between each node's bonds
    k_o, w_o = np.unique(np.concatenate([edges, edges[:, ::-1]]), axis=0).T
    keep = k_o != w_o
    k_o, w_o = k_o[keep], w_o[keep]
    ang = np.arctan2(xy[w_o, 1] - xy[k_o, 1], xy[w_o, 0] - xy[k_o, 0])
    order = np.lexsort((ang, k_o))
    k_o, w_o, ang = k_o[order], w_o[order], ang[order]
    first = np.searchsorted(k_o, k_o, side="left")
    last = np.searchsorted(k_o, k_o, side="right") - 1
    after = np.where(np.arange(len(k_o)) == last, first, np.arange(len(k_o)) + 1)
    gap = (ang[after] - ang) % (2 * math.pi)
    gap[gap == 0] = 2 * math.pi
    best = np.lexsort((-np.arange(len(k_o)), gap, k_o))  # per node its widest gap last (the first of equals)
    widest = np.full(n, math.pi / 2)
    ends_of = np.flatnonzero(np.concatenate((k_o[best][1:] != k_o[best][:-1], [True]))) if len(k_o) else []
    widest[k_o[best][ends_of]] = ang[best][ends_of] + gap[best][ends_of] / 2
    candidates = np.concatenate([widest[:, None], np.broadcast_to(
        2 * math.pi * np.arange(LEG_DIRECTIONS) / LEG_DIRECTIONS, (n, LEG_DIRECTIONS))], axis=1)
    unit = np.stack([np.cos(candidates), np.sin(candidates)], axis=-1)  # n × 25 × 2
    # legs against the bonds near them
    p_all, q_all = xy[ea], xy[eb]
    k_b, e_b = meeting(xy - LEG, xy + LEG, np.minimum(p_all, q_all), np.maximum(p_all, q_all), LEG)
    keep = (ea[e_b] != k_b) & (eb[e_b] != k_b)
    k_b, e_b = k_b[keep], e_b[keep]
    r = xy[k_b][:, None, :]
    p, q = p_all[e_b][:, None, :], q_all[e_b][:, None, :]
    crossed = _per(k_b, _crosses(r, r + LEG * unit[k_b], p, q).astype(float), n, np.add, 0.0)
    short = _per(k_b, _crosses(r, r + DRAWN * unit[k_b], p, q).astype(float), n, np.add, 0.0)
    # legs against the nodes near them
    reach = LEG + LEG_ROOM
    k_n, v_n = meeting(xy - reach, xy + reach, xy, xy, reach)
    keep = k_n != v_n
    k_n, v_n = k_n[keep], v_n[keep]
    w = (xy[v_n] - xy[k_n])[:, None, :]
    along = np.clip((w * unit[k_n]).sum(axis=-1), 0.0, LEG)  # how far along the leg each node lies
    near = _per(k_n, np.hypot(*(w - along[..., None] * unit[k_n]).transpose(2, 0, 1)), n, np.minimum, np.inf)
    # legs against their own bonds' directions
    diff = np.abs((candidates[k_o] - ang[:, None] + math.pi) % (2 * math.pi) - math.pi)
    apart = _per(k_o, diff, n, np.minimum, math.pi)
    out = []
    rows = np.asarray(tips, dtype=int)
    if len(rows):
        j = np.broadcast_to(np.arange(LEG_DIRECTIONS + 1), (len(rows), LEG_DIRECTIONS + 1))
        keys = (j, -np.round(apart[rows], 6), -np.round(np.minimum(near[rows], LEG_ROOM), 6), crossed[rows], short[rows])
        pick = np.array([np.lexsort(tuple(key[i] for key in keys))[0] for i in range(len(rows))])
        out = [round(math.degrees(float(candidates[k, c])) % 360, 3) for k, c in zip(rows, pick)]
    return out
