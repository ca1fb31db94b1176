"""How much room each node takes: read by layout (to keep shapes apart) and geometry (to draw them).

All lengths are TikZ units (cm). Label widths are estimated from the number of visible characters,
which is close enough for spacing; nothing here measures fonts. Every number comes from
:data:`tensordiag.style.STYLE`, where each is documented.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Iterable, Mapping

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
_FONT_ARG = re.compile(r"\\(?:mathrm|mathit|mathbf|mathsf|text|operatorname)\s*\{([^{}]*)\}")
_SCRIPT = re.compile(r"[_^]\{([^{}]*)\}|[_^](\\[A-Za-z]+|.)")


def _chars(tex: str) -> int:
    return len(_COMMAND.sub("x", tex).replace("{", "").replace("}", ""))


@functools.lru_cache(maxsize=4096)
def visible_length(tex: str) -> float:
    r"""Roughly how many characters wide a TeX math label is (sub- and superscripts count 0.7).

    A subscript and a superscript on one nucleus are stacked, as TeX stacks them, so the pair is as wide
    as the wider of the two:

    >>> visible_length("W_{Q}^{h}"), visible_length("W_{OV}"), visible_length("AB")
    (1.7, 2.4, 2.0)
    >>> visible_length(r"x_{\mathrm{in}}") == visible_length("x_{in}")  # upright letters in a script: script size
    True
    """
    tex = _FONT.sub("", _FONT_ARG.sub(r"\1", tex))  # a font command shows only its argument (no braces)
    main = _SCRIPT.sub("", tex)
    script = 0
    end, kind, width = -1, "", 0  # the previous script: where it ended, _ or ^, its width
    for m in _SCRIPT.finditer(tex):
        n = _chars(m.group(1) or m.group(2) or "")
        if m.start() == end and m.group(0)[0] != kind:  # the other script on the same nucleus: stacked
            script += max(0, n - width)
            kind = ""
        else:
            script += n
            kind = m.group(0)[0]
        end, width = m.end(), n
    return max(_chars(main) + _D.script_scale * script, 1.0)


def label_width(tex: str) -> float:
    return visible_length(tex) * CHAR_WIDTH


SHARED_SHAPES = ("circle", "square", "triangle")
"""The kinds of shape that share one size in a figure (:func:`shared_sizes`); a rectangle is as wide as
its text, and dots and copy or add spiders have fixed sizes."""


TENSOR_LABEL_SCALE = 1.35
"""A tensor's label is set larger than a leg's: its width over :func:`label_width`'s estimate."""
SCRIPT_ROOM = 0.08
"""What a sub- or superscript adds to a label's height, in cm (it reaches below or above the line)."""


def tensor_label_box(label: str) -> tuple[float, float]:
    """The width and height (cm) of a tensor's label as set inside its shape."""
    return label_width(label) * TENSOR_LABEL_SCALE, LABEL_HEIGHT + (SCRIPT_ROOM if any(c in label for c in "_^") else 0.0)


def triangle_fit(label: str) -> float:
    """The side a triangle needs so that ``label`` fits inside it when it points sideways (the label's width
    along its axis), clear of its base and its slanted sides (:func:`tensordiag.geometry.attach.label_point`)."""
    wide, tall = tensor_label_box(label)
    k = 1 / (2 * _D.triangle_aspect)  # half the base over the height
    return 2 * _D.triangle_label_margin * (1 + k) + 2 * k * wide + tall


def _needed(tensor: Tensor, label: str) -> float:
    """The size ``tensor``'s label needs of its shape: a circle's diameter, a square's or a triangle's side."""
    text = label_width(label)
    if tensor.shape == "circle":
        return max(_D.circle_min, text * _D.circle_text_scale + _D.circle_text_pad)
    if tensor.shape == "triangle":
        return max(_D.triangle_min, text * _D.triangle_text_scale + _D.triangle_text_pad, triangle_fit(label))
    return max(_D.square_min, text + _D.square_text_pad)


