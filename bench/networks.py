"""Tensor networks for the layout benchmark, as einsum strings in the einops call style.

Each generator returns ``einsum(A1, A2, …, 'p1 b1, b1 p2 b2, … -> p1 p2 …')``: tensor names first,
then one operand per tensor (its indices, space separated), then the free indices after ``->``.

>>> mps(3)
"einsum(A1, A2, A3, 'p1 b1, b1 p2 b2, b2 p3 -> p1 p2 p3')"
"""

from __future__ import annotations

from typing import Sequence

LADDER = "einsum(A,V,B,W,C,X,D,Y,E,Z,'i j, i r, j k l, r k s, l m n, s m t, n o p, t o u, p q, u q -> ')"
"""The post's ten-tensor ladder: two rows of five, rungs between them, closed at both ends."""


def call(names: Sequence[str], operands: Sequence[Sequence[str]], output: Sequence[str]) -> str:
    """``einsum(N1, N2, …, 'i j, j k -> i k')`` from names, each operand's indices and the output."""
    if len(names) != len(operands):
        raise ValueError(f"{len(names)} names for {len(operands)} operands")
    pattern = ", ".join(" ".join(op) for op in operands) + " -> " + " ".join(output)
    return f"einsum({', '.join(names)}, '{pattern.rstrip()}')"


def mps(n: int) -> str:
    """Open-boundary matrix product state: ``n`` sites in a row, bonds ``b1…``, a physical leg ``pk`` each."""
    if n < 2:
        raise ValueError("an MPS needs at least 2 sites")
    ops = []
    for k in range(1, n + 1):
        legs = ([f"b{k - 1}"] if k > 1 else []) + [f"p{k}"] + ([f"b{k}"] if k < n else [])
        ops.append(legs)
    return call([f"A{k}" for k in range(1, n + 1)], ops, [f"p{k}" for k in range(1, n + 1)])


def ring(n: int) -> str:
    """Periodic MPS: ``n`` sites on a cycle (bond ``b0`` closes it), a physical leg each."""
    if n < 3:
        raise ValueError("a ring needs at least 3 sites")
    ops = [[f"b{k - 1}", f"p{k}", f"b{k % n}"] for k in range(1, n + 1)]
    return call([f"A{k}" for k in range(1, n + 1)], ops, [f"p{k}" for k in range(1, n + 1)])


def ladder() -> str:
    return LADDER


def binary_tree(depth: int, *, root_leg: bool = False) -> str:
    """A complete binary tree with levels 0…``depth`` (2^(depth+1) − 1 tensors, numbered heap-style).

    Node k > 1 bonds to its parent k // 2 by ``ek``; each leaf has a free (physical) leg ``xk``, as a
    tree tensor network state is drawn; ``root_leg`` adds a free leg ``r`` on the root (a tree as a map).
    """
    if depth < 1:
        raise ValueError("a tree needs depth ≥ 1")
    count = 2 ** (depth + 1) - 1
    first_leaf = 2 ** depth
    ops = []
    for k in range(1, count + 1):
        legs = (["r"] if root_leg else []) if k == 1 else [f"e{k}"]
        if k < first_leaf:
            legs += [f"e{2 * k}", f"e{2 * k + 1}"]
        else:
            legs.append(f"x{k}")
        ops.append(legs)
    out = (["r"] if root_leg else []) + [f"x{k}" for k in range(first_leaf, count + 1)]
    return call([f"T{k}" for k in range(1, count + 1)], ops, out)


def peps(rows: int, cols: int) -> str:
    """A ``rows``×``cols`` grid (open boundary). Site k = i*cols + j + 1 (row i, column j) is ``Tk`` with
    physical leg ``pk``, bond ``hk`` to its right neighbour and ``vk`` to the one below."""
    if rows < 1 or cols < 1 or rows * cols < 2:
        raise ValueError("a PEPS needs at least 2 sites")
    names, ops, out = [], [], []
    for i in range(rows):
        for j in range(cols):
            k = i * cols + j + 1
            legs = []
            if i > 0:
                legs.append(f"v{k - cols}")
            if j > 0:
                legs.append(f"h{k - 1}")
            legs.append(f"p{k}")
            if j < cols - 1:
                legs.append(f"h{k}")
            if i < rows - 1:
                legs.append(f"v{k}")
            names.append(f"T{k}")
            ops.append(legs)
            out.append(f"p{k}")
    return call(names, ops, out)


