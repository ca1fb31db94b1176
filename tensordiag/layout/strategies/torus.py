"""Tori (periodic PEPS): the open r × c grid, each wrap-around bond an arc around the outside.

Recognised by growing coordinates modulo (r, c) from the first node: its four neighbours are split
into a row pair and a column pair (each of the three ways, for each r · c = n), then a node whose
three neighbours are placed gets the fourth spot, and the corner of two placed neighbours goes to
their only common neighbour left. The result is verified bond by bond, so a wrong guess costs time,
never a wrong picture. Linear in the size for each guess.

Every arc stays off the sides the physical legs point to (up and right): a row's wrap-around bond
leaves its left tensor down and to the left, passes under the grid and comes up into its right tensor
from below; a column's leaves its top tensor up and to the left, passes around the left and comes into
its bottom tensor from below. The arcs of one side nest, the outermost for the row farthest up or the
column farthest right, so an arc crosses only arcs (a row's and a column's cycle must cross: a torus is
not planar), never a bond of the grid, a leg or a tensor, and no open end lies on an arc.
"""

from __future__ import annotations

from ...network import NodeId
from ..graph import DIAGONAL, Graph, Point, Shaped

Spot = tuple[int, int]
BASE = 0.5
"""How far (in bonds) the innermost arc passes outside the grid."""
GAP = 0.25
"""How much farther out each next arc of one side passes."""
WIDE = 1.6
"""An arc's control points reach this far sideways for each unit they take it down (a row's) or left (a
column's): a row's arc comes into its right-hand tensor past the open end of the leg below it, and a
column's leaves its top tensor over the open end of the leg beside it (the legs point up and right).
Flatter or steeper ends, or unequal ones, put open ends on arcs or arcs through tensors (measured on
tori of 3 × 3 to 6 × 6 and 4 × 8)."""


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
        if i == k and abs(j - l) > 1:  # a row's wrap: out to the left, under the grid, in from the right
            left, right = (x, y) if j < l else (y, x)
            drop = (r - 1 - i + BASE + GAP * (r - 1 - i)) / 0.75  # the curve's lowest point is 3/4 of its controls'
            arcs[(left, right)] = ((-WIDE * drop, -i - drop), (c - 1 + WIDE * drop, -i - drop))
        elif j == l and abs(i - k) > 1:  # a column's wrap: up to the left, around the left, in from below
            upper, lower = (x, y) if i < k else (y, x)
            push = (j + BASE + GAP * (j + r)) / 0.75
            arcs[(upper, lower)] = ((j - push, WIDE * push), (j - push, -(r - 1) - WIDE * push))
    angles = {v: [DIAGONAL, DIAGONAL + 180.0] for v in g.nodes}
    return Shaped("torus", positions, angles, arcs=arcs)
