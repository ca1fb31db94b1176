"""Slices and splits, pushed down to the arguments: a fused QKV projection drawn as three weights.

``q, k, v = (x @ W_qkv).split(d, dim=-1)`` slices a computed value. Slicing commutes with everything the tracer
draws along other axes, so the slice is moved down the record, at once, to the arguments the axis comes from:
``q`` is recorded as ``x @ W_qkv[:, :d]``, and the figure draws ``W_qkv_0``, ``W_qkv_1``, ``W_qkv_2`` (three
tensors, each a slice of the argument's numbers). A split of an axis into several (``.view(T, heads,
head_size)``) is moved down the same way, so the weight gets one leg per axis, as the post draws ``W_Q``.

An argument so viewed is a ``leaf`` node with a ``view``: the steps from the argument's numbers to the tensor's,
``("take", axis, start, stop, drop)`` (``drop``: an integer index, the axis removed) and ``("split", axis,
sizes)``; :func:`apply_view` runs them for the check. Through an einsum the axis's label is sliced (or split) in
every input that holds it; through ``+``, a number and an elementwise function, in each input; a softmax along
that very axis, or a reshape, is refused in one line (:func:`~tensordiag.trace.graph.refuse`).
"""

from __future__ import annotations

import numbers
from typing import Any, Sequence

import numpy as np

from . import ops
from .graph import Graph, Tracer, TraceError, refuse

Step = tuple[Any, ...]


def apply_view(array: np.ndarray, view: Sequence[Step]) -> np.ndarray:
    """The argument's numbers after the view's steps."""
    for step in view:
        if step[0] == "take":
            _, axis, start, stop, drop = step
            index: list[Any] = [slice(None)] * array.ndim
            index[axis] = start if drop else slice(start, stop)
            array = array[tuple(index)]
        else:
            _, axis, sizes = step
            array = array.reshape(array.shape[:axis] + tuple(sizes) + array.shape[axis + 1:])
    return array


def view_shape(shape: tuple[int, ...], step: Step) -> tuple[int, ...]:
    if step[0] == "take":
        _, axis, start, stop, drop = step
        return shape[:axis] + (() if drop else (stop - start,)) + shape[axis + 1:]
    _, axis, sizes = step
    return shape[:axis] + tuple(sizes) + shape[axis + 1:]


def origins(ndim: int, view: Sequence[Step]) -> list[int | None]:
    """For each axis of the viewed argument, the argument's axis it is whole (None: sliced or split)."""
    out: list[int | None] = list(range(ndim))
    for step in view:
        axis = step[1]
        if step[0] == "take":
            out[axis:axis + 1] = [] if step[4] else [None]
        else:
            out[axis:axis + 1] = [None] * len(step[2])
    return out


