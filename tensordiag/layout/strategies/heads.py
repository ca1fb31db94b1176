"""Heads: an attention head that reads no residual stream, in rows as the post draws it.

A component with an attention pattern (a tensor whose part is ``attention``: :mod:`..parts`), no copy or add
node, and tensors that fall into one of two forms:

- **frozen** (one input x, or none): the patterns and x are one path along seq pos, drawn as the top row,
  x at its right end (A² A¹ x); the weights x reads are one path from x (x W_V¹ W_O¹ W_V² W_O²), drawn as a
  zig-zag below: each head's last weight (W_O) under its pattern, two rows down, the weights before it one row
  down, between it and what they read (a single head A x W_V W_O is a square). A head's num-heads hyperedge (a junction dot, or a delta drawn as one)
  settles between its pattern and its weights. With no x (the low-rank-operator view) the weights are one row
  below the patterns. A free leg declared ``up`` on a weight turns the picture upside down (the weights above).
- **composed** (two or more inputs: the query, key and value sides of a head, Q-, K- or V-composition): the
  inputs and patterns stand in one column on the left, each chain along seq pos top to bottom; each input
  starts a row running right through the weights it feeds (a weight belongs to the input before it in the
  spec), so the query row sits above the key row above the value row. Rows whose last tensors are joined (the
  W_Q–W_K bond, or a hyperedge) end in one column, so that bond is upright; other rows of three or more
  tensors are spread to that width. A weight joining two inputs (x Match x) puts the second on the first's row,
  its column going on down from there. A composed head that is a short chain (up to six tensors) is left to the
  chain strategy.

Junction dots are then placed amid what they join, at the spot whose wires cross nothing and pass no other
tensor (:mod:`.heads_dots`). A placement in which two bonds cross, or a bond runs through a tensor, is
given up; it and anything else is left to the other strategies.
"""

from __future__ import annotations

from ...network import NodeId
from ..graph import DOWN, LEFT, RIGHT, UP, Graph, Point, Shaped
from .chain import path_order
from .heads_dots import place_dots, tangled

