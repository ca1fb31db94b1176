"""A number written as TeX math, as a bubble's ``scale`` is: ``3^{-1/2}``, ``0.125``, ``-1``,
``1.5\\cdot 10^{-5}``. Exact text, so a spec holds no round-off digits; :func:`number_value` reads its value.

>>> number_value("3^{-1/2}") == 3 ** -0.5, number_value("0.125"), number_value("-2\\\\cdot 10^{-3}")
(True, 0.125, -0.002)
"""

from __future__ import annotations

import re

_FACTOR = re.compile(r"\s*((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:\^\s*(?:\{\s*(-?\d+)(?:\s*/\s*(\d+))?\s*\}|(\d)))?\s*")


def number_value(text: str) -> float:
    """The value of ``text``: an optional minus, then factors joined by ``\\cdot``, each a decimal number (``1e-05``
    too, as YAML writes a float) with an optional power ``^{p}``, ``^{p/q}`` or ``^d``. Anything else is a ValueError."""
    body = text.strip()
    sign = -1.0 if body.startswith("-") else 1.0
    body = body[1:] if body.startswith("-") else body
    value = sign
    for part in body.split(r"\cdot"):
        m = _FACTOR.fullmatch(part)
        if m is None or not part.strip():
            raise ValueError(f"'{text}' is not a number (write 0.125, 3^{{-1/2}} or 1.5\\cdot 10^{{-5}})")
        base, p, q, digit = m.groups()
        power = float(p) / float(q or 1) if p is not None else float(digit) if digit is not None else 1.0
        if float(base) == 0.0 and power < 0:
            raise ValueError(f"'{text}' divides by zero")
        try:
            value *= float(base) ** power
        except OverflowError:
            raise ValueError(f"'{text}' is too large") from None
    if value != value or abs(value) == float("inf"):
        raise ValueError(f"'{text}' is too large")
    return value


def check_number(text: object, where: str) -> str:
    """``text`` if it is a number :func:`number_value` reads, else a located SpecError."""
    from .errors import SpecError

    if not isinstance(text, str):
        raise SpecError(f"expected a number as TeX math (3^{{-1/2}}, 0.125), got {type(text).__name__}", where=where)
    try:
        number_value(text)
    except ValueError as exc:
        raise SpecError(str(exc), where=where) from None
    return text
