"""Layered flows: a transformer drawn as its data flows, input at the bottom, the residual stream a
straight vertical backbone, each block beside it between the copy that feeds it and the add it
feeds.

The units of the flow are the copy and add nodes and the *components* the network falls into when
they are removed (:mod:`tensordiag.ports`). The **backbone** is the longest chain of copy/add
nodes joined by bare wires (a copy's output straight into an add: the residual connection), with
the component that feeds its first node below it and the one fed by its last node above it. Every
unit gets a level from a longest-path pass in flow order (a component counts one level per
tensor), so a block fits between its copy and its add; blocks side by side (several heads) get
their own lanes to the right.
"""

from __future__ import annotations

from collections import deque

from .blocks import arrange_blocks
from .gains import hung_gains
from ..ports import SPECIAL, components, ports_of, valid_ports
from ..model import Diagram, Tensor
from ..network import NodeId, tensor_id

Point = tuple[float, float]
Unit = tuple[str, int]
"""``("n", k)``: the k-th copy/add node; ``("c", k)``: the k-th component."""


def flow_positions(diagram: Diagram) -> tuple[dict[NodeId, Point], set[NodeId]] | None:
    """Tensor positions (in bond units) of a diagram with copy/add nodes, and the backbone's tensors;
    None when the diagram has no such nodes or its flow is not a DAG."""
    specials = [t for t in diagram.tensors if t.kind in SPECIAL]
    if not specials:
        return None
    if not all(valid_ports(t) for t in specials):
        return None
    ports = {t.name: ports_of(t) for t in specials}
    into: dict[str, str] = {}
    out_of: dict[str, str] = {}
    for name, plist in ports.items():
        for p in plist:
            for i in p.indices:
                (out_of if p.outgoing else into)[i] = name
    hung = hung_gains(diagram)  # hung beside their dots afterwards (:mod:`.gains`)
    regular = [t for t in diagram.tensors if t.kind not in SPECIAL and t.name not in hung]
    comps = components(regular, set(into) | set(out_of))
    units: list[Unit] = [("n", k) for k in range(len(specials))] + [("c", k) for k in range(len(comps))]
    node_unit = {t.name: ("n", k) for k, t in enumerate(specials)}
    succ: dict[Unit, list[Unit]] = {u: [] for u in units}
    bare: dict[Unit, list[Unit]] = {u: [] for u in units}
    for k, comp in enumerate(comps):
        touched = {i for t in comp for i in t.indices}
        for i in sorted(touched, key=str):
            if i in out_of:
                _edge(succ, node_unit[out_of[i]], ("c", k))
            if i in into:
                _edge(succ, ("c", k), node_unit[into[i]])
    for i, src in out_of.items():
        if i in into and into[i] != src:
            _edge(succ, node_unit[src], node_unit[into[i]])
    incoming = {(name, i): k for name, plist in ports.items() for k, p in enumerate(plist) if not p.outgoing
                for i in p.indices}
    for name, plist in ports.items():
        for p in plist:
            targets = {(into.get(i), incoming.get((into.get(i), i))) for i in p.indices} if p.outgoing else set()
            if len(targets) == 1 and (target := targets.pop())[0] not in (None, name):
                _edge(bare, node_unit[name], node_unit[target[0]])  # a whole port wired straight in: the stream
    order = _topological(units, succ)
    if order is None:
        return None
    height = {u: (len(comps[u[1]]) if u[0] == "c" else 1) for u in units}
    backbone = _longest_bare_chain(order, bare, {("n", k) for k, t in enumerate(specials) if t.kind == "add"})
    if backbone:
        first, last = backbone[0], backbone[-1]
        feeding = [u for u in units if u[0] == "c" and first in succ[u]]
        fed = [u for u in succ[last] if u[0] == "c"]
        backbone = feeding[:1] + backbone + fed[:1]
    spined = set(backbone)
    pred: dict[Unit, list[Unit]] = {u: [] for u in units}
    for u in units:
        for v in succ[u]:
            pred[v].append(u)
    lone = {u for u in units if u not in spined and height[u] == 1 and all(v in spined for v in succ[u] + pred[u])}
    level = {u: 0 for u in units}
    for u in order:
        for v in succ[u]:
            level[v] = max(level[v], level[u] + _rise(u, v, height, spined, lone))
    for u in order:  # a lone tensor that only feeds the stream (a positional embedding) joins it level
        if u in lone and not pred[u] and len(succ[u]) == 1:
            level[u] = level[succ[u][0]]
    on_backbone = set(backbone)
    lanes: list[list[tuple[int, int]]] = []
    column: dict[Unit, int] = {u: 0 for u in on_backbone}
    for u in order:
        if u in on_backbone:
            continue
        span = (level[u], level[u] + height[u] - 1)
        for k, lane in enumerate(lanes):
            if all(span[1] < a or b < span[0] for a, b in lane):
                lane.append(span)
                column[u] = k + 1
                break
        else:
            lanes.append([span])
            column[u] = len(lanes)
    grid: dict[str, Point] = {}
    spine: set[str] = set()
    for u in units:
        members = [specials[u[1]]] if u[0] == "n" else _chain_order(comps[u[1]], into, out_of)
        for j, t in enumerate(members):
            grid[t.name] = (float(column[u]), float(level[u] + j))
            if u in on_backbone:
                spine.add(t.name)
    for dot in set(hung.values()):  # a gain's dot sits on its branch, amid the two tensors it joins
        grid.pop(dot, None)
    grid = arrange_blocks(diagram, grid, spine, frozenset(hung) | frozenset(hung.values()))  # W_E and W_U stay on the stream's axis (:mod:`.stream_ends`)
    return {tensor_id(n): p for n, p in grid.items()}, {tensor_id(n) for n in spine}


