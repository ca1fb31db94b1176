"""Leg labels the spec places (``label_offsets``, :mod:`tensordiag.handpins`): each set its offset from its
wire's middle (a free leg: from its open end; a hyperedge: from its dot; a bundle: from the middle of its
centre line, or its open end), before the other labels, which then keep clear of it."""

from __future__ import annotations

import math
from typing import Any, Mapping

from ..model import Diagram
from ..network import Network
from .elements import Point, WireG, flatten
from .labels import LabelPlacer
from .leg_labels import leg_label_text


def label_base(w: WireG, free: bool, dot: Point | None) -> Point:
    """The point a leg label's offset is measured from (see the module's text).

    >>> from tensordiag.geometry.elements import WireG
    >>> label_base(WireG("i", "bond", ((0, 0), (2, 0), (2, 2)), False, 1, "#000000"), False, None)
    (2.0, 0.0)
    """
    if dot is not None:
        return dot
    pts = flatten(w)
    if free:
        return pts[-1]
    half = sum(math.dist(a, b) for a, b in zip(pts, pts[1:])) / 2
    for a, b in zip(pts, pts[1:]):
        d = math.dist(a, b)
        if d >= half and d > 0:
            t = half / d
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        half -= d
    return pts[-1]


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
            base = b.end if b.free else ((b.start[0] + b.end[0]) / 2, (b.start[1] + b.end[1]) / 2)
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
        labels.place_at(text, bx + dx, by + dy, "leg", anchor=w.ends[0], key=w.index)
        done.add(w.index)
    return bundled, done
