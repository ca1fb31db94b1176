"""Plain, frozen data: what a diagram *is*, before anything is laid out or drawn.

This module imports nothing heavy (no numpy, networkx or jinja): every later stage reads it.

Every object checks its own text when it is made, so a figure built in Python (``Diagram(...)``)
meets the same rules as one read from a spec: names and index names, math labels (the safe TeX
subset of :mod:`tensordiag.texlabel`), colours, titles, pins and sizes. The spec loader checks
first, with the spec's line and path; these checks are the floor every path stands on.

A *leg* is one axis of a tensor. Usually it carries one index; a *grouped* leg carries several
indices flattened into one axis (``rearrange(T, 'i j k l -> (i l) (k j)')``) and is drawn thick.
So a leg is a tuple of index names, of length one for an ordinary leg.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Union

from .definitions import check_definitions, check_values
from .errors import SpecError
from .fields import (INDEX, MAX_DIM, MAX_PIN, NAME, NAMED_COLORS, _choice, _kind_of, _legs, check_color,  # noqa: F401
                     check_index, check_math, check_name, check_pin, check_size, check_text)
from .number_text import check_number
from .perhead import per_problem
from .index_names import check_index_labels
from .roles import ROLES
from .texlabel import MAX_NAME
from .values import check_value_fields
from .order.contraction import Contraction

Leg = tuple[str, ...]
"""One axis: the index names flattened into it, in row-major order (one name for a plain leg)."""

Shape = Literal["circle", "triangle", "square", "rectangle", "dot", "none"]
"""How a tensor is drawn: ``dot`` is a delta (copy) tensor, ``none`` a bare line (the identity)."""

Kind = Literal["generic", "isometry", "unitary", "delta", "identity", "copy", "add", "shift", "invertible", "one_hot"]
"""What a tensor *is*, which decides the random stand-in the check gives it."""

Side = Literal["left", "right", "up", "down"]
"""The side a free leg leaves from."""

Op = Literal["=", "+", "-", "!=", "->"]
"""An operator between the terms of an equation (``!=`` is drawn as ≠; ``->`` joins the steps of a sequence)."""

SHAPES: tuple[Shape, ...] = ("circle", "triangle", "square", "rectangle", "dot", "none")
KINDS: tuple[Kind, ...] = ("generic", "isometry", "unitary", "delta", "identity", "copy", "add", "shift", "invertible",
                           "one_hot")
SIDES: tuple[Side, ...] = ("left", "right", "up", "down")
OPS: tuple[Op, ...] = ("=", "+", "-", "!=", "->")

MIN_WIDTH = 2.0
MAX_WIDTH = 400.0
"""The narrowest and widest an equation's rows may be asked to be (cm)."""
SIDE_VECTORS: dict[Side, tuple[float, float]] = {
    "left": (-1.0, 0.0),
    "right": (1.0, 0.0),
    "up": (0.0, 1.0),
    "down": (0.0, -1.0),
}


def leg_text(leg: Leg) -> str:
    """How a leg is written: ``i`` for a plain leg, ``(i l)`` for a grouped one."""
    return leg[0] if len(leg) == 1 else "(" + " ".join(leg) + ")"


