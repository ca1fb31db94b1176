"""Tall tensors and arcs: a gate drawn across the lines it acts on, each leg leaving it on its own
line; a bond drawn as a curve (a torus's wrap-around).

A strategy may place a tensor at the middle of several lines (a multi-qubit gate of a circuit) and
say so in :attr:`.graph.Shaped.spans` and :attr:`.graph.Shaped.lines`. Here those are turned into
offsets from the tensor's final position, in centimetres, so that moving the picture (side by side,
onto a pin) moves them with it; the geometry then draws the tensor tall and starts each of those
legs on its line. Free legs on a line run straight out along it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..network import Network, NodeId
from ..style import STYLE
from .graph import Point, Shaped


@dataclass
class Tall:
    spans: dict[NodeId, tuple[float, float]]
    """The tall tensors: (bottom, top) of the lines they cover, in cm from the tensor's centre."""
    ends: dict[tuple[NodeId, str], tuple[float, int]]
    """Legs on a line: (that line's height in cm from the tensor's centre, −1 left or +1 right)."""
    reach: dict[tuple[NodeId, str], float]
    """Free legs on a line that run on to the picture's first or last column: how far beyond their own (cm)."""
    arcs: dict[tuple[NodeId, NodeId], tuple[Point, Point]]
    """Bonds (a, b) drawn as a curve: its two control points, in cm from a's centre."""
    bends: dict[tuple[NodeId, NodeId], tuple[Point, ...]] = field(default_factory=dict)
    """Bonds (a, b) drawn as straight pieces through these points, in cm from a's centre."""

    def add(self, shaped: Shaped, unit: float, cy: float) -> None:
        """Take a placed component's tall tensors, ``unit`` cm to one bond (``cy`` does not matter: offsets)."""
        for v, (lo, hi) in shaped.spans.items():
            y = shaped.positions[v][1]
            self.spans[v] = (round((lo - y) * unit, 6), round((hi - y) * unit, 6))
        for (v, index), (ly, side) in shaped.lines.items():
            self.ends[(v, index)] = (round((ly - shaped.positions[v][1]) * unit, 6), side)
        for (a, b), controls in shaped.arcs.items():
            ax, ay = shaped.positions[a]
            self.arcs[(a, b)] = tuple((round((x - ax) * unit, 6), round((y - ay) * unit, 6))  # type: ignore[assignment]
                                      for x, y in controls)
        for (a, b), points in shaped.bends.items():
            ax, ay = shaped.positions[a]
            self.bends[(a, b)] = tuple((round((x - ax) * unit, 6), round((y - ay) * unit, 6)) for x, y in points)
        xs = [x for x, _ in shaped.positions.values()]
        for (v, index), side in shaped.outer.items():
            x = shaped.positions[v][0]
            self.reach[(v, index)] = round(((max(xs) - x) if side > 0 else (x - min(xs))) * unit, 6)


def legs_of(network: Network) -> dict[NodeId, list[tuple[str, NodeId | None]]]:
    """Each tensor's legs in axis order: (index, the node at the other end: an open end for a free leg)."""
    found: dict[NodeId, list[tuple[int, str, NodeId | None]]] = {}
    for w in network.wires:
        if w.a.node.is_tensor:
            found.setdefault(w.a.node, []).append((w.a.axis, w.index, w.b.node))
        if w.b.node.is_tensor and not w.loop:
            found.setdefault(w.b.node, []).append((w.b.axis, w.index, w.a.node))
    return {v: [(i, o) for _, i, o in sorted(legs, key=lambda leg: leg[0])] for v, legs in found.items()}


def on_lines(network: Network, pos: dict[NodeId, Point], extents: dict[str, tuple[float, float]], tall: Tall,
             sided: set[NodeId]) -> None:
    """Each free leg of a line straight out along its line, on its side (inputs left, outputs right),
    but a leg with a declared side (open end in ``sided``) where :mod:`.legs` put it, from the centre."""
    if not tall.ends:
        return
    for w in network.wires:
        end = tall.ends.get((w.a.node, w.index))
        if not w.free or end is None or not w.a.node.is_tensor:
            continue
        if w.b.node in sided:  # its declared side wins: from the centre, and clear of a tall gate's box
            del tall.ends[(w.a.node, w.index)]
            lo, hi = tall.spans.get(w.a.node, (0.0, 0.0))
            x, y = pos[w.b.node]
            dy = y - pos[w.a.node][1]
            pos[w.b.node] = (x, round(y + (hi if dy > 1e-9 else lo if dy < -1e-9 else 0.0), 6))
            continue
        dy, side = end
        x, y = pos[w.a.node]
        reach = extents[w.a.node.name][0] / 2 + STYLE.layout.stub_length + tall.reach.get((w.a.node, w.index), 0.0)
        pos[w.b.node] = (round(x + side * reach, 6), round(y + dy, 6))
