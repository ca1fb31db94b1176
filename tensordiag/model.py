"""Plain, frozen data: what a diagram *is*, before anything is laid out or drawn.

This module imports nothing heavy (no numpy, networkx or jinja): every later stage reads it.

A *leg* is one axis of a tensor. Usually it carries one index; a *grouped* leg carries several
indices flattened into one axis (``rearrange(T, 'i j k l -> (i l) (k j)')``) and is drawn thick.
So a leg is a tuple of index names, of length one for an ordinary leg.
"""

from __future__ import annotations

from functools import cached_property
from dataclasses import dataclass, field
from typing import Literal, Union

Leg = tuple[str, ...]
"""One axis: the index names flattened into it, in row-major order (one name for a plain leg)."""

Shape = Literal["circle", "triangle", "square", "rectangle", "dot", "none"]
"""How a tensor is drawn: ``dot`` is a delta (copy) tensor, ``none`` a bare line (the identity)."""

Kind = Literal["generic", "isometry", "unitary", "delta", "identity", "copy", "add", "shift"]
"""What a tensor *is*, which decides the random stand-in the check gives it."""

Side = Literal["left", "right", "up", "down"]
"""The side a free leg leaves from."""

Op = Literal["=", "+", "-", "!="]
"""An operator between the terms of an equation (``!=`` is drawn as ≠)."""

SHAPES: tuple[Shape, ...] = ("circle", "triangle", "square", "rectangle", "dot", "none")
KINDS: tuple[Kind, ...] = ("generic", "isometry", "unitary", "delta", "identity", "copy", "add", "shift")
SIDES: tuple[Side, ...] = ("left", "right", "up", "down")
OPS: tuple[Op, ...] = ("=", "+", "-", "!=")

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
    normalising function (softmax, layer norm) runs along.
    """

    name: str
    function: str
    members: tuple[str, ...]
    over: str | None = None
    label: str | None = None
    color: str | None = None


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
    """A declared layout structure (chain, ring, ladder, grid, tree, flow); else detected."""
    leg_labels: Literal["none", "names", "sizes"] = "names"
    free_side: Side | None = None
    """The default side of every free leg (for chains and grids); ``sides`` override it."""
    leg_colors: tuple[tuple[str, str], ...] = ()
    """Colours of the wires carrying an index (a palette name or ``#rrggbb``)."""
    evaluate: str | None = None
    """The name of a numerical experiment run on this network beside the check (see ``tensordiag.experiments``)."""

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


@dataclass(frozen=True)
class Equation:
    """Several diagrams joined by =, +, −, ≠, laid out left to right."""

    terms: tuple[Term, ...]
    title: str | None = None
    dims: tuple[tuple[str, int], ...] = field(default=())


Figure = Union[Diagram, Equation]
