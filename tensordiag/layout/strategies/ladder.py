"""Ladders: a 2 × c lattice (the post's *ladder*, an MPS with its conjugate), two rows, legs outward."""

from __future__ import annotations

from ..graph import Graph, Shaped
from .grid import lattice


def recognise(g: Graph, *, seed: int = 0) -> Shaped | None:
    """A lattice one of whose sides has two nodes; the rows horizontal, each row's legs away from the other."""
    return lattice(g, rows=2)
