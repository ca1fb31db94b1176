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
    max_flow_column: float = 3.8
    """The widest a flow's columns (a block beside the residual stream) are set apart for a bundle's label."""

    # -- force placements ------------------------------------------------------------------------
    force_clearance: float = 0.35
    """A force placement is spread until its two closest tensors are the widest shape plus this apart."""
    force_max_spread: float = 2.5
    """The most a force placement is spread (a factor on its size) to keep shapes apart."""
    shape_gap: float = 0.3
    """The least gap between the outlines of two tensors: closer ones are pushed apart."""
    shelf_ratio: float = 1.5
    """Separate components are laid side by side in rows at most this times the side of a square that holds
    them all (the widest component alone may be wider)..."""
    shelf_width: float = 17.0
    """...but a row is never wrapped narrower than this (cm): a page's width, so what fits on a page stays in line."""
    separate_sweeps: int = 50
    """Sweeps over all close pairs that push overlapping tensors apart, at most."""
    separate_heap: int = 4
    """More tensors than this in one cell of the separating grid is a heap: the picture is scaled up first."""
    separate_heap_rounds: int = 6
    """Rounds of that scaling, at most (tensors on one spot are not parted by any scale)."""

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
    script_scale: float = 0.7
    """How many characters a sub- or superscript character counts as, when estimating a label's width."""

    # --- shapes (read by tensordiag.sizes) ---
    spider_size: float = 0.36
    """The diameter of the small circle of a copy or add tensor."""
    dot_shape_scale: float = 1.6
    """A tensor drawn as a dot is this many times a junction dot's size."""
    circle_min: float = 0.62
    """The smallest diameter of a circle tensor."""
    circle_text_scale: float = 1.25
    """A circle's diameter per unit of its label's width (before ``circle_text_pad``)."""
    circle_text_pad: float = 0.38
    """Added to a circle's scaled label width: room around the label."""
    triangle_min: float = 1.0
    """The smallest side of a triangle tensor's box."""
    triangle_text_scale: float = 1.7
    """A triangle's side per unit of its label's width (the label sits in the wide half)."""
    triangle_text_pad: float = 0.4
    """Added to a triangle's scaled label width."""
    triangle_aspect: float = 0.9
    """A triangle's height (tip to base) over its base."""
    triangle_label_margin: float = 0.08
    """The least room between a triangle's label and its outline, in cm."""
    square_min: float = 0.62
    """The smallest side of a square tensor."""
    square_text_pad: float = 0.22
    """Room around a square's label (added to its width)."""
    rectangle_min_width: float = 0.9
    """The smallest width of a rectangle tensor."""
    rectangle_text_pad: float = 0.3
    """Room around a rectangle's label (added to its width)."""
    rectangle_height: float = 0.62
    """A rectangle tensor's height."""
    shared_size_limit: float = 1.6
    """The shapes of one kind in a figure share the largest size any of them needs, up to this many times
    the kind's smallest size; a label that needs more grows its own shape only (:func:`tensordiag.sizes.shared_sizes`)."""

    # --- wires ---
    lens_spacing: float = 0.45
    """How far apart neighbouring bonds of a lens (several bonds between the same two nodes) are drawn."""
    lens_bulge: float = 1.35
    """A lens bond's Bézier control points sit this many times its spacing off the straight line."""
    bundle_gap: float = 0.16
    """How far apart neighbouring lines of a bundle (legs that travel together, :mod:`tensordiag.bundles`) run."""
    curve_controls: tuple[float, float] = (0.3, 0.7)
    """Where along the straight line a lens bond's two control points sit (fractions of the way)."""
    loop_reach: float = 1.05
    """How far a trace's (a loop's) control points reach beyond its tensor's outline."""
    loop_spread: float = 0.55
    """Half the angle (radians) between a loop's two ends on its tensor."""
    loop_opening: float = 0.95
    """Half the angle (radians) between a loop's two control points, seen from its tensor."""
    curve_samples: int = 16
    """A curve is measured and bounded as a polyline of this many pieces."""

    # --- labels ---
    label_pad: float = 0.06
    """Added to a label's estimated width: its box keeps this much more room from wires and shapes."""
    leg_label_scale: float = 11.5 / 13.3
    """Leg labels are set smaller than tensor labels (TikZ \\small, SVG 11.5 px against 13.3 px)."""
    free_label_gap: float = 0.1
    """The room between a free leg's open end and its label, when the label sits beyond the end."""
    free_label_side: float = 0.25
    """How far beside a free leg's open end its label goes, when it cannot sit beyond it."""
    bond_label_gap: float = 0.08
    """The room between a bond and its label."""
    bond_label_stops: tuple[float, ...] = (0.3, 0.7, 0.18, 0.82)
    """Where along a bond (fractions of the way) its label is tried after the middle, in order."""
    far_label_steps: tuple[float, ...] = (1.8, 2.6, 3.4)
    """When no spot near a wire is free: its label is tried this many times further out. A free leg
    uses the first two steps."""
    far_label_stops: tuple[float, ...] = (0.5, 0.3, 0.7)
    """Where along a bond (fractions of the way) a label further out is tried, in order."""

    # --- bubbles ---
    bubble_pad: float = 0.22
    """The room between a bubble's outline and the shapes inside it."""
    bubble_title_room: float = 0.3
    """Extra room at the top of a bubble, where its function's name goes."""
    bubble_label_inset: tuple[float, float] = (0.12, 0.05)
    """How far a bubble's name sits in from the bubble's side and from its top or bottom."""
    bubble_color: str = "#8c8c8c"
    """A bubble's outline colour when the spec gives none."""

    # --- equations ---
    term_gap: float = 0.35
    """The room between an equation's terms and the operators, coefficients and sums between them
    (read by :mod:`tensordiag.layout.equation`)."""
    symbol_pad: float = 0.1
    """Added to the estimated width of an operator, coefficient or sum between terms."""
    sum_height: float = 1.8
    """A sum sign's box is this many label heights tall (its indices sit below it)."""
    equation_width: float = 12.0
    """The widest an equation's row may be before it wraps onto another row: about a paper's text width
    (``draw(..., width=)`` overrides it)."""
    row_gap: float = 0.6
    """The least room between two rows of a wrapped equation (the rows' lines are evenly spaced)."""


@dataclass(frozen=True)
class Style:
    """The whole drawing style: where things go, and how they are drawn."""

    layout: LayoutStyle = field(default_factory=LayoutStyle)
    drawing: DrawingStyle = field(default_factory=DrawingStyle)


STYLE = Style()
"""The default style every stage uses."""