@dataclass(frozen=True)
class Tensor:
    """One tensor: a shape with legs.

    ``legs`` are in axis order. ``label`` is TeX math (``W_{\\uparrow}``); without it the name is
    shown. ``data`` names the tensor whose random stand-in this one shares (so ``V`` and its dagger
    are the same numbers), and ``dagger`` conjugates that data and draws the shape mirrored.
    """

    name: str
    legs: tuple[Leg, ...]
    label: str | None = None
    shape: Shape = "circle"
    kind: Kind = "generic"
    color: str | None = None
    at: tuple[float, float] | None = None
    dagger: bool = False
    data: str | None = None
    tip: tuple[str, ...] = ()
    """For a triangle: the indices that leave from its tip (by default the smaller side)."""
    hole: bool = False
    """Removed, its legs left open: the diagram is the derivative with respect to this tensor."""
    ports: int = 0
    """For a copy or add node: how many ports its legs split into (0: the default, 3)."""
    absorbs: tuple[str, ...] = ()
    """In a sequence: the tensors of the step before whose contraction this one is (``A' = A X``)."""
    role: str | None = None
    """What it is in the figure, which decides its fill (:mod:`tensordiag.roles`); None: implied by its kind."""
    slice: tuple[str, ...] = ()
    """Summed indices this tensor is a slice at (``u_j``): its data has these legs after its drawn ones."""
    inverse: bool = False
    """With ``data: X``: X's true inverse (:mod:`tensordiag.values`); ``tokens``: a one-hot's; ``picture``: a side."""
    tokens: tuple[int, ...] = ()
    picture: Side | None = None

    def __post_init__(self) -> None:
        check_name(self.name, "tensors", what="tensor name")
        where = f"tensors.{self.name}"
        _legs(self.legs, f"{where}.legs")
        if self.label is not None:
            check_math(self.label, f"{where}.label")
        _choice(self.shape, SHAPES, f"{where}.shape")
        _choice(self.kind, KINDS, f"{where}.kind")
        if self.color is not None:
            check_color(self.color, f"{where}.color")
        if self.role is not None:
            _choice(self.role, ROLES, f"{where}.role")
        if self.at is not None:
            check_pin(self.at, f"{where}.at")
        if self.data is not None:
            check_name(self.data, f"{where}.data")
        for index in self.tip:
            check_index(index, f"{where}.tip")
        for other in self.absorbs:
            check_name(other, f"{where}.absorbs")
        for index in self.tip + self.slice:
            check_index(index, f"{where}.tip" if index in self.tip else f"{where}.slice")
        check_value_fields(self.name, self.kind, len(self.legs), self.data, self.inverse, self.tokens, self.picture)

    @property
    def indices(self) -> tuple[str, ...]:
        """Every index on this tensor's legs, in axis order, groups flattened."""
        return tuple(i for leg in self.legs for i in leg)

    @property
    def source(self) -> str:
        """The name whose random stand-in this tensor uses."""
        return self.data or self.name


@dataclass(frozen=True)
class Bubble:
    """A nonlinearity: everything inside is contracted first, then ``function`` is applied.

    ``members`` are names of tensors or of other (nested) bubbles. ``over`` names the index a
    normalising function (softmax, layer norm) runs along; ``scale`` (a number as TeX math, ``3^{-1/2}``)
    multiplies the inside before ``function`` is applied (the attention scores' 1/√d); ``eps`` is a layer
    norm's epsilon, added to the variance.
    """

    name: str
    function: str
    members: tuple[str, ...]
    over: str | None = None
    label: str | None = None
    color: str | None = None
    scale: str | None = None
    eps: str | None = None

    def __post_init__(self) -> None:
        check_name(self.name, "bubbles", what="bubble name")
        where = f"bubbles.{self.name}"
        check_math(self.function, f"{where}.function", what="function")
        for member in self.members:
            check_name(member, f"{where}.members", what="member name")
        if self.over is not None:
            check_index(self.over, f"{where}.over")
        if self.label is not None:
            check_math(self.label, f"{where}.label")
        if self.color is not None:
            check_color(self.color, f"{where}.color")
        if self.scale is not None:
            check_number(self.scale, f"{where}.scale")
        if self.eps is not None:
            check_number(self.eps, f"{where}.eps")


