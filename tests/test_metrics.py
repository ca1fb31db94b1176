"""Layout metrics on hand-built geometries whose answers are known by construction."""

from __future__ import annotations

import math
import random
from itertools import combinations

import pytest

from tensordiag.geometry import Geometry, ShapeG, WireG, DotG
from tensordiag.measures import (
    Metrics,
    count_crossings,
    count_foreign,
    count_overlaps,
    measure,
    segment_enters,
    segments_cross,
)


def box(name: str, x: float, y: float, w: float = 0.6, h: float = 0.6) -> ShapeG:
    outline = ((x - w / 2, y - h / 2), (x + w / 2, y - h / 2), (x + w / 2, y + h / 2), (x - w / 2, y + h / 2))
    return ShapeG(name, name, "rectangle", x, y, w, h, 0.0, outline, "#ffffff", "#000000", name)


def circle(name: str, x: float, y: float, d: float = 0.6) -> ShapeG:
    return ShapeG(name, name, "circle", x, y, d, d, d / 2, (), "#ffffff", "#000000", name)


def wire(a: str, b: str, *points: tuple[float, float], role: str = "bond", curve: bool = False) -> WireG:
    return WireG(f"{a}{b}", role, tuple(points), curve, 0.6, "#000000", (a, b))


def leg(a: str, start: tuple[float, float], end: tuple[float, float]) -> WireG:
    """A free leg: both ends name its tensor, as geometry.py writes them."""
    return WireG(f"{a}-leg", "free", (start, end), False, 0.6, "#000000", (a, a))


def geo(shapes=(), wires=(), dots=()) -> Geometry:
    return Geometry(tuple(shapes), tuple(wires), tuple(dots), (), (), (0.0, 0.0, 1.0, 1.0))


# --- crossings -------------------------------------------------------------------------------


def test_an_x_is_one_crossing():
    shapes = [box("A", 0, 0), box("B", 3, 3), box("C", 0, 3), box("D", 3, 0)]
    g = geo(shapes, [wire("A", "B", (0, 0), (3, 3)), wire("C", "D", (0, 3), (3, 0))])
    assert measure(g).crossings == 1


def test_wires_sharing_an_end_never_cross():
    # Both wires end at A: even a crossing drawn between them is not counted.
    g = geo([box("A", 0, 0), box("B", 3, 3), box("C", 3, 0)],
            [wire("A", "B", (0, 0), (3, 3)), wire("A", "C", (0, 3), (3, 0))])
    assert measure(g).crossings == 0


def test_shared_junction_dot_excludes_the_pair():
    dot = DotG("k", "dot-k", 1.5, 1.5, 0.07)
    g = geo([box("A", 0, 0), box("B", 0, 3)], [wire("A", "dot-k", (0, 0), (3, 3)), wire("B", "dot-k", (0, 3), (3, 0))],
            [dot])
    assert measure(g).crossings == 0


def test_parallel_touching_and_collinear_wires_do_not_cross():
    assert not segments_cross((0, 0, 2, 0), (0, 1, 2, 1))  # parallel
    assert not segments_cross((0, 0, 2, 0), (1, 0, 1, 2))  # T: one ends on the other
    assert not segments_cross((0, 0, 2, 0), (1, 0, 3, 0))  # collinear overlap
    assert not segments_cross((0, 0, 1, 1), (2, 0, 1.6, 0.4))  # would meet only if extended
    assert segments_cross((0, 0, 2, 2), (0, 2, 2, 0))


def test_a_pair_crossing_twice_counts_once():
    zigzag = wire("C", "D", (0, 1), (1, -1), (2, 1), (3, -1))
    g = geo([box("A", -1, 0), box("B", 4, 0), box("C", 0, 1), box("D", 3, -1)],
            [wire("A", "B", (-1, 0), (4, 0)), zigzag])
    assert measure(g).crossings == 1


def test_a_curve_is_measured_along_its_path():
    # A Bézier arching above y = 1 crosses the horizontal line y = 1 twice (one pair), and a
    # line at y = 2 (above the arch) not at all; the chord alone (y = 0) would cross neither.
    arch = wire("A", "B", (0, 0), (1, 3), (3, 3), (4, 0), curve=True)
    low = wire("C", "D", (-1, 1), (5, 1))
    high = wire("E", "F", (-1, 2.6), (5, 2.6))
    shapes = [box(n, x, y) for n, x, y in [("A", 0, 0), ("B", 4, 0), ("C", -1, 1), ("D", 5, 1), ("E", -1, 2.6),
                                            ("F", 5, 2.6)]]
    assert measure(geo(shapes, [arch, low])).crossings == 1
    assert measure(geo(shapes, [arch, high])).crossings == 0


