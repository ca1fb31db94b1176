"""A trace's graph turned into a spec: tensors, copy and add nodes, bubbles, one einsum.

Each value the code computed becomes a *fragment*: the tensors and bubbles it is made of (``members``) and
the wires of its axes (a group of wires for a reshaped axis). A contraction joins its inputs' fragments and
unites the wires it contracts; a nonlinearity wraps its input's fragment in a bubble; a sum of two values is an
add node whose output wires are the new value; a value used more than once is sent into a copy node, and each
use that is not an add reads its own pasted copy (a two-port copy node), as the post draws the residual stream
read into a block. A number is a coefficient: a tensor with no legs, labelled with the number.

Wires are united with a union-find; at the end each gets the best name any of its legs had (the user's, an
einops pattern's, an einsum letter, else ``d`` and its size), and wires of one name are told apart by
einops suffixes (``hidden``, ``hidden.2``), which the drawing does not show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..texlabel import name_to_math
from .graph import Graph, TraceError
from .slices import origins, part_name, view_label
from .streams import copy_chain, count_reads, folded_scale, redrawn, take_copy, ungroup

BUBBLE_LABELS = {"gelu": "GELU", "relu": "ReLU", "sigmoid": r"\sigma", "gelu_erf": "GELU", "layernorm": "LN"}


@dataclass
class Fragment:
    members: list[str]
    axes: list[tuple[int, ...]]
    flow: bool = False
    """True when the value leaves a copy or add port straight, with no tensor of its own."""


@dataclass
class Compiled:
    tensors: list[dict[str, Any]] = field(default_factory=list)
    bubbles: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    """Tensor name -> ('leaf', argument number) | ('ones', n) | ('number', value)."""


def format_number(c: float) -> str:
    """A coefficient's label: ``n^{-1/2}`` for one over a square root, else the number with at most four
    significant digits, as TeX math.

    >>> format_number(0.125), format_number(3 ** -0.5), format_number(-1.0)
    ('0.125', '3^{-1/2}', '-1')
    """
    n = round(1.0 / (c * c)) if c > 0 else 0
    if 1 < n < 10**6 and abs(c - n**-0.5) <= 1e-12 * c and round(n**0.5) ** 2 != n:
        return f"{n}^{{-1/2}}"
    text = f"{c:.4g}"
    return text.replace("e-0", "e-").replace("e+0", "e").replace("e", r"\cdot 10^{") + ("}" if "e" in text else "")


class Compiler:
    def __init__(self, graph: Graph, output: int, leaf_names: list[str], leaf_legs: list[list[tuple[str, int]]],
                 copies: str = "data"):
        self.graph = graph
        self.copies_of_arguments = copies
        self.parent: list[int] = []
        self.hint: list[tuple[str, int]] = []
        self.size: list[int] = []
        self.follows: dict[int, int] = {}
        self.out = Compiled()
        self.leaf_names = leaf_names
        self.leaf_legs = leaf_legs
        self.taken: set[str] = set(leaf_names)
        self.counters: dict[str, int] = {}
        self.values: dict[int, Fragment] = {}
        self.copies: dict[int, list[Fragment]] = {}
        self.uses = self._count_uses(output)
        self.output = output
        self.ungrouped: list[tuple[int, tuple[int, ...], str]] = []
        """(wire, group, line): an argument's axis contracted with a grouped leg, drawn as the group's legs."""

    # -- wires ---------------------------------------------------------------------------------------------
    def wire(self, size: int, hint: tuple[str, int] = ("", -1), like: int | None = None) -> int:
        """A new wire; ``like``: a wire whose name it takes when it has none of its own (a copy's output)."""
        self.parent.append(len(self.parent))
        if like is not None and self.hint[self.find(like)][1] >= 0:
            hint = self.hint[self.find(like)]  # the name known now; a better one found later still wins
        self.hint.append(hint)
        self.size.append(size)
        if like is not None:
            self.follows[len(self.parent) - 1] = like
        return len(self.parent) - 1

    def find(self, w: int) -> int:
        while self.parent[w] != w:
            self.parent[w] = self.parent[self.parent[w]]
            w = self.parent[w]
        return w

    def unite(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = (ra, rb) if self.hint[ra][1] >= self.hint[rb][1] else (rb, ra)
            self.parent[drop] = keep
            if drop in self.follows and keep not in self.follows:  # an unnamed wire still takes its model's name
                self.follows[keep] = self.follows[drop]

    def name_for(self, kind: str) -> str:
        while True:
            self.counters[kind] = self.counters.get(kind, 0) + 1
            name = f"{kind}{self.counters[kind]}"
            if name not in self.taken:
                self.taken.add(name)
                return name

    def tensor(self, name: str, legs: list[tuple[int, ...]], **props: Any) -> str:
        self.out.tensors.append({"name": name, "legs": legs, **props})
        return name

    # -- uses ----------------------------------------------------------------------------------------------
    def _count_uses(self, output: int) -> dict[int, int]:
        """How often each node is read; a small pure value read several times (``redrawn``) is drawn again at
        each read, so its own inputs are read once per drawing."""
        self.redrawn: set[int] = set()
        while True:  # a value drawn again reads its inputs again: they may be drawn again too
            uses = count_reads(self.graph, output, self.redrawn)
            more = redrawn(self.graph, uses) - self.redrawn
            if not more:
                return uses
            self.redrawn |= more

    def use(self, n: int, by: str) -> Fragment:
        """The fragment a use of node ``n`` reads: the value itself, or one output of its copy node; a
        contraction or a bubble reads a flow value through a pasted copy."""
        node = self.graph.nodes[n]
        again = node.kind == "leaf" and (self.copies_of_arguments == "data" or node.params["argument"] != 0
                                         or bool(node.params.get("view")))  # a weight is drawn again
        if self.uses.get(n, 0) <= 1:
            frag = self.value(n)
        elif n in self.redrawn:  # a layer norm read by q, k and v: drawn in each branch
            frag = self.compute(n)
        elif again and n in self.values:  # an argument drawn again, sharing its data
            frag = self._leaf_copy(self.values[n])
        elif again:
            frag = self.value(n)
        else:
            if n not in self.copies:
                self.copies[n] = copy_chain(self, self.value(n), self.uses[n])
            frag = take_copy(self.copies[n], by)
        if by == "add" or by == "output" or not frag.flow:
            return frag
        fresh = [tuple(self.wire(self.size[w], like=w) for w in g) for g in frag.axes]
        legs = [(w,) for g in frag.axes for w in g] + [(w,) for g in fresh for w in g]
        return Fragment([self.tensor(self.name_for("P"), legs, kind="copy", ports=2)], fresh)

    # -- values --------------------------------------------------------------------------------------------
    def value(self, n: int) -> Fragment:
        if n not in self.values:
            self.values[n] = self.compute(n)
        return self.values[n]

    def compute(self, n: int) -> Fragment:
        node = self.graph.nodes[n]
        try:
            return getattr(self, f"_{node.kind}")(node, n)  # type: ignore[no-any-return]
        except TraceError as exc:
            raise TraceError(exc.message, where=exc.where or node.line) from None

    def _leaf(self, node: Any, n: int) -> Fragment:
        k, view = node.params["argument"], node.params.get("view")
        hints = self.leaf_legs[k]
        if view:  # a slice or split of the argument (slices.py): the whole axes keep their names
            hints = [hints[o] if o is not None else ("", -1) for o in origins(len(hints), view)]
        axes = [(self.wire(size, hint),) for size, hint in zip(node.shape, hints)]
        name = self.leaf_names[k] + (part_name(view) if view else "")
        if any(t["name"] == name for t in self.out.tensors) or (name != self.leaf_names[k] and name in self.taken):
            name = self.name_for(name + "_")
        self.taken.add(name)
        name = self.tensor(name, list(axes), **({"label": view_label(self.leaf_names[k], view)} if view else {}))
        self.out.data[name] = ("view", (k, view)) if view else ("leaf", k)
        return Fragment([name], axes)

    def _leaf_copy(self, first: Fragment) -> Fragment:
        """An argument used again: drawn again as a pasted copy with the same numbers (``data:``), pink."""
        original = first.members[0]
        primes = sum(1 for t in self.out.tensors if t.get("data") == original) + 1
        name = original + "'" * primes if primes <= 3 else f"{original}_{primes + 1}"
        self.taken.add(name)
        axes = [tuple(self.wire(self.size[w], like=w) for w in g) for g in first.axes]
        label = next((t.get("label") for t in self.out.tensors if t["name"] == original), None)
        role = "copy" if self.out.data[original] == ("leaf", 0) else "weight"  # the stream's copy is pink
        self.tensor(name, list(axes), data=original, label=label or name_to_math(original), role=role)
        self.out.data[name] = self.out.data[original]
        return Fragment([name], axes)

    def _ones(self, node: Any, n: int) -> Fragment:
        axes = [(self.wire(node.shape[0]),)]
        name = self.tensor(self.name_for("one"), list(axes), label="1")
        self.out.data[name] = ("ones", node.shape[0])
        return Fragment([name], axes)

    def _delta(self, node: Any, n: int) -> Fragment:
        first = self.wire(node.shape[0])  # the gain's and the product's wires take the name of the value's
        axes = [(first,), (self.wire(node.shape[0], like=first),), (self.wire(node.shape[0], like=first),)]
        name = self.tensor(self.name_for("delta"), list(axes), kind="delta", shape="dot")
        self.out.data[name] = ("delta", node.shape[0])
        return Fragment([name], axes)

    def _einsum(self, node: Any, n: int) -> Fragment:
        frags = [self.use(i, "einsum") for i in node.inputs]
        where: dict[str, tuple[int, ...]] = {}
        count: dict[str, int] = {}
        for frag, labels in zip(frags, node.params["labels"]):
            for label, group in zip(labels, frag.axes):
                count[label] = count.get(label, 0) + 1
                if label not in where:
                    where[label] = group
                    continue
                if len(where[label]) != len(group):
                    where[label] = ungroup(self, where[label], group, node)
                    continue
                for a, b in zip(where[label], group):
                    self.unite(a, b)
        for label, (name, priority) in node.params["names"].items():
            group = where.get(label, ())
            if len(group) == 1:
                root = self.find(group[0])
                if priority > self.hint[root][1]:
                    self.hint[root] = (name, priority)
        members = [m for f in frags for m in f.members]
        if len(frags) > 1:
            self._first_tensor(members, "a contraction of values that are each used more than once, with no "
                                        "tensor of its own between them (the check's data flow cannot run it)")
        for label, group in where.items():
            if count[label] == 1 and label not in node.params["out"]:
                for w in group:  # summed over one input only: closed with a vector of ones
                    name = self.tensor(self.name_for("one"), [(w,)], label="1")
                    self.out.data[name] = ("ones", self.size[w])
                    members.append(name)
        return Fragment(members, [where[label] for label in node.params["out"]])

    def _reshape(self, node: Any, n: int) -> Fragment:
        frag = self.use(node.inputs[0], "reshape")
        wires = [w for g in frag.axes for w in g]
        axes: list[tuple[int, ...]] = []
        k = 0
        for target in node.shape:
            group: list[int] = []
            product = 1
            while k < len(wires) and (product < target or (not group and target == 1)):
                group.append(wires[k])
                product *= self.size[wires[k]]
                k += 1
            if product != target:
                raise TraceError(f"{node.params['what']}: splits an axis that no reshape merged "
                                 f"({self.graph.nodes[node.inputs[0]].shape} into {node.shape}); give the array "
                                 "its axes as arguments instead")
            axes.append(tuple(group))
        return Fragment(frag.members, axes)

    def _func(self, node: Any, n: int) -> Fragment:
        inner, scale = folded_scale(self, node)
        frag = self.use(inner, "func")
        fname = node.params["name"]
        bubble: dict[str, Any] = {"name": self.name_for(fname.split("_")[0]), "function": fname,
                                  "members": list(frag.members)}
        if fname in BUBBLE_LABELS:
            bubble["label"] = BUBBLE_LABELS[fname] + (rf"({scale}\cdot)" if scale else "")
        if scale:
            bubble["scale"] = scale
        if node.params.get("eps"):
            bubble["eps"] = format_number(node.params["eps"])
        if node.params["axis"] is not None:
            group = frag.axes[node.params["axis"]]
            if len(group) != 1:
                raise TraceError(f"{node.params['what']}: along a reshaped (grouped) axis")
            bubble["over"] = group[0]
        self.out.bubbles.append(bubble)
        return Fragment([bubble["name"]], frag.axes)

    def _scale(self, node: Any, n: int) -> Fragment:
        frag = self.use(node.inputs[0], "scale")
        first = self._first_tensor(frag.members)
        c = node.params["value"]
        name = self.name_for("c")
        spot = next(k for k, t in enumerate(self.out.tensors) if t["name"] == first) + 1
        self.out.tensors.insert(spot, {"name": name, "legs": [], "label": format_number(c)})
        self.out.data[name] = ("number", c)
        return Fragment(frag.members + [name], frag.axes)

    def _first_tensor(self, members: list[str], why: str = "") -> str:
        """A tensor of ``members`` (inside bubbles too) that is contracted, not a copy or add node: a coefficient
        sits beside it in the spec, so the check's data flow runs them in one block."""
        kinds = {t["name"]: t.get("kind") for t in self.out.tensors}
        bubbles = {b["name"]: b for b in self.out.bubbles}
        stack = list(members)
        while stack:
            m = stack.pop(0)
            if m in bubbles:
                stack = list(bubbles[m]["members"]) + stack
            elif kinds.get(m) is None and any(t["name"] == m and t["legs"] for t in self.out.tensors):
                return m
        raise TraceError(why or "a number times a value that no tensor of its own makes (the sum of two results, or "
                         "a copy): multiply the terms before adding them")

    def _add(self, node: Any, n: int) -> Fragment:
        a, b = (self.use(i, "add") for i in node.inputs)
        wa = [w for g in a.axes for w in g]
        wb = [w for g in b.axes for w in g]
        if len(wa) != len(wb) or any(self.size[x] != self.size[y] for x, y in zip(wa, wb)):
            raise TraceError(f"{node.params['what']}: the two sides are reshaped differently")
        for x, y in zip(wa, wb):  # an unnamed side takes its index names from the other
            rx, ry = self.find(x), self.find(y)
            if self.hint[ry][1] < 0 and ry not in self.follows:
                self.follows[ry] = x
            elif self.hint[rx][1] < 0 and rx not in self.follows:
                self.follows[rx] = y
            elif self.hint[ry][1] < self.hint[rx][1]:  # an einsum letter yields to the user's name
                self.hint[ry] = self.hint[rx]
            elif self.hint[rx][1] < self.hint[ry][1]:
                self.hint[rx] = self.hint[ry]
        out = [tuple(self.wire(self.size[w], like=w) for w in g) for g in a.axes]
        legs = [(w,) for w in wa + wb] + [(w,) for g in out for w in g]
        self.tensor(self.name_for("add"), legs, kind="add", ports=3)
        return Fragment([], out, True)

    # -- the spec ------------------------------------------------------------------------------------------
    def run(self) -> tuple[Compiled, list[tuple[int, ...]]]:
        frag = self.use(self.output, "output")
        return self.out, frag.axes

    def names(self, order: list[int]) -> dict[int, str]:
        """Every wire's index name: its root's best hint, or the name of the wire it copies, made unique."""
        base: dict[int, str] = {}

        def name_of(w: int) -> str:
            chain: list[int] = []
            r = self.find(w)
            while r not in base:
                text, priority = self.hint[r]
                follow = self.follows.get(r, self.follows.get(w))
                if priority < 0 and follow is not None and self.find(follow) not in chain and self.find(follow) != r:
                    chain.append(r)
                    w, r = follow, self.find(follow)
                    continue
                base[r] = clean_index(text if priority >= 0 and text else f"d{self.size[r]}")
            for c in reversed(chain):
                base[c] = base[r].split(".")[0]
            return base[self.find(chain[0])] if chain else base[r]

        final: dict[int, str] = {}
        used: dict[str, int] = {}
        for w in order:
            r = self.find(w)
            if r in final:
                continue
            b = name_of(w)
            used[b] = used.get(b, 0) + 1
            final[r] = b if used[b] == 1 else f"{b}.{used[b]}"
        return {w: final[self.find(w)] for w in order}


def clean_index(text: str) -> str:
    """An index name the einsum accepts: word characters and primes; anything else becomes ``_``."""
    text = re.sub(r"[^\w']", "_", text.strip()) or "d"
    return text[:40]
