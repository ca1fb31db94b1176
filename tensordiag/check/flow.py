"""Copy and add nodes, run as data flow: the parts of a transformer diagram that are not einsum.

A ``copy`` node (the post's pink) sends the value arriving at its first port to each of its other
ports: the residual stream copied into a block. An ``add`` node (the post's blue) sums the values
arriving at all its ports but the last, and sends the sum out of the last: a block's result added
back into the stream. Ports are model code (:mod:`tensordiag.ports`).

Removing the copy and add nodes cuts the network into *components*. Each component is an
ordinary tensor network (bubbles allowed) whose inputs are the values leaving copy/add ports and
whose output is the value entering one port, or the diagram's output. :func:`evaluate_flow` runs
components in dependency order through a callback and holds only the order and the plumbing;
:func:`flow_value` gives it the contraction engine, and :func:`check_flow` compares the drawing with
its einsum, whose operands name the same nodes, so their wiring is compared too.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace
from typing import Any, Callable, Mapping

import numpy as np

from ..errors import CheckError
from ..model import Bubble, Diagram, Leg, Tensor
from ..ports import SPECIAL, Port, components
from . import scaled
from ..number_text import number_value
from .engine import value
from .functions import apply_function, needs_axis
from .nets import bind, declared, drawn, node_ports
from .scaled import Scaled
from .verdicts import CheckResult, Mismatch, verdict

Evaluate = Callable[[Diagram, dict[str, Any]], Any]
"""``evaluate(diagram, arrays) -> value``: contracts a diagram whose tensors' data are in ``arrays``."""


def evaluate_flow(diagram: Diagram, arrays: dict[str, Any], evaluate: Evaluate, add: Callable[[list[Any]], Any]
                  ) -> Any:
    """The value of a diagram with copy/add nodes, its output legs in the diagram's order.

    Blocks and nodes are run as soon as what they need is there (a work queue, so a chain of 300
    residual blocks costs 300 steps, not 300 passes over everything).
    """
    specials = [t for t in diagram.tensors if t.kind in SPECIAL]
    regular = [t for t in diagram.tensors if t.kind not in SPECIAL]
    ports = [p for t in specials for p in node_ports(t)]
    port_of_index: dict[str, Port] = {}
    by_index: dict[str, list[Port]] = {}
    for p in ports:
        for i in p.indices:
            if i in port_of_index:
                other = port_of_index[i]
                if not other.outgoing and not p.outgoing:  # two values cannot arrive through one index
                    raise CheckError(f"index '{i}' joins two inputs of copy/add nodes ('{other.node}' and '{p.node}')")
                # an index on two outputs is summed inside the block they both feed (attention: the key
                # and value copies share the key position), so both ports become that block's inputs
            port_of_index[i] = p
            by_index.setdefault(i, []).append(p)
    output = set(i for leg in diagram.output for i in leg)
    blocks = _by_shared_inputs(_by_sink(components(regular, set(port_of_index)), by_index, output), by_index)
    by_node = {t.name: node_ports(t) for t in specials}
    kinds = {t.name: t.kind for t in specials}
    order = {p: k for k, p in enumerate(ports)}
    same_wire: dict[frozenset[str], list[Port]] = {}  # outgoing ports by their index set, in port order
    for p in ports:
        if p.outgoing:
            same_wire.setdefault(frozenset(p.indices), []).append(p)

    values: dict[tuple[str, int], Any] = {}
    block_inputs: list[list[Port]] = []
    waiting: dict[str, list[int]] = {}  # node -> blocks that read one of its outputs
    missing: list[int] = []  # per block: how many of the nodes it reads are not run yet
    readers: dict[str, list[str]] = {}  # node -> nodes with an input port wired straight to its output
    for c, members in enumerate(blocks):
        touched = dict.fromkeys(i for t in members for i in t.indices)
        inputs = list(dict.fromkeys(p for i in touched for p in by_index.get(i, ()) if p.outgoing))
        inputs.sort(key=order.__getitem__)
        block_inputs.append(inputs)
        nodes = list(dict.fromkeys(p.node for p in inputs))
        missing.append(len(nodes))
        for n in nodes:
            waiting.setdefault(n, []).append(c)
    for t in specials:
        for p in by_node[t.name]:
            for q in same_wire.get(frozenset(p.indices), ()) if not p.outgoing else ():
                readers.setdefault(q.node, []).append(t.name)

    queue: deque[tuple[str, Any]] = deque(("block", c) for c in range(len(blocks)) if not missing[c])
    done_blocks, done_nodes = 0, set()

    def try_node(name: str) -> None:
        if name in done_nodes:
            return
        ins = [p for p in by_node[name] if not p.outgoing]
        for p in ins:
            if (p.node, p.number) not in values:  # an input port joined straight to another node's output
                q = next((q for q in same_wire.get(frozenset(p.indices), ()) if (q.node, q.number) in values), None)
                if q is not None:  # the same wires, perhaps in another order at each end: follow the wires
                    values[(p.node, p.number)] = _reorder(wrapped(diagram, q, values[(q.node, q.number)]),
                                                          q.indices, p.indices)
        if all((p.node, p.number) in values for p in ins):
            done_nodes.add(name)
            queue.append(("node", name))

    for t in specials:
        try_node(t.name)
    while queue:
        what, key = queue.popleft()
        if what == "block":
            members = blocks[key]
            touched = {i for t in members for i in t.indices}
            sinks = list(dict.fromkeys(p for i in touched for p in by_index.get(i, ()) if not p.outgoing))
            sinks.sort(key=order.__getitem__)
            carries_output = bool(touched & output)
            if len(sinks) + carries_output > 1:
                names = ", ".join(f"'{p.node}'" for p in sinks) + (" and the output" if carries_output else "")
                raise CheckError(f"tensors {', '.join(t.name for t in members)} feed several places ({names}); "
                                 "a block must feed one copy/add port or the output")
            sink = sinks[0] if sinks else None
            produced = run_block(diagram, members, block_inputs[key], sink, values, arrays, evaluate)
            values[(sinks[0].node, sinks[0].number) if sinks else ("", 0)] = produced
            done_blocks += 1
            if sinks:
                try_node(sinks[0].node)
            continue
        t_ports = by_node[key]
        arriving = [values[(p.node, p.number)] for p in t_ports if not p.outgoing]
        result = arriving[0] if kinds[key] == "copy" else add(arriving)
        for p in t_ports:
            if p.outgoing:
                values[(p.node, p.number)] = result
        for c in waiting.get(key, ()):
            missing[c] -= 1
            if not missing[c]:
                queue.append(("block", c))
        for name in readers.get(key, ()):
            try_node(name)
    if done_blocks < len(blocks) or len(done_nodes) < len(specials):
        raise CheckError("copy/add nodes form a cycle, or a block's input comes from nowhere")
    if ("", 0) in values:
        return values[("", 0)]
    flat = [i for leg in diagram.output for i in leg]
    for p in ports:
        if p.outgoing and set(p.indices) == output:  # in the output's order: a port's k-th leg carries axis k
            return _reorder(wrapped(diagram, p, values[(p.node, p.number)]), p.indices, tuple(flat))
    raise CheckError("no block and no copy/add port produces the diagram's output")


