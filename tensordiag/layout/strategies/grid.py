"""Grids: an r × c lattice (a PEPS) placed exactly, the longer side horizontal.

Recognised from a corner: a side is walked to the next corner, then rows are grown one at a time
and every edge is verified, so recognition is linear in the size (a 64 × 64 PEPS in milliseconds).
"""

from __future__ import annotations

from ...network import NodeId
from ..graph import DIAGONAL, DOWN, UP, Graph, Shaped


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """Any r × c lattice with r, c ≥ 2 (a two-row one is placed as a ladder)."""
    return lattice(g)


def lattice(g: Graph, *, rows: int | None = None) -> Shaped | None:
    """An r × c lattice (r, c ≥ 2), with ``rows`` one of its sides when given."""
    n = len(g.nodes)
    corners = [v for v in g.nodes if g.degree(v) == 2]
    if n < 4 or len(corners) != 4 or any(g.degree(v) > 4 for v in g.nodes):
        return None
    corner = corners[0]
    for first, second in (tuple(g.adj[corner]), tuple(reversed(g.adj[corner]))):
        row = _boundary_run(g, corner, first)
        if row is None or n % len(row):
            continue
        table = [row]
        while sum(len(r) for r in table) < n:
            above = set(table[-2]) if len(table) > 1 else set()
            current = set(table[-1])
            nxt = []
            for v in table[-1]:
                down = [w for w in g.adj[v] if w not in current and w not in above]
                if len(down) != 1:
                    break
                nxt.append(down[0])
            if len(nxt) != len(row) or len(set(nxt)) != len(nxt):
                break
            table.append(nxt)
        if sum(len(r) for r in table) != n or table[1][0] != second:
            continue
        if not _is_lattice(g, table):
            continue
        if rows is not None and rows not in (len(table), len(row)):
            return None
        return _place(g, table)
    return None


def _boundary_run(g: Graph, corner: NodeId, first: NodeId) -> list[NodeId] | None:
    """Walk a lattice's side from a corner to the next corner: side nodes have degree 3, interior ones 4."""
    run = [corner, first]
    while g.degree(run[-1]) != 2:
        nxt = [w for w in g.adj[run[-1]] if w != run[-2] and g.degree(w) <= 3]
        if len(nxt) != 1 or nxt[0] in run:
            return None
        run.append(nxt[0])
    return run


def _is_lattice(g: Graph, table: list[list[NodeId]]) -> bool:
    where = {v: (i, j) for i, row in enumerate(table) for j, v in enumerate(row)}
    if len(where) != len(g.nodes):
        return False
    for a, b in g.edges:
        (i, j), (k, l) = where[a], where[b]
        if abs(i - k) + abs(j - l) != 1:
            return False
    r, c = len(table), len(table[0])
    return len(g.edges) == r * (c - 1) + c * (r - 1)


def _place(g: Graph, table: list[list[NodeId]]) -> Shaped:
    """The longer side horizontal, the first node in spec order in the top-left quarter."""
    first = min(g.nodes, key=g.order.__getitem__)
    r, c = len(table), len(table[0])
    if r > c:  # the longer side horizontal
        table = [list(col) for col in zip(*table)]
        r, c = c, r
    fi, fj = next((i, j) for i, row in enumerate(table) for j, v in enumerate(row) if v == first)
    if fi >= r / 2:
        table = table[::-1]
    if fj >= c / 2:
        table = [row[::-1] for row in table]
    positions = {v: (float(j), -float(i)) for i, row in enumerate(table) for j, v in enumerate(row)}
    angles: dict[NodeId, list[float]] = {}
    for i, row in enumerate(table):
        for v in row:
            if r == 2:  # a ladder: legs leave away from the other row
                angles[v] = [UP if i == 0 else DOWN, DIAGONAL]
            else:  # a lattice seen from above: every physical leg the same diagonal, clear of the bonds
                angles[v] = [DIAGONAL, DIAGONAL + 180.0]
    return Shaped("grid" if r > 2 else "ladder", positions, angles)
