"""The shape graph a strategy places, and what a strategy returns.

The *shape graph* has a node per tensor and per junction dot (and per split or merge point) and
an edge per bond; several bonds between two nodes count once, loops not at all. It is a small
undirected simple graph kept in spec order, with no networkx in it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Mapping

from ..network import NodeId

Point = tuple[float, float]
UP, DOWN, LEFT, RIGHT, DIAGONAL = 90.0, 270.0, 180.0, 0.0, 45.0
"""Directions of free legs, in degrees counter-clockwise from the positive x axis."""


@dataclass
class Shaped:
    """Positions (in units of one bond) and preferred free-leg angles (degrees) of one component.

    ``kind`` names the strategy that placed it (``"ladder"`` for a two-row grid, ``"single"`` for a
    component of one node)."""

    kind: str
    positions: dict[NodeId, Point]
    angles: dict[NodeId, list[float]] = field(default_factory=dict)
    spans: dict[NodeId, tuple[float, float]] = field(default_factory=dict)
    """Tensors drawn tall, from the lowest to the highest line they sit on (y, in units of one bond)."""
    lines: dict[tuple[NodeId, str], tuple[float, int]] = field(default_factory=dict)
    """Legs (node, index) that leave a tall tensor on a line: the line's y and the side (−1 left, +1 right)."""
    outer: dict[tuple[NodeId, str], int] = field(default_factory=dict)
    """Free legs (node, index) that run on along their line to the first (−1) or last (+1) column."""
    arcs: dict[tuple[NodeId, NodeId], tuple[Point, Point]] = field(default_factory=dict)
    """Bonds (a, b) drawn as a cubic curve from a to b with these two control points (a torus's wrap)."""
    bends: dict[tuple[NodeId, NodeId], tuple[Point, ...]] = field(default_factory=dict)
    """Bonds (a, b) drawn as straight pieces from a through these points to b (a folded chain's return)."""


class Graph:
    """A small undirected simple graph in spec order: adjacency lists sorted by spec order.

    ``free`` counts the free legs of each node (nodes without free legs may be absent); ``legs`` lists
    each tensor's legs in axis order as (index, the node at the other end: an open end, whose name is
    its slot in the output, for a free leg)."""

    def __init__(self, nodes: list[NodeId], edges: list[tuple[NodeId, NodeId]],
                 free: Mapping[NodeId, int] | None = None, toward: Mapping[NodeId, NodeId] | None = None,
                 legs: Mapping[NodeId, list[tuple[str, NodeId | None]]] | None = None,
                 roles: Mapping[NodeId, str] | None = None, sides: Mapping[str, str] | None = None) -> None:
        self.nodes = nodes
        self.roles: Mapping[NodeId, str] = roles if roles is not None else {}
        """Each tensor's part in a transformer figure (:func:`.parts.head_roles`): attention, input, weight, …"""
        self.sides: Mapping[str, str] = sides if sides is not None else {}
        """The declared side of each free leg, by its index (``sides:`` in a spec)."""
        self.free: Mapping[NodeId, int] = free if free is not None else {}
        self.toward: Mapping[NodeId, NodeId] = toward if toward is not None else {}
        """Each triangle whose tip legs all lead to one neighbour: that neighbour (the tree's parent)."""
        self.legs: Mapping[NodeId, list[tuple[str, NodeId | None]]] = legs if legs is not None else {}
        self.order = {n: k for k, n in enumerate(nodes)}
        self.adj: dict[NodeId, list[NodeId]] = {n: [] for n in nodes}
        seen: set[tuple[NodeId, NodeId]] = set()
        for a, b in edges:
            if a == b or (a, b) in seen:
                continue
            seen.update(((a, b), (b, a)))
            self.adj[a].append(b)
            self.adj[b].append(a)
        for n in nodes:
            self.adj[n].sort(key=self.order.__getitem__)
        self.edges = [(a, b) for a in nodes for b in self.adj[a] if self.order[a] < self.order[b]]

    def degree(self, n: NodeId) -> int:
        return len(self.adj[n])

    def distances(self, sources: list[NodeId]) -> dict[NodeId, int]:
        """Each node's number of bonds from the nearest of ``sources`` (breadth first; unreached nodes absent)."""
        dist = {v: 0 for v in sources}
        queue = deque(sources)
        while queue:
            v = queue.popleft()
            for w in self.adj[v]:
                if w not in dist:
                    dist[w] = dist[v] + 1
                    queue.append(w)
        return dist

    def components(self) -> list[list[NodeId]]:
        """The connected components, each in spec order, ordered by their first node."""
        seen: set[NodeId] = set()
        out = []
        for start in self.nodes:
            if start in seen:
                continue
            seen.add(start)
            comp, queue = [], deque([start])
            while queue:
                n = queue.popleft()
                comp.append(n)
                for m in self.adj[n]:
                    if m not in seen:
                        seen.add(m)
                        queue.append(m)
            out.append(sorted(comp, key=self.order.__getitem__))
        return out

    def sub(self, nodes: list[NodeId]) -> Graph:
        """The subgraph on ``nodes`` (in that order), with their free-leg counts."""
        keep = set(nodes)
        return Graph(nodes, [(a, b) for a in nodes for b in self.adj[a] if b in keep], self.free, self.toward,
                     self.legs, self.roles, self.sides)

    def describe(self) -> str:
        """Sizes and degrees, for an error that says why a declared structure does not fit."""
        degrees = sorted({self.degree(v) for v in self.nodes})
        return f"{len(self.nodes)} tensors and dots, {len(self.edges)} bonds, degrees {', '.join(map(str, degrees))}"
