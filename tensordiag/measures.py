"""How good a laid-out figure looks, in numbers: crossings, overlaps, wires through shapes, …

Pure functions over a :class:`~tensordiag.geometry.Geometry` (centimetres, y up); nothing here lays
anything out or draws, and the segment and box tests come from :mod:`tensordiag.plane`. Tests and
``bench/`` use these measures, so they live outside ``layout/``. Every count uses a uniform grid
(buckets of cells) so that only elements sharing a cell are compared: a 4,096-tensor network
measures in a fraction of a second.

Definitions (see :class:`Metrics`):

* a *bond* is a wire whose two ends are two different shapes or junction dots (``WireG.ends``);
  a *free leg* is a wire with role ``free``;
* curves are measured as the polylines :func:`tensordiag.geometry.flatten` samples;
* "properly cross" means the two polylines intersect at a point interior to a segment of each,
  not by touching or running along each other.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Iterator, Sequence

from . import plane
from .geometry import Geometry, ShapeG, WireG, flatten

Point = tuple[float, float]
Segment = tuple[float, float, float, float]

OCTILINEAR_TOLERANCE = 3.0
"""Degrees a bond may deviate from a multiple of 45° and still count as octilinear."""
_EPS = 1e-9


@dataclass(frozen=True)
class Metrics:
    crossings: int
    """Pairs of wires whose polylines properly cross (wires that share an end shape or dot excluded)."""
    overlaps: int
    """Pairs of shapes whose bounding boxes overlap (touching does not count)."""
    foreign: int
    """(wire, shape) pairs where the wire passes through the inside of a shape it does not end at."""
    octilinear: float
    """Share of bonds drawn at a multiple of 45° (±3°): a curved bond by its chord, a straight one by
    each of its segments (a single segment: its chord). 1.0 when there are no bonds."""
    spread: float
    """1 − |mean unit direction of the free legs| (0: all parallel, near 1: evenly spread). 0.0 with no free legs."""
    bond_cv: float
    """Coefficient of variation (population std / mean) of the bonds' drawn lengths. 0.0 with fewer than 2 bonds."""
    bonds: int
    free_legs: int


def measure(geometry: Geometry) -> Metrics:
    """Every metric of ``geometry``."""
    lines = [flatten(w) for w in geometry.wires]
    ends = [_end_set(w) for w in geometry.wires]
    nodes = {s.ident for s in geometry.shapes} | {d.ident for d in geometry.dots}
    bond_ids = [k for k, w in enumerate(geometry.wires) if _is_bond(w, nodes)]
    free_ids = [k for k, w in enumerate(geometry.wires) if w.role == "free"]
    segs, owner = _segments(lines)
    return Metrics(
        crossings=_crossings(segs, owner, ends),
        overlaps=count_overlaps(geometry.shapes),
        foreign=_foreign(segs, owner, ends, geometry.shapes),
        octilinear=octilinear_share([geometry.wires[k] for k in bond_ids], [lines[k] for k in bond_ids]),
        spread=free_leg_spread([lines[k] for k in free_ids]),
        bond_cv=length_cv([lines[k] for k in bond_ids]),
        bonds=len(bond_ids),
        free_legs=len(free_ids),
    )


# --- which wire is what ---------------------------------------------------------------------


def _end_set(w: WireG) -> frozenset[str]:
    return frozenset(w.ends).difference(("",))


def _is_bond(w: WireG, nodes: set[str]) -> bool:
    a, b = w.ends
    return w.role not in ("free", "loop") and a != b and a in nodes and b in nodes


# --- the grid -------------------------------------------------------------------------------


