"""Diagrams from code: trace a numpy, einops or PyTorch function into a checked figure.

>>> import numpy as np
>>> import tensordiag
>>> def layer(x, W):
...     return np.tanh(x @ W)
>>> t = tensordiag.trace(layer, np.zeros((3, 4)), np.zeros((4, 2)), names={"x": "seq hidden", "W": "hidden out"})
>>> t.spec["einsum"]
'einsum(x, W, "seq hidden, hidden out -> seq out")'
>>> t.spec["bubbles"]
[{'name': 'tanh1', 'function': 'tanh', 'members': ['x', 'W']}]
>>> t.verdict.verdict
'ok'

``fn`` runs once on tracer arrays that record every operation (:mod:`tensordiag.trace.graph`); the record is
turned into a spec (:mod:`tensordiag.trace.compile`), drawn by the usual pipeline, and checked twice: the
usual check (drawn network vs its einsum) and the trace's own (:mod:`tensordiag.trace.verify`: the figure
evaluated on random inputs vs ``fn`` called on them).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .api import Traced, trace, trace_file
from .functions import gelu, layernorm, relu, sigmoid, softmax
from .graph import TraceError

__all__ = ["TraceError", "Traced", "gelu", "layernorm", "relu", "sigmoid", "softmax", "trace", "trace_file"]


class _Callable(types.ModuleType):
    """``tensordiag.trace(fn, ...)`` calls :func:`trace`: the package is also the function."""

    def __call__(self, fn: Any, *examples: Any, **options: Any) -> Traced:
        return trace(fn, *examples, **options)


sys.modules[__name__].__class__ = _Callable
