"""How much room each node takes: read by layout (to keep shapes apart) and geometry (to draw them).

All lengths are TikZ units (cm). Label widths are estimated from the number of visible characters,
which is close enough for spacing; nothing here measures fonts.
"""

from __future__ import annotations

import re

from .model import Tensor

BOND_LENGTH = 1.6
"""The preferred distance between the centres of two bonded tensors."""
STUB_LENGTH = 0.75
"""How far a free leg reaches beyond its tensor's outline."""
DOT_RADIUS = 0.07
CHAR_WIDTH = 0.19
"""Approximate width of one character of a label at the default font size."""
LABEL_HEIGHT = 0.32

_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[ ,;])")
_FONT = re.compile(r"\\(?:mathrm|mathit|mathbf|mathsf|text|operatorname)\b")
_SCRIPT = re.compile(r"[_^]\{([^{}]*)\}|[_^](\\[A-Za-z]+|.)")


def visible_length(tex: str) -> float:
    """Roughly how many characters wide a TeX math label is (sub- and superscripts count 0.7)."""
    tex = _FONT.sub("", tex)  # a font command shows only its argument
    main = _SCRIPT.sub("", tex)
    scripts = "".join(m.group(1) or m.group(2) or "" for m in _SCRIPT.finditer(tex))
    main_len = len(_COMMAND.sub("x", main).replace("{", "").replace("}", ""))
    script_len = len(_COMMAND.sub("x", scripts).replace("{", "").replace("}", ""))
    return max(main_len + 0.7 * script_len, 1.0)


def label_width(tex: str) -> float:
    return visible_length(tex) * CHAR_WIDTH


def tensor_extent(tensor: Tensor, label: str) -> tuple[float, float]:
    """The width and height of the bounding box of ``tensor``'s shape, with ``label`` inside it."""
    text = label_width(label)
    if tensor.kind in ("copy", "add") and tensor.shape == "circle":
        return (0.36, 0.36)
    if tensor.shape == "dot":
        return (2 * DOT_RADIUS * 1.6, 2 * DOT_RADIUS * 1.6)
    if tensor.shape == "none":
        return (0.0, 0.0)
    if tensor.shape == "circle":
        d = max(0.62, text * 1.25 + 0.38)
        return (d, d)
    if tensor.shape == "triangle":
        s = max(1.0, text * 1.7 + 0.4)
        return (s, s * 0.9)
    if tensor.shape == "square":
        s = max(0.62, text + 0.22)
        return (s, s)
    return (max(0.9, text + 0.3), 0.62)