class _Grid:
    """Square cells of side ``cell``; an element is filed under every cell it may touch."""

    def __init__(self, cell: float, origin: Point) -> None:
        self.cell = cell
        self.ox, self.oy = origin
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)

    def _ix(self, x: float) -> float:
        return (x - self.ox) / self.cell

    def _iy(self, y: float) -> float:
        return (y - self.oy) / self.cell

    def box_cells(self, x0: float, y0: float, x1: float, y1: float) -> Iterator[tuple[int, int]]:
        for ix in range(math.floor(self._ix(x0) - _EPS), math.floor(self._ix(x1) + _EPS) + 1):
            for iy in range(math.floor(self._iy(y0) - _EPS), math.floor(self._iy(y1) + _EPS) + 1):
                yield ix, iy

    def segment_cells(self, s: Segment) -> Iterator[tuple[int, int]]:
        """Every cell the segment passes through (conservatively: a cell it grazes is included)."""
        ax, ay, bx, by = s
        if ax > bx:
            ax, ay, bx, by = bx, by, ax, ay
        ix0, ix1 = math.floor(self._ix(ax) - _EPS), math.floor(self._ix(bx) + _EPS)
        lo, hi = (ay, by) if ay <= by else (by, ay)
        iy0, iy1 = math.floor(self._iy(lo) - 1e-6), math.floor(self._iy(hi) + 1e-6)
        if ix0 == ix1 or iy0 == iy1 or (ix1 - ix0 == 1 and iy1 - iy0 == 1):
            # One row or column: the box's cells are exactly the crossed ones; 2×2: close enough.
            for ix in range(ix0, ix1 + 1):
                for iy in range(iy0, iy1 + 1):
                    yield ix, iy
            return
        dx = bx - ax
        for ix in range(ix0, ix1 + 1):
            if dx > _EPS:
                cx0 = max(ax, self.ox + ix * self.cell)
                cx1 = min(bx, self.ox + (ix + 1) * self.cell)
                ya = ay + (cx0 - ax) / dx * (by - ay)
                yb = ay + (cx1 - ax) / dx * (by - ay)
            else:
                ya, yb = ay, by
            lo, hi = (ya, yb) if ya <= yb else (yb, ya)
            for iy in range(math.floor(self._iy(lo) - 1e-6), math.floor(self._iy(hi) + 1e-6) + 1):
                yield ix, iy

    def add(self, item: int, cells: Iterable[tuple[int, int]]) -> None:
        for c in cells:
            self.cells[c].append(item)


def _cell_size(lengths: Sequence[float], fallback: float = 1.0) -> float:
    positive = [v for v in lengths if v > _EPS]
    return statistics.median(positive) if positive else fallback


def _origin(points: Iterable[Point], cell: float) -> Point:
    """Below and left of every point, shifted off any round number so lattice layouts do not sit on cell edges."""
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return (0.0, 0.0)
    return (min(xs) - 0.3819660113 * cell, min(ys) - 0.2360679775 * cell)


def _segments(lines: Sequence[Sequence[Point]]) -> tuple[list[Segment], list[int]]:
    segs: list[Segment] = []
    owner: list[int] = []
    for k, pts in enumerate(lines):
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            if abs(bx - ax) > _EPS or abs(by - ay) > _EPS:
                segs.append((ax, ay, bx, by))
                owner.append(k)
    return segs, owner


# --- crossings ------------------------------------------------------------------------------


def segments_cross(s: Segment, t: Segment) -> bool:
    """True when segments ``s`` and ``t`` meet at one point interior to both (not at an end, not collinear):
    :func:`tensordiag.plane.segments_cross` on ``(x0, y0, x1, y1)`` tuples."""
    return plane.segments_cross((s[0], s[1]), (s[2], s[3]), (t[0], t[1]), (t[2], t[3]), eps=_EPS)


def count_crossings(lines: Sequence[Sequence[Point]], ends: Sequence[frozenset[str]]) -> int:
    """Pairs of polylines that properly cross, skipping pairs whose end sets intersect."""
    return _crossings(*_segments(lines), ends)


def _crossings(segs: Sequence[Segment], owner: Sequence[int], ends: Sequence[frozenset[str]]) -> int:
    if len(segs) < 2:
        return 0
    cell = _cell_size([math.hypot(s[2] - s[0], s[3] - s[1]) for s in segs])
    grid = _Grid(cell, _origin(_seg_points(segs), cell))
    for k, s in enumerate(segs):
        grid.add(k, grid.segment_cells(s))
    crossing: set[tuple[int, int]] = set()
    for members in grid.cells.values():
        if len(members) < 2:
            continue
        for a, b in combinations(members, 2):
            wa, wb = owner[a], owner[b]
            if wa == wb:
                continue
            key = (wa, wb) if wa < wb else (wb, wa)
            if key in crossing or ends[wa] & ends[wb]:
                continue
            if segments_cross(segs[a], segs[b]):
                crossing.add(key)
    return len(crossing)


def _seg_points(segs: Sequence[Segment]) -> Iterator[Point]:
    for ax, ay, bx, by in segs:
        yield ax, ay
        yield bx, by


# --- overlaps -------------------------------------------------------------------------------


def _box(s: ShapeG) -> tuple[float, float, float, float]:
    return (s.x - s.width / 2, s.y - s.height / 2, s.x + s.width / 2, s.y + s.height / 2)


def count_overlaps(shapes: Sequence[ShapeG]) -> int:
    """Pairs of shapes whose boxes overlap by more than a hair (shapes with no extent never overlap)."""
    boxes = [(_box(s), k) for k, s in enumerate(shapes) if s.width > _EPS and s.height > _EPS]
    if len(boxes) < 2:
        return 0
    cell = _cell_size([max(b[2] - b[0], b[3] - b[1]) for b, _ in boxes])
    grid = _Grid(cell, _origin(((b[0], b[1]) for b, _ in boxes), cell))
    for n, (b, _) in enumerate(boxes):
        grid.add(n, grid.box_cells(*b))
    found: set[tuple[int, int]] = set()
    tol = 1e-6
    for members in grid.cells.values():
        for p, q in combinations(members, 2):
            key = (p, q) if p < q else (q, p)
            if key in found:
                continue
            if plane.boxes_overlap(boxes[p][0], boxes[q][0], tol=tol):
                found.add(key)
    return len(found)


