"""Which neighbour each triangle's tip points at: the tree strategy makes it the triangle's parent."""

from __future__ import annotations

from ..model import Diagram
from ..network import Network, NodeId, tensor_id
from ..styles import tip_indices


def tip_targets(diagram: Diagram, network: Network) -> dict[NodeId, NodeId]:
    """For each triangle whose tip legs are all bonds to one other node: that node (one pass over the wires)."""
    dims = diagram.dim_map
    tip_axes: dict[NodeId, set[int]] = {}
    for t in diagram.tensors:
        if t.shape == "triangle":
            tips = set(tip_indices(t, dims))
            tip_axes[tensor_id(t.name)] = {k for k, leg in enumerate(t.legs) if set(leg) & tips}
    far: dict[NodeId, set[NodeId]] = {}
    free: set[NodeId] = set()
    for w in network.wires:
        for near, other in ((w.a, w.b), (w.b, w.a)):
            if near.node in tip_axes and other.node != near.node and near.axis in tip_axes[near.node]:
                if w.free:
                    free.add(near.node)
                else:
                    far.setdefault(near.node, set()).add(other.node)
    return {me: next(iter(nodes)) for me, nodes in far.items() if len(nodes) == 1 and me not in free}
