"""Leg labels: each index's text, and the spots tried for it beside its wire, nearest first."""

from __future__ import annotations

import math
import re
from typing import Any, Mapping

from .. import sizes
from ..index_names import is_plain, shown_index
from ..model import Diagram
from ..network import Network
from ..plane import polyline_distance
from ..style import STYLE
from ..texlabel import UNICODE_TO_TEX, index_text, math_to_tex
from .elements import Point, WireG, flatten
from .labels import LEG_SCALE, LabelPlacer
from .own_wire import OwnWires

_D = STYLE.drawing


def leg_label_text(indices: tuple[str, ...], dims: dict[str, int], with_size: bool,
                   labels: Mapping[str, str] | None = None) -> str:
    """TeX math naming ``indices`` (several in parentheses), with their sizes when ``with_size``: each index
    shows its text (:func:`tensordiag.index_names.shown_index`: its ``index_labels`` entry, else its name
    up to a dot), and the size stays the real index's."""

    def one(i: str) -> str:
        given = shown_index(i, labels or {})
        if not is_plain(given):  # TeX math, validated where the diagram was made
            tex = math_to_tex(given)
            return tex + f"{{=}}{dims[i]}" if with_size and i in dims else tex
        shown = index_text(given)
        tex = "".join(UNICODE_TO_TEX.get(c, c) + (" " if c in UNICODE_TO_TEX else "") for c in shown).strip()
        m = re.fullmatch(r"(.)(\d+)", shown)
        if m:
            tex = "".join(UNICODE_TO_TEX.get(c, c) for c in m.group(1)) + f"_{{{m.group(2)}}}"
        elif len(shown) > 1 and not any(c in UNICODE_TO_TEX for c in shown):
            tex = rf"\mathrm{{{shown}}}".replace(" ", r"\ ")
        if with_size and i in dims:
            tex += f"{{=}}{dims[i]}"
        return tex

    body = r"\,".join(one(i) for i in indices)
    return f"({body})" if len(indices) > 1 else body


def place_leg_labels(diagram: Diagram, network: Network, wires: list[WireG], labels: LabelPlacer,
                     with_size: bool, done: set[str] | None = None, pinned: frozenset[str] = frozenset(),
                     pos: Mapping[Any, Point] | None = None, placed: set[int] | None = None) -> set[str]:
    """Label every index once (a grouped leg: every group), free legs first, each at the first free spot;
    ``done``: indices already labelled (a bundle's); ``pinned``: labels already set where the spec says;
    ``placed``: the wires (by number) labelled already, which this call adds to. Returns the indices labelled,
    ``done``'s included."""
    dims = diagram.dim_map
    shown = dict(diagram.index_labels)
    values = dict(diagram.values)  # a free leg that ends in a value is labelled with the value
    done = set(done or ())
    tried: set[str] = set()  # hyperedges whose every spot was tried at once
    # Free legs first: their labels sit just beyond the open end.
    order = sorted(range(len(wires)), key=lambda k: (wires[k].role != "free" and not network.wires[k].free, k))
    lines = OwnWires((w.index, flatten(w)) for w in wires)
    for k in order:
        w, nw = wires[k], network.wires[k]
        if (w.index in done and (not nw.grouped or w.index in pinned)) or (placed is not None and k in placed):
            continue
        text = leg_label_text(nw.indices, dims, with_size, shown)
        if nw.free and len(nw.indices) == 1 and nw.indices[0] in values:
            text = str(values[nw.indices[0]])
        dot = next((pos[n] for n in (nw.a.node, nw.b.node) if n.is_dot), None) if pos is not None else None
        if w.role == "dot" and not nw.free:  # a hyperedge: once, beside one of its own wires (anchored to it)
            if w.index not in tried:
                tried.add(w.index)
                base = label_base(w, False, dot)
                if any(labels.try_place(text, [p], "leg", end, w.index, base)
                       for p, end in _hyperedge_spots(wires, w.index, text)):
                    done.add(w.index)
                    if placed is not None:
                        placed.add(k)
            continue
        near, far = (_free_spots if nw.free else _bond_spots)(w, text)
        # a free spot near the wire, else one further out, first where it reads as this wire's (nearer it than
        # any other); a label never covers a shape, a wire or a label
        half = ((sizes.label_width(text) * LEG_SCALE + _D.label_pad) / 2, sizes.LABEL_HEIGHT / 2)
        def own(p: Point) -> bool:
            return lines.own(p, w.index, half)

        # beyond an open end a label is its own leg's; a bond's is first tried only where it reads as its own
        # (a reshape's strands keep their spots: their labels go by the group they join)
        plain = nw.free or nw.a.node.is_reshape or nw.b.node.is_reshape
        tries = [(near, None), (far, None)] if plain else [(near, own), (far, own), (near, None), (far, None)]
        base = label_base(w, nw.free, dot)
        if any(labels.try_place(text, spots, "leg", w.ends[0], w.index, base, accept=accept) for spots, accept in tries):
            done.add(w.index)
            if placed is not None:
                placed.add(k)
    return done


