"""Which neighbour each triangle's tip points at: the tree strategy makes it the triangle's parent."""

from __future__ import annotations

from ..model import Diagram
from ..network import Network, NodeId, tensor_id
from ..styles import tip_indices


def tip_targets(diagram: Diagram, network: Network) -> dict[NodeId, NodeId]:
    """For each triangle whose tip legs are bonds that all lead to one other node: that node."""
    out: dict[NodeId, NodeId] = {}
    dims = diagram.dim_map
    for t in diagram.tensors:
        if t.shape != "triangle":
            continue
        me = tensor_id(t.name)
        tips = set(tip_indices(t, dims))
        far: set[NodeId] = set()
        for w in network.wires:
            for near, other in ((w.a, w.b), (w.b, w.a)):
                if near.node == me and other.node != me and set(t.legs[near.axis]) & tips:
                    far.add(other.node)
        if len(far) == 1 and not any(w.free and w.a.node == me and set(t.legs[w.a.axis]) & tips
                                     for w in network.wires):
            out[me] = far.pop()
    return out
