"""Each step's cost as the cost table writes it: a number, or where sizes are symbols a monomial (``8χ³``).

An index's size is written as its symbol (``contraction.symbols``) if it has one, else as its number
(``dims``), else as :data:`DEFAULT_SYMBOL`; a product of sizes is a whole-number factor times powers of
symbols, and a sum of them groups equal powers, highest degree first.

>>> tex_monomial(8, {"\\\\chi": 3})
'8\\\\chi^{3}'
>>> tex_sum([(2, {"\\\\chi": 3}), (4, {"\\\\chi": 3}), (1, {})])
'6\\\\chi^{3} + 1'
"""

from __future__ import annotations

from typing import Iterable, Mapping

from ..model import Diagram
from .path import Order, Step

DEFAULT_SYMBOL = r"\chi"
"""How the table writes the size of an index that has neither a number (``dims``) nor a symbol."""

Monomial = tuple[int, dict[str, int]]


def shown_sizes(diagram: Diagram) -> dict[str, str | int]:
    """Each index's size as the table writes it: its symbol, its number, or χ."""
    symbols = diagram.contraction.symbol_map if diagram.contraction else {}
    dims = diagram.dim_map
    return {i: symbols.get(i) or dims.get(i) or DEFAULT_SYMBOL for i in diagram.indices}


def monomial(indices: Iterable[str], shown: Mapping[str, str | int], factor: int = 1) -> Monomial:
    powers: dict[str, int] = {}
    for i in indices:
        s = shown[i]
        if isinstance(s, int):
            factor *= s
        else:
            powers[s] = powers.get(s, 0) + 1
    return factor, powers


def tex_monomial(factor: int, powers: Mapping[str, int]) -> str:
    if not powers:
        return f"{factor:,}".replace(",", "{,}")
    text = "" if factor == 1 else f"{factor:,}".replace(",", "{,}")
    for sym in sorted(powers):
        text += sym + ("" if powers[sym] == 1 else f"^{{{powers[sym]}}}")
    return text


def tex_sum(terms: Iterable[Monomial]) -> str:
    grouped: dict[tuple[tuple[str, int], ...], int] = {}
    for factor, powers in terms:
        key = tuple(sorted(powers.items()))
        grouped[key] = grouped.get(key, 0) + factor
    keys = sorted(grouped, key=lambda k: (-sum(p for _, p in k), k))
    return " + ".join(tex_monomial(grouped[k], dict(k)) for k in keys)


def is_numeric(diagram: Diagram) -> bool:
    return all(isinstance(v, int) for v in shown_sizes(diagram).values())


def step_size(step: Step, shown: Mapping[str, str | int]) -> str:
    return tex_monomial(*monomial(step.legs, shown))


def step_flops(step: Step, shown: Mapping[str, str | int]) -> str:
    return tex_monomial(*monomial(step.indices, shown, step.factor))


def total_flops(order: Order, shown: Mapping[str, str | int]) -> str:
    return tex_sum(monomial(s.indices, shown, s.factor) for s in order.steps)


def numbers_known(diagram: Diagram, order: Order) -> bool:
    """Whether every index has a number in ``dims`` (then the symbolic totals are followed by their value)."""
    dims = diagram.dim_map
    return all(i in dims for i in order.sizes)


def plain(tex: str) -> str:
    """A cost in plain text for a terminal: ``8\\chi^{3}`` → ``8χ^3``."""
    return (tex.replace(r"\chi", "χ").replace("{,}", ",").replace("^{", "^").replace("}", "")
            .replace("\\", ""))

