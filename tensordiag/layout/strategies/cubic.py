"""3-D grids: an a × b × c cubic lattice (a, b, c ≥ 2) in an oblique projection.

Recognised from distances: in a box of a product of three paths, a node's coordinate along an axis
is half of (its distance to the corner at the origin − its distance to that axis's far corner + the
axis's length). The origin is the first corner (a node with three bonds) in spec order; each axis's
far corner is the nearest corner one step closer from that axis's first neighbour. The coordinates
are then verified bond by bond. Four breadth-first searches: linear in the size.

Drawn as a cube is in print (an oblique, "cabinet" projection): the longest axis across, the next
down, the shortest into the page at 45°, every bond of one direction parallel; the layers into the
page are set far enough apart that no tensor sits on another's bond; every physical leg leaves the
same way, up and to the left, the one diagonal no bond takes.
"""

from __future__ import annotations

import math

from ...network import NodeId
from ..graph import Graph, Shaped

DEPTH = 1.0
"""A bond into the page, in bonds (drawn at 45°): as long as the others, so the layer behind passes beyond the
open ends of the front layer's legs (at 0.8 the legs of the front's right-hand tensors ended on its bonds)."""
CLEAR = 1.0
"""How far (in bonds) the deepest layer stays from the next node across and down of the front layer."""


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """An a × b × c lattice with a, b, c ≥ 2 (see the module's docstring), or None."""
    n = len(g.nodes)
    corners = [v for v in g.nodes if g.degree(v) == 3]
    if n < 8 or len(corners) != 8 or any(not 3 <= g.degree(v) <= 6 for v in g.nodes):
        return None
    origin = corners[0]
    d0 = g.distances([origin])
    axes = []
    for first in g.adj[origin]:
        d1 = g.distances([first])
        ahead = [k for k in corners if k != origin and d0[k] - d1[k] == 1]
        if not ahead:
            return None
        far = min(ahead, key=lambda k: (d0[k], g.order[k]))
        axes.append((d0[far], g.distances([far])))
    if math.prod(length + 1 for length, _ in axes) != n:
        return None
    coords: dict[NodeId, tuple[int, ...]] = {}
    for v in g.nodes:
        c = []
        for length, dk in axes:
            twice = d0[v] - dk[v] + length
            if twice % 2 or not 0 <= twice // 2 <= length:
                return None
            c.append(twice // 2)
        coords[v] = tuple(c)
    if len(set(coords.values())) != n:
        return None
    for a, b in g.edges:
        if sum(abs(p - q) for p, q in zip(coords[a], coords[b])) != 1:
            return None
    lengths = [length for length, _ in axes]
    if len(g.edges) != sum(lengths[k] * math.prod(lengths[j] + 1 for j in range(3) if j != k) for k in range(3)):
        return None
    order = sorted(range(3), key=lambda k: (-lengths[k], k))  # across, down, into the page
    depth = DEPTH * math.sqrt(0.5)
    step = max(1.0, lengths[order[2]] * depth + CLEAR)
    positions = {}
    for v, c in coords.items():
        x, y, z = c[order[0]], c[order[1]], c[order[2]]
        positions[v] = (round(x * step + z * depth, 6), round(-y * step + z * depth, 6))
    return Shaped("cubic", positions, {v: [135.0, 315.0] for v in g.nodes})
