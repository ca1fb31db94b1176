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

    # -- the length of one bond ------------------------------------------------------------------
    unit_margin: float = 0.7
    """Room left between two bonded shapes: one bond is at least the widest shape plus this."""
    unit_label_margin: float = 0.25
    """With leg labels shown, one bond is also the widest shape, the longest bond label and this."""
    unit_label_squeeze: float = 0.87
    """The share of a bond label's estimated width (characters × ``DrawingStyle.char_width``) it needs."""
    max_unit: float = 2.6
    """The longest a bond is stretched for its label, so long index names do not widen a network without end."""

    # -- force placements ------------------------------------------------------------------------
    force_clearance: float = 0.35
    """A force placement is spread until its two closest tensors are the widest shape plus this apart."""
    force_max_spread: float = 2.5
    """The most a force placement is spread (a factor on its size) to keep shapes apart."""
    shape_gap: float = 0.3
    """The least gap between the outlines of two tensors: closer ones are pushed apart."""
    separate_sweeps: int = 50
    """Sweeps over all close pairs that push overlapping tensors apart, at most."""

    # -- junction dots and reshape points --------------------------------------------------------
    settle_rings: tuple[float, ...] = (0.6, 1.2)
    """Radii of the rings of spots tried round a dot's neighbours' mean when the median and mean are taken."""
    settle_clearance: float = 0.4
    """The least distance between a settled dot and any other node."""
    on_bond_tolerance: float = 0.15
    """A point this close to a bond counts as on it (a dot there would sit on another bond)."""

    # -- free legs -------------------------------------------------------------------------------
    free_angles: tuple[float, ...] = (180.0, 0.0, 270.0, 90.0, 225.0, 315.0, 135.0, 45.0)
    """Where the free legs of a node with no neighbours go, in order: left, right, down, up, diagonals;
    also the directions tried for a free leg that would cross a wire."""
    free_leg_clearance: float = 30.0
    """Degrees a preferred free-leg direction keeps from every bond of its node."""
    free_leg_level_gap: float = 100.0
    """Degrees of room that make a free leg go straight left or right, as drawn by hand."""
    parallel_leg_spread: float = 0.8
    """Legs leaving one side of a tensor side by side share this fraction of the shape's size."""
    parallel_leg_step: float = 0.4
    """The most distance between two neighbouring parallel free legs."""

    # -- structures ------------------------------------------------------------------------------
    leaf_spacing: float = 1.5
    """Leaves of a tree, in bonds: siblings one and a half bonds apart keep their diagonal bonds clear."""
    tree_level_threshold: float = 0.25
    """A tree child closer to its parent's x than this (in bonds) sits half a leaf spacing below it."""
    ring_leg_fan: float = 30.0
    """Degrees either side of outward that a ring tensor's further free legs take."""
    star_angles: tuple[tuple[float, ...], ...] = (
        (180.0, 0.0, 270.0), (180.0, 0.0, 270.0, 90.0), (180.0, 0.0, 270.0, 90.0, 225.0),
        (180.0, 0.0, 225.0, 315.0, 135.0, 45.0), (180.0, 0.0, 270.0, 225.0, 315.0, 135.0, 45.0),
        (180.0, 0.0, 270.0, 90.0, 225.0, 315.0, 135.0, 45.0))
    """Where the arms of a star of 3 to 8 arms go (the k-th entry for k + 3 arms): compass directions,
    left and right first."""
    star_gap: float = 0.75
    """Bonds between neighbouring arms of a star of more than eight arms (a hyperedge of thousands of
    operands is a wide circle, not a blot)."""
    untangle_steps: tuple[tuple[float, float], ...] = (
        (0, 0), (0.4, 0), (-0.4, 0), (0, 0.4), (0, -0.4), (0.3, 0.3), (-0.3, -0.3), (0.3, -0.3), (-0.3, 0.3))
    """Crossing reduction: the offsets (in bonds) from the mean of a node's neighbours that it tries."""
    untangle_clearance: float = 0.6
    """Crossing reduction: a node is not moved within this many bonds of another node."""


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