@dataclass(frozen=True)
class Diagram:
    """A tensor network to draw: tensors, the free legs' order, sizes and drawing hints."""

    tensors: tuple[Tensor, ...]
    output: tuple[Leg, ...] = ()
    dims: tuple[tuple[str, int], ...] = ()
    sides: tuple[tuple[str, Side], ...] = ()
    """Declared sides of free legs, by the output leg's text (``i`` or ``(i l)``)."""
    einsum: str | None = None
    """The einsum this diagram denotes, as its author wrote it."""
    title: str | None = None
    bubbles: tuple[Bubble, ...] = ()
    structure: str | None = None
    """A declared layout structure, one of the layout registry's names (chain, ring, ladder, grid, star, tree,
    flow, force); else detected."""
    leg_labels: Literal["none", "names", "sizes"] = "names"
    free_side: Side | None = None
    """The default side of every free leg (for chains and grids); ``sides`` override it."""
    leg_colors: tuple[tuple[str, str], ...] = ()
    """Colours of the wires carrying an index (a palette name or ``#rrggbb``)."""
    evaluate: str | None = None
    """The name of a numerical experiment run on this network beside the check (see ``tensordiag.experiments``)."""
    permute: bool = False
    """Free legs leave in the order of the legs they are and cross once each to end in the output's order."""
    index_labels: tuple[tuple[str, str], ...] = ()
    """The text an index shows instead of its name (:mod:`tensordiag.index_names`)."""
    values: tuple[tuple[str, int], ...] = ()
    """Free legs that end in a value (``A`` at i = 0): the diagram is that entry (see ``tensordiag.definitions``)."""
    bundles: tuple[tuple[str, ...], ...] = ()
    """Indices drawn as one bundle of parallel lines, labelled once (see :mod:`tensordiag.bundles`)."""
    auto_bundles: bool = True
    """Whether each multi-leg port of a copy/add node is a bundle too (``bundles: none`` turns it off)."""
    contraction: Contraction | None = None
    """A contraction order and how it is drawn (:mod:`tensordiag.order`)."""
    junctions: tuple[tuple[str, tuple[float, float]], ...] = ()
    """Pinned junction dots, split and merge points; ``label_offsets``: pinned leg labels (:mod:`tensordiag.handpins`)."""
    label_offsets: tuple[tuple[str, tuple[float, float]], ...] = ()
    spec: object = field(default=None, compare=False, repr=False)
    """The spec mapping it was read from, if any: the JSON export carries it (:mod:`tensordiag.readback`)."""

    def __post_init__(self) -> None:
        for t in self.tensors:
            if not isinstance(t, Tensor):
                raise SpecError(f"expected a Tensor, got {_kind_of(t)}", where="tensors")
        _legs(self.output, "output")
        for index, size in self.dims:
            check_index(index, f"dims.{index}")
            check_size(size, f"dims.{index}")
        for leg, side in self.sides:
            check_text(leg, "sides", limit=4 * MAX_NAME)
            _choice(side, SIDES, f"sides.{leg}")
        if self.einsum is not None:
            check_text(self.einsum, "einsum", what="einsum", limit=2_000_000)
        if self.title is not None:
            check_text(self.title, "title", what="title")
        for b in self.bubbles:
            if not isinstance(b, Bubble):
                raise SpecError(f"expected a Bubble, got {_kind_of(b)}", where="bubbles")
        if self.free_side is not None:
            _choice(self.free_side, SIDES, "free_side")
        _choice(self.leg_labels, ("none", "names", "sizes"), "leg_labels")
        for index, color in self.leg_colors:
            check_index(index, f"leg_colors.{index}")
            check_color(color, f"leg_colors.{index}")
        if not isinstance(self.permute, bool) or (self.permute and self.sides):
            raise SpecError("permuted legs all leave on free_side (default up): drop sides" if self.permute is True
                            else f"expected true or false, got {_kind_of(self.permute)}", where="permute")
        check_index_labels(self)
        check_values(self.values, self.output, self.dims, check_index)
        if not isinstance(self.auto_bundles, bool):
            raise SpecError(f"expected true or false, got {self.auto_bundles!r}", where="auto_bundles")
        if self.bundles:
            from .bundles import check_bundles
            check_bundles(self)
        if self.junctions or self.label_offsets:
            from .handpins import check_hand_pins
            check_hand_pins(self)

    @cached_property
    def has_copy_add(self) -> bool:
        """Whether any tensor is a copy or add node (computed once: styles ask for every tensor)."""
        return any(t.kind in ("copy", "add") for t in self.tensors)

    def tensor(self, name: str) -> Tensor:
        for t in self.tensors:
            if t.name == name:
                return t
        raise KeyError(name)

    @property
    def dim_map(self) -> dict[str, int]:
        return dict(self.dims)

    @property
    def side_map(self) -> dict[str, Side]:
        return dict(self.sides)

    @property
    def indices(self) -> tuple[str, ...]:
        """Every index, in order of first appearance (tensors first, then output)."""
        seen: dict[str, None] = {}
        for t in self.tensors:
            for i in t.indices:
                seen.setdefault(i, None)
        for leg in self.output:
            for i in leg:
                seen.setdefault(i, None)
        return tuple(seen)


