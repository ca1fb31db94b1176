"""Where the heads strategy (:mod:`.heads`) puts a junction dot (a num-heads hyperedge): amid the tensors it joins,
at the first spot of a short list (the coordinate-wise median, a T; a spot level with one of them and under another,
near the mean; the mean; then spots around the mean) whose
wires cross no bond, pass no other tensor, and which lies on no bond. Positions in units of one bond."""

from __future__ import annotations

import math

from ...network import NodeId
from ...plane import on_segment, segment_enters_circle, segments_cross
from ..graph import Graph, Point

CLEAR = 0.3
"""The least distance (bonds) from a dot's wire to a tensor it does not join, and from a dot to any node."""
ALIGNED = 0.75
"""How far (bonds) from the mean a spot level with one joined tensor and upright under another may be, to be tried
after the median and before the mean."""
RINGS = (0.35, 0.5, 0.7, 1.0)
"""The distances (bonds) from the mean tried, eight directions each, when the median and the mean are taken."""


def place_dots(g: Graph, pos: dict[NodeId, Point], dots: list[NodeId]) -> None:
    """Place each of ``dots`` (in order) in ``pos``, in place; a dot's placed wires count for the next."""
    for d in dots:
        near = [pos[m] for m in g.adj[d] if m in pos]
        if not near:
            pos[d] = (0.0, 0.0)
            continue
        xs, ys = sorted(p[0] for p in near), sorted(p[1] for p in near)
        median = (_median(xs), _median(ys))
        mean = (sum(xs) / len(xs), sum(ys) / len(ys))
        aligned = sorted({(x, y) for x in xs for y in ys if math.dist((x, y), mean) <= ALIGNED}, key=lambda q: (
            math.dist(q, mean), q))  # level with one tensor, upright under another: a T of straight wires
        spots = [median] + aligned + [mean] + [(round(mean[0] + r * math.cos(a), 6), round(mean[1] + r * math.sin(a), 6))
                                               for r in RINGS for a in (k * math.pi / 4 for k in range(8))]
        pos[d] = min(spots, key=lambda p: (_cost(g, pos, d, p), spots.index(p)))


def _cost(g: Graph, pos: dict[NodeId, Point], d: NodeId, p: Point) -> int:
    """How many rules the spot ``p`` for dot ``d`` breaks: crossings, tensors passed, bonds sat on, nodes touched."""
    mine = [pos[m] for m in g.adj[d] if m in pos]
    bonds = [(pos[a], pos[b]) for a, b in g.edges if a in pos and b in pos and d not in (a, b)]
    cost = 0
    for q in mine:
        cost += sum(segments_cross(p, q, r, s) for r, s in bonds if q not in (r, s))
        cost += sum(segment_enters_circle(p, q, pos[v], CLEAR) for v in pos if v != d and pos[v] != q)
    cost += sum(on_segment(p, r, s, tol=CLEAR / 2) for r, s in bonds)
    cost += sum(math.dist(p, pos[v]) < CLEAR for v in pos if v != d)
    return cost


def _median(values: list[float]) -> float:
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def tangled(g: Graph, pos: dict[NodeId, Point]) -> bool:
    """Whether two bonds cross or a bond runs through a node it does not join (straight, in bond units)."""
    bonds = [(a, b) for a, b in g.edges if pos[a] != pos[b]]
    for k, (a, b) in enumerate(bonds):
        if any(segment_enters_circle(pos[a], pos[b], pos[v], CLEAR / 2) for v in pos if v not in (a, b)):
            return True
        for c, d in bonds[k + 1:]:
            if not {a, b} & {c, d} and segments_cross(pos[a], pos[b], pos[c], pos[d]):
                return True
    return False