def _rise(u: Unit, v: Unit, height: dict[Unit, int], spined: set[Unit], lone: set[Unit]) -> int:
    """How many levels above ``u`` its successor ``v`` starts. A block beside the stream starts level with
    the node that feeds it and ends level with the node it feeds, so its branch leaves the stream and
    returns to it at right angles; a block of one tensor (``lone``) sits between the two instead. Along
    the stream, or inside a block, each unit sits above the last."""
    if u in spined and v not in spined and u[0] == "n" and v not in lone:
        return 0
    if v in spined and u not in spined and v[0] == "n" and u not in lone:
        return height[u] - 1
    return height[u]


def _edge(graph: dict[Unit, list[Unit]], a: Unit, b: Unit) -> None:
    if b not in graph[a]:
        graph[a].append(b)


def _topological(units: list[Unit], succ: dict[Unit, list[Unit]]) -> list[Unit] | None:
    indegree = {u: 0 for u in units}
    for u in units:
        for v in succ[u]:
            indegree[v] += 1
    ready = deque(u for u in units if indegree[u] == 0)
    order = []
    while ready:
        u = ready.popleft()
        order.append(u)
        for v in succ[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    return order if len(order) == len(units) else None


def _longest_bare_chain(order: list[Unit], bare: dict[Unit, list[Unit]], adds: set[Unit]) -> list[Unit]:
    """The longest chain of nodes joined by whole ports wired straight through; ties go to more adds."""
    best: dict[Unit, list[Unit]] = {}
    for u in reversed(order):
        tails = [best[v] for v in bare[u] if v in best]  # the longest, then the one with more adds, whatever
        best[u] = [u] + max(tails, key=lambda c: (len(c), sum(v in adds for v in c)), default=[])  # the port order
    chains = [c for u, c in best.items() if u[0] == "n"]
    return max(chains, key=lambda c: (len(c), sum(u in adds for u in c)), default=[])


def _chain_order(comp: list[Tensor], into: dict[str, str], out_of: dict[str, str]) -> list[Tensor]:
    """A component's tensors in flow order: breadth-first from the one its input arrives at."""
    start = next((t for t in comp if any(i in out_of for i in t.indices)), comp[0])
    by_index: dict[str, list[Tensor]] = {}
    for t in comp:
        for i in t.indices:
            by_index.setdefault(i, []).append(t)
    seen = {start.name}
    order = [start]
    queue = deque([start])
    while queue:
        t = queue.popleft()
        for i in t.indices:
            for u in by_index[i]:
                if u.name not in seen:
                    seen.add(u.name)
                    order.append(u)
                    queue.append(u)
    return order + [t for t in comp if t.name not in seen]
