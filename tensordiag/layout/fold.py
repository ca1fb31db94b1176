"""A chain too long for a page folds onto rows inside its one diagram, as a long line of text wraps: every row
reads left to right, and the bond from a row's last tensor to the next row's first returns as a carriage return
does, down out of the row's last tensor, back under the row, and down again into the next row's first tensor
(two right-angled turns; every other bond stays short and straight, and none crosses another).

Each row holds as many tensors as fit across :data:`FOLD_WIDTH` with the chain's bond length, and never splits
a bubble (a softmax) so that its box would take in a tensor that is not its member: the rows are shortened
until every bubble's members fill the box around them alone. A chain that fits stays on one line, and so does
an MPS or MPO (every tensor with an open leg): its physical legs stay parallel, as such chains are drawn.

>>> cells(7, 3)  # (row, column) of each place: every row left to right, as text reads
[(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0)]
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Iterable

from ..network import NodeId
from ..style import STYLE
from .graph import DOWN, LEFT, RIGHT, UP, Point, Shaped

FOLD_WIDTH = STYLE.layout.shelf_width - 0.2
"""The widest (cm) a chain may be drawn: a page (17 cm) less a margin."""
TURN = 1.3
"""Room (cm) past a row's last tensor: the last row's open leg and its label."""
SQUEEZE = 0.95
"""A folded chain's bonds along its rows may be shortened to this fraction of a bond to fit a page."""
ENDS = 1.7
"""Room a chain's open ends and their labels take beyond its end tensors when it runs on one line (in bonds);
a folded chain's first tensor sends its open legs up or left, its last to the right, past the end of its row."""
SIDE = 0.6
"""Room (cm) a folded row takes before its first tensor's centre: half a shape and a bubble's margin."""
ROW_STEP = 1.3
"""Rows of a folded chain are this many bonds apart: the returning bond and its label run between them, clear
of the labels below the row above and above the row below."""
LEGGED_STEP = 2.0
"""... and this many when the chain's inner tensors carry open legs up and down as well."""


def cells(n: int, per_row: int) -> list[tuple[int, int]]:
    """(row, column) of each place: every row left to right from column 0."""
    return [divmod(k, per_row) for k in range(n)]


def _bubbles_whole(at: list[tuple[int, int]], groups: Iterable[set[int]]) -> bool:
    """Whether the box around each group's cells holds no other place's cell."""
    for group in groups:
        rs = [at[k][0] for k in group]
        cs = [at[k][1] for k in group]
        for k, (r, c) in enumerate(at):
            if k not in group and min(rs) <= r <= max(rs) and min(cs) <= c <= max(cs):
                return False
    return True


def returns(order: list[NodeId], positions: dict[NodeId, Point], step: float
            ) -> dict[tuple[NodeId, NodeId], tuple[Point, ...]]:
    """The route of each bond from one row's last tensor to the next row's first (in the positions' units, from
    centre to centre): straight down from the one to halfway between the rows, back along there, and down into
    the other."""
    out: dict[tuple[NodeId, NodeId], tuple[Point, ...]] = {}
    for a, b in zip(order, order[1:]):
        (ax, ay), (bx, by) = positions[a], positions[b]
        if by < ay - 1e-9:
            mid = round(ay - step / 2, 6)
            out[(a, b)] = ((ax, ay), (ax, mid), (bx, mid), (bx, by))
    return out


def fold_chain(shaped: Shaped, unit: float, groups: list[set[NodeId]], free: dict[NodeId, int]) -> Shaped:
    """``shaped`` (a chain, one bond a unit long) folded onto rows when it is wider than a page; ``groups``:
    each bubble's member tensors; ``free``: each node's count of free legs (rows of a chain whose tensors carry
    legs up and down are set further apart)."""
    if shaped.kind != "chain":
        return shaped
    order = sorted(shaped.positions, key=lambda v: shaped.positions[v][0])
    n = len(order)
    if (n - 1 + ENDS) * unit <= FOLD_WIDTH or (n > 2 and all(free.get(v, 0) for v in order)):
        return shaped  # it fits; or it is an MPS (every tensor has an open leg), drawn on its line as always
    at = {v: k for k, v in enumerate(order)}
    places = [p for g in groups if (p := {at[v] for v in g if v in at})]
    room = FOLD_WIDTH - TURN - SIDE  # for the centres of a row's tensors
    widest = min(n - 1, int(room / (unit * SQUEEZE)) + 1)
    fits = [(math.ceil(n / m), m) for m in range(2, widest + 1) if _bubbles_whole(cells(n, m), places)]
    if not fits:
        return shaped
    per_row = min(fits)[1]  # the fewest rows, then the shortest such rows: balanced
    across = min(1.0, room / ((per_row - 1) * unit))  # a bond along a row, in bonds
    places_at = cells(n, per_row)
    step = LEGGED_STEP if any(free.get(v, 0) for v in order[1:-1]) else ROW_STEP
    positions = {v: (round(places_at[k][1] * across, 6), -step * places_at[k][0]) for k, v in enumerate(order)}
    angles = dict(shaped.angles)
    last_row = places_at[-1][0]
    for v, (row, col) in zip(order, places_at):  # open legs keep off the returning bonds
        if col == 0 and row > 0:
            angles[v] = [DOWN, LEFT]  # the bond from the row above comes in from above
        elif col == per_row - 1 and row < last_row:
            angles[v] = [UP, RIGHT]  # the bond to the row below leaves downward
    angles[order[0]] = [UP, LEFT]  # away from the row below and from the bond returning into it
    angles[order[-1]] = [RIGHT, DOWN] if places_at[-1][1] else [RIGHT, DOWN, LEFT]  # past its row's end
    return replace(shaped, kind="chain", positions=positions, angles=angles,
                   bends=returns(order, positions, step))
