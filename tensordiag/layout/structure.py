"""Structure-aware placement: the conventions people follow when they draw a network by hand.

The *shape graph* has a node per tensor and per junction dot and an edge per bond (several bonds
between two nodes count once). Each connected component is recognised as one of

* a **chain** (a path: MPS, MPO, a matrix product), on a horizontal line;
* a **ring** (a cycle), on a circle, free legs pointing outward;
* a **grid** (an r × c lattice: a PEPS; with r = 2 the post's *ladder*), exactly, the longer side
  horizontal;
* a **tree** (tree tensor networks), layered from its centre down, every bond at 45° or 90°;
* otherwise **force**: networkx's force-directed placement, the candidate with the fewest crossings.

Recognition is linear in the size of the network, so a 64 × 64 PEPS is placed in milliseconds. A
structure may be declared (``structure:`` in the spec); a declaration the network does not fit is an
error that says why. The result is the centre of every node and, per node, the directions its free
legs prefer (parallel on chains, grids and trees, outward on rings).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from ..errors import LayoutError
from ..network import NodeId

Point = tuple[float, float]
UP, DOWN, LEFT, RIGHT, DIAGONAL = 90.0, 270.0, 180.0, 0.0, 45.0
LEAF_SPACING = 1.5
"""Leaves of a tree, in bonds: siblings one and a half bonds apart keep their diagonal bonds clear."""


@dataclass
class Shaped:
    """Positions (in units of one bond) and preferred free-leg angles (degrees) of one component."""

    kind: str
    positions: dict[NodeId, Point]
    angles: dict[NodeId, list[float]] = field(default_factory=dict)


class Graph:
    """A small undirected simple graph in spec order: adjacency lists, no networkx needed."""

    def __init__(self, nodes: list[NodeId], edges: list[tuple[NodeId, NodeId]]) -> None:
        self.nodes = nodes
        self.order = {n: k for k, n in enumerate(nodes)}
        self.adj: dict[NodeId, list[NodeId]] = {n: [] for n in nodes}
        seen: set[tuple[NodeId, NodeId]] = set()
        for a, b in edges:
            if a == b or (a, b) in seen:
                continue
            seen.update(((a, b), (b, a)))
            self.adj[a].append(b)
            self.adj[b].append(a)
        for n in nodes:
            self.adj[n].sort(key=self.order.__getitem__)
        self.edges = [(a, b) for a in nodes for b in self.adj[a] if self.order[a] < self.order[b]]

    def degree(self, n: NodeId) -> int:
        return len(self.adj[n])

    def components(self) -> list[list[NodeId]]:
        seen: set[NodeId] = set()
        out = []
        for start in self.nodes:
            if start in seen:
                continue
            seen.add(start)
            comp, queue = [], deque([start])
            while queue:
                n = queue.popleft()
                comp.append(n)
                for m in self.adj[n]:
                    if m not in seen:
                        seen.add(m)
                        queue.append(m)
            out.append(sorted(comp, key=self.order.__getitem__))
        return out

    def sub(self, nodes: list[NodeId]) -> Graph:
        keep = set(nodes)
        return Graph(nodes, [(a, b) for a in nodes for b in self.adj[a] if b in keep])


def shape_component(g: Graph, free: dict[NodeId, int], declared: str | None, seed: int) -> Shaped:
    """Place one connected component; ``free`` counts the free legs of each node."""
    n, m = len(g.nodes), len(g.edges)
    if n == 1:
        return Shaped("single", {g.nodes[0]: (0.0, 0.0)})
    kinds = {"chain": _chain, "ring": _ring, "grid": _grid, "ladder": _ladder, "tree": _tree}
    if declared in kinds:
        placed = kinds[declared](g, free)
        if placed is None:
            raise LayoutError(f"the network is not a {declared}: {_describe(g)}", where="structure")
        return placed
    if declared in ("force", "flow"):
        return _force(g, free, seed) if declared == "force" else _flow(g, free)
    max_deg = max(g.degree(v) for v in g.nodes)
    if m == n - 1 and max_deg <= 2:
        return _chain(g, free)  # type: ignore[return-value]
    if m == n and max_deg == 2:
        return _ring(g, free)  # type: ignore[return-value]
    grid = _grid(g, free)
    if grid is not None:
        return grid
    if m == n - 1 and n >= 4 and (hub := max(g.nodes, key=g.degree)) and g.degree(hub) == n - 1:
        return _star(g, hub)
    if m == n - 1:
        return _tree(g, free)  # type: ignore[return-value]
    return _force(g, free, seed)


def _describe(g: Graph) -> str:
    degrees = sorted({g.degree(v) for v in g.nodes})
    return f"{len(g.nodes)} tensors and dots, {len(g.edges)} bonds, degrees {', '.join(map(str, degrees))}"


# --- chains and rings ------------------------------------------------------------------------------

def path_order(g: Graph) -> list[NodeId] | None:
    if len(g.edges) != len(g.nodes) - 1 or any(g.degree(v) > 2 for v in g.nodes):
        return None
    ends = [v for v in g.nodes if g.degree(v) == 1]
    if len(ends) != 2:  # a cycle beside an isolated node has as many edges, but is no path
        return None
    order = [min(ends, key=g.order.__getitem__)]
    while len(order) < len(g.nodes):
        order.append(next(w for w in g.adj[order[-1]] if len(order) < 2 or w != order[-2]))
    return order


def _chain(g: Graph, free: dict[NodeId, int]) -> Shaped | None:
    order = path_order(g)
    if order is None:
        return None
    positions = {v: (float(k), 0.0) for k, v in enumerate(order)}
    every = len(order) > 2 and all(free.get(v, 0) for v in order)  # an MPS; two tensors read as a product
    angles: dict[NodeId, list[float]] = {}
    for k, v in enumerate(order):
        if every or k not in (0, len(order) - 1):
            angles[v] = [UP, DOWN]
        else:  # the end of a matrix product: its open index leaves outward, as in A B C with i ... l
            angles[v] = [LEFT if k == 0 else RIGHT, UP, DOWN]
    return Shaped("chain", positions, angles)


def _ring(g: Graph, free: dict[NodeId, int]) -> Shaped | None:
    if len(g.nodes) < 3 or any(g.degree(v) != 2 for v in g.nodes) or len(g.edges) != len(g.nodes):
        return None
    order = [g.nodes[0]]
    while len(order) < len(g.nodes):
        nxt = [w for w in g.adj[order[-1]] if w not in order[-2:]]
        if not nxt:
            return None
        order.append(nxt[0])
    if len(set(order)) != len(g.nodes):
        return None
    n = len(order)
    radius = 0.5 / math.sin(math.pi / n)  # neighbours one bond apart
    positions, angles = {}, {}
    for k, v in enumerate(order):
        theta = 90.0 + 180.0 / n - 360.0 * k / n  # clockwise from the top, the first bond level
        positions[v] = (radius * math.cos(math.radians(theta)), radius * math.sin(math.radians(theta)))
        angles[v] = [theta, theta - 30.0, theta + 30.0]
    return Shaped("ring", positions, angles)


# --- grids and ladders -----------------------------------------------------------------------------

def _grid(g: Graph, free: dict[NodeId, int], *, rows: int | None = None) -> Shaped | None:
    """An r × c lattice (r, c ≥ 2) recognised from a corner: rows grown one at a time, every edge verified."""
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
        return _place_grid(g, table, free)
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


def _place_grid(g: Graph, table: list[list[NodeId]], free: dict[NodeId, int]) -> Shaped:
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


def _ladder(g: Graph, free: dict[NodeId, int]) -> Shaped | None:
    return _grid(g, free, rows=2)


# --- trees ------------------------------------------------------------------------------------------

def _bfs_far(g: Graph, start: NodeId) -> tuple[NodeId, dict[NodeId, NodeId | None]]:
    parent: dict[NodeId, NodeId | None] = {start: None}
    queue, last = deque([start]), start
    while queue:
        last = queue.popleft()
        for w in g.adj[last]:
            if w not in parent:
                parent[w] = last
                queue.append(w)
    return last, parent


def _tree(g: Graph, free: dict[NodeId, int]) -> Shaped | None:
    """A tidy layered tree: root at its centre, leaves spread in order 1.5 bonds apart, every
    parent centred over its children, each child as far below as it is to the side (45°)."""
    if len(g.edges) != len(g.nodes) - 1:
        return None
    a, _ = _bfs_far(g, g.nodes[0])
    b, parent = _bfs_far(g, a)
    path = [b]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])  # type: ignore[arg-type]
    middle = path[(len(path) - 1) // 2: len(path) // 2 + 1]
    root = min(middle, key=lambda v: (-free.get(v, 0), g.order[v]))
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
            next_leaf += LEAF_SPACING
        else:
            x[v] = (x[kids[0]] + x[kids[-1]]) / 2
    y = {root: 0.0}
    for v in order:
        kids = children[v]
        level = max((abs(x[w] - x[v]) for w in kids), default=0.0)
        for w in kids:
            dx = abs(x[w] - x[v])
            if len(kids) > 2:  # three or more children share one level, so none hides behind a sibling
                y[w] = y[v] - max(level, LEAF_SPACING / 2)
            else:
                y[w] = y[v] - (dx if dx > 0.25 else LEAF_SPACING / 2)
    positions = {v: (x[v], y[v]) for v in g.nodes}
    angles = {v: ([DOWN, UP] if children[v] == [] else [UP, DOWN]) for v in g.nodes}
    angles[root] = [UP, DOWN]
    return Shaped("tree", positions, angles)


STAR_ANGLES = {3: (180.0, 0.0, 270.0), 4: (180.0, 0.0, 270.0, 90.0), 5: (180.0, 0.0, 270.0, 90.0, 225.0),
               6: (180.0, 0.0, 225.0, 315.0, 135.0, 45.0), 7: (180.0, 0.0, 270.0, 225.0, 315.0, 135.0, 45.0),
               8: (180.0, 0.0, 270.0, 90.0, 225.0, 315.0, 135.0, 45.0)}
"""Where the arms of a star go, by how many there are: compass directions, left and right first."""
STAR_GAP = 0.75
"""Bonds between neighbouring arms of a star of more than eight arms (a hyperedge of thousands of operands
is a wide circle, not a blot)."""


def _star(g: Graph, hub: NodeId) -> Shaped:
    """A hub joined to every other node (a delta or a core with its factors, as in CP): arms around it at
    compass directions, one bond long, each arm's free legs pointing on outward."""
    arms = [v for v in g.nodes if v != hub]
    reach = 1.0
    if len(arms) > 8:  # evenly round the hub, the circle widened so that neighbouring arms stay apart
        angles = [360.0 * k / len(arms) for k in range(len(arms))]
        reach = max(1.0, STAR_GAP / 2 / math.sin(math.pi / len(arms)))
    else:
        angles = list(STAR_ANGLES[len(arms)])
    positions = {hub: (0.0, 0.0)}
    prefer: dict[NodeId, list[float]] = {hub: [90.0, 270.0, 45.0, 135.0]}
    for v, a in zip(arms, angles):
        positions[v] = (round(reach * math.cos(math.radians(a)), 9), round(reach * math.sin(math.radians(a)), 9))
        prefer[v] = [a, a + 90.0, a - 90.0]
    return Shaped("star", positions, prefer)


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


