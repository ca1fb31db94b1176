"""Free legs: each open end on its declared side, else in its node's preferred direction, else away
from the node's neighbours and clear of other wires; legs leaving one side of a shape run parallel.

Whether a stub crosses other wires is asked of a uniform grid of the wires (:class:`WireGrid`), so
only the wires near the stub are tested and the test is the same at every size.
"""

from __future__ import annotations

import math

from ..model import SIDE_VECTORS, Diagram, leg_text
from ..network import Network, NodeId
from ..style import STYLE
from ..plane import bonds_cross
from .crossings import segment_cells
from .graph import Point


CELLS_PER_WIRE = 8
"""The grid of :func:`place_free_legs` files a wire in this many cells on average, at most."""


class WireGrid:
    """Straight wires filed by the cells of a uniform grid they pass through (cells ``cell`` cm wide).

    ``crossings(p, ends)`` counts the filed wires that each segment p-q properly crosses, with
    :func:`tensordiag.plane.bonds_cross` against the wires filed in the cells the segment passes: exactly the
    count a test against every wire gives, since two segments that cross share the cell of their crossing
    point. Plain Python: a small diagram's free legs need no numpy (its import alone costs 0.15 s)."""

    def __init__(self, cell: float, capacity: int = 0) -> None:
        self.cell = cell
        self.origin = (-0.381966 * cell, -0.236068 * cell)  # off the lattice that positions often sit on
        self.ends: list[tuple[Point, Point]] = []
        self.bounds: list[tuple[float, float, float, float]] = []
        """Each wire's bounding box: a stub is short, and most long wires sharing its cells miss its box."""
        self.filed = 0  # wires before this one are in ``cells``: filing waits for the first question
        self.cells: dict[tuple[int, int], list[int]] = {}

    @property
    def count(self) -> int:
        return len(self.ends)

    def _cells(self, p: Point, q: Point) -> list[tuple[int, int]]:
        return segment_cells(p, q, self.origin[0], self.origin[1], self.cell)

    def add(self, p: Point, q: Point) -> None:
        a, b = (float(p[0]), float(p[1])), (float(q[0]), float(q[1]))
        self.ends.append((a, b))
        self.bounds.append((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))

    def _file(self) -> None:
        for k in range(self.filed, len(self.ends)):
            for c in self._cells(*self.ends[k]):
                self.cells.setdefault(c, []).append(k)
        self.filed = len(self.ends)

    def crossings(self, p: Point, ends: list[Point]) -> list[int]:
        """For each q of ``ends``, how many filed wires segment pq crosses (one start, several ends)."""
        self._file()
        out = []
        for q in ends:
            near: set[int] = set()
            for c in self._cells(p, q):
                near.update(self.cells.get(c, ()))
            x0, y0, x1, y1 = min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])
            # two segments whose boxes are apart cannot cross: four comparisons spare the exact test
            out.append(sum(bonds_cross(p, q, *self.ends[k]) for k in near
                           if not (self.bounds[k][2] < x0 or self.bounds[k][0] > x1
                                   or self.bounds[k][3] < y0 or self.bounds[k][1] > y1)))
        return out


def place_free_legs(diagram: Diagram, network: Network, pos: dict[NodeId, Point],
                    extents: dict[str, tuple[float, float]], prefer: dict[NodeId, list[float]]) -> None:
    """Place every open end: on its declared side, else away from the node's neighbours."""
    style = STYLE.layout
    sides = diagram.side_map
    neighbours: dict[NodeId, list[NodeId]] = {}
    for w in network.wires:
        if not w.free and not w.loop:
            neighbours.setdefault(w.a.node, []).append(w.b.node)
            neighbours.setdefault(w.b.node, []).append(w.a.node)
    used: dict[NodeId, list[float]] = {}
    placed: list[tuple[NodeId, NodeId, float]] = []
    bonds = [(pos[w.a.node], pos[w.b.node]) for w in network.wires if not w.free and not w.loop]
    # Cells about a stub long: a stub then meets only the wires near it, not every long bond through a wide cell;
    # never so small that filing the wires takes more than CELLS_PER_WIRE cells each on average.
    total = sum(math.dist(p, q) for p, q in bonds)
    wires = WireGrid(max(total / (CELLS_PER_WIRE * max(len(bonds), 1)), 2 * style.stub_length),
                     len(bonds) + len(diagram.output))
    for p, q in bonds:
        wires.add(p, q)
    tilt = _tilt(diagram, network, pos, neighbours)
    for w in network.wires:
        if not w.free:
            continue
        owner = w.a.node
        text = leg_text(diagram.output[int(w.b.node.name)])
        side = sides.get(text) or diagram.free_side or ("up" if diagram.permute else None)
        taken = used.setdefault(owner, [])
        wanted = _unused(prefer.get(owner, []), taken)
        if side is not None:
            vx, vy = SIDE_VECTORS[side]
            angle = math.degrees(math.atan2(vy, vx)) - (tilt if text not in sides else 0.0)
        elif wanted and _clear(owner, wanted[0], neighbours.get(owner, []), pos):
            angle = wanted[0]
        else:
            angle = _away(owner, neighbours.get(owner, []), pos, taken)
            angle = _uncrossed(owner, angle, taken, neighbours.get(owner, []), pos, wires, extents)
        if all(abs((angle - t + 180) % 360 - 180) > 1e-9 for t in taken):
            # one stub per direction: the node's later legs that way run parallel to it (spread below), so
            # a second copy would only double every count and make each further leg cost all before it
            taken.append(angle)
            wires.add(pos[owner], _stub_end(owner, angle, pos, extents))
        placed.append((w.b.node, owner, angle))
    # Legs leaving one node on the same side are spread side by side, parallel, across the shape.
    groups: dict[tuple[NodeId, float], list[NodeId]] = {}
    for end, owner, angle in placed:
        groups.setdefault((owner, round(angle % 360, 6)), []).append(end)
    for (owner, angle), ends in groups.items():
        reach = style.stub_length
        across = 0.0
        if owner.is_tensor:
            w_, h_ = extents[owner.name]
            reach += max(w_, h_) / 2
            across = max(w_, h_) * style.parallel_leg_spread
        ox, oy = pos[owner]
        rad = math.radians(angle)
        ux, uy = math.cos(rad), math.sin(rad)
        step = min(style.parallel_leg_step, across / max(len(ends) - 1, 1)) if len(ends) > 1 else 0.0
        # in reading order, as the output lists them: legs going up or down left to right, legs going left or
        # right top to bottom (so a dagger's legs, drawn mirrored, still face their partner's in order)
        px, py = -uy, ux
        if (abs(uy) >= abs(ux) and px < 0) or (abs(uy) < abs(ux) and py > 0):
            px, py = -px, -py
        for k, end in enumerate(ends):
            shift = (k - (len(ends) - 1) / 2) * step
            pos[end] = (ox + ux * reach + px * shift, oy + uy * reach + py * shift)


