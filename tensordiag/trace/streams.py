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
