"""How much room each node takes: read by layout (to keep shapes apart) and geometry (to draw them).

All lengths are TikZ units (cm). Label widths are estimated from the number of visible characters,
which is close enough for spacing; nothing here measures fonts. Every number comes from
:data:`tensordiag.style.STYLE`, where each is documented.
"""

from __future__ import annotations

import re

from .model import Tensor
from .style import STYLE

_D = STYLE.drawing

BOND_LENGTH = STYLE.layout.bond_length
"""The preferred distance between the centres of two bonded tensors."""
STUB_LENGTH = STYLE.layout.stub_length
"""How far a free leg reaches beyond its tensor's outline."""
DOT_RADIUS = _D.dot_radius
CHAR_WIDTH = _D.char_width
"""Approximate width of one character of a label at the default font size."""
LABEL_HEIGHT = _D.label_height

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
    return max(main_len + _D.script_scale * script_len, 1.0)


def label_width(tex: str) -> float:
    return visible_length(tex) * CHAR_WIDTH


def tensor_extent(tensor: Tensor, label: str) -> tuple[float, float]:
    """The width and height of the bounding box of ``tensor``'s shape, with ``label`` inside it."""
    text = label_width(label)
    if tensor.kind in ("copy", "add") and tensor.shape == "circle":
        return (_D.spider_size, _D.spider_size)
    if tensor.shape == "dot":
        return (2 * DOT_RADIUS * _D.dot_shape_scale, 2 * DOT_RADIUS * _D.dot_shape_scale)
    if tensor.shape == "none":
        return (0.0, 0.0)
    if tensor.shape == "circle":
        d = max(_D.circle_min, text * _D.circle_text_scale + _D.circle_text_pad)
        return (d, d)
    if tensor.shape == "triangle":
        s = max(_D.triangle_min, text * _D.triangle_text_scale + _D.triangle_text_pad)
        return (s, s * _D.triangle_aspect)
    if tensor.shape == "square":
        s = max(_D.square_min, text + _D.square_text_pad)
        return (s, s)
    return (max(_D.rectangle_min_width, text + _D.rectangle_text_pad), _D.rectangle_height)