def _brute_crossings(lines, ends):
    found = 0
    for i, j in combinations(range(len(lines)), 2):
        if ends[i] & ends[j]:
            continue
        si = list(zip(lines[i], lines[i][1:]))
        sj = list(zip(lines[j], lines[j][1:]))
        if any(segments_cross((*a, *b), (*c, *d)) for a, b in si for c, d in sj):
            found += 1
    return found


@pytest.mark.parametrize("seed", range(4))
def test_grid_finds_every_crossing_of_random_wires(seed):
    rng = random.Random(seed)
    lines, ends = [], []
    for k in range(150):
        x, y = rng.uniform(0, 20), rng.uniform(0, 20)
        length = rng.choice([0.5, 2.0, 12.0])  # short and long wires: many grid cells per wire
        pts = [(x, y)]
        for _ in range(rng.randint(1, 3)):
            a = rng.uniform(0, 2 * math.pi)
            pts.append((pts[-1][0] + length * math.cos(a), pts[-1][1] + length * math.sin(a)))
        lines.append(pts)
        ends.append(frozenset({f"n{rng.randrange(60)}", f"n{rng.randrange(60)}"}))
    assert count_crossings(lines, ends) == _brute_crossings(lines, ends)


def test_grid_finds_crossings_on_a_lattice():
    # Diagonals of a unit lattice cross exactly on cell-sized points: none may be missed.
    lines, ends = [], []
    for i in range(6):
        for j in range(6):
            lines.append([(i, j), (i + 1, j + 1)])
            ends.append(frozenset({f"a{i},{j}"}))
            lines.append([(i + 1, j), (i, j + 1)])
            ends.append(frozenset({f"b{i},{j}"}))
    assert count_crossings(lines, ends) == _brute_crossings(lines, ends)
    assert count_crossings(lines, ends) >= 36


# --- overlaps --------------------------------------------------------------------------------


def test_two_overlapping_boxes():
    assert measure(geo([box("A", 0, 0, 1, 1), box("B", 0.5, 0.5, 1, 1)])).overlaps == 1


def test_apart_and_touching_boxes_do_not_overlap():
    assert count_overlaps([box("A", 0, 0, 1, 1), box("B", 3, 0, 1, 1)]) == 0
    assert count_overlaps([box("A", 0, 0, 1, 1), box("B", 1, 0, 1, 1)]) == 0  # edges touch


def test_overlaps_count_pairs():
    stacked = [box(n, 0.1 * k, 0, 1, 1) for k, n in enumerate("ABC")]
    assert count_overlaps(stacked) == 3
    assert count_overlaps(stacked + [box("D", 10, 10, 1, 1)]) == 3


def test_grid_finds_every_overlap_of_random_boxes():
    rng = random.Random(7)
    shapes = [box(f"s{k}", rng.uniform(0, 15), rng.uniform(0, 15), rng.uniform(0.2, 2.5), rng.uniform(0.2, 2.5))
              for k in range(200)]

    def hit(a, b):
        return abs(a.x - b.x) < (a.width + b.width) / 2 - 1e-6 and abs(a.y - b.y) < (a.height + b.height) / 2 - 1e-6

    assert count_overlaps(shapes) == sum(hit(a, b) for a, b in combinations(shapes, 2))


# --- wires through shapes --------------------------------------------------------------------


def test_a_wire_through_a_box():
    shapes = [box("A", 0, 0), box("B", 4, 0), box("C", 2, 0)]
    g = geo(shapes, [wire("A", "B", (0.3, 0), (3.7, 0))])
    assert measure(g).foreign == 1


def test_a_wire_beside_or_ending_at_a_box_is_not_foreign():
    shapes = [box("A", 0, 0), box("B", 4, 0), box("C", 2, 1)]
    assert measure(geo(shapes, [wire("A", "B", (0.3, 0), (3.7, 0))])).foreign == 0
    # Ending at C's centre: the wire belongs to C.
    assert measure(geo(shapes, [wire("A", "C", (0.3, 0), (2, 1))])).foreign == 0


