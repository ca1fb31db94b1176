"""Validation primitives: each reads one value of a spec (an index, legs, a colour, a label, …) or says, located,
what is wrong with it. :class:`Ctx` turns the path of a value (``tensors.B.legs[1]``) into a located SpecError.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from .. import yamlio
from ..einsum import LegProblem
from ..einsum import read_legs as read_einsum_legs
from ..errors import SpecError, quote
from ..index_names import check_index_label, unknown_label
from ..model import INDEX, NAME, NAMED_COLORS, Leg, check_size, check_text
from ..number_text import check_number
from ..texlabel import MAX_NAME, LabelError, untypesettable, validate_math

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


class Ctx:
    """Turns a path into a located SpecError, using the YAML marks when there are any."""

    def __init__(self, marks: yamlio.Marks) -> None:
        self.marks = marks

    def error(self, path: str, message: str, *, key: bool = False) -> SpecError:
        if key and path + "#key" in self.marks:
            line, column = self.marks[path + "#key"]
            return SpecError(message, where=f"line {line}, column {column}: {path}")
        probe = path
        while probe and probe not in self.marks:
            probe = probe.rsplit(".", 1)[0] if "." in probe else probe.split("[", 1)[0] if "[" in probe else ""
        mark = self.marks.get(probe) if probe or not path else None  # the root's mark locates nothing deeper
        place = f"line {mark[0]}, column {mark[1]}" if mark else ""
        return SpecError(message, where=": ".join(part for part in (place, path) if part) or None)


def read_legs(value: Any, path: str, ctx: Ctx) -> tuple[Leg, ...]:
    """Legs as a list (``[i, j]``, ``[i, [j, k]]``, ``[i, "(j k)"]``) or an einops string (``i (j k)``)."""
    if isinstance(value, str):
        return _legs_text(value, path, ctx)
    if not isinstance(value, list):
        raise ctx.error(path, f"expected a list of index names, got {kind_of(value)}")
    legs: list[Leg] = []
    for k, item in enumerate(value):
        if isinstance(item, list):
            legs.append(read_names(item, f"{path}[{k}]", ctx))
        elif isinstance(item, str) and ("(" in item or len(item.split()) > 1):
            inner = item.strip()
            if inner.startswith("(") and inner.endswith(")"):
                inner = inner[1:-1]
            group = read_names(inner, f"{path}[{k}]", ctx)
            if not group:
                raise ctx.error(f"{path}[{k}]", "an empty group '()' carries no index")
            legs.append(group)
        else:
            legs.append((read_index(item, f"{path}[{k}]", ctx),))
    return tuple(legs)


def _legs_text(text: str, path: str, ctx: Ctx) -> tuple[Leg, ...]:
    """Legs written einops-style: ``i (j k) l``, read by the einsum's own reader (whitespace separates,
    parentheses group); each name is checked as an index."""
    problems = {"nested": "groups do not nest (column {})", "unopened": "')' closes no '(' (column {})",
                "unclosed": "unclosed '('"}

    def fail(problem: LegProblem, offset: int) -> SpecError:
        if problem == "empty":
            return ctx.error(path, "an empty group '()' carries no index")
        return ctx.error(path, f"cannot read legs {shown(text)}: " + problems[problem].format(offset + 1))

    return read_einsum_legs(text, fail, index=lambda name: read_index(name, path, ctx))[0]


def read_names(value: Any, path: str, ctx: Ctx) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list):
        raise ctx.error(path, f"expected a list of names, got {kind_of(value)}")
    return tuple(read_index(v, f"{path}[{k}]", ctx) for k, v in enumerate(value))


def read_members(value: Any, path: str, ctx: Ctx) -> tuple[str, ...]:
    """A bubble's members: names of tensors or earlier bubbles (``V†`` and ``A'`` included)."""
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list):
        raise ctx.error(path, f"expected a list of tensor names, got {kind_of(value)}")
    for k, name in enumerate(value):
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise ctx.error(f"{path}[{k}]", f"expected a tensor or bubble name, got {shown(name)}")
    return tuple(value)


def read_index(value: Any, path: str, ctx: Ctx) -> str:
    if isinstance(value, bool):
        raise ctx.error(path, "expected an index name, got true/false (YAML reads on, off, yes, no as true/false: quote it)")
    if not isinstance(value, (str, int)):
        raise ctx.error(path, f"expected an index name, got {kind_of(value)}")
    text = str(value)
    if len(text) > MAX_NAME:
        raise ctx.error(path, f"index name {quote(text)} is {len(text):,} characters long; a name holds at most {MAX_NAME}")
    if not INDEX.fullmatch(text):
        raise ctx.error(path, f"index name {quote(text)} may hold only letters, digits, _ and ', and one .suffix")
    check_typesettable(text, "index name", path, ctx)
    return text


def read_index_labels(value: Any, path: str, ctx: Ctx, indices: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``index_labels:``, index name (or the part of dotted names before the dot) to the text its legs show."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ctx.error(path, f"expected a mapping of index name to the text it shows, got {kind_of(value)}")
    out = []
    for key, text in value.items():
        index = read_index(key, f"{path}.{key}", ctx)
        why = unknown_label(index, indices)
        if why:
            raise ctx.error(f"{path}.{index}", why, key=True)
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = str(text)
        checked(ctx, f"{path}.{index}", lambda v, where: check_index_label(v, where), text)
        out.append((index, text))
    return tuple(out)


def read_dims(value: Any, path: str, ctx: Ctx) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ctx.error(path, f"expected a mapping of index to size, got {kind_of(value)}")
    out: dict[str, int] = {}
    for key, size in value.items():
        index = read_index(key, f"{path}.{key}", ctx)
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ctx.error(f"{path}.{index}", f"expected a positive whole number, got {shown(size)}")
        checked(ctx, f"{path}.{index}", check_size, size)
        out[index] = size
    return out


def read_choice(value: Any, options: tuple[str, ...], path: str, ctx: Ctx) -> str:
    if value not in options:
        hint = difflib.get_close_matches(str(value), options, n=1)
        extra = f"; did you mean '{hint[0]}'?" if hint else ""
        raise ctx.error(path, f"expected one of {', '.join(options)}, got {shown(value)}{extra}")
    return value  # type: ignore[no-any-return]


def read_color(value: Any, path: str, ctx: Ctx) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and (_HEX.fullmatch(value) or value in NAMED_COLORS):
        return value
    hint = difflib.get_close_matches(str(value), NAMED_COLORS, n=1)
    extra = f"; did you mean '{hint[0]}'?" if hint else ""
    raise ctx.error(path, f"expected a colour #rrggbb or one of {', '.join(NAMED_COLORS)}, got {shown(value)}{extra}")


def read_text(value: Any, path: str, ctx: Ctx, *, limited: bool = True) -> str | None:
    """Text: no surrogates or noncharacters, and (``limited``) at most MAX_TEXT characters."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ctx.error(path, f"expected text, got {kind_of(value)}")
    text = str(value)
    what = path.rsplit(".", 1)[-1].split("[", 1)[0]
    checked(ctx, path, check_text, text, what=what, **({} if limited else {"limit": len(text)}))
    return text


