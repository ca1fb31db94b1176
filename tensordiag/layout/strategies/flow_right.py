"""Layered flows left to right: :mod:`.flow`'s layers turned a quarter, for a component declared
``structure: flow-right`` (a diagram with copy and add nodes is laid out as a whole by
:mod:`tensordiag.layout.flow`, turned the same way, before any strategy is tried)."""

from __future__ import annotations

from ..graph import Graph, Shaped
from .flow import layers


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """Layers by distance from the first node, left to right, each layer a column."""
    return Shaped("flow-right", {v: (y, x) for v, (x, y) in layers(g).items()}, {})
