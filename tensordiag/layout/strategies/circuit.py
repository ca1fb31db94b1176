"""Circuits: horizontal lines (qubits), gates in time columns, a multi-qubit gate drawn across its lines.

A tensor with 2k legs is a gate: leg j and leg j + k lie on one line, the first half on one side of
the gate and the second half on the other. A tensor with an odd number of legs is a state or an
effect: all its legs on one side (each on its own line). A bond joins the right side of one tensor to
the left side of another, so which side is left is a two-colouring of the tensors, found by one
breadth-first search; of the two colourings, the one with more gates read "inputs first" (as a matrix
``A_ij`` is drawn with ``i`` on the left) is taken. The lines are then followed from their left ends;
each gate goes in the first column after every gate before it on its lines, and the lines are stacked
in the order they first appear in the spec. The network is a circuit when all of that is consistent:
no line closes on itself, no gate sits twice on one line, time runs one way, every gate's lines are
adjacent, and some gate (not only a state) spans two or more lines (a single line is a chain; a tree
of three-leg tensors is a tree). It is tried after the star (one gate amid its neighbours stays a
star) and before the tree (a small circuit may be a tree).
"""

from __future__ import annotations

from collections import deque

from ...network import NodeId
from ..graph import LEFT, RIGHT, Graph, Shaped

Leg = tuple[NodeId, int]


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A quantum circuit (see the module's docstring), or None."""
    if any(not v.is_tensor or v not in g.legs for v in g.nodes):
        return None
    legs = g.legs
    half = {v: (len(legs[v]) // 2 if len(legs[v]) % 2 == 0 else 0) for v in g.nodes}
    if all(k < 2 for k in half.values()):
        return None  # no multi-qubit gate
    partner: dict[Leg, Leg] = {}  # a bond's two ends
    ends: dict[str, list[Leg]] = {}
    for v in g.nodes:
        for j, (index, other) in enumerate(legs[v]):
            if other is v:
                return None  # a trace
            if not _free(other):
                ends.setdefault(index, []).append((v, j))
    for pair in ends.values():
        if len(pair) != 2:
            return None
        partner[pair[0]], partner[pair[1]] = pair[1], pair[0]
    flip = _colouring(g, half, partner)
    if flip is None:
        return None

    def side(leg: Leg) -> int:  # 0: left, 1: right
        v, j = leg
        return int(bool(half[v]) and j >= half[v]) ^ flip[v]

    def across(leg: Leg) -> Leg | None:  # the same line on the gate's other side
        v, j = leg
        k = half[v]
        return None if not k else (v, j + k if j < k else j - k)

    lines = _lines(g, side, across, partner)
    if lines is None or len(lines) < 2:
        return None
    line_of = {v_j: n for n, line in enumerate(lines) for v_j in line}
    on: dict[NodeId, list[int]] = {v: sorted({line_of[(v, j)] for j in range(len(legs[v]))}) for v in g.nodes}
    if any(len(on[v]) != len(legs[v]) - half[v] for v in g.nodes):
        return None  # a gate twice on one line
    column = _columns(g, lines)
    if column is None:
        return None
    first = sorted(range(len(lines)), key=lambda n: min((g.order[v], j) for v, j in lines[n]))
    row = {n: r for r, n in enumerate(first)}
    rows = {v: sorted(row[n] for n in on[v]) for v in g.nodes}
    if any(r[-1] - r[0] != len(r) - 1 for r in rows.values()):
        return None
    positions = {v: (float(column[v]), -(rows[v][0] + rows[v][-1]) / 2) for v in g.nodes}
    spans = {v: (-float(r[-1]), -float(r[0])) for v, r in rows.items() if len(r) > 1}
    placed: dict[tuple[NodeId, str], tuple[float, int]] = {}
    angles: dict[NodeId, list[float]] = {}
    outer: dict[tuple[NodeId, str], int] = {}
    for v in g.nodes:
        for j, (index, other) in enumerate(legs[v]):
            if v in spans or _free(other):
                placed[(v, index)] = (-float(row[line_of[(v, j)]]), 1 if side((v, j)) else -1)
            if _free(other):
                angles.setdefault(v, []).append(RIGHT if side((v, j)) else LEFT)
                outer[(v, index)] = 1 if side((v, j)) else -1
    return Shaped("circuit", positions, angles, spans, placed, outer)


def _free(other: NodeId | None) -> bool:
    return other is None or other.is_open


def _colouring(g: Graph, half: dict[NodeId, int], partner: dict[Leg, Leg]) -> dict[NodeId, int] | None:
    """Which tensors read right to left (1), so that every bond runs from a right side to a left side."""
    flip: dict[NodeId, int] = {g.nodes[0]: 0}
    queue = deque([g.nodes[0]])

    def h(leg: Leg) -> int:
        v, j = leg
        return int(bool(half[v]) and j >= half[v])

    while queue:
        v = queue.popleft()
        for j in range(len(g.legs[v])):
            other = partner.get((v, j))
            if other is None:
                continue
            want = flip[v] ^ 1 ^ h((v, j)) ^ h(other)
            if other[0] not in flip:
                flip[other[0]] = want
                queue.append(other[0])
            elif flip[other[0]] != want:
                return None
    if len(flip) != len(g.nodes):
        return None
    gates = [v for v in g.nodes if half[v]]
    flipped = 2 * sum(flip[v] for v in gates)
    if flipped > len(gates) or (flipped == len(gates) and flip[g.nodes[0]]):
        flip = {v: f ^ 1 for v, f in flip.items()}
    return flip


def _lines(g: Graph, side, across, partner: dict[Leg, Leg]) -> list[list[Leg]] | None:  # type: ignore[no-untyped-def]
    """Every line as its legs from left to right, or None when a line closes on itself or runs backwards."""
    seen: set[Leg] = set()
    lines: list[list[Leg]] = []
    starts = [(v, j) for v in g.nodes for j in range(len(g.legs[v]))
              if side((v, j)) == 0 and (v, j) not in partner or side((v, j)) == 1 and across((v, j)) is None]
    for start in starts:
        if start in seen:
            continue
        line: list[Leg] = []
        leg: Leg | None = start
        while leg is not None:
            if leg in seen:
                return None
            line.append(leg)
            seen.add(leg)
            nxt = across(leg) if side(leg) == 0 else partner.get(leg)
            if nxt is not None and nxt not in seen and side(nxt) == side(leg):
                return None
            leg = nxt if nxt is not None and nxt not in seen else None
        lines.append(line)
    total = sum(len(g.legs[v]) for v in g.nodes)
    return lines if len(seen) == total else None


def _columns(g: Graph, lines: list[list[Leg]]) -> dict[NodeId, int] | None:
    """Each tensor's time column: the first after every tensor before it on its lines (None: a cycle)."""
    after: dict[NodeId, set[NodeId]] = {v: set() for v in g.nodes}
    before = {v: 0 for v in g.nodes}
    for line in lines:
        tensors = [v for k, (v, _) in enumerate(line) if k == 0 or line[k - 1][0] != v]
        for a, b in zip(tensors, tensors[1:]):
            if b not in after[a]:
                after[a].add(b)
                before[b] += 1
    column = {v: 0 for v in g.nodes}
    ready = deque(v for v in g.nodes if before[v] == 0)
    done = 0
    while ready:
        v = ready.popleft()
        done += 1
        for w in sorted(after[v], key=g.order.__getitem__):
            column[w] = max(column[w], column[v] + 1)
            before[w] -= 1
            if before[w] == 0:
                ready.append(w)
    return column if done == len(g.nodes) else None
