"""How a trace draws a value used several times, and a number inside a nonlinearity, as the post draws them.

* A value read ``k`` times goes through a chain of ``k - 1`` three-port copy nodes, one per branch (the post's
  residual stream: each block leaves the stream at its own copy node), not one node with ``k + 1`` ports. The
  stream's last output goes to the add (or the output); the other reads take the branches from the add's end
  down, so the first read (an attention block's query) leaves nearest the add, as 18b draws it.
* A number times the argument of a nonlinearity (the attention scores' ``/ sqrt(d)``) is the bubble's
  ``scale`` (shown in its label: ``softmax(3^{-1/2} ·)``), not a coefficient disc inside it, when its text
  is exact (``3^{-1/2}``, ``0.125``); otherwise it stays a coefficient, whose number the check holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..number_text import number_value
from .graph import TraceError

if TYPE_CHECKING:
    from .compile import Compiler, Fragment


def copy_chain(c: "Compiler", src: "Fragment", uses: int) -> list["Fragment | None"]:
    """``uses`` outputs of copy nodes chained along ``src``: the branches, first node first, then the stream."""
    from .compile import Fragment

    stream = src.axes
    outs: list[Fragment | None] = []
    for _ in range(max(uses - 1, 1)):
        onward = [tuple(c.wire(c.size[w], like=w) for w in g) for g in stream]
        branch = [tuple(c.wire(c.size[w], like=w) for w in g) for g in stream]
        legs = [(w,) for part in (stream, onward, branch) for g in part for w in g]
        c.tensor(c.name_for("C"), legs, kind="copy", ports=3)
        outs.append(Fragment([], branch, True))
        stream = onward
    return outs + [Fragment([], stream, True)]


def take_copy(outs: list["Fragment | None"], by: str) -> "Fragment":
    """The output a read takes: an add or the output the stream (when still free), any other read the free
    branch nearest the stream's end."""
    last = len(outs) - 1
    branches = [k for k, f in enumerate(outs[:last]) if f is not None]
    k = last if outs[last] is not None and (by in ("add", "output") or not branches) else branches[-1]
    frag, outs[k] = outs[k], None
    assert frag is not None
    return frag


def folded_scale(c: "Compiler", node: Any) -> tuple[int, str | None]:
    """The node a nonlinearity applies to, and the scale folded into its bubble: a ``scale`` node read only
    here, whose number has exact text."""
    from .compile import format_number

    inner = node.inputs[0]
    src = c.graph.nodes[inner]
    if src.kind != "scale" or c.uses.get(inner, 0) != 1:
        return inner, None
    value = src.params["value"]
    text = format_number(value)
    if abs(number_value(text) - value) > 1e-15 * abs(value):
        return inner, None
    return src.inputs[0], text


def ungroup(c: "Compiler", a: tuple[int, ...], b: tuple[int, ...], node: Any) -> tuple[int, ...]:
    """One wire contracted with a grouped leg (``y.view(T, C) @ W_proj`` after ``y`` had the axes heads and
    head size): the wire becomes the group, so the tensor holding it gets one leg per wire of the group, as
    the post draws W_O (its numbers are the same: a leg group is read in row-major order, as view reads it)."""
    if len(a) != 1 and len(b) != 1:
        raise TraceError(f"{node.params['what']}: contracts two differently grouped axes")
    single, group = (a[0], b) if len(a) == 1 else (b[0], a)
    c.ungrouped.append((single, group, node.line))
    return group


def ungrouped_legs(c: "Compiler", tensors: list[dict[str, Any]], out_axes: list[tuple[int, ...]]) -> None:
    """Each tensor's legs with every ungrouped wire replaced by its group's wires (legs of their own on a tensor,
    one thick leg in the output); a copy or add node's leg cannot be, since its ports must match."""
    expand: dict[int, tuple[int, tuple[int, ...], str]] = {}
    for wire, group, line in c.ungrouped:
        expand[c.find(wire)] = (wire, group, line)

    def flat(w: int, seen: tuple[int, ...] = ()) -> list[int]:
        hit = expand.get(c.find(w))
        if hit is None or c.find(w) in seen:
            return [w]
        return [x for g in hit[1] for x in flat(g, seen + (c.find(w),))]

    if not expand:
        return
    for t in tensors:
        grown = any(len(flat(w)) > 1 for g in t["legs"] for w in g)
        if grown and t.get("kind") in ("copy", "add"):
            line = next(expand[c.find(w)][2] for g in t["legs"] for w in g if c.find(w) in expand)
            raise TraceError("a reshaped (grouped) axis contracted with an axis that passes a copy or add node; "
                             "the tracer draws grouped legs only where they are kept whole", where=line)
        legs: list[tuple[int, ...]] = []
        for g in t["legs"]:
            if len(g) == 1:
                legs += [(x,) for x in flat(g[0])]
            else:
                legs.append(tuple(x for w in g for x in flat(w)))
        t["legs"] = legs
    out_axes[:] = [tuple(x for w in g for x in flat(w)) for g in out_axes]


REDRAWN_KINDS = ("func", "scale", "einsum", "delta")
REDRAWN_DEPTH = 4


def count_reads(graph: Any, output: int, redrawn: set[int]) -> dict[int, int]:
    """How often each node is read from ``output`` on; a node of ``redrawn`` reads its inputs at each read."""
    uses: dict[int, int] = {output: 1}
    seen, stack = {output}, [output]
    while stack:
        n = stack.pop()
        for i in graph.nodes[n].inputs:
            uses[i] = uses.get(i, 0) + 1
            if i in redrawn or i not in seen:
                seen.add(i)
                stack.append(i)
    return uses


def redrawn(graph: Any, uses: dict[int, int]) -> set[int]:
    """The values read more than once that are drawn again at each read instead of through a copy node: a
    nonlinearity (a layer norm) or a contraction of arguments, at most :data:`REDRAWN_DEPTH` operations deep
    down to the arguments, copy or add nodes: each branch of the stream then reads the stream itself, as 18b
    draws a block (the layer norm inside each branch), instead of a second stream of copies."""

    def small(n: int, depth: int) -> bool:
        node = graph.nodes[n]
        if node.kind in ("leaf", "ones", "add"):
            return True
        return node.kind in REDRAWN_KINDS and depth < REDRAWN_DEPTH and all(small(i, depth + 1) for i in node.inputs)

    return {n for n, k in uses.items() if k > 1 and graph.nodes[n].kind in REDRAWN_KINDS and small(n, 0)}