def test_a_circle_is_entered_only_inside_its_round_outline():
    c = circle("C", 0, 0, 1.0)
    # x + y = 0.9 cuts the corner of the circle's box (through (0.45, 0.45)) but stays 0.64 from the centre.
    assert not segment_enters((-0.1, 1.0, 1.0, -0.1), c)
    assert segment_enters((-0.1, 0.6, 0.6, -0.1), c)  # x + y = 0.5: 0.35 from the centre
    assert segment_enters((-1.0, 0.2, 1.0, 0.2), c)
    assert not segment_enters((-1.0, 0.5, 1.0, 0.5), c)  # tangent: touching is not entering


def test_foreign_counts_wire_shape_pairs():
    shapes = [box("A", 0, 0), box("B", 6, 0), box("C", 2, 0), box("D", 4, 0)]
    one = wire("A", "B", (0.3, 0), (5.7, 0))
    assert count_foreign([list(one.points)], [frozenset(one.ends)], shapes) == 2


def test_a_triangle_is_entered_only_inside_its_outline():
    tri = ShapeG("T", "T", "triangle", 0, 0, 2, 2, 0.0, ((1, 0), (-1, 1), (-1, -1)), "#fff", "#000", "T")
    assert segment_enters((-2, 0, 2, 0), tri)
    assert not segment_enters((0.5, 0.9, 0.9, 0.5), tri)  # inside the box, outside the triangle


# --- directions and lengths ------------------------------------------------------------------


def test_a_45_degree_bond_is_octilinear():
    g = geo([box("A", 0, 0), box("B", 2, 2)], [wire("A", "B", (0.3, 0.3), (1.7, 1.7))])
    m = measure(g)
    assert m.octilinear == 1.0 and m.bonds == 1


def _bond_at(degrees: float) -> Geometry:
    a = math.radians(degrees)
    end = (2 * math.cos(a), 2 * math.sin(a))
    return geo([box("A", 0, 0), box("B", *end)], [wire("A", "B", (0, 0), end)])


@pytest.mark.parametrize("degrees,expected", [(0, 1.0), (90, 1.0), (135, 1.0), (47.5, 1.0), (42.5, 1.0),
                                              (30, 0.0), (48.5, 0.0), (-22.5, 0.0), (-182.0, 1.0)])
def test_octilinear_tolerance_is_three_degrees(degrees, expected):
    assert measure(_bond_at(degrees)).octilinear == expected


def test_octilinear_is_a_share_of_bonds_only():
    shapes = [box("A", 0, 0), box("B", 2, 0), box("C", 3, 1.3)]
    wires = [wire("A", "B", (0, 0), (2, 0)), wire("B", "C", (2, 0), (3, 1.3)),
             leg("A", (0, 0), (-0.4, 0.9))]  # a free leg at 114°: not a bond, does not count
    m = measure(geo(shapes, wires))
    assert (m.bonds, m.free_legs, m.octilinear) == (2, 1, 0.5)


def test_a_curved_bond_counts_by_its_chord():
    curved = wire("A", "B", (0, 0), (0.7, 1.0), (1.4, 1.0), (2, 0), curve=True)
    assert measure(geo([box("A", 0, 0), box("B", 2, 0)], [curved])).octilinear == 1.0


def test_parallel_legs_have_no_spread():
    shapes = [box(n, 2 * k, 0) for k, n in enumerate("ABCD")]
    legs = [leg(s.ident, (s.x, s.y + 0.3), (s.x, s.y + 1.0)) for s in shapes]
    assert measure(geo(shapes, legs)).spread == pytest.approx(0.0, abs=1e-12)


def test_spread_of_opposite_and_perpendicular_legs():
    a = box("A", 0, 0)
    opposite = [leg("A", (0, 0), (1, 0)), leg("A", (0, 0), (-1, 0))]
    right_angle = [leg("A", (0, 0), (1, 0)), leg("A", (0, 0), (0, 1))]
    assert measure(geo([a], opposite)).spread == pytest.approx(1.0)
    assert measure(geo([a], right_angle)).spread == pytest.approx(1 - math.sqrt(2) / 2)


def test_bond_cv_of_lengths_one_and_three():
    shapes = [box("A", 0, 0), box("B", 1, 0), box("C", 4, 0)]
    g = geo(shapes, [wire("A", "B", (0, 0), (1, 0)), wire("B", "C", (1, 0), (4, 0))])
    assert measure(g).bond_cv == pytest.approx(0.5)  # mean 2, population std 1
    equal = geo(shapes[:2], [wire("A", "B", (0, 0), (1, 0)), wire("A", "B", (0, 1), (1, 1))])
    assert measure(equal).bond_cv == pytest.approx(0.0)


def test_empty_geometry():
    assert measure(geo()) == Metrics(0, 0, 0, 1.0, 0.0, 0.0, 0, 0)
