"""Every tuning number of the drawing in one documented, frozen object.

Layout and geometry read their distances, offsets and font-metric guesses from :data:`STYLE`
instead of writing bare numbers inline, so a reader sees in one place what each number does, and
a later option (scale, spacing, a theme) can hand a changed :class:`Style` down the pipeline.
All lengths are TikZ units (cm) unless a field says otherwise. Plain data: imports nothing heavy.

>>> STYLE.layout.bond_length
1.6
>>> from dataclasses import replace
>>> replace(STYLE.layout, bond_length=2.0).bond_length
2.0
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LayoutStyle:
    """Numbers that decide where nodes go (read by :mod:`tensordiag.layout`)."""

    bond_length: float = 1.6
    """The preferred distance between the centres of two bonded tensors."""
    stub_length: float = 0.75
    """How far a free leg reaches beyond its tensor's outline."""


@dataclass(frozen=True)
class DrawingStyle:
    """Numbers that decide how placed nodes are drawn: shapes, wires, labels, bubbles (read by geometry)."""

    dot_radius: float = 0.07
    """A junction dot's radius."""
    char_width: float = 0.19
    """Approximate width of one character of a label at the default font size."""
    label_height: float = 0.32
    """Approximate height of a one-line label."""


@dataclass(frozen=True)
class Style:
    """The whole drawing style: where things go, and how they are drawn."""

    layout: LayoutStyle = field(default_factory=LayoutStyle)
    drawing: DrawingStyle = field(default_factory=DrawingStyle)


STYLE = Style()
"""The default style every stage uses."""
