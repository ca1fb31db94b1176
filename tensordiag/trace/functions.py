"""Nonlinearities for traced numpy code: on arrays they compute (as the check does), on tracers they record a
bubble. numpy has no softmax or GELU of its own, so code that should trace writes ``softmax(x, axis=-1)`` from
here (or ``torch.softmax``/``F.gelu`` under PyTorch).

>>> import numpy as np
>>> softmax(np.zeros((2, 2)), axis=-1).tolist()
[[0.5, 0.5], [0.5, 0.5]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check.functions import apply_function
from . import ops
from .graph import Tracer


def _apply(name: str, x: Any, axis: int | None = None) -> Any:
    if isinstance(x, Tracer):
        return ops.func(x, name, axis, what=name)
    x = np.asarray(x)
    return apply_function(name, x, axis=None if axis is None else axis % x.ndim)


def softmax(x: Any, axis: int = -1) -> Any:
    return _apply("softmax", x, axis)


def layernorm(x: Any, axis: int = -1) -> Any:
    """Zero mean and unit variance along ``axis`` (no learned scale or shift, no epsilon)."""
    return _apply("layernorm", x, axis)


def gelu(x: Any) -> Any:
    """GELU in its tanh approximation (GPT-2's)."""
    return _apply("gelu", x)


def relu(x: Any) -> Any:
    return _apply("relu", x)


def sigmoid(x: Any) -> Any:
    return _apply("sigmoid", x)