WEIGHT_DEPTH = 2.0
"""How many rows below its pattern a head's last weight (W_O) sits in the frozen form (one row for a single head
reading x through one weight, W_V: a square, A and x above W_O and W_V)."""
SHORT_CHAIN = 6
"""A composed head that is a chain of at most this many tensors fits a page on one line and stays a chain."""
SMALL_STEP = 0.6
"""The distance (bonds) in the column of inputs to and from a pattern drawn as a dot (the shift)."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """The component laid out as a frozen or a composed head (see the module's docstring), or None."""
    if not g.roles or any(not (v.is_tensor or v.is_dot) for v in g.nodes):
        return None
    part = {v: "junction" if v.is_dot else g.roles.get(v, "weight") for v in g.nodes}
    small = {v for v in g.nodes if part[v] == "shift"}  # a pattern drawn as a dot: half a row
    part.update({v: "attention" for v in small})
    if "stream" in part.values() or "attention" not in part.values():
        return None
    inputs = [v for v in g.nodes if part[v] == "input"]
    if any(not _joins_tensors(g, v, part) for v in g.nodes if part[v] == "junction"):
        return None
    if len(inputs) >= 2 and len(g.nodes) <= SHORT_CHAIN and path_order(g) is not None:
        return None  # a short chain (x Match x A) reads best as the chain it is
    placed = _frozen(g, part) if len(inputs) <= 1 else _composed(g, part, inputs, small)
    if placed is None:
        return None
    positions, angles = placed
    place_dots(g, positions, [v for v in g.nodes if part[v] == "junction"])
    if tangled(g, positions):
        return None  # rows that cross (a network shaped like no head the post draws): another strategy's turn
    return Shaped("heads", positions, angles)


def _joins_tensors(g: Graph, v: NodeId, part: dict[NodeId, str]) -> bool:
    """A hyperedge joins two or more tensors and no other junction."""
    return len(g.adj[v]) >= 2 and all(part[m] != "junction" for m in g.adj[v])


def _of(g: Graph, part: dict[NodeId, str], *kinds: str) -> list[NodeId]:
    return [v for v in g.nodes if part[v] in kinds]


def _path(g: Graph, nodes: list[NodeId], start: NodeId | None = None) -> list[NodeId] | None:
    """``nodes`` as a path (a single node is one), from ``start`` when given (it must be an end)."""
    if len(nodes) == 1:
        return list(nodes) if start in (None, nodes[0]) else None
    order = path_order(g.sub(nodes))
    if order is None:
        return None
    if start is not None and order[0] != start:
        order.reverse()
    return order if start in (None, order[0]) else None


def _frozen(g: Graph, part: dict[NodeId, str]) -> tuple[dict[NodeId, Point], dict[NodeId, list[float]]] | None:
    patterns = _of(g, part, "attention", "input")
    weights = _of(g, part, "weight")
    inputs = _of(g, part, "input")
    x = inputs[0] if inputs else None
    if not weights or any(part[m] == "weight" for v in _of(g, part, "attention") for m in g.adj[v]):
        return None  # a pattern meets its weights only through a hyperedge
    top = _path(g, patterns)
    if top is None:
        return None
    if x is not None and top[0] == x:
        top.reverse()
    if x is not None and top[-1] != x:
        return None
    chain = _path(g, ([x] if x else []) + weights, x)
    if chain is None:
        return None
    pos: dict[NodeId, Point] = {}
    col = 0.0
    for k, v in enumerate(top):
        col += 0.0 if k == 0 else (1.0 if v == x else 2.0)
        pos[v] = (col, 0.0)
    if x is None:
        left = (col - 2.0 * (len(chain) - 1)) / 2
        for k, v in enumerate(chain):
            pos[v] = (left + 2.0 * k, -WEIGHT_DEPTH)
    elif not _zigzag(g, part, top, chain, pos):
        return None
    angles = {v: [UP, DOWN] for v in pos}
    angles[top[0]] = [LEFT, UP, DOWN]
    angles[chain[-1]] = [LEFT, DOWN, RIGHT] if x is not None else [LEFT, RIGHT, DOWN]
    if x is None:
        angles[chain[0]] = [LEFT, DOWN]
        angles[chain[-1]] = [RIGHT, DOWN]
        angles[top[-1]] = [RIGHT, UP] if len(top) > 1 else [LEFT, RIGHT, UP]
    if any(g.sides.get(i) == "up" for v in chain for i, o in g.legs.get(v, []) if o is not None and o.is_open):
        pos = {v: (px, -py) for v, (px, py) in pos.items()}
        angles = {v: [(-a) % 360.0 for a in a_s] for v, a_s in angles.items()}
    return pos, angles


def _zigzag(g: Graph, part: dict[NodeId, str], top: list[NodeId], chain: list[NodeId],
            pos: dict[NodeId, Point]) -> bool:
    """Place the weights of ``chain`` (x first) below the top row: each head's last weight under its pattern,
    the weights before it between it and what they read. False when the heads do not follow the top row."""
    where = {v: k for k, v in enumerate(chain)}
    anchors: dict[int, NodeId] = {0: chain[0]}
    for a in (v for v in top if part[v] == "attention"):
        joined = [where[m] for j in g.adj[a] if part[j] == "junction" for m in g.adj[j] if m in where]
        if not joined or max(joined) in anchors:
            return False  # a pattern tied to no weight (a plain matrix product, a chain), or two to one W_O
        anchors[max(joined)] = a
    keys = sorted(anchors)
    if [pos[anchors[k]][0] for k in keys] != sorted((pos[anchors[k]][0] for k in keys), reverse=True):
        return False  # the heads along the weights do not run right to left along the patterns
    depth = 1.0 if keys == [0, 2] else WEIGHT_DEPTH  # one head reading x with one weight before W_O: a square
    for k in keys[1:]:
        pos[chain[k]] = (pos[anchors[k]][0], -depth)
    for a, b in zip(keys, keys[1:]):
        (xa, _), (xb, _) = pos[chain[a]], pos[chain[b]]
        between = chain[a + 1:b]
        for n, v in enumerate(between):
            t = n / len(between) if a == 0 else (n + 1) / (len(between) + 1)
            pos[v] = (xa + (xb - xa) * t, -1.0)
    last = pos[chain[keys[-1]]]
    for n, v in enumerate(chain[keys[-1] + 1:]):  # weights after the last head (an unembedding) run on left
        pos[v] = (last[0] - 1.0 - n, last[1])
    return True


def _composed(g: Graph, part: dict[NodeId, str], inputs: list[NodeId], small: set[NodeId]
              ) -> tuple[dict[NodeId, Point], dict[NodeId, list[float]]] | None:
    skeleton = _of(g, part, "attention", "input")
    paths: list[list[NodeId]] = []
    for comp in g.sub(skeleton).components():
        path = _path(g, comp)
        if path is None:
            return None
        paths.append(path)
    owner: dict[NodeId, NodeId] = {}
    current = min(inputs, key=g.order.__getitem__)
    for v in g.nodes:
        if part[v] == "input":
            current = v
        elif part[v] == "weight":
            owner[v] = current
    rows: dict[NodeId, list[NodeId]] = {}
    for x in inputs:
        row = _path(g, [x] + [w for w in g.nodes if owner.get(w) == x], x)
        if row is None:
            return None
        rows[x] = row
    if any(part[m] == "weight" for v in g.nodes if part[v] == "attention" for m in g.adj[v]):
        return None  # a pattern meets weights only through a hyperedge
    width = max(len(r) for r in rows.values()) - 1
    ends = {r[-1]: x for x, r in rows.items() if len(r) > 1}
    pos: dict[NodeId, Point] = {}
    angles: dict[NodeId, list[float]] = {}
    y, last = 0.0, None
    for path in paths:
        x0 = 0.0
        if last is not None and rows.get(path[0]) == [path[0]] and path[0] in g.adj[last] and part[last] == "weight":
            x0 = pos[last][0] + 1.0  # a bilinear form (x Match x): the second input on the first's row, its column on
        for k, v in enumerate(path):  # below it
            if pos and not (k == 0 and x0):
                y -= SMALL_STEP if v in small or (k and path[k - 1] in small) else 1.0
            pos[v] = (x0, y)
            angles[v] = [LEFT, UP, DOWN] if not angles else [LEFT]
            row = rows.get(v, [v])
            last = row[-1]
            if len(row) > 1:
                _row(g, part, row, ends, x0, y, width, pos, angles)
    return pos, angles


def _row(g: Graph, part: dict[NodeId, str], row: list[NodeId], ends: dict[NodeId, NodeId], x0: float, y: float,
         width: int, pos: dict[NodeId, Point], angles: dict[NodeId, list[float]]) -> None:
    """Place an input's row to its right: spread to the common width when its end is joined to another row's (or
    it has three or more tensors), its end lifted to the top row when joined to the others only by a hyperedge."""
    lifted = _joined(g, part, row[-1], ends, direct=False) and not _joined(g, part, row[-1], ends, direct=True)
    justified = len(row) >= 3 or lifted or _joined(g, part, row[-1], ends, direct=True)
    span = width + 1.0 if lifted else float(width)
    along = row[1:-1] if lifted else row[1:]
    step = span / len(along) if justified and along else 1.0
    for n, w in enumerate(along, start=1):
        pos[w] = (x0 + n * step, y)
        angles[w] = [UP, DOWN]
    if lifted:  # the head's output weight, tied to the query and key ends by a hyperedge, up on the top row
        pos[row[-1]] = (x0 + span, 0.0)
    angles[row[-1]] = [RIGHT, UP, DOWN]


def _joined(g: Graph, part: dict[NodeId, str], v: NodeId, ends: dict[NodeId, NodeId], *, direct: bool) -> bool:
    """Whether ``v`` (a row's last tensor) is joined to another row's last: by a bond (``direct``), or through a
    hyperedge."""
    near = set(g.adj[v]) if direct else {m for j in g.adj[v] if part[j] == "junction" for m in g.adj[j]}
    return any(m in ends and m != v for m in near)
