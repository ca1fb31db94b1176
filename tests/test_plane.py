"""The shared 2-D tests: each against cases worked by hand, and the two crossing tests against each other."""

from __future__ import annotations

import random

import pytest

from tensordiag import plane


@pytest.mark.parametrize(("p", "q", "r", "s", "expected"), [
    ((0, 0), (2, 2), (0, 2), (2, 0), True),       # an X
    ((0, 0), (1, 1), (1, 1), (2, 0), False),      # a shared end
    ((0, 0), (2, 0), (1, 0), (3, 0), False),      # collinear overlap is not a proper crossing
    ((0, 0), (2, 0), (1, 0), (1, 2), False),      # a T: one segment ends on the other
    ((0, 0), (1, 0), (2, -1), (2, 1), False),     # apart
])
def test_segments_cross_by_hand(p, q, r, s, expected) -> None:  # type: ignore[no-untyped-def]
    assert plane.segments_cross(p, q, r, s) is expected
    assert plane.segments_cross(r, s, p, q) is expected
    assert plane.bonds_cross(p, q, r, s) is expected


def test_the_two_crossing_tests_agree_on_generic_segments() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        pts = [(rng.uniform(-5, 5), rng.uniform(-5, 5)) for _ in range(4)]
        assert plane.segments_cross(*pts) == plane.bonds_cross(*pts)


def test_the_crossing_tolerance_is_relative_to_the_segments() -> None:
    tiny = [(x * 1e-6, y * 1e-6) for x, y in ((0, 0), (2, 2), (0, 2), (2, 0))]
    assert plane.segments_cross(*tiny)
    assert not plane.bonds_cross(*tiny)  # the layout's absolute tolerance ignores microscopic bonds


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((-1, 0.5), (2, 0.5), True),     # straight through
    ((-1, 1.0), (2, 1.0), False),    # along the top edge
    ((-1, -1), (-0.5, 2), False),    # beside it
    ((0.5, 0.5), (0.6, 0.6), True),  # wholly inside
])
def test_segment_hits_box(a, b, expected) -> None:  # type: ignore[no-untyped-def]
    assert plane.segment_hits_box(a, b, (0, 0, 1, 1)) is expected


def test_segment_enters_circle_and_convex_polygon() -> None:
    assert plane.segment_enters_circle((-2, 0), (2, 0), (0, 0), 1.0)
    assert not plane.segment_enters_circle((-2, 1), (2, 1), (0, 0), 1.0)  # a tangent only touches
    assert not plane.segment_enters_circle((-2, 0), (2, 0), (0, 0), 0.0)
    triangle = ((0, 0), (2, 0), (1, 2))
    assert plane.segment_enters_convex((1, -1), (1, 3), triangle)
    assert plane.segment_enters_convex((1, -1), (1, 3), triangle[::-1])  # either winding
    assert not plane.segment_enters_convex((-1, 0), (3, 0), triangle)   # along an edge
    assert not plane.segment_enters_convex((3, 0), (3, 3), triangle)


def test_on_segment_and_boxes_overlap() -> None:
    assert plane.on_segment((1, 0.1), (0, 0), (2, 0))
    assert not plane.on_segment((1, 0.2), (0, 0), (2, 0))
    assert not plane.on_segment((0, 0), (0, 0), (2, 0))  # an end is not between the ends
    assert not plane.on_segment((1, 0), (1, 0), (1, 0))  # a point is no segment
    assert plane.boxes_overlap((0, 0, 1, 1), (0.5, 0.5, 2, 2))
    assert not plane.boxes_overlap((0, 0, 1, 1), (1, 0, 2, 1))  # touching edges do not overlap
