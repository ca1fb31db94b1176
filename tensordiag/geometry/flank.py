"""A triangle's edge legs that head off beside it (a train's physical leg beside a sideways isometry) leave from
its flat side, as hand-drawn isometries do: straight out of the base, then a rounded turn toward where they go.

:func:`.attach.base_point` sends an edge leg whose far end lies beyond the base straight across; one whose far
end lies on the apex's side (a *flank* leg) used to leave from a base corner, so an isometry looked as if its
leg hung from its corner. Here each flank leg gets a slot on the base, as near its middle as the legs already
there allow, and runs out along the base's outward normal by a stub before it turns. Several flank legs turning
the same way nest: the one whose far end lies farthest out gets the longest stub and the slot farthest from the
corner it turns past, so no two cross.

>>> slots([], 1, 0.3, 0), slots([0.5], 1, 0.3, 1)
([0.5], [0.8])
>>> sorted(slots([], 3, 0.3, 1))
[0.2, 0.5, 0.8]
"""

from __future__ import annotations

import math
from typing import Mapping

from ..network import Network, NodeId
from .attach import BASE_INSET
from .elements import Point, ShapeG

STUB = 0.22
"""How far (cm) a flank leg runs straight out of the base before it turns."""
STUB_STEP = 0.4
"""How much longer each next nested flank leg's stub is (cm)."""
SLOT_GAP = 0.3
"""The least distance between two legs on one base, as a fraction of the base's length."""


def slots(taken: list[float], count: int, gap: float, turn: int) -> list[float]:
    """``count`` places on a base (0 to 1) for flank legs that turn past its corner ``turn`` (0 or 1): nearest
    the middle first, each ``gap`` from the others and from the straight-across legs' ``taken`` places, and all
    between those and the corner (else a leg would turn across a straight one). The gap shrinks until they fit."""
    lo, hi = BASE_INSET, 1.0 - BASE_INSET
    while gap >= 0.02:
        if taken:
            lo, hi = (max(taken) + gap, hi) if turn else (lo, min(taken) - gap)
        grid = [round(lo + (hi - lo) * k / 64, 9) for k in range(65)] if hi >= lo else []
        out: list[float] = []
        for s in sorted(grid, key=lambda s: (round(abs(s - 0.5), 9), s)):
            if all(abs(s - t) >= gap - 1e-9 for t in out):
                out.append(s)
                if len(out) == count:
                    return out
        lo, hi = BASE_INSET, 1.0 - BASE_INSET
        gap *= 0.8
    return [hi if turn else lo] * count


def _frame(shape: ShapeG) -> tuple[Point, Point, Point]:
    """A triangle's first base corner, the base's vector, and its outward unit normal (away from the apex)."""
    (px, py), (ax, ay), (bx, by) = shape.outline
    ex, ey = bx - ax, by - ay
    length = math.hypot(ex, ey) or 1.0
    nx, ny = -ey / length, ex / length
    if (px - ax) * nx + (py - ay) * ny > 0:
        nx, ny = -nx, -ny
    return (ax, ay), (ex, ey), (nx, ny)


