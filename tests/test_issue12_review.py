"""What the issue-12 review asked of the figures no spec can mend, measured on the geometry as drawn: a triangle's
edge legs leave its flat side (near its middle, out along its normal, never from a corner), V† has the isometry
colour everywhere, and every figure named here fits a page."""

from __future__ import annotations

import math

import pytest

from tensordiag import load
from tensordiag.geometry.attach import BASE_INSET
from tensordiag.geometry.elements import Geometry
from tensordiag.model import Equation
from tensordiag.roles import ROLE_FILLS
from tensordiag.styles import fill_of

from .conftest import ROOT
from .test_free_ends import drawn

GALLERY = ROOT / "gallery"
TRIANGLES = ["13c-svd-bipartition", "15b-tensor-train-by-svds", "15c-tensor-train-left-orthonormal",
             "15d-tensor-train-orthogonality-centre", "15e-tensor-train-centre-norm"]
PAGE = 17.0


def _edge_starts(g: Geometry, triangle_names: set[str]) -> list[tuple[str, str, float, float, float]]:
    """For each wire end on a triangle's base: (triangle, index, place along the base 0..1, distance off the
    base's line, the cosine between the wire's first piece and the base's outward normal)."""
    out = []
    for s in g.shapes:
        if s.shape != "triangle" or s.name not in triangle_names:
            continue
        (px, py), (ax, ay), (bx, by) = s.outline
        ex, ey = bx - ax, by - ay
        length = math.hypot(ex, ey)
        nx, ny = -ey / length, ex / length
        if (px - ax) * nx + (py - ay) * ny > 0:
            nx, ny = -nx, -ny
        for w in g.wires:
            for pts in (w.points, w.points[::-1]):
                p, q = pts[0], pts[1]
                if s.ident not in w.ends or math.dist(p, (px, py)) < 1e-6:
                    continue
                off = (p[0] - ax) * nx + (p[1] - ay) * ny
                if abs(off) > 1e-6:
                    continue  # not this triangle's base
                t = ((p[0] - ax) * ex + (p[1] - ay) * ey) / length ** 2
                if not -1e-6 <= t <= 1 + 1e-6:
                    continue  # on the line of another triangle's base, in line with this one's
                d = math.dist(p, q) or 1.0
                cos = ((q[0] - p[0]) * nx + (q[1] - p[1]) * ny) / d
                out.append((s.name, w.index, t, off, cos))
    return out


@pytest.mark.parametrize("name", TRIANGLES)
def test_edge_legs_leave_the_flat_side_near_its_middle(name: str) -> None:
    """Gallery 15b once hung A1's p1 from its base corner and fanned V1†'s p2 p3 p4 out of one corner."""
    seen = 0
    for d, _, g in drawn(GALLERY / f"{name}.yaml"):
        for tri, index, t, _, cos in _edge_starts(g, {t.name for t in d.tensors}):
            seen += 1
            assert BASE_INSET - 1e-6 <= t <= 1 - BASE_INSET + 1e-6, (tri, index, t)  # never a corner
            assert cos > 0.99, (tri, index, cos)  # straight out of the base, along its normal
    assert seen >= 2


def test_a_lone_edge_leg_leaves_the_very_middle() -> None:
    """15b's A1 has one edge leg, p1: it leaves the middle of the flat side, then turns down."""
    d, _, g = drawn(GALLERY / "15b-tensor-train-by-svds.yaml")[-1]
    starts = {(tri, index): t for tri, index, t, _, _ in _edge_starts(g, {"A1"})}
    assert starts == {("A1", "p1"): pytest.approx(0.5)}
    p1 = next(w for w in g.wires if w.index == "p1" and w.ends[0].endswith("A1"))
    assert p1.points[-1][1] < min(p[1] for p in p1.points[:-1])  # its open end lies below


def test_nested_flank_legs_keep_their_order_and_part() -> None:
    """V1† of 15b turns three legs down: their open ends keep p2, p3, p4's order and stay a label apart."""
    d, _, g = drawn(GALLERY / "15b-tensor-train-by-svds.yaml")[1]
    ends = {w.index: w.points[-1] for w in g.wires if w.role == "free" and w.index in ("p2", "p3", "p4")}
    xs = [ends[i][0] for i in ("p2", "p3", "p4")]
    assert xs == sorted(xs) and min(b - a for a, b in zip(xs, xs[1:])) >= 0.35


def test_v_dagger_has_the_isometry_colour_in_every_figure() -> None:
    """13a drew V† blue and 15b grey: a triangle is an isometry, and an isometry is blue in every figure."""
    blue = ROLE_FILLS["isometry"]
    for spec in sorted(GALLERY.glob("*.yaml")):
        figure = load(spec).figure
        diagrams = [t.diagram for t in figure.terms] if isinstance(figure, Equation) else [figure]
        for dg in diagrams:
            for t in dg.tensors:
                if t.shape == "triangle":
                    assert fill_of(t, dg) == blue, (spec.stem, t.name)


@pytest.mark.parametrize("name", ["08b-top-line-first", "08c-efficient-order", *TRIANGLES])
def test_fits_a_page(name: str) -> None:
    g = load(GALLERY / f"{name}.yaml").geometry
    assert g.bbox[2] - g.bbox[0] <= PAGE, g.bbox
