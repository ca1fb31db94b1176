"""Tori (periodic PEPS): the open r × c grid, each wrap-around bond an arc around the outside.

Recognised by growing coordinates modulo (r, c) from the first node: its four neighbours are split
into a row pair and a column pair (each of the three ways, for each r · c = n), then a node whose
three neighbours are placed gets the fourth spot, and the corner of two placed neighbours goes to
their only common neighbour left. The result is verified bond by bond, so a wrong guess costs time,
never a wrong picture. Linear in the size for each guess.

The wrap-around bond of a row in the upper half goes over the top of the grid, of a row in the lower
half under the bottom, of a column in the left half around the left and of one in the right half
around the right; the arcs of one side nest, the outermost for the row or column farthest inside,
so that arcs of one side never cross each other and no arc passes through a tensor.
"""

from __future__ import annotations

from ...network import NodeId
from ..graph import DIAGONAL, Graph, Point, Shaped

Spot = tuple[int, int]
SLOPE = 0.6
"""How far an arc's control points reach past the grid's end for each unit they lift it clear: an arc
leaves its tensor this flat, so that it clears the neighbour beside it on the grid's edge."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """An r × c torus with r, c ≥ 3 (see the module's docstring), or None."""
    n = len(g.nodes)
    if n < 9 or any(g.degree(v) != 4 for v in g.nodes) or len(g.edges) != 2 * n:
        return None
    v0 = g.nodes[0]
    a, b, c, d = g.adj[v0]
    pairings = (((a, b), (c, d)), ((a, c), (b, d)), ((a, d), (b, c)))
    for r in range(3, n // 3 + 1):
        if n % r:
            continue
        cols = n // r
        if cols < r:
            break
        for pair_h, pair_v in pairings:
            for horizontal, vertical in ((pair_h, pair_v), (pair_v, pair_h)):
                spots = _grow(g, r, cols, {v0: (0, 0), horizontal[0]: (0, 1), horizontal[1]: (0, cols - 1),
                                           vertical[0]: (1, 0), vertical[1]: (r - 1, 0)})
                if spots is not None:
                    return _place(g, spots, r, cols)
    return None


def _grow(g: Graph, r: int, c: int, at: dict[NodeId, Spot]) -> dict[NodeId, Spot] | None:
    who = {p: v for v, p in at.items()}
    if len(who) != len(at):
        return None
    queue = list(at)
    while queue:
        v = queue.pop()
        i, j = at[v]
        around = [(i, (j + 1) % c), (i, (j - 1) % c), ((i + 1) % r, j), ((i - 1) % r, j)]
        if any(at[w] not in around for w in g.adj[v] if w in at):
            return None
        new: list[tuple[NodeId, Spot]] = []
        loose = [w for w in g.adj[v] if w not in at]
        empty = [p for p in around if p not in who]
        if len(loose) == 1 and len(empty) == 1:
            new.append((loose[0], empty[0]))
        for di, dj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
            p1, p2, q = ((i + di) % r, j), (i, (j + dj) % c), ((i + di) % r, (j + dj) % c)
            if p1 in who and p2 in who and q not in who:
                common = set(g.adj[who[p1]]) & set(g.adj[who[p2]])
                common.discard(v)
                common = {w for w in common if w not in at}
                if len(common) == 1:
                    new.append((common.pop(), q))
        for w, p in new:
            if w in at or p in who:
                if at.get(w) != p:
                    return None
                continue
            at[w], who[p] = p, w
            queue.extend([w, v])
            queue.extend(who[s] for s in ((p[0], (p[1] + 1) % c), (p[0], (p[1] - 1) % c),
                                          ((p[0] + 1) % r, p[1]), ((p[0] - 1) % r, p[1])) if s in who)
    if len(at) != len(g.nodes):
        return None
    for x, y in g.edges:
        (i, j), (k, l) = at[x], at[y]
        if not ((i == k and (j - l) % c in (1, c - 1)) or (j == l and (i - k) % r in (1, r - 1))):
            return None
    return at


def _place(g: Graph, spots: dict[NodeId, Spot], r: int, c: int) -> Shaped:
    positions = {v: (float(j), -float(i)) for v, (i, j) in spots.items()}
    arcs: dict[tuple[NodeId, NodeId], tuple[Point, Point]] = {}
    for x, y in g.edges:
        (i, j), (k, l) = spots[x], spots[y]
        if i == k and abs(j - l) > 1:  # a row's wrap: over the top (upper half) or under the bottom
            left, right = (x, y) if j < l else (y, x)
            depth = i if i < r / 2 else r - 1 - i
            sign = 1.0 if i < r / 2 else -1.0
            top = 0.0 if sign > 0 else -(r - 1.0)
            lift = (top + sign * (0.55 + 0.3 * depth) + i) / 0.75  # the curve's peak is 3/4 of its controls'
            reach = SLOPE * abs(lift) + 0.3 * depth + 0.15 * (c - 1)  # a long row pulls its arc inward
            arcs[(left, right)] = ((-reach, -i + lift), (c - 1 + reach, -i + lift))
        elif j == l and abs(i - k) > 1:  # a column's wrap: around the left (left half) or the right
            upper, lower = (x, y) if i < k else (y, x)
            depth = j if j < c / 2 else c - 1 - j
            sign = -1.0 if j < c / 2 else 1.0
            side = 0.0 if sign < 0 else c - 1.0
            push = (side + sign * (0.55 + 0.3 * depth) - j) / 0.75
            reach = 1.6 * abs(push) + 0.3 * depth  # steeper than the 45° physical legs and the row arcs
            arcs[(upper, lower)] = ((j + push, reach), (j + push, -(r - 1) - reach))
    angles = {v: [DIAGONAL, DIAGONAL + 180.0] for v in g.nodes}
    return Shaped("torus", positions, angles, arcs=arcs)