def wrapped(diagram: Diagram, port: Port, value: Any) -> Any:
    """The value leaving ``port`` after the bubbles drawn around its node alone (a layer norm around the pasted
    copy of the stream, read by another node or the output with no tensor between): a block applies a bubble
    to its members, and such a bubble has no block."""
    for b in diagram.bubbles:
        if b.members != (port.node,):
            continue
        array = scaled.value(value) if isinstance(value, Scaled) else np.asarray(value)
        if b.scale is not None:
            array = array * number_value(b.scale)
        axis = port.indices.index(b.over) if needs_axis(b.function) and b.over in port.indices else None
        with np.errstate(all="ignore"):
            array = apply_function(b.function, array, axis=axis, eps=number_value(b.eps) if b.eps else 0.0)
        value = scaled.normalised(array) if isinstance(value, Scaled) else array
    return value


def _reorder(value: Any, src: tuple[str, ...], dst: tuple[str, ...]) -> Any:
    """``value``, whose axis k travels on wire ``src[k]``, with its axes in the order of ``dst`` (the same wires).
    Matching two ports by their set of wires without this let a port's legs be drawn swapped and still pass."""
    if tuple(src) == tuple(dst):
        return value
    perm = [src.index(i) for i in dst]
    if isinstance(value, Scaled):
        return Scaled(value.mantissa.transpose(perm), value.exponent)
    return np.transpose(value, perm)


