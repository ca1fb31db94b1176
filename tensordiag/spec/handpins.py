"""``junctions:`` and ``label_offsets:``: a diagram's pinned junction dots, split and merge points, and leg
labels (:mod:`tensordiag.handpins`), each entry refused at its line when it names no such point or its pin is
not two numbers within range."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from ..errors import SpecError
from ..fields import MAX_PIN
from ..model import Diagram
from .primitives import Ctx, kind_of, shown

HAND_KEYS = ("junctions", "label_offsets")


def with_hand_pins(diagram: Diagram, value: dict[str, Any], p: Callable[[str], str], ctx: Ctx) -> Diagram:
    """``diagram`` with the spec's ``junctions`` and ``label_offsets`` (``p`` makes a key's spec path)."""
    if not any(value.get(key) for key in HAND_KEYS):
        return diagram
    read = {key: _pins(value.get(key), p(key), ctx) for key in HAND_KEYS}
    try:
        return replace(diagram, **read)
    except SpecError as exc:  # a name that is no point of this diagram: at its line
        key, _, name = (exc.where or "").partition(".")
        raise ctx.error(f"{p(key)}.{name}" if name else p(key), exc.message, key=True) from None


def _pins(value: Any, path: str, ctx: Ctx) -> tuple[tuple[str, tuple[float, float]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ctx.error(path, f"expected a mapping of name to [x, y], got {kind_of(value)}")
    out = []
    for name, at in value.items():
        where = f"{path}.{name}"
        if not isinstance(name, str):
            raise ctx.error(where, f"expected a name, got {shown(name)}", key=True)
        if (not isinstance(at, list) or len(at) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in at)):
            raise ctx.error(where, f"expected [x, y], two numbers (cm), got {shown(at)}")
        if not all(abs(v) <= MAX_PIN for v in at):  # NaN too
            raise ctx.error(where, f"expected [x, y] with both numbers between -{MAX_PIN:g} and {MAX_PIN:g} (cm), "
                                   f"got {shown(at)}")
        out.append((name, (float(at[0]), float(at[1]))))
    return tuple(out)
