"""Bundles: legs that travel together, drawn as parallel straight lines a fixed gap apart, labelled once.

A bundle is two or more indices, each one plain wire (two ends, no grouped leg), all running between the
same two ends: two tensors, or one tensor and the figure's edge (free legs). Bundles come from two places:

* **automatic**: every port of a copy or add node with two or more legs, when those legs all run to one
  other tensor (or all leave the figure): the residual stream's (seq pos, hidden) pair, through every copy
  and add node on it;
* **declared**: ``bundles: [[i, j]]`` in a spec, ``Diagram(bundles=(("i", "j"),))`` in Python. A declared
  bundle whose indices do not travel together is a located error.

``bundles: none`` (``Diagram(auto_bundles=False)``) draws every wire on its own. Bundles are drawing only:
the check never reads them.

A bundle *travels* from one end to the other: out of a copy/add node's outgoing port, into its incoming
port, else from the end met first in spec order. Its lines lie left to right across that direction in
port order (declared: as listed), so the stream's seq pos keeps one side through every node.

Pure model code, like :mod:`tensordiag.ports`: it imports only the model, the ports and the errors.

>>> from tensordiag.model import Diagram, Tensor
>>> x = Tensor(name="x", legs=(("s",), ("h",)))
>>> c = Tensor(name="c", legs=(("s",), ("h",), ("s1",), ("h1",)), kind="copy", ports=2)
>>> [(b.indices, b.start, b.end) for b in diagram_bundles(Diagram(tensors=(x, c), output=(("s1",), ("h1",))))]
[(('s', 'h'), 'x', 'c'), (('s1', 'h1'), 'c', '')]
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import SpecError
from .model import Diagram
from .ports import SPECIAL, ports_of, valid_ports

FREE = ""
"""The end of a free leg: the figure's edge."""


@dataclass(frozen=True)
class Bundle:
    indices: tuple[str, ...]
    """Left to right across the direction of travel."""
    start: str
    """The tensor the bundle leaves."""
    end: str
    """The tensor it arrives at, or :data:`FREE` for free legs."""


def index_ends(diagram: Diagram) -> dict[str, tuple[str, str] | None]:
    """Each index's two ends (tensor names, :data:`FREE` for the output), sorted; None when it is no plain wire
    (a hyperedge, a lone index, or part of a grouped leg)."""
    ends: dict[str, list[str]] = {}
    grouped: set[str] = set()
    for t in diagram.tensors:
        for leg in t.legs:
            for i in leg:
                ends.setdefault(i, []).append(t.name)
                if len(leg) > 1:
                    grouped.add(i)
    for leg in diagram.output:
        for i in leg:
            ends.setdefault(i, []).append(FREE)
            if len(leg) > 1:
                grouped.add(i)
    return {i: (min(e), max(e)) if len(e) == 2 and i not in grouped else None for i, e in ends.items()}


def _describe(ends: tuple[str, str] | None) -> str:
    if ends is None:
        return "is no plain wire between two ends (a hyperedge or part of a grouped leg)"
    a, b = ends
    if a == b:
        return f"is a loop on {a}"
    return f"runs from {b} to a free end" if a == FREE else f"runs between {a} and {b}"


def check_bundles(diagram: Diagram) -> None:
    """Every declared bundle holds two or more indices that travel together, each in one bundle only."""
    ends = index_ends(diagram)
    owner: dict[str, int] = {}
    for k, bundle in enumerate(diagram.bundles):
        where = f"bundles[{k}]"
        if not isinstance(bundle, tuple) or not all(isinstance(i, str) for i in bundle):
            raise SpecError(f"expected a tuple of index names such as ('seq_pos', 'hidden'), got {bundle!r}",
                            where=where)
        if len(bundle) < 2:
            raise SpecError(f"a bundle holds at least two indices, got {len(bundle)}", where=where)
        for m, i in enumerate(bundle):
            at = f"{where}[{m}]"
            if i not in ends:
                raise SpecError(f"index '{i}' is on no tensor's leg", where=at)
            if i in owner:
                raise SpecError(f"index '{i}' is already in bundles[{owner[i]}]", where=at)
            owner[i] = k
            if ends[i] is None or ends[i][0] == ends[i][1]:  # type: ignore[index]
                raise SpecError(f"'{i}' {_describe(ends[i])}: only plain wires travel together", where=at)
            if ends[i] != ends[bundle[0]]:
                raise SpecError(f"'{i}' {_describe(ends[i])}, but '{bundle[0]}' {_describe(ends[bundle[0]])}: "
                                f"a bundle's indices travel together between the same two ends", where=at)


def diagram_bundles(diagram: Diagram) -> list[Bundle]:
    """The diagram's bundles: the declared ones, then (unless turned off) the automatic ones they leave."""
    ends = index_ends(diagram)
    flows: dict[frozenset[str], Bundle] = {}  # a copy/add port's legs -> the bundle they make, travelling with it
    for t in diagram.tensors:
        if t.kind not in SPECIAL or not valid_ports(t):
            continue
        for p in ports_of(t):
            pair = ends.get(p.indices[0])
            if len(p.indices) < 2 or pair is None or t.name not in pair or pair[0] == pair[1]:
                continue
            if any(ends.get(i) != pair for i in p.indices):
                continue
            other = pair[0] if pair[1] == t.name else pair[1]
            start, end = (t.name, other) if p.outgoing or other == FREE else (other, t.name)
            flows.setdefault(frozenset(p.indices), Bundle(p.indices, start, end))
    order = {t.name: k for k, t in enumerate(diagram.tensors)}
    out: list[Bundle] = []
    taken: set[str] = set()
    for bundle in diagram.bundles:
        flow = flows.get(frozenset(bundle))
        a, b = ends[bundle[0]]  # type: ignore[misc]
        if flow is not None:
            start, end = flow.start, flow.end
        elif a == FREE or b == FREE:
            start, end = (b, FREE) if a == FREE else (a, FREE)
        else:
            start, end = sorted((a, b), key=order.__getitem__)
        out.append(Bundle(tuple(bundle), start, end))
        taken.update(bundle)
    if diagram.auto_bundles:
        out += [b for b in flows.values() if not taken.intersection(b.indices)]
    return out
