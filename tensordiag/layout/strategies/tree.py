"""Trees (tree tensor networks): layered from the centre down, every bond at 45° or 90°."""

from __future__ import annotations

from collections import deque

from ...network import NodeId
from ...style import STYLE
from ..graph import DOWN, UP, Graph, Shaped


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A tidy layered tree: root at its centre, leaves spread in order 1.5 bonds apart, every
    parent centred over its children, each child as far below as it is to the side (45°)."""
    if len(g.edges) != len(g.nodes) - 1:
        return None
    spacing = STYLE.layout.leaf_spacing
    a, _ = _bfs_far(g, g.nodes[0])
    b, parent = _bfs_far(g, a)
    path = [b]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])  # type: ignore[arg-type]
    middle = path[(len(path) - 1) // 2: len(path) // 2 + 1]
    root = _tip_root(g) or min(middle, key=lambda v: (-g.free.get(v, 0), g.order[v]))
    children: dict[NodeId, list[NodeId]] = {}
    order = [root]
    seen = {root}
    for v in order:
        children[v] = [w for w in g.adj[v] if w not in seen]
        seen.update(children[v])
        order.extend(children[v])
    x: dict[NodeId, float] = {}
    next_leaf = 0.0
    for v in _postorder(root, children):
        kids = children[v]
        if not kids:
            x[v] = next_leaf
            next_leaf += spacing
        else:
            x[v] = (x[kids[0]] + x[kids[-1]]) / 2
    y = {root: 0.0}
    for v in order:
        kids = children[v]
        level = max((abs(x[w] - x[v]) for w in kids), default=0.0)
        for w in kids:
            dx = abs(x[w] - x[v])
            if len(kids) > 2:  # three or more children share one level, so none hides behind a sibling
                y[w] = y[v] - max(level, spacing / 2)
            else:
                y[w] = y[v] - (dx if dx > STYLE.layout.tree_level_threshold else spacing / 2)
    positions = {v: (x[v], y[v]) for v in g.nodes}
    angles = {v: ([DOWN, UP] if children[v] == [] else [UP, DOWN]) for v in g.nodes}
    angles[root] = [UP, DOWN]
    for v in g.nodes:  # a triangle whose apex points at its parent: its free legs leave its flat side, below
        if v != root and g.toward.get(v) in g.adj[v] and g.toward[v] not in children[v]:
            angles[v] = [DOWN] * max(1, g.free.get(v, 0))
    return Shaped("tree", positions, angles)


def _tip_root(g: Graph) -> NodeId | None:
    """The node every triangle's tip leads to, followed from tip to tip (an isometric tree's orthogonality
    centre), so each apex points at its parent; None when the tips lead to no single node."""
    ends: set[NodeId] = set()
    for v in g.nodes:
        if v not in g.toward:
            continue
        seen = {v}
        while v in g.toward and g.toward[v] not in seen:
            v = g.toward[v]
            seen.add(v)
        if v in g.toward:  # two tips face each other: no root
            return None
        ends.add(v)
    return ends.pop() if len(ends) == 1 and next(iter(ends)) in g.adj else None


def _bfs_far(g: Graph, start: NodeId) -> tuple[NodeId, dict[NodeId, NodeId | None]]:
    """The last node a breadth-first search from ``start`` reaches, and the search's parents."""
    parent: dict[NodeId, NodeId | None] = {start: None}
    queue, last = deque([start]), start
    while queue:
        last = queue.popleft()
        for w in g.adj[last]:
            if w not in parent:
                parent[w] = last
                queue.append(w)
    return last, parent


def _postorder(root: NodeId, children: dict[NodeId, list[NodeId]]) -> list[NodeId]:
    out, stack = [], [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            out.append(v)
            continue
        stack.append((v, True))
        stack.extend((w, False) for w in reversed(children[v]))
    return out
