"""``contraction:``: a diagram's contraction order (a method or opt_einsum's path), what to draw of it, and the
sizes the cost table writes as symbols. Located errors for each part; the path's positions are checked against
the tensors here, so a spec with an impossible path is refused when it is read."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from ..errors import SpecError
from ..model import Diagram
from ..order.contraction import METHODS, SHOWS, Contraction
from ..order.limits import refusal
from .primitives import Ctx, check_keys, checked, kind_of, read_choice, read_index, shown

CONTRACTION_KEYS = ("path", "show", "symbols")


def with_contraction(diagram: Diagram, value: Any, p: Callable[[str], str], ctx: Ctx) -> Diagram:
    """``diagram`` with its ``contraction:`` read (``p`` makes a key's spec path), refused at its line when the
    order cannot be searched or drawn as asked (:func:`tensordiag.order.limits.refusal`)."""
    if value is None:
        return diagram
    if p("contraction") != "contraction":
        raise ctx.error(p("contraction"), "an order is drawn for a diagram of its own, not for a term of an "
                                          "equation or a sequence", key=True)
    contraction = read_contraction(value, p("contraction"), ctx, len(diagram.tensors), diagram.indices)
    diagram = replace(diagram, contraction=contraction)
    refused = refusal(diagram)
    if refused:
        raise ctx.error(p(refused[0]), refused[1])
    return diagram


def read_contraction(value: Any, path: str, ctx: Ctx, n_tensors: int, indices: tuple[str, ...]) -> Contraction | None:
    """The ``contraction:`` value: a method name alone (``contraction: greedy``) or a mapping of the keys above."""
    if value is None:
        return None
    if isinstance(value, str):
        value = {"path": value}
    if not isinstance(value, dict):
        raise ctx.error(path, f"expected a mapping (path, show, symbols) or a method ({', '.join(METHODS)}), "
                              f"got {kind_of(value)}")
    check_keys(value, CONTRACTION_KEYS, path, ctx)
    steps: str | tuple[tuple[int, ...], ...] = "optimal"
    raw = value.get("path", "optimal")
    if isinstance(raw, str):
        steps = read_choice(raw, METHODS, f"{path}.path", ctx)
    elif isinstance(raw, list):
        steps = _steps(raw, f"{path}.path", ctx, n_tensors)
    else:
        raise ctx.error(f"{path}.path", f"expected {', '.join(METHODS)} or a list of steps, got {kind_of(raw)}")
    show = value.get("show", ["numbers"])
    show = [show] if isinstance(show, str) else show
    if not isinstance(show, list) or not show:
        raise ctx.error(f"{path}.show", f"expected one or more of {', '.join(SHOWS)}, got {shown(show)}")
    chosen = tuple(dict.fromkeys(read_choice(s, SHOWS, f"{path}.show[{k}]", ctx) for k, s in enumerate(show)))
    symbols = value.get("symbols", {})
    if not isinstance(symbols, dict):
        raise ctx.error(f"{path}.symbols", f"expected a mapping of index to its symbol, got {kind_of(symbols)}")
    pairs = []
    for key, symbol in symbols.items():
        index = read_index(key, f"{path}.symbols.{key}", ctx)
        if index not in indices:
            raise ctx.error(f"{path}.symbols.{index}", f"index '{index}' is on no tensor's leg", key=True)
        checked(ctx, f"{path}.symbols.{index}", lambda v, where: Contraction(symbols=((index, v),)), symbol)
        pairs.append((index, symbol))
    try:
        return Contraction(path=steps, show=chosen, symbols=tuple(pairs))
    except SpecError as exc:
        raise ctx.error(exc.where or path, exc.message) from None


def _steps(raw: list[Any], path: str, ctx: Ctx, n_tensors: int) -> tuple[tuple[int, ...], ...]:
    """opt_einsum's path: each step the positions of the operands it contracts among those left (an
    intermediate joins the end); the steps must leave one operand (or several, never contracted further)."""
    left = n_tensors
    out = []
    for k, step in enumerate(raw):
        where = f"{path}[{k}]"
        if not isinstance(step, list) or not step:
            raise ctx.error(where, f"expected a list of positions such as [0, 1], got {shown(step)}")
        for p in step:
            if isinstance(p, bool) or not isinstance(p, int) or not 0 <= p < left:
                raise ctx.error(where, f"expected positions from 0 to {left - 1} (the {left} tensors left "
                                       f"before this step), got {shown(p)}")
        if len(set(step)) != len(step):
            raise ctx.error(where, f"a position appears twice in {shown(step)}")
        left -= len(step) - 1
        out.append(tuple(step))
    if left != 1:
        raise ctx.error(path, f"the steps leave {left} tensors; a path contracts the {n_tensors} tensors into one")
    return tuple(out)
