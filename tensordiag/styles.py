"""Drawing defaults: the palette, line widths, which way a triangle points. Pure, no backend."""

from __future__ import annotations

import math

from .model import Diagram, Tensor
from .roles import ADD_BLUE, COPY_PINK, ROLE_FILLS, role_of_kind

PALETTE: dict[str, str] = {
    "blue": ADD_BLUE,
    "pink": COPY_PINK,
    "yellow": "#fde68a",
    "green": "#a7d7a0",
    "grey": "#d4d4d4",
    "orange": "#fdbb84",
    "purple": "#c7b9e0",
    "red": "#f49a8c",
    "white": "#ffffff",
    "black": "#000000",
}
"""Fills by name; pink and blue are the copy and add nodes' (:mod:`tensordiag.roles`)."""

BASE_WIDTH = 0.8
"""Line width (pt) of a leg of dimension 2 or less: never thinner."""
MAX_WIDTH = 3.0


LINE_PALETTE: dict[str, str] = {
    "blue": "#2166ac", "pink": "#c51b7d", "yellow": "#b8860b", "green": "#1b7837", "grey": "#737373",
    "orange": "#d95f02", "purple": "#6a51a3", "red": "#b2182b", "white": "#ffffff", "black": "#000000",
}
"""The same names as strong colours for lines: a pale fill colour is invisible as a thin wire."""


def color_hex(name: str) -> str:
    return name if name.startswith("#") else PALETTE[name]


def line_hex(name: str) -> str:
    """A wire's colour: ``#rrggbb`` as given, a palette name as its strong line variant."""
    return name if name.startswith("#") else LINE_PALETTE[name]


def fill_of(tensor: Tensor, diagram: Diagram) -> str:
    """The tensor's own colour, else its role's, else the colour or role of the tensor whose numbers it shares
    (``data:``: A and A', V and V† match), else the role its kind and shape imply (copy pink, add blue, an
    isometry or unitary the isometry blue, any other tensor grey), black for a delta dot or an identity line.
    Never from its name: two tensors differ in colour only when their roles do (:mod:`tensordiag.roles`)."""
    if tensor.color:
        return color_hex(tensor.color)
    role = tensor.role
    if role is None and tensor.data is not None:
        source = _by_name(diagram).get(tensor.data)
        if source is not None and source.color and tensor.shape not in ("dot", "none"):
            return color_hex(source.color)
        role = None if source is None or tensor.shape in ("dot", "none") else source.role
    role = role or role_of_kind(tensor.kind, tensor.shape)
    return "#000000" if role is None else ROLE_FILLS[role]


_NAMED: list[tuple[Diagram, dict[str, Tensor]]] = []
"""The last diagram's tensors by name: fill_of asks once per tensor, so a look-up is not a walk of them all."""


def _by_name(diagram: Diagram) -> dict[str, Tensor]:
    if not _NAMED or _NAMED[0][0] is not diagram:
        _NAMED[:] = [(diagram, {t.name: t for t in diagram.tensors})]
    return _NAMED[0][1]


def stroke_of(tensor: Tensor) -> str:
    return "#000000"


def line_width(indices: tuple[str, ...], dims: dict[str, int]) -> float:
    """Width in points growing with log(dimension); unknown sizes count as 2 (the base width)."""
    size = 1
    for i in indices:
        size *= dims.get(i, 2)
    if len(indices) > 1 and not all(i in dims for i in indices):
        size = max(size, 2 ** (len(indices) + 1))
    if size <= 2:
        return BASE_WIDTH
    return round(min(MAX_WIDTH, BASE_WIDTH + 0.22 * math.log2(size / 2)), 3)


def tip_indices(tensor: Tensor, dims: dict[str, int]) -> tuple[str, ...]:
    """The indices leaving a triangle's tip: declared, else its smallest leg (ties: the last)."""
    if tensor.tip:
        return tensor.tip
    best = None
    for leg in tensor.legs:
        size = 1
        for i in leg:
            size *= dims.get(i, 0) or 1
        if best is None or size <= best[0]:
            best = (size, leg)
    return best[1] if best else ()
