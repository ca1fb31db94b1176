"""A slice's long label (A_{αβ}: A at fixed values of summed indices) grows the slices' own circles only: the whole
tensors of the same equation keep the size their own labels need (issue 12: 07b once drew every circle, M and
the plain A, v, B as well, as large as A_{αβ})."""

from __future__ import annotations

from tensordiag import draw, load
from tensordiag.style import STYLE

from .conftest import ROOT


def test_07b_slices_share_a_size_and_leave_the_whole_tensors_alone() -> None:
    g = load(ROOT / "gallery" / "07b-three-tensors-middle-part.yaml").geometry
    sliced = [s for s in g.shapes if "_{" in (s.label or "")]
    whole = [s for s in g.shapes if s.shape == "circle" and s not in sliced]
    assert len(sliced) == 3 and len(whole) == 4  # A_αβ v_β B_βα; M and the plain A, v, B
    assert {round(s.width, 6) for s in whole} == {STYLE.drawing.circle_min}
    assert len({round(s.width, 6) for s in sliced}) == 1 and sliced[0].width > STYLE.drawing.circle_min


def test_a_slice_never_shrinks_below_the_whole_tensors() -> None:
    """Beside a whole tensor whose label needs more, a slice is as large as it (never smaller than its row)."""
    spec = {"equation": [
        {"einsum": "einsum(W_E, 'i j -> i j')", "tensors": {"W_E": {"label": "W_{E}"}}},
        {"op": "=", "sum": ["j"], "einsum": "einsum(w, 'i j -> i j')", "output": ["i"],
         "tensors": {"w": {"legs": ["i"], "data": "W_E", "slice": ["j"], "label": "w"}}}]}
    g = draw(spec).geometry
    sizes = {s.label: round(s.width, 6) for s in g.shapes}
    assert sizes["w"] == sizes["W_{E}"] > STYLE.drawing.circle_min