# --- flows and forces ------------------------------------------------------------------------------

def _flow(g: Graph, free: dict[NodeId, int]) -> Shaped:
    """Layers by distance from the first node, bottom to top, each layer ordered by its parents."""
    depth = {g.nodes[0]: 0}
    layers: list[list[NodeId]] = [[g.nodes[0]]]
    queue = deque([g.nodes[0]])
    while queue:
        v = queue.popleft()
        for w in g.adj[v]:
            if w not in depth:
                depth[w] = depth[v] + 1
                if depth[w] == len(layers):
                    layers.append([])
                layers[depth[w]].append(w)
                queue.append(w)
    positions = {}
    for d, layer in enumerate(layers):
        for k, v in enumerate(layer):
            positions[v] = (k - (len(layer) - 1) / 2, float(d))
    return Shaped("flow", positions, {})


def crossings(positions: dict[NodeId, Point], edges: list[tuple[NodeId, NodeId]], *, limit: int | None = None) -> int:
    """Proper crossings between straight bonds that share no endpoint. Bonds are filed in a uniform grid
    (cells one median bond wide), so only bonds sharing a cell are compared; with ``limit``, counting
    stops once the count exceeds it (a candidate already worse than the best need not be counted out)."""
    segs = [(positions[a], positions[b], a, b) for a, b in edges if positions[a] != positions[b]]
    if len(segs) < 2:
        return 0
    lengths = sorted(math.dist(p, q) for p, q, _, _ in segs)
    cell = max(lengths[len(lengths) // 2], 1e-6)
    ox = min(min(p[0], q[0]) for p, q, _, _ in segs) - 0.381966 * cell
    oy = min(min(p[1], q[1]) for p, q, _, _ in segs) - 0.236068 * cell
    grid: dict[tuple[int, int], list[int]] = {}
    where = [_segment_cells(a, b, ox, oy, cell) for a, b, _, _ in segs]
    for k, cells in enumerate(where):
        for c in cells:
            grid.setdefault(c, []).append(k)
    import numpy as np

    p = np.array([seg[0] for seg in segs], dtype=float)
    q = np.array([seg[1] for seg in segs], dtype=float)
    ids = {v: k for k, v in enumerate(dict.fromkeys(x for seg in segs for x in seg[2:]))}
    ea = np.array([ids[seg[2]] for seg in segs])
    eb = np.array([ids[seg[3]] for seg in segs])
    count = 0
    for k, cells in enumerate(where):  # each bond against the later bonds that share a cell with it, at once
        near: set[int] = set()
        for c in cells:
            near.update(grid[c])
        j = np.array(sorted(x for x in near if x > k), dtype=int)
        if not len(j):
            continue
        (rx, ry), (tx, ty) = p[k], q[k]
        px, py, qx, qy = p[j, 0], p[j, 1], q[j, 0], q[j, 1]
        d1 = (tx - rx) * (py - ry) - (ty - ry) * (px - rx)
        d2 = (tx - rx) * (qy - ry) - (ty - ry) * (qx - rx)
        d3 = (qx - px) * (ry - py) - (qy - py) * (rx - px)
        d4 = (qx - px) * (ty - py) - (qy - py) * (tx - px)
        hit = (d1 * d2 < -1e-12) & (d3 * d4 < -1e-12)
        hit &= (ea[j] != ea[k]) & (ea[j] != eb[k]) & (eb[j] != ea[k]) & (eb[j] != eb[k])
        count += int(hit.sum())
        if limit is not None and count > limit:
            break
    return count


def _segment_cells(p: Point, q: Point, ox: float, oy: float, cell: float) -> list[tuple[int, int]]:
    """The grid cells segment pq may touch: column by column, the rows its stretch in that column spans."""
    (ax, ay), (bx, by) = (p, q) if p[0] <= q[0] else (q, p)
    i0, i1 = math.floor((ax - ox) / cell), math.floor((bx - ox) / cell)
    out = []
    for i in range(i0, i1 + 1):
        if bx - ax > 1e-12:
            x0, x1 = max(ax, ox + i * cell), min(bx, ox + (i + 1) * cell)
            y0 = ay + (x0 - ax) / (bx - ax) * (by - ay)
            y1 = ay + (x1 - ax) / (bx - ax) * (by - ay)
        else:
            y0, y1 = ay, by
        lo, hi = min(y0, y1), max(y0, y1)
        out.extend((i, j) for j in range(math.floor((lo - oy) / cell - 1e-9), math.floor((hi - oy) / cell + 1e-9) + 1))
    return out


def _cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2, d3, d4 = orient(p, q, r), orient(p, q, s), orient(r, s, p), orient(r, s, q)
    return d1 * d2 < -1e-12 and d3 * d4 < -1e-12


SPRING_STARTS = 6
"""Spring layouts from different starts that compete with the planar embedding, while the budget
(:data:`.force.FORCE_WORK`) allows 200 iterations for each: six up to 115 nodes, then fewer, one from
259 nodes on, with fewer iterations beyond (all starts share the budget with the layered start)."""
UNTANGLE_WORK = 10_000
"""Bond-pair crossing tests the crossing reduction may spend per node of the component (:func:`_untangle`)."""


def _force(g: Graph, free: dict[NodeId, int], seed: int) -> Shaped:
    """Force-directed placement: of several candidates (a planar embedding when there is one, alone
    and relaxed by a few spring steps; spring layouts from several starts; breadth-first layers relaxed
    the same way) the one with the fewest crossings after crossing reduction, then the earliest.

    Every step is bounded by a budget proportional to the work it may do (:data:`.force.FORCE_WORK`,
    :data:`UNTANGLE_WORK`), so the time grows smoothly with the size: no step is switched off at a size."""
    import networkx as nx

    from .force import FORCE_WORK, iterations_for, spring

    n = len(g.nodes)
    ids = list(range(n))
    edges = [(g.order[a], g.order[b]) for a, b in g.edges]
    candidates: list[dict[NodeId, Point]] = []

    def add(raw: dict) -> None:
        candidates.append(_normalise({v: (float(raw[g.order[v]][0]), float(raw[g.order[v]][1])) for v in g.nodes},
                                     g.edges))

    graph = nx.Graph()  # integers in spec order: networkx's planar embedding then follows no hash order
    graph.add_nodes_from(ids)
    graph.add_edges_from(edges)
    if nx.check_planarity(graph)[0]:
        planar = nx.planar_layout(graph)
        add(planar)
        add(spring(ids, edges, start=planar, seed=seed, iterations=iterations_for(n, 15)))
    starts = max(1, min(SPRING_STARTS, FORCE_WORK // (200 * n * n)))
    steps = iterations_for(n, 200, share=starts + 1)
    circle = {v: (math.cos(2 * math.pi * v / n), math.sin(2 * math.pi * v / n)) for v in ids}
    for k in range(starts):
        add(spring(ids, edges, start=circle if k == 0 else None, seed=seed + k, iterations=steps))
    layers = _flow(g, free).positions
    add(spring(ids, edges, start={g.order[v]: p for v, p in layers.items()}, seed=seed, iterations=steps))
    counts: list[int] = []
    for c in candidates:
        counts.append(crossings(c, g.edges, limit=min(counts, default=None)))
    ranked = sorted(range(len(candidates)), key=lambda k: (counts[k], k))
    budget = [UNTANGLE_WORK * n]  # crossing reduction on the two best starts, then the better result
    untangled = [_untangle(candidates[k], g, budget) for k in ranked[:2]]
    counts = [crossings(c, g.edges) for c in untangled]
    chosen = untangled[min(range(len(untangled)), key=lambda k: (counts[k], k))]
    return Shaped("force", _level(chosen, g), {})


def _untangle(pos: dict[NodeId, Point], g: Graph, budget: list[int], sweeps: int = 3) -> dict[NodeId, Point]:
    """Crossing reduction: move a node amid its neighbours, or swap the places of two nodes, whenever that
    removes crossings, until no move does or ``budget[0]`` bond-pair tests are spent (shared by the calls).

    A node's crossings are counted against every bond at once with numpy (the same arithmetic as
    :func:`_cross`), so a test costs a few nanoseconds and the budget, not the size, bounds the time."""
    import numpy as np

    index = g.order
    xy = np.array([pos[v] for v in g.nodes], dtype=float).reshape(-1, 2)
    ea = np.array([index[a] for a, _ in g.edges], dtype=int)
    eb = np.array([index[b] for _, b in g.edges], dtype=int)
    m = len(g.edges)
    incident: list[list[int]] = [[] for _ in g.nodes]
    for k, (a, b) in enumerate(g.edges):
        incident[index[a]].append(k)
        incident[index[b]].append(k)

    class Spent(Exception):
        pass

    def charge(work: int) -> None:
        budget[0] -= work
        if budget[0] < 0:
            raise Spent

    def local(nodes: tuple[int, ...]) -> int:
        mine = sorted({e for v in nodes for e in incident[v]})
        charge(len(mine) * m)
        if not mine:
            return 0
        e = np.array(mine)
        p, q = xy[ea], xy[eb]  # every bond
        r, t = p[e][:, None, :], q[e][:, None, :]  # this node's bonds, one row each
        d1 = (t[..., 0] - r[..., 0]) * (p[:, 1] - r[..., 1]) - (t[..., 1] - r[..., 1]) * (p[:, 0] - r[..., 0])
        d2 = (t[..., 0] - r[..., 0]) * (q[:, 1] - r[..., 1]) - (t[..., 1] - r[..., 1]) * (q[:, 0] - r[..., 0])
        d3 = (q[:, 0] - p[:, 0]) * (r[..., 1] - p[:, 1]) - (q[:, 1] - p[:, 1]) * (r[..., 0] - p[:, 0])
        d4 = (q[:, 0] - p[:, 0]) * (t[..., 1] - p[:, 1]) - (q[:, 1] - p[:, 1]) * (t[..., 0] - p[:, 0])
        hit = (d3 * d4 < -1e-12) & (d1 * d2 < -1e-12)
        a, b = ea[e][:, None], eb[e][:, None]
        hit &= (ea != a) & (ea != b) & (eb != a) & (eb != b)
        own = np.zeros(m, dtype=bool)
        own[e] = True
        hit &= ~(own & (np.arange(m) <= e[:, None]))  # a pair of this node's own bonds counts once
        count = int(hit.sum())
        return count

    try:
        for _ in range(sweeps):
            improved = False
            for u in range(len(g.nodes)):  # move a node to where its neighbours pull it, or a little beside that
                before = local((u,))
                nbrs = [index[w] for w in g.adj[g.nodes[u]]]
                if before == 0 or not nbrs:
                    continue
                home = xy[u].copy()
                bx = sum(float(xy[w][0]) for w in nbrs) / len(nbrs)
                by = sum(float(xy[w][1]) for w in nbrs) / len(nbrs)
                best_spot, best = home, before
                for dx, dy in ((0, 0), (0.4, 0), (-0.4, 0), (0, 0.4), (0, -0.4), (0.3, 0.3), (-0.3, -0.3), (0.3, -0.3),
                               (-0.3, 0.3)):
                    spot = np.array((bx + dx, by + dy))
                    charge(len(g.nodes))
                    near = np.hypot(xy[:, 0] - spot[0], xy[:, 1] - spot[1]) < 0.6
                    near[u] = False
                    if near.any():
                        continue
                    xy[u] = spot
                    try:
                        now = local((u,))
                    finally:
                        xy[u] = home
                    if now < best:
                        best_spot, best = spot, now
                xy[u] = best_spot
                improved = improved or best < before
            for u in range(len(g.nodes)):
                for v in range(u + 1, len(g.nodes)):
                    before = local((u, v))
                    if before == 0:
                        continue
                    xy[[u, v]] = xy[[v, u]]
                    try:
                        better = local((u, v)) < before
                    except Spent:
                        xy[[u, v]] = xy[[v, u]]
                        raise
                    if better:
                        improved = True
                    else:
                        xy[[u, v]] = xy[[v, u]]
            if not improved:
                break
    except Spent:
        pass
    return {v: (float(xy[k][0]), float(xy[k][1])) for k, v in enumerate(g.nodes)}


def _level(pos: dict[NodeId, Point], g: Graph) -> dict[NodeId, Point]:
    """Turn the picture so that the first tensor sits left of the last, level with it, as drawn by hand."""
    tensors = [v for v in g.nodes if v[0] == "t"]
    if len(tensors) < 2:
        return pos
    (ax, ay), (bx, by) = pos[tensors[0]], pos[tensors[-1]]
    if math.hypot(bx - ax, by - ay) < 1e-6:
        return pos
    theta = -math.atan2(by - ay, bx - ax)
    c, s = math.cos(theta), math.sin(theta)
    return {v: (round(x * c - y * s, 6), round(x * s + y * c, 6)) for v, (x, y) in pos.items()}


def _normalise(pos: dict[NodeId, Point], edges: list[tuple[NodeId, NodeId]]) -> dict[NodeId, Point]:
    """Scale so the median bond is one unit long, and round, so every process gets the same bytes."""
    lengths = sorted(math.dist(pos[a], pos[b]) for a, b in edges)
    scale = 1.0 / lengths[len(lengths) // 2] if lengths and lengths[len(lengths) // 2] > 1e-9 else 1.0
    return {v: (round(p[0] * scale, 6), round(p[1] * scale, 6)) for v, p in pos.items()}


def _spread(pos: dict[NodeId, Point], edges: list[tuple[NodeId, NodeId]]) -> float:
    lengths = [math.dist(pos[a], pos[b]) for a, b in edges]
    if not lengths:
        return 0.0
    mean = sum(lengths) / len(lengths)
    return math.sqrt(sum((x - mean) ** 2 for x in lengths) / len(lengths)) / max(mean, 1e-9)
