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
LEG_DIRECTIONS = 24
"""Directions tried for a free leg besides the middle of the widest angle between its tensor's bonds."""
LEG_ROOM = 0.45
"""A leg this far (in bonds) from every other node is clear enough: beyond it, the angle from its own
bonds decides."""


def _side(o: np.ndarray, s: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (s[..., 0] - o[..., 0]) * (w[..., 1] - o[..., 1]) - (s[..., 1] - o[..., 1]) * (w[..., 0] - o[..., 0])


def _grouped(i: np.ndarray, j: np.ndarray, n: int) -> list[np.ndarray]:
    """``j`` split by ``i`` (sorted): the partners of each of ``0 … n − 1``."""
    cut = np.searchsorted(i, np.arange(n + 1))
    return [j[cut[k]:cut[k + 1]] for k in range(n)]


def leg_angles(xy: np.ndarray, edges: np.ndarray, tips: list[int]) -> list[float]:
    """For each node in ``tips``, the direction (degrees) of its free legs: of :data:`LEG_DIRECTIONS` ways
    and the middle of the widest angle between its bonds, the one whose leg (:data:`LEG` long) crosses the
    fewest bonds, then keeps farthest (up to :data:`LEG_ROOM`) from other nodes, then from its own bonds."""
    n = len(xy)
    ea, eb = edges[:, 0], edges[:, 1]
    p_all, q_all = xy[ea], xy[eb]
    k_b, e_b = meeting(xy - LEG, xy + LEG, np.minimum(p_all, q_all), np.maximum(p_all, q_all), LEG)
    near_bonds = _grouped(k_b, e_b, n)
    reach = LEG + LEG_ROOM
    k_n, v_n = meeting(xy - reach, xy + reach, xy, xy, reach)
    near_nodes = _grouped(k_n, v_n, n)
    neighbours = _grouped(*np.unique(np.concatenate([edges, edges[:, ::-1]]), axis=0).T, n)
    out = []
    for k in tips:
        other = neighbours[k][neighbours[k] != k]
        bonds = np.sort(np.arctan2(xy[other, 1] - xy[k, 1], xy[other, 0] - xy[k, 0]))
        gaps = (np.roll(bonds, -1) - bonds) % (2 * math.pi)
        gaps[gaps == 0] = 2 * math.pi
        widest = float(bonds[int(np.argmax(gaps))] + gaps.max() / 2) if len(bonds) else math.pi / 2
        candidates = np.array([widest] + [2 * math.pi * j / LEG_DIRECTIONS for j in range(LEG_DIRECTIONS)])
        ends = xy[k] + LEG * np.stack([np.cos(candidates), np.sin(candidates)], axis=1)
        start = np.broadcast_to(xy[k], ends.shape)
        local = near_bonds[k]
        local = local[(ea[local] != k) & (eb[local] != k)]
        p, q = xy[ea[local]], xy[eb[local]]
        r, t = start[:, None, :], ends[:, None, :]
        crossed = ((_side(r, t, p) * _side(r, t, q) < -1e-12) & (_side(p, q, r) * _side(p, q, t) < -1e-12)).sum(axis=1)
        seg = ends - start
        others = near_nodes[k][near_nodes[k] != k]
        w = xy[others][None, :, :] - start[:, None, :]
        along = np.clip((w * seg[:, None, :]).sum(axis=-1) / (LEG * LEG), 0.0, 1.0)
        near = np.hypot(*(w - along[..., None] * seg[:, None, :]).transpose(2, 0, 1)).min(axis=1, initial=np.inf)
        apart = np.abs((candidates[:, None] - bonds[None, :] + math.pi) % (2 * math.pi) - math.pi).min(axis=1) \
            if len(bonds) else np.full(len(candidates), math.pi)
        score = [(int(c), -round(min(float(d), LEG_ROOM), 6), -round(float(a), 6), j)
                 for j, (c, d, a) in enumerate(zip(crossed, near, apart))]
        out.append(round(math.degrees(float(candidates[min(score)[3]])) % 360, 3))
    return out