def _tilt(diagram: Diagram, network: Network, pos: dict[NodeId, Point], neighbours: dict[NodeId, list[NodeId]]
          ) -> float:
    """How far (degrees, clockwise) the legs that take ``free_side`` turn off it: 45 when one of them would run
    along a bond of its tensor (a PEPS with ``free_side: up``: the legs of every row below the top would lie on
    the bonds above, hidden), so all of them leave on the same diagonal, as a lattice's physical legs are drawn;
    else 0. A leg given its own side (``sides``) keeps it, and a drawn permutation keeps its side."""
    if not diagram.free_side or diagram.permute:
        return 0.0
    sides = diagram.side_map
    vx, vy = SIDE_VECTORS[diagram.free_side]
    angle = math.degrees(math.atan2(vy, vx))
    for w in network.wires:
        if w.free and leg_text(diagram.output[int(w.b.node.name)]) not in sides \
                and not _clear(w.a.node, angle, neighbours.get(w.a.node, []), pos):
            return 45.0
    return 0.0


def _unused(prefer: list[float], taken: list[float]) -> list[float]:
    """The preferred angles not yet taken, as a multiset: an angle listed twice (two legs down) serves two legs."""
    wanted = list(prefer)
    for t in taken:
        for k, a in enumerate(wanted):
            if abs((a - t + 180) % 360 - 180) <= 1:
                del wanted[k]
                break
    return wanted


def _stub_end(owner: NodeId, angle: float, pos: dict[NodeId, Point], extents: dict[str, tuple[float, float]]) -> Point:
    reach = STYLE.layout.stub_length + (max(extents[owner.name]) / 2 if owner.is_tensor else 0.0)
    rad = math.radians(angle)
    return (pos[owner][0] + math.cos(rad) * reach, pos[owner][1] + math.sin(rad) * reach)


def _uncrossed(owner: NodeId, angle: float, taken: list[float], nbrs: list[NodeId], pos: dict[NodeId, Point],
               wires: WireGrid, extents: dict[str, tuple[float, float]]) -> float:
    """Of the directions clear of the node's own bonds, the one whose stub crosses the fewest other wires
    (``angle``, the roomiest, when it crosses none)."""

    if wires.crossings(pos[owner], [_stub_end(owner, angle, pos, extents)])[0] == 0:
        return angle
    options = [angle] + ([a for a in STYLE.layout.free_angles if _clear(owner, a, nbrs, pos)
                          and all(abs((a - t + 180) % 360 - 180) > 1 for t in taken)] or [angle])
    hits = wires.crossings(pos[owner], [_stub_end(owner, a, pos, extents) for a in options])
    return options[min(range(len(options)), key=hits.__getitem__)]


def _clear(owner: NodeId, angle: float, nbrs: list[NodeId], pos: dict[NodeId, Point]) -> bool:
    """Whether a free leg at ``angle`` keeps at least ``free_leg_clearance`` degrees from every bond of its node."""
    ox, oy = pos[owner]
    for n in nbrs:
        if pos[n] == (ox, oy):
            continue
        b = math.degrees(math.atan2(pos[n][1] - oy, pos[n][0] - ox))
        if abs((angle - b + 180) % 360 - 180) < STYLE.layout.free_leg_clearance - 1e-3:  # exactly it is clear
            return False
    return True


def _away(owner: NodeId, nbrs: list[NodeId], pos: dict[NodeId, Point], taken: list[float]) -> float:
    """The 45°-snapped direction farthest from the owner's neighbours and its other free legs."""
    angles = STYLE.layout.free_angles
    ox, oy = pos[owner]
    blocked = [math.degrees(math.atan2(pos[n][1] - oy, pos[n][0] - ox)) for n in nbrs if pos[n] != (ox, oy)]
    blocked += taken
    if not blocked:
        return angles[len(taken) % len(angles)]
    best, best_gap = 0.0, -1.0
    for candidate in angles:
        gap = min(abs((candidate - b + 180) % 360 - 180) for b in blocked)
        if gap >= STYLE.layout.free_leg_level_gap and candidate in (0.0, 180.0):
            return candidate  # left or right, as drawn by hand, whenever it is clear
        if gap > best_gap + 1e-9:
            best, best_gap = candidate, gap
    return best
