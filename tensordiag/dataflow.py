"""Copy and add nodes: the parts of a transformer diagram that are not einsum.

A ``copy`` node (the post's pink) sends the value arriving at its first port to each of its other
ports: the residual stream copied into a block. An ``add`` node (the post's blue) sums the values
arriving at all its ports but the last, and sends the sum out of the last: a block's result added
back into the stream. A node's legs are split into ``ports`` consecutive groups of equal length,
so ``legs: [s, h, s1, h1, s2, h2], ports: 3`` is three ports of two legs each.

Removing the copy and add nodes cuts the network into *components*. Each component is an
ordinary tensor network (bubbles allowed) whose inputs are the values leaving copy/add ports and
whose output is the value entering one port, or the diagram's output. Components are evaluated in
dependency order by a callback (the check's own evaluator), so this module holds only the order and
the plumbing, and imports no numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from .errors import CheckError
from .model import Bubble, Diagram, Leg, Tensor

SPECIAL = ("copy", "add")

Evaluate = Callable[[Diagram, dict[str, Any]], Any]
"""``evaluate(diagram, arrays) -> value``: contracts a diagram whose tensors' data are in ``arrays``."""


@dataclass(frozen=True)
class Port:
    node: str
    number: int
    indices: tuple[str, ...]
    outgoing: bool
    """True when a value leaves the node through this port (copy outputs, the add output)."""


def ports_of(t: Tensor) -> list[Port]:
    """The ports of a copy or add node, in leg order."""
    count = t.ports or 3
    indices = t.indices
    if count < 2 or len(indices) % count:
        raise CheckError(f"tensor '{t.name}': a {t.kind} node's {len(indices)} legs do not split into {count} ports")
    width = len(indices) // count
    out = []
    for k in range(count):
        outgoing = k > 0 if t.kind == "copy" else k == count - 1
        out.append(Port(t.name, k, tuple(indices[k * width:(k + 1) * width]), outgoing))
    return out


def has_flow(diagram: Diagram) -> bool:
    return any(t.kind in SPECIAL for t in diagram.tensors)


def evaluate_flow(diagram: Diagram, arrays: dict[str, Any], evaluate: Evaluate, add: Callable[[list[Any]], Any]
                  ) -> Any:
    """The value of a diagram with copy/add nodes, its output legs in the diagram's order."""
    specials = [t for t in diagram.tensors if t.kind in SPECIAL]
    regular = [t for t in diagram.tensors if t.kind not in SPECIAL]
    ports = [p for t in specials for p in ports_of(t)]
    port_of_index: dict[str, Port] = {}
    for p in ports:
        for i in p.indices:
            if i in port_of_index:
                other = port_of_index[i]
                if not other.outgoing and not p.outgoing:  # two values cannot arrive through one index
                    raise CheckError(f"index '{i}' joins two inputs of copy/add nodes ('{other.node}' and '{p.node}')")
                # an index on two outputs is summed inside the block they both feed (attention: the key
                # and value copies share the key position), so both ports become that block's inputs
            port_of_index[i] = p
    blocks = components(regular, set(port_of_index))
    output = tuple(i for leg in diagram.output for i in leg)

    values: dict[tuple[str, int], Any] = {}
    pending = list(range(len(blocks)))
    ready_nodes = set()
    for _ in range(len(blocks) + len(specials) + 2):
        progressed = False
        for c in list(pending):
            members = blocks[c]
            touched = {i for t in members for i in t.indices}
            inputs = [p for p in ports if p.outgoing and touched & set(p.indices)]
            if any((p.node, p.number) not in values for p in inputs):
                continue
            sinks = [p for p in ports if not p.outgoing and touched & set(p.indices)]
            carries_output = bool(touched & set(output))
            if len(sinks) + carries_output > 1:
                names = ", ".join(f"'{p.node}'" for p in sinks) + (" and the output" if carries_output else "")
                raise CheckError(f"tensors {', '.join(t.name for t in members)} feed several places ({names}); "
                                 "a block must feed one copy/add port or the output")
            value = _run(diagram, members, inputs, sinks[0] if sinks else None, values, arrays, evaluate)
            if sinks:
                values[(sinks[0].node, sinks[0].number)] = value
            else:
                values[("", 0)] = value
            pending.remove(c)
            progressed = True
        for t in specials:
            if t.name in ready_nodes:
                continue
            tp = ports_of(t)
            ins = [p for p in tp if not p.outgoing]
            for p in ins:
                _bare_wire(p, ports, values)
            if any((p.node, p.number) not in values for p in ins):
                continue
            arriving = [values[(p.node, p.number)] for p in ins]
            result = arriving[0] if t.kind == "copy" else add(arriving)
            for p in tp:
                if p.outgoing:
                    values[(p.node, p.number)] = result
            ready_nodes.add(t.name)
            progressed = True
        if not pending and len(ready_nodes) == len(specials):
            break
        if not progressed:
            raise CheckError("copy/add nodes form a cycle, or a block's input comes from nowhere")
    if ("", 0) in values:
        return values[("", 0)]
    for p in ports:
        if p.outgoing and set(p.indices) == set(output):
            return values[(p.node, p.number)]
    raise CheckError("no block and no copy/add port produces the diagram's output")


def _bare_wire(p: Port, ports: list[Port], values: dict[tuple[str, int], Any]) -> None:
    """An input port joined straight to another node's output port takes its value as it is."""
    if (p.node, p.number) in values:
        return
    for q in ports:
        if q.outgoing and set(q.indices) == set(p.indices) and (q.node, q.number) in values:
            values[(p.node, p.number)] = values[(q.node, q.number)]


def components(tensors: list[Tensor], port_indices: set[str]) -> list[list[Tensor]]:
    """Tensors joined by indices that are not ports, in spec order."""
    parent = list(range(len(tensors)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first: dict[str, int] = {}
    for k, t in enumerate(tensors):
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


def _run(diagram: Diagram, members: list[Tensor], inputs: list[Port], sink: Port | None,
         values: dict[tuple[str, int], Any], arrays: dict[str, Any], evaluate: Evaluate) -> Any:
    """Evaluate one block: its tensors plus one stand-in tensor per arriving value."""
    extra: dict[str, Any] = dict(arrays)
    virtual: list[Tensor] = []
    rename: dict[str, str] = {}
    for p in inputs:
        name = f"{p.node}@{p.number}"
        virtual.append(Tensor(name=name, legs=tuple((i,) for i in p.indices)))
        extra[name] = values[(p.node, p.number)]
        rename[p.node] = name
    names = {t.name for t in members} | {v.name for v in virtual}
    bubbles: list[Bubble] = []
    for b in diagram.bubbles:
        mem = tuple(rename.get(m, m) for m in b.members)
        if all(m in names for m in mem):
            bubbles.append(replace(b, members=mem))
            names.add(b.name)
    output: tuple[Leg, ...] = tuple((i,) for i in sink.indices) if sink else diagram.output
    sub = Diagram(tensors=tuple(members) + tuple(virtual), output=output, dims=diagram.dims, bubbles=tuple(bubbles))
    return evaluate(sub, extra)