def _base(shape: str) -> float:
    return {"circle": _D.circle_min, "triangle": _D.triangle_min}.get(shape, _D.square_min)


SLICED = " slice"
"""Added to a kind of shape in :func:`shared_sizes`: the size the slices of that kind share (a tensor at fixed
values of summed indices, ``A_{\\alpha\\beta}``), apart from the whole tensors'."""


def shared_sizes(labelled: Iterable[tuple[Tensor, str]]) -> dict[str, float]:
    """The one size each kind of shape takes in a figure (one diagram, or every term of an equation).

    The rule: the circles of a figure share the largest diameter any of them needs, so ``x`` is drawn as
    large as ``W_E`` beside it; but a label that needs more than ``shared_size_limit`` times the base
    diameter (``\\mathrm{softmax}``) does not inflate the rest: its circle alone is drawn larger. Squares
    and triangles follow the same rule, each kind on its own. Slices (``slice:``, labelled with the values of
    the summed indices they are taken at) share a size of their own, at least the whole tensors': their
    subscripts do not blow up every circle of the equation (issue 12, 07b). :func:`tensor_extent` takes the
    result.

    >>> from tensordiag.model import Tensor
    >>> x, w, s = (Tensor(n, (("i",),)) for n in ("x", "W", "S"))
    >>> shared_sizes([(x, "x"), (w, "W_{E}")])["circle"] == shared_sizes([(w, "W_{E}")])["circle"]
    True
    >>> shared_sizes([(x, "x"), (s, r"\\mathrm{softmax}")])["circle"] == STYLE.drawing.circle_min
    True
    >>> a = Tensor("A", (("i",),), slice=("α", "β"))
    >>> sizes = shared_sizes([(x, "x"), (a, r"A_{\\alpha\\beta}")])
    >>> sizes["circle"] == STYLE.drawing.circle_min < sizes["circle" + SLICED]
    True
    """
    out: dict[str, float] = {}
    for tensor, label in labelled:
        if tensor.shape not in SHARED_SHAPES or tensor.kind in ("copy", "add"):
            continue
        base = _base(tensor.shape)
        need = _needed(tensor, label)
        key = tensor.shape + SLICED if tensor.slice else tensor.shape
        if need <= base * _D.shared_size_limit:
            out[key] = max(out.get(key, base), need)
        else:
            out.setdefault(key, base)
    if "triangle" in out:  # beside triangles, circles and squares as large (in area) as the triangles are
        area = out["triangle"] ** 2 * _D.triangle_aspect / 2
        for shape, side in (("circle", 2 * math.sqrt(area / math.pi)), ("square", math.sqrt(area))):
            if shape in out:
                out[shape] = max(out[shape], min(side, _base(shape) * _D.shared_size_limit))
    return out


def tensor_extent(tensor: Tensor, label: str, shared: Mapping[str, float] | None = None) -> tuple[float, float]:
    """The width and height of the bounding box of ``tensor``'s shape, with ``label`` inside it; with
    ``shared`` (:func:`shared_sizes` of its figure), at least its figure's size for its kind of shape."""
    if tensor.kind in ("copy", "add") and tensor.shape == "circle":
        return (_D.spider_size, _D.spider_size)
    if tensor.shape == "dot":
        return (2 * DOT_RADIUS * _D.dot_shape_scale, 2 * DOT_RADIUS * _D.dot_shape_scale)
    if tensor.shape == "none":
        return (0.0, 0.0)
    if tensor.shape in SHARED_SHAPES:
        shared = shared or {}
        size = max(_needed(tensor, label), shared.get(tensor.shape, 0.0),
                   shared.get(tensor.shape + SLICED, 0.0) if tensor.slice else 0.0)
        return (size, size * _D.triangle_aspect) if tensor.shape == "triangle" else (size, size)
    return (max(_D.rectangle_min_width, label_width(label) + _D.rectangle_text_pad), _D.rectangle_height)
