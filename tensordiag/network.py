"""The drawn graph of a diagram: nodes (tensors, junction dots, reshape points, open ends) and wires.

Pure Python, derived from the model once and read by layout, geometry and the JSON export.

Rules, per index (after grouped legs are split into their indices):

* an index with exactly two endpoints is one wire between them (a bond, a free leg, or a loop
  when both endpoints sit on the same tensor: a trace);
* any other count is a *hyperedge*: a junction dot with a wire to each endpoint (one endpoint
  alone is a sum over that index, which is contraction with an all-ones vector: a 1-leg delta).

An endpoint is a tensor's leg, a free leg's open end (an output slot), or, for a grouped leg,
the point where the thick leg splits into its thin ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from .model import Diagram, Leg, leg_text

NodeKind = Literal["tensor", "dot", "split", "merge", "open"]


class NodeId(NamedTuple):
    """Which node of the drawn graph: its kind, a name, and for a split point the axis it splits.

    ``NodeId("tensor", name)``, ``NodeId("dot", index)``, ``NodeId("split", tensor, axis)``,
    ``NodeId("merge", slot)``, ``NodeId("open", slot)`` (slots and axes as decimal strings).
    Ids sort by kind, then name, then part; the kinds' names sort as the old tuple tags did
    (dot < merge < open < split < tensor), so every sorted order, and every picture, is unchanged.
    A named tuple, so hashing, equality and ordering run at C speed: ids are dictionary keys
    in every inner loop of layout and geometry.

    >>> tensor_id("A").is_tensor, NodeId("dot", "i").is_tensor
    (True, False)
    >>> sorted([tensor_id("A"), NodeId("dot", "z"), NodeId("split", "A", "0")])[0].kind
    'dot'
    """

    kind: NodeKind
    name: str
    part: str = ""

    @property
    def is_tensor(self) -> bool:
        return self.kind == "tensor"

    @property
    def is_dot(self) -> bool:
        return self.kind == "dot"

    @property
    def is_open(self) -> bool:
        return self.kind == "open"

    @property
    def is_reshape(self) -> bool:
        """A split or merge point of a grouped leg."""
        return self.kind in ("split", "merge")

    @property
    def is_junction(self) -> bool:
        """A node that is not a tensor but sits amid what it joins: a dot, a split or a merge point."""
        return self.kind in ("dot", "split", "merge")


@dataclass(frozen=True)
class Port:
    """Where a wire ends: a node, and for a tensor the axis the wire leaves from."""

    node: NodeId
    axis: int = 0


@dataclass(frozen=True)
class Wire:
    """One drawn line. ``index`` is the index name, or the group's text for a thick grouped leg."""

    index: str
    a: Port
    b: Port
    indices: Leg
    """The indices the wire carries: one, or several for a grouped (thick) leg."""

    @property
    def grouped(self) -> bool:
        return len(self.indices) > 1

    @property
    def free(self) -> bool:
        return self.b.node.is_open

    @property
    def loop(self) -> bool:
        return self.a.node == self.b.node


@dataclass(frozen=True)
class Node:
    id: NodeId
    kind: NodeKind
    tensor: str | None = None
    """The tensor a node belongs to (a tensor itself, or the split point of one of its legs)."""
    leg: Leg = ()
    """For split, merge and open nodes: the leg they stand for."""


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    wires: tuple[Wire, ...]

    def node(self, node_id: NodeId) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)


def tensor_id(name: str) -> NodeId:
    return NodeId("tensor", name)


def build_network(diagram: Diagram) -> Network:
    """Derive the nodes and wires of ``diagram``, in a deterministic order (spec order)."""
    nodes: list[Node] = []
    wires: list[Wire] = []
    endpoints: dict[str, list[Port]] = {}

    def endpoint(index: str, port: Port) -> None:
        endpoints.setdefault(index, []).append(port)

    for t in diagram.tensors:
        nodes.append(Node(tensor_id(t.name), "tensor", tensor=t.name))
    # A grouped leg that is also a grouped free leg, its indices nowhere else, stays one thick wire.
    count: dict[str, int] = {}
    for leg in [leg for t in diagram.tensors for leg in t.legs] + list(diagram.output):
        for i in leg:
            count[i] = count.get(i, 0) + 1
    through: dict[int, Port] = {}
    for t in diagram.tensors:
        for axis, leg in enumerate(t.legs):
            if len(leg) == 1:
                endpoint(leg[0], Port(tensor_id(t.name), axis))
                continue
            if leg in diagram.output and all(count[i] == 2 for i in leg):
                through[diagram.output.index(leg)] = Port(tensor_id(t.name), axis)
                continue
            split = NodeId("split", t.name, str(axis))
            nodes.append(Node(split, "split", tensor=t.name, leg=leg))
            wires.append(Wire(leg_text(leg), Port(tensor_id(t.name), axis), Port(split), leg))
            for k, index in enumerate(leg):
                endpoint(index, Port(split, k))

    opens: list[tuple[Port, Leg]] = []
    for slot, leg in enumerate(diagram.output):
        open_id = NodeId("open", str(slot))
        if slot in through:
            wires.append(Wire(leg_text(leg), through[slot], Port(open_id), leg))
            continue
        if len(leg) == 1:
            endpoint(leg[0], Port(open_id))
        else:
            merge = NodeId("merge", str(slot))
            nodes.append(Node(merge, "merge", leg=leg))
            opens.append((Port(merge), leg))
            for k, index in enumerate(leg):
                endpoint(index, Port(merge, k))

    for index in diagram.indices:
        ports = endpoints.get(index, [])
        if len(ports) == 2:
            a, b = ports
            if a.node.is_open:
                a, b = b, a
            wires.append(Wire(index, a, b, (index,)))
        elif ports:
            dot = NodeId("dot", index)
            nodes.append(Node(dot, "dot"))
            for port in ports:
                if port.node.is_open:
                    wires.append(Wire(index, Port(dot), port, (index,)))
                else:
                    wires.append(Wire(index, port, Port(dot), (index,)))

    for port, leg in opens:
        wires.append(Wire(leg_text(leg), port, Port(NodeId("open", port.node.name)), leg))
    for slot, leg in enumerate(diagram.output):
        nodes.append(Node(NodeId("open", str(slot)), "open", leg=leg))
    return Network(tuple(nodes), tuple(wires))