def _by_sink(blocks: list[list[Tensor]], by_index: dict[str, list[Port]], output: set[str]) -> list[list[Tensor]]:
    """Blocks that feed the same single port (or the output) joined into one: an outer product, such as a
    vector broadcast along a vector of ones, is one value even though no index joins its factors."""
    merged: list[list[Tensor]] = []
    seen: dict[tuple[str, int], int] = {}
    for members in blocks:
        touched = {i for t in members for i in t.indices}
        sinks = {(p.node, p.number) for i in touched for p in by_index.get(i, ()) if not p.outgoing}
        if not sinks and touched & output:
            sinks = {("", 0)}
        key = next(iter(sinks)) if len(sinks) == 1 else None
        if key is not None and key in seen:
            merged[seen[key]].extend(members)
            continue
        if key is not None:
            seen[key] = len(merged)
        merged.append(list(members))
    return merged


def _by_shared_inputs(blocks: list[list[Tensor]], by_index: dict[str, list[Port]]) -> list[list[Tensor]]:
    """Blocks that read outgoing ports sharing an index joined into one: the index is summed inside the block
    they both feed (single-head attention, ``softmax(x W_Q (x W_K)ᵀ) x W_V``, read through copy nodes: the key
    position leaves the key's and the value's pasted copies, and no tensor joins the two sides)."""
    shared = {i for i, ps in by_index.items() if sum(p.outgoing for p in ps) > 1}
    if not shared:
        return blocks
    parent = list(range(len(blocks)))

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    owner: dict[str, int] = {}
    for c, members in enumerate(blocks):
        for i in {i for t in members for i in t.indices}:
            for p in by_index.get(i, ()):
                for j in p.indices if p.outgoing else ():
                    if j in shared:
                        parent[find(c)] = find(owner.setdefault(j, c))
    groups: dict[int, list[Tensor]] = {}
    for c, members in enumerate(blocks):
        groups.setdefault(find(c), []).extend(members)
    return list(groups.values())


def run_block(diagram: Diagram, members: list[Tensor], inputs: list[Port], sink: Port | None,
              values: dict[tuple[str, int], Any], arrays: dict[str, Any], evaluate: Evaluate) -> Any:
    """Evaluate one block: its tensors plus one stand-in tensor per arriving value."""
    extra: dict[str, Any] = {t.source: arrays[t.source] for t in members if t.source in arrays}
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


def flow_value(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], budget: int) -> Scaled:
    """A copy/add diagram's value: :func:`evaluate_flow`, its blocks contracted by
    :func:`~tensordiag.check.engine.value`."""

    def run(sub: Diagram, given: dict[str, np.ndarray | Scaled]) -> Scaled:
        net = drawn(sub, given, None)
        return value(net, bind(net, sizes), budget)

    def add(values: list[Scaled]) -> Scaled:
        if any(v.mantissa.shape != values[0].mantissa.shape for v in values):
            raise Mismatch(f"an add node sums values of shapes {', '.join(str(v.mantissa.shape) for v in values)}")
        return scaled.add(values)

    result = evaluate_flow(d, dict(arrays), run, add)
    return result if isinstance(result, Scaled) else scaled.normalised(result)


def check_flow(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], budget: int,
               what: str) -> CheckResult:
    """Copy and add nodes: both the drawing and the einsum (whose operands name the same nodes) are run
    through :func:`evaluate_flow`, blocks contracted by the check's own engine."""

    mine = flow_value(d, arrays, sizes, budget)
    if d.einsum is None:
        return CheckResult("ok", 0.0, f"{what}: evaluated through its copy/add nodes", False)
    theirs = declared(d, arrays, sizes)
    by_name = {t.name: t for t in d.tensors}
    rewired = replace(d, tensors=tuple(replace(by_name[n], legs=legs) for n, legs in zip(theirs.names, theirs.legs)),
                      output=theirs.output, einsum=None)
    try:
        other = flow_value(rewired, arrays, sizes, budget)
    except Mismatch as exc:
        return CheckResult("mismatch", math.inf, f"{what}: {exc.message}", False)
    except CheckError as exc:
        return CheckResult("mismatch", math.inf, f"{what}: the einsum's copy/add wiring: {exc.message}", False)
    if mine.mantissa.shape != other.mantissa.shape:
        return CheckResult("mismatch", math.inf, f"{what}: the output has shape {mine.mantissa.shape} as drawn, but "
                                                 f"{other.mantissa.shape} from the einsum", False)
    compared = scaled.compare([(1.0, mine)], [(1.0, other)])
    words, text = verdict(compared, f"{what}: through copy/add nodes", sizes)
    return CheckResult(words, compared.relative, text, False)