def _free_spots(w: WireG, text: str) -> tuple[list[Point], list[Point]]:
    """Beyond a free leg's open end, else beside it; then further out along the leg."""
    pts = flatten(w)
    (ax, ay), (bx, by) = pts[-2], pts[-1]
    d = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / d, (by - ay) / d
    half = (abs(ux) * sizes.label_width(text) + abs(uy) * sizes.LABEL_HEIGHT) / 2 + _D.free_label_gap
    side = _D.free_label_side
    near = [(bx + ux * half, by + uy * half), (bx - uy * side, by + ux * side), (bx + uy * side, by - ux * side)]
    far = [(bx + ux * half * k, by + uy * half * k) for k in _D.far_label_steps[:2]]
    return near, far


def _bond_spots(w: WireG, text: str) -> tuple[list[Point], list[Point]]:
    """Beside a bond's middle piece (outside a lens curve's bulge first), then further out."""
    pts = flatten(w)
    mid = len(pts) // 2
    (ax, ay), (bx, by) = pts[mid - 1], pts[mid]
    mx, my = (ax + bx) / 2, (ay + by) / 2
    d = math.hypot(bx - ax, by - ay) or 1.0
    nx, ny = -(by - ay) / d, (bx - ax) / d
    wide = sizes.label_width(text) * LEG_SCALE + _D.label_pad  # the box the placer tries
    # a straight bond's label: its box's side the gap off the wire, whichever way the wire runs; a curve's
    # (a lens, a reshape's strands) keeps clear of its bulge by half a label's height more
    off = _D.bond_label_gap + (abs(nx) * wide + abs(ny) * sizes.LABEL_HEIGHT) / 2
    if w.curve:
        off = sizes.LABEL_HEIGHT / 2 + _D.bond_label_gap + (abs(nx) * sizes.label_width(text) / 2)
    if w.curve:  # one of several bonds between two tensors: its label goes on the outside of its bulge
        chord = ((w.points[0][0] + w.points[-1][0]) / 2, (w.points[0][1] + w.points[-1][1]) / 2)
        if (mx - chord[0]) * nx + (my - chord[1]) * ny < 0:
            nx, ny = -nx, -ny
    near = [(mx + nx * off, my + ny * off), (mx - nx * off, my - ny * off)]
    for f in _D.bond_label_stops:
        px, py = ax + (bx - ax) * f, ay + (by - ay) * f
        near += [(px + nx * off, py + ny * off), (px - nx * off, py - ny * off)]
    far = [(px + sx * nx * off * k, py + sx * ny * off * k) for k in _D.far_label_steps for f in _D.far_label_stops
           for px, py in [(ax + (bx - ax) * f, ay + (by - ay) * f)] for sx in (1, -1)]
    return near, far


def label_base(w: WireG, free: bool, dot: Point | None) -> Point:
    """The point a leg label's ``label_offsets`` entry is measured from: its hyperedge's dot, a free leg's open
    end, else the middle of its wire (half its length along it).

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
HYPEREDGE_SIDES = 8
"""A hyperedge's label is tried beside its first this many wires (a dot joining 1,000 tensors costs no more)."""
HYPEREDGE_WIRES = 300
"""Up to this many wires, a hyperedge's label spots are kept only where its own wires are the nearest."""


def _hyperedge_spots(wires: list[WireG], index: str, text: str) -> list[tuple[Point, str]]:
    """Spots for a hyperedge's label, each with the anchor of the wire it is beside, best first. Beside each wire
    from the hyperedge's dot, in the network's order but those shorter than the label last (beside them it would
    reach the dot or the tensor): the middle of every wire, then the other near spots of every wire, then the
    further ones; first only spots nearer one of its own wires than any other wire, so the label reads as the
    hyperedge's, not a neighbour's, and never sits by the dot on nothing. Then, crowded, the spots beside its
    wires wherever they fit, the least ambiguous first."""
    room = sizes.label_width(text)
    own = [w for w in wires if w.index == index and w.role == "dot"][:HYPEREDGE_SIDES]
    own.sort(key=lambda w: _length(w) < room)
    spots = [(_bond_spots(w, text), w.ends[0]) for w in own]
    near = [(p, e) for (n, _), e in spots for p in n[:2]] + [(p, e) for (n, _), e in spots for p in n[2:]]
    far = [(p, e) for (_, f), e in spots for p in f]
    if len(wires) > HYPEREDGE_WIRES:
        return near + far
    lines = [(w.index == index and w.role == "dot", flatten(w)) for w in wires]
    if len(lines) == len(own):
        return near + far

    def margin(p: Point) -> float:  # how much nearer its own wires than any other (negative: nearer another)
        return min(polyline_distance(p, pts) for mine, pts in lines if not mine) - min(
            polyline_distance(p, pts) for mine, pts in lines if mine)

    ranked = [(spot, margin(spot[0])) for spot in near + far]
    return [s for s, m in ranked if m > 0] + [s for s, _ in sorted(ranked, key=lambda r: -r[1])]


def _length(w: WireG) -> float:
    pts = flatten(w)
    return sum(math.dist(a, b) for a, b in zip(pts, pts[1:]))
