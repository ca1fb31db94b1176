"""Leg labels the spec places (``label_offsets``, :mod:`tensordiag.handpins`): each set its offset from its
wire's middle (a free leg: from its open end; a hyperedge: from its dot; a bundle: from the middle of its
centre line, or its open end), before the other labels, which then keep clear of it."""

from __future__ import annotations

from typing import Any, Mapping

from ..model import Diagram
from ..network import Network
from .elements import Point, WireG, flatten
from .labels import LabelPlacer
from .leg_labels import label_base, leg_label_text


def pin_labels(diagram: Diagram, network: Network, pos: Mapping[Any, Point], wires: list[WireG],
               bundles: list[Any], labels: LabelPlacer, with_size: bool) -> tuple[dict[int, Point], set[str]]:
    """Place the labels of single wires the spec pins; return where the pinned bundles' labels go (by bundle
    number, for :func:`.bundle_wires.label_bundles`) and the names labelled here."""
    offsets = dict(diagram.label_offsets)
    if not offsets:
        return {}, set()
    bundled: dict[int, Point] = {}
    taken: set[str] = set()
    for k, b in enumerate(bundles):
        hit = next((i for i in b.indices if i in offsets), None)
        if hit is not None:
            base = bundle_base(b)
            bundled[k] = (base[0] + offsets[hit][0], base[1] + offsets[hit][1])
            taken.update(b.indices)
    dims, shown, values = diagram.dim_map, dict(diagram.index_labels), dict(diagram.values)
    done: set[str] = set()
    for k, (w, nw) in enumerate(zip(wires, network.wires)):
        if w.index not in offsets or w.index in taken or w.index in done:
            continue
        dot = next((pos[n] for n in (nw.a.node, nw.b.node) if n.is_dot), None)
        bx, by = label_base(w, nw.free, dot)
        dx, dy = offsets[w.index]
        text = leg_label_text(nw.indices, dims, with_size, shown)
        if nw.free and len(nw.indices) == 1 and nw.indices[0] in values:
            text = str(values[nw.indices[0]])
        labels.place_at(text, bx + dx, by + dy, "leg", anchor=w.ends[0], key=w.index, base=(bx, by))
        done.add(w.index)
    return bundled, done


def bundle_base(b: Any) -> Point:
    """The point a bundle's label offset is measured from: its open end, else the middle of its centre line."""
    return b.end if b.free else ((b.start[0] + b.end[0]) / 2, (b.start[1] + b.end[1]) / 2)