def checked(ctx: Ctx, path: str, check: Any, value: Any, **options: Any) -> None:
    """Run one of the model's checks on ``value``, its error located at ``path`` (the spec's line and column)."""
    try:
        check(value, path, **options)
    except SpecError as exc:
        raise ctx.error(path, exc.message) from None


def read_math(value: Any, path: str, ctx: Ctx, *, what: str = "label") -> str | None:
    """A math label (TeX), checked against the safe subset: the one field where TeX is written."""
    text = read_text(value, path, ctx, limited=False)
    if text is None:
        return None
    try:
        return validate_math(text)
    except LabelError as exc:
        raise ctx.error(path, f"{what} {quote(text)}: {exc}") from None


def check_typesettable(name: str, what: str, path: str, ctx: Ctx) -> None:
    bad = untypesettable(name)
    if bad is not None:
        raise ctx.error(path, f"{what} {quote(name)} holds {quote(bad)}, which pdflatex cannot typeset: "
                              "use ASCII letters, Greek letters, digits, _ or '")


def shown(value: Any, limit: int = 60) -> str:
    """A value as Python would write it, cut short: a message stays one readable line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_keys(value: dict[str, Any], keys: tuple[str, ...], path: str, ctx: Ctx) -> None:
    for key in value:
        if key not in keys:
            hint = difflib.get_close_matches(str(key), keys, n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else f" (known keys: {', '.join(keys)})"
            where = f"{path}.{key}" if path else str(key)
            raise ctx.error(where, f"unknown key {quote(str(key))}{extra}", key=True)


def kind_of(value: Any) -> str:
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


def read_scale(value: Any, path: str, ctx: Ctx) -> str | None:
    """A bubble's ``scale`` or ``eps``: a number as TeX math (``3^{-1/2}``) or a YAML number, kept as text."""
    if value is None:
        return None
    text = str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    try:
        return check_number(text, path)
    except SpecError as exc:
        raise ctx.error(path, exc.message) from None
