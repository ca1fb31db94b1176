"""Pins for what the layout places besides tensors: junction dots, split and merge points, and leg labels.

A spec pins a tensor with ``tensors.NAME.at``; these two keys pin the rest (``tensordiag edit`` writes them
when one drags a dot or a label):

* ``junctions: {NAME: [x, y]}`` puts a point where it says (cm, y up, as ``at``). NAME is
  a hyperedge's index (its junction dot: ``num_heads``), a grouped free leg's text (its merge point:
  ``(i l)``), or a tensor's name and its grouped leg's text (the point where that thick leg splits:
  ``T (i l)``);
* ``label_offsets: {NAME: [dx, dy]}`` sets the label of the wire carrying index NAME (a grouped leg: its
  text; a bundle: any of its indices) that far from its wire's middle (a free leg: from its open end; a
  hyperedge: from its dot), so that it follows the wire when the tensors move.

The layout keeps the pinned points and places the rest around them (:func:`tensordiag.layout.place.place`);
the label placer sets the pinned labels first, so that the others keep clear of them. The check never reads
either key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import SpecError, quote
from .fields import check_pin
from .network import NodeId

if TYPE_CHECKING:
    from .model import Diagram

Point = tuple[float, float]


def junction_points(diagram: Diagram) -> dict[str, NodeId]:
    """Every point a ``junctions`` entry may name, by its name (see the module's text), in drawing order."""
    from .model import leg_text
    from .network import build_network

    out: dict[str, NodeId] = {}
    for n in build_network(diagram).nodes:
        if n.kind == "dot":
            out[n.id.name] = n.id
        elif n.kind == "merge":
            out[leg_text(n.leg)] = n.id
        elif n.kind == "split":
            out[f"{n.tensor} {leg_text(n.leg)}"] = n.id
    return out


def label_names(diagram: Diagram) -> list[str]:
    """Every name a ``label_offsets`` entry may have: each index, then each grouped leg's text."""
    from .model import leg_text

    indices = list(dict.fromkeys(i for t in diagram.tensors for leg in t.legs for i in leg))
    groups = [leg_text(leg) for t in diagram.tensors for leg in t.legs if len(leg) > 1]
    groups += [leg_text(leg) for leg in diagram.output if len(leg) > 1]
    return indices + [g for g in dict.fromkeys(groups) if g not in indices]


def pinned_junctions(diagram: Diagram) -> dict[NodeId, Point]:
    """The layout's nodes the spec pins, where it pins them (names that match no point are left out)."""
    if not diagram.junctions:
        return {}
    points = junction_points(diagram)
    return {points[name]: at for name, at in diagram.junctions if name in points}


def check_hand_pins(diagram: Diagram) -> None:
    """Each entry's pin is two numbers within range, and its name is a point (or a label) of this diagram."""
    for key, pairs, names in (("junctions", diagram.junctions, junction_points),
                              ("label_offsets", diagram.label_offsets, label_names)):
        if not pairs:
            continue
        known = names(diagram)
        lookup = set(known)
        for name, at in pairs:
            where = f"{key}.{name}"
            if not isinstance(name, str) or name not in lookup:
                raise SpecError(f"{quote(str(name))} is {_what(key)} ({_listed(str(name), list(known))})", where=where)
            check_pin(at, where)


def _what(key: str) -> str:
    return ("no junction dot, split or merge point of this diagram" if key == "junctions"
            else "no index or grouped leg of this diagram")


def _listed(name: str, names: list[str]) -> str:
    import difflib

    if not names:
        return "it has none"
    hint = difflib.get_close_matches(name, names, n=1)
    shown = ", ".join(names[:12]) + (f", … ({len(names)} in all)" if len(names) > 12 else "")
    return f"did you mean {quote(hint[0])}? known: {shown}" if hint else f"known: {shown}"
