"""Bubbles: a box around a function's members (nested bubbles grow around their members' bubbles),
with the function's name in a corner no wire crosses."""

from __future__ import annotations

from .. import sizes
from ..model import Diagram
from ..style import STYLE
from ..styles import line_hex
from .elements import BubbleG, ShapeG
from .labels import LabelPlacer

_D = STYLE.drawing


def bubble_boxes(diagram: Diagram, shapes: dict[str, ShapeG]) -> tuple[BubbleG, ...]:
    """Each bubble of ``diagram``, in spec order, around its members' boxes (shapes or earlier bubbles)."""
    boxes: dict[str, tuple[float, float, float, float]] = {
        s.name: (s.x - s.width / 2, s.y - s.height / 2, s.x + s.width / 2, s.y + s.height / 2) for s in shapes.values()
    }
    out = []
    for b in diagram.bubbles:
        members = [boxes[m] for m in b.members if m in boxes]
        pad = _D.bubble_pad
        x0 = min(m[0] for m in members) - pad
        y0 = min(m[1] for m in members) - pad
        x1 = max(m[2] for m in members) + pad
        x1 = max(x1, _label_room(diagram, b.members, shapes, x0, x1))
        y1 = max(m[3] for m in members) + pad + _D.bubble_title_room
        boxes[b.name] = (x0, y0, x1, y1)
        out.append(BubbleG(b.name, b.label or scaled_function(b.function, b.scale), x0, y0, x1, y1,
                           line_hex(b.color) if b.color else _D.bubble_color))
    return tuple(out)


def _label_room(diagram: Diagram, members: tuple[str, ...], shapes: dict[str, ShapeG], x0: float, x1: float
                ) -> float:
    """How far right a bubble from ``x0`` to ``x1`` reaches so that the label of a wire between two of its members
    stacked in one column (a pasted copy under W_up in a stream drawn left to right) fits inside it, beside its
    wire, on one side or the other."""
    from .leg_labels import leg_label_text

    held: dict[str, list[str]] = {}
    for t in diagram.tensors:
        if t.name in members and t.name in shapes:
            for i in dict.fromkeys(t.indices):
                held.setdefault(i, []).append(t.name)
    every = {i for t in diagram.tensors for i in t.indices if t.name not in members}
    reach = float("-inf")
    for index, names in held.items():
        if len(names) != 2 or index in every:
            continue
        a, b = shapes[names[0]], shapes[names[1]]
        if abs(a.x - b.x) > 1e-9:
            continue
        text = leg_label_text((index,), diagram.dim_map, False, dict(diagram.index_labels))
        width = sizes.label_width(text) * _D.leg_label_scale + _D.label_pad + _D.bubble_pad
        if max(a.x - x0, x1 - a.x) < width:
            reach = max(reach, a.x + width)
    return reach


def scaled_function(function: str, scale: str | None) -> str:
    """A bubble's default text: its function, with its scale as the argument's factor (``softmax(3^{-1/2}·)``)."""
    if scale is None:
        return function
    name = rf"\mathrm{{{function}}}" if function.isalpha() and len(function) > 1 else function
    return rf"{name}({scale}\cdot)"


def label_bubbles(bubbles: tuple[BubbleG, ...], labels: LabelPlacer) -> None:
    """Each bubble's name in the first free inner corner (top left, top right, bottom left, bottom right),
    else at the top left regardless."""
    ix, iy = _D.bubble_label_inset
    for b in bubbles:
        text = rf"\mathrm{{{b.function}}}" if b.function.isalpha() and len(b.function) > 1 else b.function
        w, h = sizes.label_width(text) + _D.label_pad, sizes.LABEL_HEIGHT
        corners = [(b.x0 + ix + w / 2, b.y1 - iy - h / 2), (b.x1 - ix - w / 2, b.y1 - iy - h / 2),
                   (b.x0 + ix + w / 2, b.y0 + iy + h / 2), (b.x1 - ix - w / 2, b.y0 + iy + h / 2)]
        if not labels.try_place(text, corners, "bubble", ""):
            labels.place_at(text, b.x0 + ix, b.y1 - iy, "bubble", corner="nw")
