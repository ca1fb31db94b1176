"""Layout: a function from a diagram to positions. It never mutates its input.

The driver is :mod:`.place`; each connected component is placed by a strategy from
:mod:`.registry` (one module each under :mod:`.strategies`), tried in a stated order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..network import Network, NodeId
from .registry import get_strategy, register_strategy, strategy_names

__all__ = ["Placement", "layout", "get_strategy", "register_strategy", "strategy_names"]


@dataclass(frozen=True)
class Placement:
    """Where every node of a diagram's network sits, in TikZ units (cm, y up).

    ``positions`` has an entry for every node: tensors (their centre), junction dots, split and
    merge points of grouped legs, and the open end of every free leg.
    """

    positions: Mapping[NodeId, tuple[float, float]]
    network: Network
    """The drawn network the positions belong to, built once by layout so geometry does not build it again."""
    crossing: Mapping[NodeId, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    """For a diagram with ``permute``: the points each free leg bends between, by its open end (see :mod:`.permute`)."""
    spans: Mapping[NodeId, tuple[float, float]] = field(default_factory=dict)
    """Tensors drawn tall across lines (a multi-qubit gate): (bottom, top) in cm from the centre."""
    ends: Mapping[tuple[NodeId, str], tuple[float, int]] = field(default_factory=dict)
    """Legs (tensor, index) that leave a tall tensor on a line: the line's height in cm from the tensor's
    centre and the side, −1 left or +1 right."""
    arcs: Mapping[tuple[NodeId, NodeId], tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=dict)
    """Bonds (a, b) drawn as a cubic curve: its two control points in cm from a's centre (a torus's wrap)."""
    routes: Mapping[tuple[NodeId, NodeId], tuple[tuple[float, float], ...]] = field(default_factory=dict)
    """Wires (a, b) drawn as straight pieces through these corners, in cm from a's centre, the first and the last
    cut at the shapes' outlines: a wire stepping round a tensor on the stream's axis (:mod:`.stream_ends`), a
    folded chain's return from one row's end to the next row's start (:mod:`.fold`)."""


def layout(diagram, *, seed: int = 0) -> Placement:  # type: ignore[no-untyped-def]
    """Positions for every node of ``diagram``'s network (see :class:`Placement`)."""
    from .place import place

    return place(diagram, seed=seed)
