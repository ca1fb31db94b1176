"""Definitions, derivatives, fixed values and slices: the rules every path (spec or Python) meets.

* A **definition**: an equation's first term ``define: true`` is one tensor, every leg free, and the
  side after its ``=`` defines it (``M = …``): the check evaluates that side and gives the tensor its
  value, after checking that its legs are that side's free legs. The second of two terms may define
  instead (``A[0, 2, 0] = a``: the number the left side picks out, drawn after it).
* A **derivative**: a term ``derivative: C`` is ∂/∂C of its scalar network (drawn with ∂/∂C before it):
  its value is the network without C, C's legs left open, the same as a hole at C.
* A **fixed value**: a diagram's ``values: {i: 0}`` ends the free leg ``i`` in the value 0; the diagram
  is then the entry at i = 0 (its value has no leg ``i``).
* A **slice**: a tensor ``slice: [j]`` is its data at one value of a summed index ``j`` (``u_j``, a
  column of ``U``): the data has the legs drawn and then ``j``; the term must sum over ``j`` (Σ_j).

This module holds plain rules over the model's objects; it imports no model (the model calls it).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from .errors import SpecError

MAX_VALUE = 10**18 - 2
"""The largest fixed value (an index size is at most 18 digits)."""


def check_values(values: Any, output: Sequence[tuple[str, ...]], dims: Sequence[tuple[str, int]],
                 check_index: Callable[[Any, str], str]) -> None:
    """Every fixed value ends a plain free leg, once, and lies inside that index's size when it is declared."""
    if not isinstance(values, tuple):
        raise SpecError(f"expected a tuple of (index, value) pairs, got {type(values).__name__}", where="values")
    sizes = dict(dims)
    seen: set[str] = set()
    for pair in values:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise SpecError("expected an (index, value) pair", where="values")
        index, value = pair
        where = f"values.{index}"
        check_index(index, where)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VALUE:
            raise SpecError(f"expected a whole number from 0 (the first entry), got {value!r}", where=where)
        if (index,) not in output:
            free = ", ".join(" ".join(leg) for leg in output) or "none"
            raise SpecError(f"'{index}' is not a plain free leg (free legs: {free}): a value ends a free leg",
                            where=where)
        if index in seen:
            raise SpecError(f"'{index}' is given a value twice", where=where)
        seen.add(index)
        if index in sizes and value >= sizes[index]:
            raise SpecError(f"{value} is past the last entry of '{index}', whose size is {sizes[index]} "
                            f"(entries count from 0)", where=where)


def check_definitions(terms: Sequence[Any]) -> None:
    """The rules of ``define`` and ``derivative`` over an equation's terms (see the module's docstring)."""
    for k, term in enumerate(terms):
        where = f"equation[{k}]"
        names = [t.name for t in term.diagram.tensors]
        if term.define is not True and term.define is not False:
            raise SpecError(f"expected true or false, got {term.define!r}", where=f"{where}.define")
        if term.define and k and not (k == 1 == len(terms) - 1 and not terms[0].define):
            raise SpecError("only the first term (the left side), or the second of two, may define a tensor",
                            where=f"{where}.define")
        if term.derivative is not None:
            if term.derivative not in names:
                raise SpecError(f"'{term.derivative}' is no tensor of this term ({', '.join(names)})",
                                where=f"{where}.derivative")
            if any(t.hole for t in term.diagram.tensors):
                raise SpecError("a derivative term holds the whole network: poke the hole in another term",
                                where=f"{where}.derivative")
            if term.diagram.output:
                raise SpecError("a derivative is taken of a scalar network: this one has free legs "
                                f"({', '.join(' '.join(leg) for leg in term.diagram.output)})", where=f"{where}.derivative")
        for t in term.diagram.tensors:
            if t.slice and any(i not in term.sum_over for i in t.slice):
                missing = next(i for i in t.slice if i not in term.sum_over)
                raise SpecError(f"a slice at '{missing}' needs the term to sum over it (sum: [{missing}])",
                                where=f"{where}.tensors.{t.name}.slice")
    last = len(terms) == 2 and terms[1].define  # A[0, 2, 0] = a: the right side names what the left one is
    if not terms or not (terms[0].define or last):
        return
    first = terms[-1] if last else terms[0]
    at, side = f"equation[{len(terms) - 1 if last else 0}].define", "right" if last else "left"
    d = first.diagram
    if len(d.tensors) != 1 or d.bubbles:
        raise SpecError(f"a definition's {side} side is the one tensor it names, got {len(d.tensors)} tensors"
                        + (" and bubbles" if d.bubbles else ""), where=at)
    t = d.tensors[0]
    if t.hole or t.kind in ("copy", "add") or t.slice or d.values or first.sum_over or first.coeff or first.derivative:
        raise SpecError(f"a definition's {side} side is the tensor '{t.name}' alone: no hole, node, slice, value, "
                        "sum, coefficient or derivative", where=at)
    if sorted(i for leg in d.output for i in leg) != sorted(t.indices) or len(set(t.indices)) != len(t.indices):
        raise SpecError(f"every leg of the defined tensor '{t.name}' is free, once", where=at)
    if len(terms) < 2 or terms[1].op != "=":
        raise SpecError("a definition is followed by '=' and the side that defines it", where="equation[1].op")
    for k in ([0] if last else range(1, len(terms))):
        if k > 1 and terms[k].op in ("=", "!="):
            break
        for other in terms[k].diagram.tensors:
            if other.source == t.source:
                raise SpecError(f"'{t.name}' is defined by this side, so it cannot appear in it",
                                where=f"equation[{k}].tensors.{other.name}")


def full_legs(t: Any) -> tuple[tuple[str, ...], ...]:
    """The legs of a tensor's data: its drawn legs, then one leg per index it is a slice at."""
    return tuple(t.legs) + tuple((i,) for i in t.slice)
