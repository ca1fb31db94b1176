"""The check's side of :mod:`tensordiag.definitions`: slices made whole, fixed values, open legs of a
derivative, and a definition's tensor given the value of the side that defines it.

* :func:`expand` rewrites a figure before sizes and stand-ins are chosen: a sliced tensor (``u_j``)
  gets its slice legs back (its data's shape) and the term shows them as free legs, which it sums
  (Σ_j), so Σ_j u_j v_j† is evaluated as the sum over j of the separate slices' outer products. A
  fixed value's index gets a declared size just past its value when it has none.
* :func:`fix_drawn` slices the drawn network's arrays at the fixed values; :func:`fix_declared`
  closes the einsum's legs with one-hot vectors instead, so the two sides reach the entry by
  different routes.
* :func:`open_at` removes one tensor from a network and leaves its legs open: a hole, or the value of
  a ``derivative:`` term.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

import numpy as np

from ..definitions import full_legs
from ..errors import CheckError
from ..model import Diagram, Equation, Tensor
from .nets import Net


def expand(figure: Diagram | Equation) -> Diagram | Equation:
    """``figure`` with every slice made whole and every fixed value's index sized (see the module's docstring)."""
    if isinstance(figure, Diagram):
        sliced = next((t for t in figure.tensors if t.slice), None)
        if sliced is not None:
            raise CheckError(f"a slice at '{sliced.slice[0]}' needs a sum over it: use it in an equation's term "
                             f"with sum: [{sliced.slice[0]}]", where=f"tensors.{sliced.name}.slice")
        return _sized(figure)
    terms = tuple(dataclasses.replace(term, diagram=_sized(_whole(term.diagram))) for term in figure.terms)
    return dataclasses.replace(figure, terms=terms)


def _whole(d: Diagram) -> Diagram:
    if not any(t.slice for t in d.tensors):
        return d
    cut = list(dict.fromkeys(i for t in d.tensors for i in t.slice))
    shown = {i for leg in d.output for i in leg}
    tensors = tuple(dataclasses.replace(t, legs=full_legs(t), slice=()) if t.slice else t for t in d.tensors)
    return dataclasses.replace(d, tensors=tensors, output=d.output + tuple((i,) for i in cut if i not in shown))


def _sized(d: Diagram) -> Diagram:
    declared = d.dim_map
    extra = tuple((i, max(2, v + 1)) for i, v in d.values if i not in declared)
    return dataclasses.replace(d, dims=d.dims + extra) if extra else d


def _check_range(values: Mapping[str, int], sizes: Mapping[str, int]) -> None:
    for i, v in values.items():
        if v >= sizes.get(i, 0):
            raise CheckError(f"{v} is past the last entry of '{i}', whose size in the check is {sizes.get(i)}: "
                             f"declare '{i}' in dims, or raise max_dim", where=f"values.{i}")


def fix_drawn(net: Net, values: Mapping[str, int], sizes: Mapping[str, int]) -> Net:
    """The drawn network at the fixed values: every array sliced there, those legs and outputs gone."""
    if not values:
        return net
    _check_range(values, sizes)
    arrays, legs = [], []
    for a, tlegs in zip(net.arrays, net.legs):
        for axis in reversed(range(len(tlegs))):
            leg = tlegs[axis]
            if any(i in values for i in leg) and len(leg) > 1:
                raise CheckError(f"'{next(i for i in leg if i in values)}' is inside the grouped leg "
                                 f"({' '.join(leg)}): a value ends a plain leg", where="values")
            if len(leg) == 1 and leg[0] in values:
                a = np.take(a, values[leg[0]], axis=axis)
                tlegs = tlegs[:axis] + tlegs[axis + 1:]
        arrays.append(a)
        legs.append(tlegs)
    output = tuple(leg for leg in net.output if not (len(leg) == 1 and leg[0] in values))
    return dataclasses.replace(net, legs=tuple(legs), arrays=tuple(arrays), output=output)


def fix_declared(net: Net, values: Mapping[str, int], sizes: Mapping[str, int]) -> Net:
    """The einsum's network at the fixed values: each fixed leg closed with a one-hot vector."""
    if not values:
        return net
    _check_range(values, sizes)
    hot = []
    for i, v in values.items():
        e = np.zeros(sizes[i])
        e[v] = 1.0
        hot.append((f"the value {i} = {v}", f"{i}={v}", ((i,),), e))
    output = tuple(leg for leg in net.output if not (len(leg) == 1 and leg[0] in values))
    return dataclasses.replace(
        net, labels=net.labels + tuple(h[0] for h in hot), names=net.names + tuple(h[1] for h in hot),
        legs=net.legs + tuple(h[2] for h in hot), arrays=net.arrays + tuple(h[3] for h in hot), output=output,
        exponents=net.exponents + (0,) * len(hot) if net.exponents else ())


def open_at(net: Net, t: Tensor) -> Net:
    """``net`` without tensor ``t``, its legs left open after the output (∂/∂t, a hole at t)."""
    keep = [k for k, name in enumerate(net.names) if name != t.name]
    return Net(tuple(net.labels[k] for k in keep), tuple(net.names[k] for k in keep),
               tuple(net.legs[k] for k in keep), tuple(net.arrays[k] for k in keep), net.output + t.legs,
               net.bubbles, tuple(net.exponents[k] for k in keep) if net.exponents else ())


def opened(d: Diagram, derivative: str | None) -> Tensor | None:
    """The tensor a term's value leaves open: its hole, or the tensor it is the derivative by."""
    return next((t for t in d.tensors if t.hole or t.name == derivative), None)
