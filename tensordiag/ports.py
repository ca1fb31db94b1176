"""Ports of copy and add nodes: part of the network model, read by layout, geometry and the check.

A ``copy`` node sends the value arriving at its first port out of each of its other ports; an ``add``
node sums the values arriving at all its ports but the last and sends the sum out of the last. A
node's legs are split into ``ports`` consecutive groups of equal length (3 when not given), so
``legs: [s, h, s1, h1, s2, h2], ports: 3`` is three ports of two legs each. Removing the copy and
add nodes cuts a network into :func:`components`.

Pure model code: it imports only the model and the errors, no numpy.

>>> from tensordiag.model import Tensor
>>> node = Tensor(name="c", legs=(("a",), ("b",), ("c",)), kind="copy")
>>> [(p.number, p.indices, p.outgoing) for p in ports_of(node)]
[(0, ('a',), False), (1, ('b',), True), (2, ('c',), True)]
>>> valid_ports(Tensor(name="c", legs=(("a",), ("b",)), kind="copy", ports=3))
False
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import SpecError
from .model import Diagram, Tensor

SPECIAL = ("copy", "add")
"""The kinds of node that carry values between ports instead of being contracted."""


@dataclass(frozen=True)
class Port:
    node: str
    number: int
    indices: tuple[str, ...]
    outgoing: bool
    """True when a value leaves the node through this port (copy outputs, the add output)."""


def valid_ports(t: Tensor) -> bool:
    """Whether ``t``'s legs split evenly into its ports (at least two): :func:`ports_of` then succeeds."""
    count = t.ports or 3
    return count >= 2 and len(t.indices) % count == 0


def ports_of(t: Tensor) -> list[Port]:
    """The ports of a copy or add node, in leg order; legs that do not split into them are a :class:`SpecError`."""
    count = t.ports or 3
    indices = t.indices
    if not valid_ports(t):
        raise SpecError(f"tensor '{t.name}': a {t.kind} node's {len(indices)} legs do not split into {count} ports")
    width = len(indices) // count
    out = []
    for k in range(count):
        outgoing = k > 0 if t.kind == "copy" else k == count - 1
        out.append(Port(t.name, k, tuple(indices[k * width:(k + 1) * width]), outgoing))
    return out


def has_flow(diagram: Diagram) -> bool:
    """Whether the diagram has copy or add nodes."""
    return any(t.kind in SPECIAL for t in diagram.tensors)


def components(tensors: list[Tensor], port_indices: set[str]) -> list[list[Tensor]]:
    """Tensors joined by indices that are not ports, in spec order; a tensor with no legs (a coefficient) joins
    the tensor before it."""
    parent = list(range(len(tensors)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first: dict[str, int] = {}
    for k, t in enumerate(tensors):
        if not t.legs and k:
            parent[find(k)] = find(k - 1)
        for i in t.indices:
            if i in port_indices:
                continue
            if i in first:
                parent[find(k)] = find(first[i])
            else:
                first[i] = k
    groups: dict[int, list[Tensor]] = {}
    for k, t in enumerate(tensors):
        groups.setdefault(find(k), []).append(t)
    return list(groups.values())
