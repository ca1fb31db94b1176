"""The registry of layout strategies: the single list of the structures a component may take.

Each strategy is a function ``recognise(graph, *, seed) -> Shaped | None`` (usually a module's
``recognise``), registered under a name. :func:`shape_component` tries the *automatic* strategies in
registration order and takes the first that recognises the component; ``force`` recognises
everything, so it comes last. A declared structure (``structure:`` in a spec) picks one strategy by
name, and a component it does not recognise is a :class:`LayoutError` that says why. The spec
reads :func:`strategy_names` for the names it accepts, so the two cannot drift apart.

>>> strategy_names()[:9]
('heads', 'chain', 'ring', 'ladder', 'grid', 'star', 'circuit', 'tree', 'torus')
>>> strategy_names()[9:]
('cubic', 'lattice', 'layered', 'planar', 'flow', 'flow-right', 'rail', 'force')

A new strategy is one module with a ``recognise`` and one call::

    register_strategy("wheel", "mypackage.wheel")            # tried before force
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Callable, Union

from ..errors import LayoutError
from .graph import Graph, Shaped

Recognise = Callable[..., Union[Shaped, None]]
"""``recognise(graph, *, seed) -> Shaped | None``: the component placed in units of one bond, or None."""


@dataclass(frozen=True)
class Strategy:
    name: str
    source: str | ModuleType | Recognise
    """A module (or its dotted name, imported when first used) with a ``recognise``, or the function itself."""
    declarable: bool = True
    """Whether a spec may declare it (``structure: name``)."""
    automatic: bool = True
    """Whether it is tried when nothing is declared (``flow`` only places what is declared so)."""

    @property
    def recognise(self) -> Recognise:
        source = importlib.import_module(self.source) if isinstance(self.source, str) else self.source
        return source.recognise if isinstance(source, ModuleType) else source  # type: ignore[no-any-return]


_STRATEGIES: dict[str, Strategy] = {}
FALLBACK = "force"
"""The strategy that recognises every component: always tried last, whatever is registered later."""


def register_strategy(name: str, module_or_fn: str | ModuleType | Recognise, *, declarable: bool = True,
                      automatic: bool = True) -> None:
    """Make strategy ``name`` available: tried in registration order (before ``force``) when ``automatic``,
    and declarable in a spec when ``declarable``. Registering a name again replaces it in place."""
    _STRATEGIES[name] = Strategy(name, module_or_fn, declarable, automatic)


def unregister_strategy(name: str) -> None:
    """Remove strategy ``name`` (for tests and plug-ins that register one for a while)."""
    _STRATEGIES.pop(name, None)


def _ordered() -> list[Strategy]:
    return [s for s in _STRATEGIES.values() if s.name != FALLBACK] + [s for s in _STRATEGIES.values() if s.name == FALLBACK]


def strategy_names(*, declarable: bool = False) -> tuple[str, ...]:
    """The registered strategies in the order they are tried (only the declarable ones when asked)."""
    return tuple(s.name for s in _ordered() if s.declarable or not declarable)


def get_strategy(name: str) -> Recognise:
    """The ``recognise`` of strategy ``name``; an unknown name is an error that lists the valid ones."""
    strategy = _STRATEGIES.get(name)
    if strategy is None:
        valid = ", ".join(strategy_names())
        raise LayoutError(f"unknown structure '{name}' (valid: {valid})", where="structure")
    return strategy.recognise


def shape_component(g: Graph, declared: str | None, seed: int) -> Shaped:
    """Place one connected component: by the declared strategy, else by the first that recognises it."""
    if len(g.nodes) == 1:
        return Shaped("single", {g.nodes[0]: (0.0, 0.0)})
    if declared is not None:
        placed = get_strategy(declared)(g, seed=seed)
        if placed is None:
            raise LayoutError(f"the network is not a {declared}: {g.describe()}", where="structure")
        return placed
    for strategy in _ordered():
        if strategy.automatic and (placed := strategy.recognise(g, seed=seed)) is not None:
            return placed
    raise LayoutError(f"no layout strategy recognises the network: {g.describe()}", where="structure")


# heads first: an attention head reading no stream is often also a chain (23a), which it would draw 28 cm wide
for _name in ("heads", "chain", "ring", "ladder", "grid", "star", "circuit", "tree", "torus", "cubic", "lattice", "layered"):
    register_strategy(_name, f"tensordiag.layout.strategies.{_name}")
# planar: tried before force. Its refinement compares only what lies near (a grid of cells), so it is linear in the
# size; it takes no network under 12 tensors (force's candidates draw those without crossings already).
register_strategy("planar", "tensordiag.layout.strategies.planar")
register_strategy("flow", "tensordiag.layout.strategies.flow", automatic=False)
register_strategy("flow-right", "tensordiag.layout.strategies.flow_right", automatic=False)  # a stream left to right
register_strategy("rail", "tensordiag.layout.strategies.rail", automatic=False)  # a chain with dots below
register_strategy(FALLBACK, "tensordiag.layout.strategies.force")