def random_regular(degree: int = 3, n: int = 30, seed: int = 0) -> str:
    """``networkx.random_regular_graph(degree, n, seed)``: a tensor ``Gv`` per vertex v with a free leg ``pv``,
    and a bond ``e1``, ``e2``, … per edge (edges in sorted order)."""
    import networkx as nx

    graph = nx.random_regular_graph(degree, n, seed=seed)
    legs: dict[int, list[str]] = {v: [] for v in sorted(graph.nodes)}
    for k, (a, b) in enumerate(sorted(tuple(sorted(e)) for e in graph.edges), start=1):
        legs[a].append(f"e{k}")
        legs[b].append(f"e{k}")
    ops = [legs[v] + [f"p{v}"] for v in legs]
    return call([f"G{v}" for v in legs], ops, [f"p{v}" for v in legs])


def catalogue(*, big: bool = False) -> dict[str, str]:
    """Every benchmark network by name, in table order (``big`` adds PEPS 64×64)."""
    nets = {
        "MPS 16": mps(16),
        "MPS 64": mps(64),
        "ring 12": ring(12),
        "ladder": ladder(),
        "tree d4": binary_tree(4),
        "tree d6": binary_tree(6),
        "tree d6, root leg": binary_tree(6, root_leg=True),
        "PEPS 4x4": peps(4, 4),
        "PEPS 8x8": peps(8, 8),
        "PEPS 16x16": peps(16, 16),
        "PEPS 32x32": peps(32, 32),
        "3-regular 30": random_regular(3, 30, seed=0),
        # the sizes where an algorithm once switched (80 tensors: crossing reduction; 500: force placement)
        "3-regular 78": random_regular(3, 78, seed=0),
        "3-regular 82": random_regular(3, 82, seed=0),
        "15-regular 80": random_regular(15, 80, seed=0),
        "3-regular 498": random_regular(3, 498, seed=0),
        "3-regular 502": random_regular(3, 502, seed=0),
        # issue 13's kinds: circuits, lattices, tori, 3-D grids, layered networks
        "brickwork 6x4": brickwork(6, 4),
        "brickwork 12x10": brickwork(12, 10),
        "honeycomb 2x3": honeycomb(2, 3),
        "honeycomb 6x6": honeycomb(6, 6),
        "triangular 4x6": triangular(4, 6),
        "kagome 2x3": kagome(2, 3),
        "torus 4x4": torus(4, 4),
        "torus 6x6": torus(6, 6),
        "cubic 3x3x3": cubic(3, 3, 3),
        "cubic 5x4x3": cubic(5, 4, 3),
        "MERA 8, 2 layers": mera(8, 2),
        "MERA 16, 3 layers": mera(16, 3),
        # random planar networks (greedy triangulations of random points, a quarter of the bonds removed)
        "planar 50": random_planar(50, 0),
        "planar 100": random_planar(100, 1),
        "planar 200": random_planar(200, 3),
    }
    if big:
        nets["PEPS 64x64"] = peps(64, 64)
    return nets


def brickwork(qubits: int, layers: int) -> str:
    """A brickwork circuit: ``layers`` layers of two-qubit gates ``Gl_q`` on qubits (q, q+1), even pairs in
    odd layers and odd pairs in even ones. Each gate's legs are (in q, in q+1, out q, out q+1); qubit q
    runs ``qq_0`` (its input, free) → ``qq_1`` → … (its output, free)."""
    if qubits < 2 or layers < 1:
        raise ValueError("a brickwork needs 2 qubits and a layer")
    wire = {q: 0 for q in range(qubits)}
    names, ops = [], []
    for layer in range(layers):
        for q in range(layer % 2, qubits - 1, 2):
            legs = [f"q{q}_{wire[q]}", f"q{q + 1}_{wire[q + 1]}"]
            wire[q] += 1
            wire[q + 1] += 1
            names.append(f"G{layer + 1}_{q}")
            ops.append(legs + [f"q{q}_{wire[q]}", f"q{q + 1}_{wire[q + 1]}"])
    out = [f"q{q}_0" for q in range(qubits)] + [f"q{q}_{wire[q]}" for q in range(qubits)]
    return call(names, ops, out)


def from_graph(graph, prefix: str = "T") -> str:  # type: ignore[no-untyped-def]
    """A tensor ``<prefix>k`` per node of a networkx graph (nodes in sorted order, k from 1) with a free
    (physical) leg ``pk``, and a bond ``e1``, ``e2``, … per edge (edges in sorted order)."""
    order = {v: k for k, v in enumerate(sorted(graph.nodes), start=1)}
    legs: dict[int, list[str]] = {k: [] for k in order.values()}
    edges = sorted(tuple(sorted((order[a], order[b]))) for a, b in graph.edges)
    for k, (a, b) in enumerate(edges, start=1):
        legs[a].append(f"e{k}")
        legs[b].append(f"e{k}")
    return call([f"{prefix}{k}" for k in legs], [legs[k] + [f"p{k}"] for k in legs], [f"p{k}" for k in legs])


