"""Colour by role: what a tensor *is* in the figure decides its fill, the same in every figure.

A tensor's fill is, in this order: its own ``color``; else the fill of its ``role``; else the colour or role of
the tensor whose numbers it shares (``data:``, so a copy ``x'`` of ``x`` matches it); else the fill of the role
its kind and shape imply (a copy node is ``copy``, an add node ``add``, an isometry or unitary ``isometry``,
a delta or identity black); else ``tensor``, the post's grey. A colour never comes from a tensor's name.

The roles and their fills (light enough for a black label, and apart in lightness so that a greyscale print
still tells them apart: :data:`TOGETHER` lists the roles one figure uses together, and each pair of them
differs by at least :data:`MIN_LUMINANCE_STEP` in relative luminance):

============  =========  =====================================================================
role          fill       for
============  =========  =====================================================================
activation    #f7f7f7    inputs and the residual stream (x), pale as the data flowing through
weight        yellow     learned matrices: W_Q, W_K, W_V, W_O, W_up, W_down
tensor        grey       any other tensor (the default; the post's grey tensor)
copy          pink       copy nodes and tensors pasted from the stream (pink is theirs alone)
attention     #fd8d3c    the attention pattern A
add           blue       add nodes
embedding     #459556    embeddings and unembeddings: W_E, W_U
isometry      #86bcdc    isometries and unitaries (triangles, squares: the post's blue)
============  =========  =====================================================================

>>> role_of_kind("copy", "circle"), role_of_kind("unitary", "square"), role_of_kind("generic", "circle")
('copy', 'isometry', 'tensor')
"""

from __future__ import annotations

from typing import Literal

Role = Literal["activation", "weight", "tensor", "copy", "attention", "add", "embedding", "isometry"]
ROLES: tuple[Role, ...] = ("activation", "weight", "tensor", "copy", "attention", "add", "embedding", "isometry")

COPY_PINK = "#f4b6c8"
ADD_BLUE = "#5aa0d0"
ROLE_FILLS: dict[str, str] = {
    "activation": "#f7f7f7",
    "weight": "#fde68a",
    "tensor": "#d4d4d4",
    "copy": COPY_PINK,
    "attention": "#fd8d3c",
    "add": ADD_BLUE,
    "embedding": "#459556",
    "isometry": "#86bcdc",
}
"""Each role's fill (``#rrggbb``); weight, tensor, copy and add are the palette's yellow, grey, pink and blue."""

TOGETHER: tuple[tuple[str, ...], ...] = (
    ("activation", "weight", "tensor", "copy", "attention", "add", "embedding"),  # a transformer
    ("tensor", "isometry"),  # a decomposition: isometries beside the tensors they orthogonalise
)
"""Roles one figure uses together: their fills must differ in lightness."""
MIN_LUMINANCE_STEP = 0.08
"""The least difference in relative luminance (WCAG, 0 black to 1 white) between roles used together."""

_OF_KIND: dict[str, str] = {"copy": "copy", "add": "add", "isometry": "isometry", "unitary": "isometry"}


def role_of_kind(kind: str, shape: str) -> str | None:
    """The role a tensor's kind and shape imply (None for a delta dot or a bare identity line: drawn black)."""
    if shape in ("dot", "none"):
        return None
    return _OF_KIND.get(kind, "tensor")


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``: 0 for black, 1 for white, what a greyscale print keeps."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[k:k + 2], 16) / 255 for k in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