def flank_ends(network: Network, pos: Mapping[NodeId, Point], shapes: Mapping[str, ShapeG],
               tips: Mapping[str, frozenset[int]]) -> dict[tuple[int, int], tuple[Point, Point, float]]:
    """For each flank leg, by (wire number, 0 for its ``a`` end or 1 for ``b``): where it leaves the base, the
    base's outward normal and its stub's length."""
    out: dict[tuple[int, int], tuple[Point, Point, float]] = {}
    by_triangle: dict[str, list[tuple[int, int, Point]]] = {}
    for k, w in enumerate(network.wires):
        if w.loop:
            continue
        for end, (near, far) in enumerate(((w.a, w.b), (w.b, w.a))):
            name = near.node.name
            if (near.node.is_tensor and name in tips and near.axis not in tips[name]
                    and len(shapes[name].outline) == 3):
                by_triangle.setdefault(name, []).append((k, end, pos[far.node]))
    for name, legs in by_triangle.items():
        shape = shapes[name]
        (ax, ay), (ex, ey), (nx, ny) = _frame(shape)
        base2 = ex * ex + ey * ey or 1.0
        taken: list[float] = []
        flank: list[tuple[int, int, float, float]] = []
        for k, end, (fx, fy) in legs:
            s = ((fx - ax) * ex + (fy - ay) * ey) / base2
            if (fx - ax) * nx + (fy - ay) * ny > 1e-9:  # beyond the base: straight across (attach.base_point)
                taken.append(min(1.0 - BASE_INSET, max(BASE_INSET, s)))
            else:
                flank.append((k, end, s, (fx - ax) * nx + (fy - ay) * ny))
        fixed = list(taken)
        for turn in (0, 1):  # the legs turning past the first corner, then those past the second
            group = [f for f in flank if (f[2] >= 0.5) == bool(turn)]
            if not group:
                continue
            # the innermost leg (its far end least far out along the normal) turns nearest the corner
            places = sorted(slots(fixed, len(group), SLOT_GAP, turn), reverse=bool(turn))
            group.sort(key=lambda f: (round(f[3], 9), f[0]))
            for depth, ((k, end, _, _), s) in enumerate(zip(group, places)):
                out[(k, end)] = ((ax + ex * s, ay + ey * s), (nx, ny), STUB + STUB_STEP * depth)
    return out


def flank_path(a: tuple[Point, Point, float] | None, b: tuple[Point, Point, float] | None, far_a: Point | None,
               far_b: Point | None) -> tuple[Point, ...]:
    """The Bézier chain of a wire with a flank end: ``a`` and ``b`` are its ends' (start, normal, stub) or None;
    ``far_a`` / ``far_b`` where its other end, when that is no flank end, lies (on an outline, or a free leg's
    open end)."""
    if a is not None and b is not None:  # flank to flank: a bracket out of one base and into the other
        (sa, na, la), (sb, nb, lb) = a, b
        c = 1.33 * max(la, lb)
        return (sa, (sa[0] + na[0] * c, sa[1] + na[1] * c), (sb[0] + nb[0] * c, sb[1] + nb[1] * c), sb)
    flip = a is None
    (s, n, stub), end = (b, far_a) if flip else (a, far_b)  # type: ignore[misc]
    corner = (s[0] + n[0] * stub, s[1] + n[1] * stub)
    dx, dy = end[0] - corner[0], end[1] - corner[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    r = min(stub, d / 2)

    def at(t: float) -> Point:  # along the normal out of the base
        return (s[0] + n[0] * t, s[1] + n[1] * t)

    def on(t: float) -> Point:  # from the turn's corner toward the end
        return (corner[0] + ux * t, corner[1] + uy * t)

    turn_in, turn_out = at(stub - r), on(r)
    k = 0.552 * r  # a quarter circle's control distance
    pts = [s, at((stub - r) / 3), at(2 * (stub - r) / 3), turn_in] if stub - r > 1e-9 else [s]
    pts += [at(stub - r + k), on(r - k), turn_out]
    pts += [on(r + (d - r) / 3), on(r + 2 * (d - r) / 3), end]
    return tuple(reversed(pts)) if flip else tuple(pts)


def open_end(start: Point, normal: Point, stub: float, end: Point, centre: Point) -> Point:
    """A free flank leg's open end: after its turn the leg runs parallel to the base, toward the layout's
    ``end`` and as far along as it (flank legs side by side stay parallel, as on a train's isometries)."""
    corner = (start[0] + normal[0] * stub, start[1] + normal[1] * stub)
    ux, uy = -normal[1], normal[0]
    along = (end[0] - corner[0]) * ux + (end[1] - corner[1]) * uy
    if abs(along) < 1e-9:
        return end
    return (corner[0] + ux * along, corner[1] + uy * along)