def honeycomb(rows: int, cols: int) -> str:
    """``networkx.hexagonal_lattice_graph(rows, cols)``: a patch of rows × cols hexagons."""
    import networkx as nx

    return from_graph(nx.hexagonal_lattice_graph(rows, cols))


def triangular(rows: int, cols: int) -> str:
    """``networkx.triangular_lattice_graph(rows, cols)``: a patch of rows × cols rhombi cut into triangles."""
    import networkx as nx

    return from_graph(nx.triangular_lattice_graph(rows, cols))


def kagome(rows: int, cols: int) -> str:
    """The kagome lattice as the line graph of a rows × cols honeycomb patch (a site per honeycomb bond)."""
    import networkx as nx

    return from_graph(nx.line_graph(nx.hexagonal_lattice_graph(rows, cols)))


def torus(rows: int, cols: int) -> str:
    """A periodic ``rows`` × ``cols`` PEPS: ``networkx.grid_2d_graph(rows, cols, periodic=True)``."""
    import networkx as nx

    return from_graph(nx.grid_2d_graph(rows, cols, periodic=True))


def cubic(a: int, b: int, c: int) -> str:
    """An ``a`` × ``b`` × ``c`` cubic lattice (open boundaries): ``networkx.grid_graph([a, b, c])``."""
    import networkx as nx

    return from_graph(nx.grid_graph([a, b, c]))


def mera(sites: int = 8, layers: int = 2) -> str:
    """A binary MERA with open boundaries on ``sites`` = 2^k·m sites, ``layers`` layers, closed by a top
    tensor ``T``. Layer l has disentanglers ``Ul_k`` on the pairs (2k+1, 2k+2) of its sites (the first and
    last site pass by) and isometries ``Wl_k`` merging the pairs (2k, 2k+1) into one site of the next layer.
    The physical legs ``s0_j`` of the bottom layer are the free legs."""
    if sites % (2 ** layers) or sites // (2 ** layers) < 1 or layers < 1:
        raise ValueError("sites must be a multiple of 2^layers")
    names, ops = [], []
    legs = [f"s0_{j}" for j in range(sites)]
    out = list(legs)
    for layer in range(1, layers + 1):
        n = len(legs)
        mid = list(legs)
        for k in range((n - 2) // 2):
            a, b = 2 * k + 1, 2 * k + 2
            names.append(f"U{layer}_{k}")
            new = [f"u{layer}_{a}", f"u{layer}_{b}"]
            ops.append([mid[a], mid[b]] + new)
            mid[a], mid[b] = new
        nxt = []
        for k in range(n // 2):
            names.append(f"W{layer}_{k}")
            up = f"s{layer}_{k}"
            ops.append([mid[2 * k], mid[2 * k + 1], up])
            nxt.append(up)
        legs = nxt
    names.append("T")
    ops.append(legs)
    return call(names, ops, out)


__all__ = ["LADDER", "call", "mps", "ring", "ladder", "binary_tree", "peps", "random_regular", "catalogue",
           "brickwork", "from_graph", "honeycomb", "triangular", "kagome", "torus", "cubic", "mera"]


def random_planar(n: int, seed: int = 0, *, drop: float = 0.25) -> str:
    """A random planar network of ``n`` tensors: ``n`` random points in the unit square joined by the greedy
    triangulation (the shortest segments first, each kept when it crosses none kept before), then a share
    ``drop`` of its bonds removed at random where the network stays connected. A free leg ``pk`` each."""
    import networkx as nx
    import numpy as np

    rng = np.random.RandomState(seed)
    pts = rng.rand(n, 2)
    pairs = sorted((float(np.hypot(*(pts[a] - pts[b]))), a, b) for a in range(n) for b in range(a + 1, n))
    kept: list[tuple[int, int]] = []
    for _, a, b in pairs[: 12 * n]:
        p, q = pts[a], pts[b]
        if kept:
            e = np.array(kept)
            r, s = pts[e[:, 0]], pts[e[:, 1]]
            shared = (e[:, 0] == a) | (e[:, 0] == b) | (e[:, 1] == a) | (e[:, 1] == b)

            def side(o: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
                return (u[..., 0] - o[..., 0]) * (v[..., 1] - o[..., 1]) - (u[..., 1] - o[..., 1]) * (v[..., 0] - o[..., 0])

            cross = (side(p, q, r) * side(p, q, s) < 0) & (side(r, s, p) * side(r, s, q) < 0) & ~shared
            if cross.any():
                continue
        kept.append((a, b))
    graph = nx.Graph(kept)
    graph.add_nodes_from(range(n))
    for k in rng.permutation(len(kept)):
        if graph.number_of_edges() <= (1 - drop) * len(kept):
            break
        a, b = kept[k]
        graph.remove_edge(a, b)
        if not nx.has_path(graph, a, b):
            graph.add_edge(a, b)
    return from_graph(graph)
