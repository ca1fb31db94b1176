"""The checks every model object runs on its fields when it is made (names, index names, TeX labels, colours,
pins, sizes): one located :class:`SpecError` each. :mod:`tensordiag.model` re-exports them; the spec loader runs
its own located versions first.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .errors import SpecError, quote
from .texlabel import MAX_NAME, MAX_TEXT, LabelError, bad_character_message, untypesettable, validate_math

NAMED_COLORS = ("grey", "blue", "pink", "yellow", "green", "red", "orange", "purple", "white", "black")
MAX_PIN = 200.0
"""The farthest a pin may sit from the origin along either axis, in cm: TeX's largest dimension is about
575 cm, and a shape, its legs and its labels need room beyond the pin."""
MAX_DIM = 10**18 - 1
"""The largest index size (18 digits, as an einsum's ``j=3`` keyword takes)."""
NAME = re.compile(r"[^\W\d][\w'†]*")
"""A tensor or bubble name: a letter (or _) first, then letters, digits, _, ' and †."""
INDEX = re.compile(r"[\w']+(?:\.\w[\w']*)?")
"""An index name: letters, digits, _ and ', and at most one ``.suffix`` that is not shown (``hidden.2``)."""
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_PORT_NAME = re.compile(r"[^\W\d][\w'†]*@[0-9]+")
"""The check's stand-in for a value arriving at a port (``c@2``, see dataflow): never drawn."""


# --- checks every object runs when it is made ------------------------------------------------


def _kind_of(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", tuple: "a tuple", str: "text", bool: "true/false", int: "a number",
             float: "a number"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


def check_text(text: Any, where: str, *, what: str = "text", limit: int = MAX_TEXT) -> str:
    """Literal text (a title): any printable text, without surrogates or noncharacters, at most ``limit`` long."""
    if not isinstance(text, str):
        raise SpecError(f"expected {what}, got {_kind_of(text)}", where=where)
    bad = bad_character_message(text)
    if bad:
        raise SpecError(f"{what} {quote(text)} {bad}", where=where)
    if len(text) > limit:
        raise SpecError(f"{what} is {len(text):,} characters long; it holds at most {limit:,}", where=where)
    return text


def check_name(name: Any, where: str, *, what: str = "tensor name", pattern: re.Pattern[str] = NAME) -> str:
    """A tensor, bubble or index name: the pattern, at most MAX_NAME characters, and typesettable."""
    if not isinstance(name, str):
        raise SpecError(f"expected a {what}, got {_kind_of(name)}", where=where)
    check_text(name, where, what=what, limit=len(name))
    if len(name) > MAX_NAME:
        raise SpecError(f"{what} {quote(name)} is {len(name):,} characters long; a name holds at most {MAX_NAME}",
                        where=where)
    if not pattern.fullmatch(name) and not (pattern is NAME and _PORT_NAME.fullmatch(name)):
        if pattern is INDEX:
            raise SpecError(f"{what} {quote(name)} may hold only letters, digits, _ and ', and one .suffix",
                            where=where)
        raise SpecError(f"a {what} starts with a letter and holds letters, digits, _ or ', got {quote(name)}", where=where)
    bad = untypesettable(name)
    if bad is not None:
        raise SpecError(f"{what} {quote(name)} holds {quote(bad)}, which pdflatex cannot typeset: "
                        "use ASCII letters, Greek letters, digits, _ or '", where=where)
    return name


def check_index(name: Any, where: str) -> str:
    return check_name(name, where, what="index name", pattern=INDEX)


def check_math(label: Any, where: str, *, what: str = "label") -> str:
    """A math label: the safe TeX subset (no \\input, no \\write18, balanced, one script of each kind)."""
    if not isinstance(label, str):
        raise SpecError(f"expected a {what} (TeX math), got {_kind_of(label)}", where=where)
    check_text(label, where, what=what, limit=len(label))
    try:
        return validate_math(label)
    except LabelError as exc:
        raise SpecError(f"{what} {quote(label)}: {exc}", where=where) from None


def check_color(color: Any, where: str) -> str:
    if isinstance(color, str) and (_HEX.fullmatch(color) or color in NAMED_COLORS):
        return color
    shown = quote(color) if isinstance(color, str) else _kind_of(color)
    raise SpecError(f"expected a colour #rrggbb or one of {', '.join(NAMED_COLORS)}, got {shown}", where=where)


def check_pin(at: Any, where: str) -> None:
    if (not isinstance(at, tuple) or len(at) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in at)):
        raise SpecError(f"expected a pin (x, y) of two numbers, got {_kind_of(at)}", where=where)
    if not all(math.isfinite(v) and abs(v) <= MAX_PIN for v in at):
        raise SpecError(f"expected a pin [x, y] with both numbers between -{MAX_PIN:g} and {MAX_PIN:g} (cm), "
                        f"got [{at[0]:g}, {at[1]:g}]", where=where)


def check_size(size: Any, where: str) -> int:
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_DIM:
        shown = repr(size) if len(repr(size)) <= 60 else repr(size)[:57] + "..."
        raise SpecError(f"expected a positive whole number of at most 18 digits, got {shown}", where=where)
    return size


def _choice(value: Any, options: tuple[str, ...], where: str) -> None:
    if value not in options:
        shown = quote(value) if isinstance(value, str) else _kind_of(value)
        raise SpecError(f"expected one of {', '.join(options)}, got {shown}", where=where)


def _legs(legs: Any, where: str) -> None:
    if not isinstance(legs, tuple):
        raise SpecError(f"expected a tuple of legs (tuples of index names), got {_kind_of(legs)}", where=where)
    for k, leg in enumerate(legs):
        if not isinstance(leg, tuple) or not leg:
            raise SpecError(f"expected a leg: a non-empty tuple of index names, got {_kind_of(leg)}", where=f"{where}[{k}]")
        for index in leg:
            check_index(index, f"{where}[{k}]")
