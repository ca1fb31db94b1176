"""The post's panels of the two-layer attention-only transformer are one network drawn two ways: the left
panel (gallery/22, both layers reading the stream through copy nodes) and the middle one (gallery/22a, the
input copied straight into layer 1) give the same output for the same input and weights, softmax and all.
(Drawn as one equation the two stood 40 cm tall, so they are two figures and this test checks them equal.)"""

from __future__ import annotations

import numpy as np

from tensordiag import load
from tensordiag.check import stand_ins
from tensordiag.check.flow import flow_value
from tensordiag.check.scaled import value
from tensordiag.check.sizes import index_sizes
from tensordiag.model import Diagram

from .conftest import ROOT

GALLERY = ROOT / "gallery"


def _output(d: Diagram, arrays: dict[str, np.ndarray]) -> np.ndarray:
    """The diagram's output, run as data flow through its copy and add nodes, with ``arrays`` as its tensors."""
    return value(flow_value(d, arrays, index_sizes(d, 4, None), 2**24))


def test_the_left_and_middle_panels_are_one_network() -> None:
    left = load(GALLERY / "22-two-layer-transformer.yaml").figure
    middle = load(GALLERY / "22a-two-layer-attention-only.yaml").figure
    assert isinstance(left, Diagram) and isinstance(middle, Diagram)
    arrays = stand_ins(left, seed=3)
    a, b = _output(left, arrays), _output(middle, arrays)
    assert a.shape == b.shape == (3, 3)
    assert np.allclose(a, b, rtol=1e-9, atol=1e-12)
    changed = dict(arrays, W_Q1=arrays["W_Q1"] * 2.0)  # layer 1's pattern enters both: a wrong wire would show
    assert not np.allclose(_output(left, changed), b, rtol=1e-6)
