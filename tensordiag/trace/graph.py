"""The record a trace makes: one :class:`Node` per operation, on :class:`Tracer` values.

A :class:`Tracer` stands in for an array while ``fn`` runs: it has a shape and the node that made it, and every
operation on it appends a node to the :class:`Graph`. Operations are reduced to a handful of kinds, which
:mod:`tensordiag.trace.compile` turns into a spec:

* ``leaf``: an argument of ``fn`` (its ``names`` give each axis an index name);
* ``einsum``: every contraction, transpose, sum, broadcast and Hadamard product, written as one einsum with
  a label per axis (``labels``: one tuple per input, ``out``) and, where the code named them, the labels' names;
* ``reshape``: axes grouped into one thick leg, or a group split back into its legs;
* ``func``: an elementwise nonlinearity, or one along an axis (softmax): a bubble;
* ``add``: the sum of two values of one shape: an add node;
* ``scale``: a value times a number: a coefficient.

Anything else raises a :class:`TraceError` naming the operation and the line of ``fn`` that called it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SpecError


class TraceError(SpecError):
    """The traced code does something the tracer does not draw (or draws no figure)."""


_OWN = str(Path(__file__).resolve().parents[1])
_LIBRARIES = ("numpy", "einops", "torch", "importlib", "functools", "contextlib")


def source_line() -> str:
    """``file:line`` of the innermost frame of the traced code (outside tensordiag, numpy, einops and torch)."""
    frame = sys._getframe(1)
    while frame is not None:
        path = frame.f_code.co_filename
        parts = Path(path).parts
        if not path.startswith(_OWN) and not any(lib in parts for lib in _LIBRARIES) and "<frozen" not in path:
            return f"{Path(path).name}:{frame.f_lineno}"
        frame = frame.f_back
    return "<unknown line>"


def refuse(operation: str, why: str = "the tracer does not draw it") -> TraceError:
    """The one-line refusal: ``line 12: np.sort: the tracer does not draw it``."""
    return TraceError(f"{operation}: {why}", where=source_line())


@dataclass
class Node:
    kind: str
    inputs: tuple[int, ...]
    shape: tuple[int, ...]
    params: dict[str, Any] = field(default_factory=dict)
    line: str = ""


class Graph:
    """Nodes in the order they were made; a node's inputs are earlier nodes' numbers."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.pushed: dict[tuple[int, tuple[Any, ...]], int | None] = {}
        """(node, step) -> the node a slice or split pushed down from it became (:mod:`.slices`)."""
        self.views: dict[tuple[int, tuple[Any, ...]], int] = {}
        """(argument, view) -> its leaf node: one tensor per distinct slice of an argument."""

    def add(self, kind: str, inputs: tuple[int, ...], shape: tuple[int, ...], **params: Any) -> int:
        self.nodes.append(Node(kind, inputs, tuple(int(n) for n in shape), params, source_line()))
        return len(self.nodes) - 1


class Tracer:
    """An array stand-in that records what is done to it.  Framework hooks live in numpy_ops and torch_ops."""

    __array_priority__ = 1000

    def __init__(self, graph: Graph, node: int) -> None:
        self.graph = graph
        self.node = node

    @property
    def shape(self) -> tuple[int, ...]:
        return self.graph.nodes[self.node].shape

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def size(self, dim: int | None = None) -> Any:  # torch style; numpy's .size is overridden in NumpyTracer
        return self.shape if dim is None else self.shape[dim]

    def __len__(self) -> int:
        return self.shape[0]

    def __repr__(self) -> str:
        return f"Tracer(node={self.node}, shape={self.shape})"

    def __bool__(self) -> bool:
        raise refuse("bool(array)", "a branch on an array's values cannot be traced")

    def __iter__(self):  # type: ignore[no-untyped-def]
        from .slices import unbind

        return iter(unbind(self, 0, "iterating over an array"))

    def __getitem__(self, key: Any) -> Any:
        from .slices import getitem

        return getitem(self, key)