# --- wires through shapes -------------------------------------------------------------------


def segment_enters(s: Segment, shape: ShapeG) -> bool:
    """Does segment ``s`` pass through the inside of ``shape`` (its polygon, else its circle)?"""
    a, b = (s[0], s[1]), (s[2], s[3])
    if shape.outline:
        return plane.segment_enters_convex(a, b, shape.outline, margin=1e-6)
    r = shape.radius if shape.radius > 0 else min(shape.width, shape.height) / 2
    return plane.segment_enters_circle(a, b, (shape.x, shape.y), r, margin=1e-6)


def count_foreign(lines: Sequence[Sequence[Point]], ends: Sequence[frozenset[str]], shapes: Sequence[ShapeG]) -> int:
    """(wire, shape) pairs where a segment of the wire enters a shape the wire does not end at."""
    return _foreign(*_segments(lines), ends, shapes)


def _foreign(segs: Sequence[Segment], owner: Sequence[int], ends: Sequence[frozenset[str]],
             shapes: Sequence[ShapeG]) -> int:
    solid = [k for k, s in enumerate(shapes) if max(s.width, s.height) > _EPS and s.shape != "none"]
    if not solid or not segs:
        return 0
    sizes = [max(shapes[k].width, shapes[k].height) for k in solid]
    cell = max(_cell_size([math.hypot(s[2] - s[0], s[3] - s[1]) for s in segs]), _cell_size(sizes))
    grid = _Grid(cell, _origin(((shapes[k].x - shapes[k].width / 2, shapes[k].y - shapes[k].height / 2)
                                for k in solid), cell))
    for k in solid:
        grid.add(k, grid.box_cells(*_box(shapes[k])))
    found: set[tuple[int, int]] = set()
    for n, s in enumerate(segs):
        w = owner[n]
        for c in grid.segment_cells(s):
            for k in grid.cells.get(c, ()):
                if (w, k) in found or shapes[k].ident in ends[w]:
                    continue
                if segment_enters(s, shapes[k]):
                    found.add((w, k))
    return len(found)


# --- directions and lengths -----------------------------------------------------------------


def _off_octilinear(dx: float, dy: float) -> float:
    """Degrees between direction (dx, dy) and the nearest multiple of 45°."""
    a = math.degrees(math.atan2(dy, dx)) % 45.0
    return min(a, 45.0 - a)


def octilinear_share(wires: Sequence[WireG], lines: Sequence[Sequence[Point]]) -> float:
    """Share of ``wires`` (bonds) drawn at multiples of 45°: curves by their chord, polylines segment by segment."""
    if not wires:
        return 1.0
    good = 0
    for w, pts in zip(wires, lines):
        if w.curve:
            pieces = [(w.points[0], w.points[-1])]
        else:
            pieces = list(zip(w.points, w.points[1:]))
        dirs = [(b[0] - a[0], b[1] - a[1]) for a, b in pieces if math.hypot(b[0] - a[0], b[1] - a[1]) > _EPS]
        if dirs and all(_off_octilinear(dx, dy) <= OCTILINEAR_TOLERANCE for dx, dy in dirs):
            good += 1
    return good / len(wires)


def free_leg_spread(lines: Sequence[Sequence[Point]]) -> float:
    """1 − length of the mean unit vector of the legs' directions (first point to last)."""
    vx = vy = 0.0
    n = 0
    for pts in lines:
        dx, dy = pts[-1][0] - pts[0][0], pts[-1][1] - pts[0][1]
        d = math.hypot(dx, dy)
        if d > _EPS:
            vx += dx / d
            vy += dy / d
            n += 1
    if n == 0:
        return 0.0
    return max(0.0, 1.0 - math.hypot(vx / n, vy / n))


def polyline_length(pts: Sequence[Point]) -> float:
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(pts, pts[1:]))


def length_cv(lines: Sequence[Sequence[Point]]) -> float:
    """Population standard deviation over mean of the polylines' lengths (0.0 for fewer than two)."""
    lengths = [polyline_length(p) for p in lines]
    if len(lengths) < 2:
        return 0.0
    mean = statistics.fmean(lengths)
    return statistics.pstdev(lengths) / mean if mean > _EPS else 0.0


__all__ = ["Metrics", "measure", "count_crossings", "count_overlaps", "count_foreign", "octilinear_share",
           "free_leg_spread", "length_cv", "segments_cross", "segment_enters", "polyline_length",
           "OCTILINEAR_TOLERANCE"]