@dataclass(frozen=True)
class Term:
    """One diagram in an equation, with the operator before it and an optional coefficient."""

    diagram: Diagram
    op: Op | None = None
    coeff: str | None = None
    """A scalar written before the diagram (TeX math, e.g. ``2`` or ``\\lambda_1``)."""
    sum_over: tuple[str, ...] = ()
    """Indices summed over *outside* the diagram (Σ_h), drawn as a Σ before it."""
    per: tuple[str, ...] = ()
    """Per-head indices (:mod:`tensordiag.perhead`): summed as Σ_h, drawn as superscripts, not as legs."""
    step: str | None = None
    """A sequence's caption over the arrow before this step (TeX math, e.g. ``\\mathrm{SVD}``)."""
    define: bool = False
    """The first term names the one tensor the side after its ``=`` defines (``M = …``)."""
    derivative: str | None = None
    """The term is ∂/∂(this tensor) of its scalar network, drawn with ∂/∂C before it."""

    def __post_init__(self) -> None:
        if not isinstance(self.diagram, Diagram):
            raise SpecError(f"expected a Diagram, got {_kind_of(self.diagram)}", where="term")
        if self.op is not None:
            _choice(self.op, OPS, "op")
        if self.coeff is not None:
            check_math(self.coeff, "coeff", what="coefficient")
        for index in self.sum_over:
            check_index(index, "sum")
        for index in self.per:
            check_index(index, "per")
        if self.per and (problem := per_problem(self.diagram, self.per, self.sum_over)):
            raise SpecError(problem[1], where=problem[0])
        if self.step is not None:
            check_math(self.step, "step", what="step caption")
        if self.derivative is not None:
            check_name(self.derivative, "derivative")


@dataclass(frozen=True)
class Equation:
    """Several diagrams joined by =, +, −, ≠, laid out left to right."""

    terms: tuple[Term, ...]
    title: str | None = None
    dims: tuple[tuple[str, int], ...] = field(default=())
    width: float | None = None
    """The widest (cm) a row may be before the equation wraps (None: about a paper's text width, 12 cm)."""
    index_labels: tuple[tuple[str, str], ...] = ()
    """The text an index shows in every term (a term's own ``index_labels`` win)."""
    spec: object = field(default=None, compare=False, repr=False)
    """The spec mapping it was read from, if any (as :attr:`Diagram.spec`)."""

    def __post_init__(self) -> None:
        if self.width is not None and (isinstance(self.width, bool) or not isinstance(self.width, (int, float))
                                       or not MIN_WIDTH <= self.width <= MAX_WIDTH):
            raise SpecError(f"expected a width in cm between {MIN_WIDTH:g} and {MAX_WIDTH:g}, got {self.width!r}",
                            where="width")
        for k, term in enumerate(self.terms):
            if not isinstance(term, Term):
                raise SpecError(f"expected a Term, got {_kind_of(term)}", where=f"equation[{k}]")
        check_definitions(self.terms)
        if self.title is not None:
            check_text(self.title, "title", what="title")
        for index, size in self.dims:
            check_index(index, f"dims.{index}")
            check_size(size, f"dims.{index}")
        check_index_labels(self)


Figure = Union[Diagram, Equation]
