"""The steps of a contraction path: opt_einsum finds the path (or checks the one given) and prices it.

Each step contracts some of the operands still left (tensors of the diagram or earlier intermediates) into
one intermediate, whose legs are the indices of those operands that another operand or the output still
carries (opt_einsum's rule). Sizes are the diagram's ``dims``; an index without one counts as
:data:`NOMINAL_SIZE` when the path is searched and priced (the cost table writes it as a symbol instead).

>>> from tensordiag import draw
>>> d = draw("ij,jk,kl->il").figure
>>> [(s.operands, s.legs) for s in contraction_order(d, "greedy").steps]
[(('A', 'B'), ('i', 'k')), (('C', '1'), ('i', 'l'))]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import SpecError
from ..model import Diagram
from .contraction import Contraction
from .limits import refusal

NOMINAL_SIZE = 8
"""The size of an index the spec gives no number: what opt_einsum searches and prices paths with."""
_METHOD = {"optimal": "dp", "greedy": "greedy", "branch": "branch-2"}
"""opt_einsum's finders: ``optimal`` is its dynamic programming (``dp``), which finds the cheapest path of a
connected network in far less time than its exhaustive ``optimal`` (9 tensors of a grid: 0.04 s against 4 s);
``branch`` is its branch and bound keeping the two best choices at each step (``branch-2``)."""
@dataclass(frozen=True)
class Step:
    """One step: the operands contracted (tensor names, or the number of the step that made an intermediate),
    the tensors of the diagram it holds now, its legs, the indices summed, and its cost."""

    number: int
    operands: tuple[str, ...]
    members: tuple[str, ...]
    legs: tuple[str, ...]
    summed: tuple[str, ...]
    indices: tuple[str, ...]
    """Every index the step touches (its loop nest: FLOPs are their sizes' product times a factor)."""
    factor: int
    """opt_einsum's FLOP factor: one less than the operands (at least 1), one more when something is summed."""
    size: int
    flops: int


@dataclass(frozen=True)
class Order:
    path: tuple[tuple[int, ...], ...]
    steps: tuple[Step, ...]
    sizes: dict[str, int]
    opt_cost: int
    """opt_einsum's own total for this path (the sum of the steps' FLOPs must equal it)."""
    naive_cost: int
    largest: int
    """opt_einsum's own largest intermediate (in entries)."""

    @property
    def total_flops(self) -> int:
        return sum(s.flops for s in self.steps)

    @property
    def widest(self) -> Step:
        """The step with the most legs (the first of them); a diagram with no step has none."""
        return max(self.steps, key=lambda s: (len(s.legs), -s.number))


def sizes_of(diagram: Diagram) -> dict[str, int]:
    dims = diagram.dim_map
    return {i: dims.get(i, NOMINAL_SIZE) for i in diagram.indices}


def _symbol(k: int) -> str:
    import opt_einsum

    return str(opt_einsum.get_symbol(k))


def contraction_order(diagram: Diagram, path: Any = None) -> Order:
    """The steps of ``path`` (a method name, opt_einsum's list of position tuples, or None: the diagram's own
    ``contraction.path``, else ``optimal``) for ``diagram``, with opt_einsum's costs."""
    import opt_einsum

    if path is None:
        path = diagram.contraction.path if diagram.contraction else "optimal"
    if isinstance(path, (list, tuple)):
        path = Contraction(path=tuple(tuple(s) for s in path)).path
    else:
        Contraction(path=path)
    if not diagram.tensors:
        raise SpecError("no tensors to contract", where="contraction")
    refused = refusal(diagram, path)
    if refused:
        raise SpecError(refused[1], where=refused[0])
    sizes = sizes_of(diagram)
    letter = {i: _symbol(k) for k, i in enumerate(sizes)}
    back = {v: k for k, v in letter.items()}
    inputs = [t.indices for t in diagram.tensors]
    output = tuple(i for leg in diagram.output for i in leg)
    expr = ",".join("".join(letter[i] for i in ix) for ix in inputs) + "->" + "".join(letter[i] for i in output)
    shapes = [tuple(sizes[i] for i in ix) for ix in inputs]
    if len(inputs) == 1:
        steps_in: list[tuple[int, ...]] = [(0,)]
    elif isinstance(path, str):
        steps_in = [tuple(s) for s in opt_einsum.contract_path(expr, *shapes, shapes=True,
                                                               optimize=_METHOD[path])[0]]
    else:
        steps_in = [tuple(s) for s in path]
    left = len(inputs)
    for k, s in enumerate(steps_in):
        if any(not 0 <= p < left for p in s) or len(set(s)) != len(s):
            raise SpecError(f"positions {list(s)} are not among the {left} tensors left", where=f"contraction.path[{k}]")
        left -= len(s) - 1
    if left != 1:
        raise SpecError(f"the steps leave {left} tensors; a path contracts the {len(inputs)} tensors into one",
                        where="contraction.path")
    info = opt_einsum.contract_path(expr, *shapes, shapes=True, optimize=[tuple(s) for s in steps_in])[1]
    operands: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
        (t.name, (t.name,), t.indices) for t in diagram.tensors]
    order_of = {t.name: k for k, t in enumerate(diagram.tensors)}
    position = {i: k for k, i in enumerate(sizes)}
    steps = []
    for number, (positions, entry) in enumerate(zip(steps_in, info.contraction_list), start=1):
        taken = [operands[p] for p in positions]
        for p in sorted(positions, reverse=True):
            operands.pop(p)
        result = entry[2].split("->")[1]
        legs = tuple(back[c] for c in result)
        if number < len(steps_in):  # an intermediate's legs in the diagram's order of indices (the last: the output's)
            legs = tuple(sorted(legs, key=position.__getitem__))
        touched = tuple(dict.fromkeys(i for _, _, ix in taken for i in ix))
        summed = tuple(i for i in touched if i not in legs)
        factor = max(1, len(taken) - 1) + (1 if summed else 0)
        members = tuple(sorted({m for _, ms, _ in taken for m in ms}, key=order_of.__getitem__))
        steps.append(Step(number, tuple(name for name, _, _ in taken), members, legs, summed, touched, factor,
                          math.prod(sizes[i] for i in legs), factor * math.prod(sizes[i] for i in touched)))
        operands.append((str(number), members, legs))
    return Order(tuple(steps_in), tuple(steps), sizes, int(info.opt_cost), int(info.naive_cost),
                 int(info.largest_intermediate))