def part_name(view: Sequence[Step]) -> str:
    """The suffix naming a viewed argument: each slice's part number (``_0``, ``_1``) when it is one of equal
    parts, else its range; a split adds nothing.

    >>> part_name([("take", 1, 6, 12, False)]), part_name([("split", 0, (2, 3)), ("take", 0, 1, 2, True)])
    ('_1', '_1')
    """
    parts = []
    for step in view:
        if step[0] == "take":
            _, _, start, stop, drop = step
            width = stop - start
            parts.append(str(start) if drop else str(start // width) if start % width == 0 else f"{start}to{stop}")
    return "".join(f"_{p}" for p in parts)


def view_label(argument: str, view: Sequence[Step]) -> str:
    """A viewed argument's label: the argument's, with its part numbers as a superscript (``W_{qkv}^{(1)}``);
    a split alone keeps the argument's label."""
    from ..texlabel import name_to_math

    parts = part_name(view)[1:].replace("_", ",")
    return name_to_math(argument) + (f"^{{({parts})}}" if parts else "")


class Pusher:
    """Moves one step (a take or a split of one axis) down from a node, adding the nodes it makes."""

    def __init__(self, graph: Graph, what: str) -> None:
        self.graph = graph
        self.what = what

    def push(self, n: int, step: Step) -> int | None:
        """The node equal to node ``n`` after ``step``; None for a vector of ones reduced to the number one."""
        memo = self.graph.pushed
        if (n, step) not in memo:
            memo[(n, step)] = getattr(self, f"_{self.graph.nodes[n].kind}", self._other)(n, step)
        return memo[(n, step)]

    def _new(self, kind: str, inputs: tuple[int, ...], shape: tuple[int, ...], **params: Any) -> int:
        return self.graph.add(kind, inputs, shape, **params)

    def _leaf(self, n: int, step: Step) -> int:
        node = self.graph.nodes[n]
        view = tuple(node.params.get("view", ())) + (step,)
        leaves = self.graph.views
        key = (node.params["argument"], view)
        if key not in leaves:
            leaves[key] = self._new("leaf", (), view_shape(node.shape, step), argument=key[0], view=view)
        return leaves[key]

    def _ones(self, n: int, step: Step) -> int | None:
        shape = view_shape(self.graph.nodes[n].shape, step)
        if not shape:
            return None
        if len(shape) == 1:
            return self._new("ones", (), shape)
        raise refuse(self.what, "splits a sum's vector of ones")

    def _einsum(self, n: int, step: Step) -> int:
        node = self.graph.nodes[n]
        label = node.params["out"][step[1]]
        new = [f"{label}~{k}" for k in range(len(step[2]))] if step[0] == "split" else []
        inputs, labels = [], []
        keep = new if step[0] == "split" else [] if step[4] else [label]
        for i, ls in zip(node.inputs, node.params["labels"]):
            ls, m = list(ls), i
            for axis in reversed([k for k, lab in enumerate(ls) if lab == label]):
                m = self.push(m, (step[0], axis, *step[2:])) if m is not None else None
                ls[axis:axis + 1] = keep
            if m is not None:
                inputs.append(m)
                labels.append(tuple(ls))
        out = list(node.params["out"])
        out[step[1]:step[1] + 1] = keep
        if not inputs:
            raise refuse(self.what, "leaves no array")
        sizes = {lab: s for i, ls in zip(inputs, labels) for lab, s in zip(ls, self.graph.nodes[i].shape)}
        names = {lab: v for lab, v in node.params["names"].items() if lab in sizes}
        return self._new("einsum", tuple(inputs), tuple(sizes[lab] for lab in out), labels=tuple(labels),
                         out=tuple(out), names=names, what=node.params["what"])

    def _add(self, n: int, step: Step) -> int:
        node = self.graph.nodes[n]
        a, b = (self.push(i, step) for i in node.inputs)
        if a is None or b is None:
            raise refuse(self.what, "reduces a sum to a number")
        return self._new("add", (a, b), view_shape(node.shape, step), **node.params)

    def _scale(self, n: int, step: Step) -> int:
        node = self.graph.nodes[n]
        a = self.push(node.inputs[0], step)
        if a is None:
            raise refuse(self.what, "reduces a value to a number")
        return self._new("scale", (a,), view_shape(node.shape, step), **node.params)

    def _func(self, n: int, step: Step) -> int:
        node = self.graph.nodes[n]
        axis = node.params["axis"]
        if axis == step[1]:
            raise refuse(self.what, f"slices or splits the axis {node.params['what']} runs along")
        a = self.push(node.inputs[0], step)
        if a is None:
            raise refuse(self.what, "reduces a value to a number")
        if axis is not None and axis > step[1]:
            axis += (len(step[2]) - 1) if step[0] == "split" else -1 if step[4] else 0
        return self._new("func", (a,), view_shape(node.shape, step), **{**node.params, "axis": axis})

    def _other(self, n: int, step: Step) -> int:
        raise refuse(self.what, f"of a value made by a {self.graph.nodes[n].kind} (reshape it after slicing, or "
                                "slice the argument)")


def take(x: Tracer, axis: int, start: int, stop: int, drop: bool, what: str) -> Tracer:
    """``x`` sliced ``start:stop`` along ``axis`` (``drop``: the index ``start``, the axis removed)."""
    if not 0 <= start < stop <= x.shape[axis]:
        raise refuse(what, f"an empty or out-of-range slice {start}:{stop} of an axis of {x.shape[axis]}")
    if (start, stop) == (0, x.shape[axis]) and not drop:
        return x
    node = Pusher(x.graph, what).push(x.node, ("take", axis, start, stop, drop))
    if node is None:
        raise refuse(what, "reduces the array to a number")
    return ops.like(x, node)


def split_axis(x: Tracer, axis: int, sizes: tuple[int, ...], what: str) -> Tracer | None:
    """``x`` with ``axis`` split into ``sizes``, pushed down to the arguments; None when a reshape stands in the
    way (the caller records a reshape, which the compiler draws as a grouped leg split back)."""
    try:
        node = Pusher(x.graph, what).push(x.node, ("split", axis, tuple(sizes)))
    except TraceError:  # a reshape (or a softmax along it) on the way: an ordinary reshape
        return None
    return None if node is None else ops.like(x, node)


def getitem(x: Tracer, key: Any) -> Tracer:
    """``x[key]``: slices with step 1, integers and one ``...``; each axis pushed down on its own."""
    what = "indexing"
    key = key if isinstance(key, tuple) else (key,)
    if sum(k is Ellipsis for k in key) > 1:
        raise refuse(what, "two '...'")
    if Ellipsis in key:
        at = key.index(Ellipsis)
        key = key[:at] + (slice(None),) * (x.ndim - len(key) + 1) + key[at + 1:]
    if len(key) > x.ndim:
        raise refuse(what, f"{len(key)} indices for an array of {x.ndim} axes")
    steps = []
    for axis, k in enumerate(key):
        n = x.shape[axis]
        if isinstance(k, slice):
            start, stop, stride = k.indices(n)
            if stride != 1:
                raise refuse(what, "a slice with a step")
            steps.append((axis, start, stop, False))
        elif isinstance(k, numbers.Integral) and not isinstance(k, bool):
            if not -n <= int(k) < n:
                raise refuse(what, f"index {int(k)} is out of range for an axis of {n}")
            steps.append((axis, int(k) % n, int(k) % n + 1, True))
        else:
            raise refuse(what, f"an index of type {type(k).__name__} (only slices and integers are drawn)")
    for axis, start, stop, drop in reversed(steps):  # the last axis first, so a dropped one moves no other
        x = take(x, axis, start, stop, drop, what)
    return x


def split(x: Tracer, parts: Any, axis: int, what: str, by_size: bool = False) -> list[Tracer]:
    """numpy's ``split`` (``parts``: a count or the cut points), or torch's (``by_size``: a part's size or the
    list of sizes)."""
    if not isinstance(x, Tracer):
        raise refuse(what, "not applied to a traced array")
    axis = int(axis) % x.ndim
    n = x.shape[axis]
    if by_size:
        sizes = [int(parts)] * -(-n // int(parts)) if isinstance(parts, numbers.Integral) else [int(s) for s in parts]
        sizes[-1] -= sum(sizes) - n
        cuts = list(np.cumsum([0, *sizes]))
    elif isinstance(parts, numbers.Integral):
        if n % int(parts):
            raise refuse(what, f"an axis of {n} into {int(parts)} equal parts")
        cuts = list(range(0, n + 1, n // int(parts)))
    else:
        cuts = [0, *[int(c) for c in parts], n]
    return [take(x, axis, int(a), int(b), False, what) for a, b in zip(cuts, cuts[1:])]


def unbind(x: Tracer, axis: int, what: str) -> list[Tracer]:
    axis = int(axis) % x.ndim
    return [take(x, axis, k, k + 1, True, what) for k in range(x.shape[axis])]


def groups(before: Sequence[int], after: Sequence[int]) -> list[tuple[list[int], list[int]]] | None:
    """The axes of a reshape in groups of equal size: (input axes, output axes); None with an axis of size 1.

    >>> groups((4, 6), (4, 2, 3))
    [([0], [0]), ([1], [1, 2])]
    """
    if 1 in before or 1 in after:
        return None
    out: list[tuple[list[int], list[int]]] = []
    i = j = 0
    while i < len(before) and j < len(after):
        ins, outs, a, b = [i], [j], before[i], after[j]
        while a != b:
            if a < b:
                i += 1
                ins.append(i)
                a *= before[i]
            else:
                j += 1
                outs.append(j)
                b *= after[j]
        out.append((ins, outs))
        i, j = i + 1, j + 1
    return out


def pushed_reshape(x: Tracer, shape: Sequence[int], what: str) -> Tracer | None:
    """A reshape that only splits axes, each split pushed down to the arguments; None when it merges axes (or
    a split cannot be pushed): then it is recorded as a reshape."""
    parts = groups(x.shape, shape)
    if parts is None or any(len(ins) > 1 for ins, _ in parts) or all(len(outs) == 1 for _, outs in parts):
        return None
    y: Tracer | None = x
    for ins, outs in reversed(parts):
        if len(outs) > 1 and y is not None:
            y = split_axis(y, ins[0], tuple(shape[k] for k in outs), what)
    return y
