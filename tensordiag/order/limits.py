"""What an order may ask for, decided from the model alone (no opt_einsum), so a spec is refused when it is
read, at its line: searches whose time grows exponentially are bounded in tensors, a figure in what a reader
can follow, and a diagram that is not one einsum (bubbles, copy or add nodes, a hole) has no order.

>>> from tensordiag import draw
>>> refusal(draw("ij,jk->ik").figure, "optimal") is None
True
"""

from __future__ import annotations

from typing import Any

from ..model import Diagram

MAX_TENSORS = {"optimal": 25, "branch": 16}
"""The most tensors each search that grows exponentially is run on (a 5 × 5 grid: ``dp`` about 1 s, ``branch-2``
minutes); beyond, the spec is refused with a pointer to ``greedy``."""
DENSE_TENSORS = 10
"""``dp`` grows with the connected groups of tensors, so a dense network is bounded harder: beyond this many
tensors, at most twice as many pairs of tensors may share an index as there are tensors (a grid or a ladder
has fewer; 12 tensors all joined to each other take ``dp`` 20 s)."""


def _neighbours(inputs: list[tuple[str, ...]]) -> int:
    """How many pairs of operands share an index (a hyperedge on k operands joins k(k − 1)/2 pairs)."""
    on: dict[str, list[int]] = {}
    for k, ix in enumerate(inputs):
        for i in dict.fromkeys(ix):
            on.setdefault(i, []).append(k)
    pairs: set[tuple[int, int]] = set()
    for ks in on.values():
        if len(ks) > 2 * DENSE_TENSORS + 2:
            return len(ks) * (len(ks) - 1) // 2  # too many to list: the count alone refuses it
        pairs.update((a, b) for n, a in enumerate(ks) for b in ks[n + 1:])
    return len(pairs)

MAX_HULL_TENSORS = 100
"""Hulls around at most this many tensors (a 10 × 10 grid's 99 hulls take about 3 s)."""
MAX_SEQUENCE_STEPS = 40
MAX_TABLE_STEPS = 60
"""What a figure can show and a reader can read: beyond, ``tensordiag path`` prints the order."""


def refusal(diagram: Diagram, path: Any = None) -> tuple[str, str] | None:
    """``(where, why)`` when ``diagram``'s order (``path``, else its own ``contraction.path``) cannot be found or
    drawn as asked; None when it can."""
    if path is None:
        path = diagram.contraction.path if diagram.contraction else "optimal"
    why = ("bubbles (nonlinearities)" if diagram.bubbles else "copy or add nodes" if diagram.has_copy_add
           else "a hole" if any(t.hole for t in diagram.tensors) else None)
    if why:
        return "contraction", f"a diagram with {why} is not one einsum, so it has no contraction order"
    n = len(diagram.tensors)
    if isinstance(path, str):
        if n > MAX_TENSORS.get(path, n):
            return "contraction.path", (f"'{path}' searches too many paths for {n} tensors (at most "
                                        f"{MAX_TENSORS[path]}): use greedy, or give the path")
        pairs = _neighbours([t.indices for t in diagram.tensors]) if path == "optimal" and n > DENSE_TENSORS else 0
        if pairs > 2 * n:
            return "contraction.path", (f"'optimal' searches too many paths for {n} tensors this densely joined "
                                        f"({pairs} pairs share an index; at most {DENSE_TENSORS} tensors, or twice "
                                        "as many pairs as tensors): use greedy, or give the path")
    steps = len(path) if not isinstance(path, str) else max(1, n - 1)
    show = diagram.contraction.show if diagram.contraction else ()
    for what, count, limit in (("hulls", n, MAX_HULL_TENSORS), ("sequence", steps, MAX_SEQUENCE_STEPS),
                               ("table", steps, MAX_TABLE_STEPS)):
        if what in show and count > limit:
            unit = "tensors" if what == "hulls" else "steps"
            return "contraction.show", (f"{what} draws at most {limit} {unit}, and this order has {count}: show "
                                        "numbers instead, or print it with `tensordiag path`")
    return None
