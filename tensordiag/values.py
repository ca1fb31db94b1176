"""Exact values: the kinds whose entries are fixed numbers (no randomness), and what a tensor may add to
say so: an inverse, a one-hot's tokens, a value picture. Pure Python, imported by the model, the spec,
the check's stand-ins and the drawing alike, so the picture shows the numbers the check uses.

* ``shift``: δ(k, q+1) over its two legs k, q (the previous-token pattern): ``a[k, q] = 1`` when k = q + 1;
  its last column is zero.
* ``one_hot`` with ``tokens: [3, 0, 2, 2]``: ``x[s, v] = 1`` when v is the token at position s (the post's
  input x = δ(seq pos, token id)); its first leg has one entry per token, its second at least the largest
  token plus one.
* ``delta`` and ``identity`` of two legs: the identity matrix.
* ``invertible``: a random, well-conditioned square matrix over the first and second half of its legs; a
  tensor with ``inverse: true`` and ``data: X`` is X's true inverse (``numpy.linalg.inv``), its first half of
  legs matching X's second.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import SpecError

PICTURED = ("shift", "one_hot", "delta", "identity")
"""The kinds whose entries are exact, so a value picture can show them."""
MAX_TOKEN = 1_023
"""The largest token a one-hot may hold (its second leg is at least one longer)."""
MAX_TOKENS = 1_024
"""The most tokens a one-hot may hold (its first leg is that long): a one-hot stays within the check's
2²⁰ entries a stand-in may hold."""
MAX_PICTURE = 4_096
"""The most cells a value picture may have (64 × 64)."""
DEFAULT_SIZE = 4
"""A picture's side when its leg's size is declared nowhere."""
PICTURE_SIDES = ("up", "down", "left", "right")


def check_value_fields(name: str, kind: str, legs: int, data: str | None, inverse: Any, tokens: Any,
                       picture: Any) -> None:
    """The model's checks of ``inverse``, ``tokens`` and ``picture`` (every path: a spec, the Python API)."""
    where = f"tensors.{name}"
    if not isinstance(inverse, bool):
        raise SpecError(f"expected true or false, got {type(inverse).__name__}", where=f"{where}.inverse")
    if inverse and (data is None or data == name):
        raise SpecError("an inverse names the matrix it inverts: give 'data: X'", where=f"{where}.inverse")
    if inverse and legs % 2:
        raise SpecError(f"an inverse is a square matrix over two halves of its legs, got {legs} legs",
                        where=f"{where}.legs")
    if kind == "invertible" and legs % 2:
        raise SpecError(f"an invertible matrix has two halves of legs (rows, columns), got {legs} legs",
                        where=f"{where}.legs")
    if not isinstance(tokens, tuple) or not all(isinstance(v, int) and not isinstance(v, bool) for v in tokens):
        raise SpecError("expected a list of tokens (whole numbers from 0)", where=f"{where}.tokens")
    if kind == "one_hot":
        if legs != 2:
            raise SpecError(f"a one-hot has exactly 2 legs (position, token), got {legs}", where=f"{where}.legs")
        if not tokens:
            raise SpecError("a one-hot needs its tokens: 'tokens: [3, 0, 2, 2]'", where=f"{where}.tokens")
        if len(tokens) > MAX_TOKENS:
            raise SpecError(f"{len(tokens):,} tokens; a one-hot holds at most {MAX_TOKENS:,}", where=f"{where}.tokens")
        bad = next((v for v in tokens if not 0 <= v <= MAX_TOKEN), None)
        if bad is not None:
            raise SpecError(f"token {bad} is not between 0 and {MAX_TOKEN:,}", where=f"{where}.tokens")
    elif tokens:
        raise SpecError(f"only a one_hot tensor has tokens, not a {kind} tensor", where=f"{where}.tokens")
    if picture is not None:
        if picture not in PICTURE_SIDES:
            raise SpecError(f"expected a side for the picture ({', '.join(PICTURE_SIDES)}), got {picture!r}",
                            where=f"{where}.picture")
        if kind not in PICTURED or legs != 2:
            raise SpecError(f"a value picture shows exact entries of a matrix: a {', '.join(PICTURED[:-1])} or {PICTURED[-1]} "
                            f"tensor of 2 legs, not a {kind} tensor of {legs}", where=f"{where}.picture")


def picture_size(kind: str, legs: tuple[tuple[str, ...], ...], tokens: tuple[int, ...], dims: dict[str, int],
                 where: str) -> tuple[int, int]:
    """A value picture's rows and columns: the legs' declared sizes, else a one-hot's tokens, else the other
    leg's or ``DEFAULT_SIZE``; more than ``MAX_PICTURE`` cells is refused."""
    least = one_hot_sizes(tokens) if kind == "one_hot" else (0, 0)
    known = [math.prod(dims[i] for i in leg) if all(i in dims for i in leg) else None for leg in legs]
    if kind in ("shift", "delta", "identity"):  # one size on both legs
        rows = cols = next((k for k in known if k is not None), DEFAULT_SIZE)
    else:
        rows = known[0] if known[0] is not None else least[0]
        cols = known[1] if known[1] is not None else max(least[1], DEFAULT_SIZE)
    if rows * cols > MAX_PICTURE:
        raise SpecError(f"a value picture of {rows:,} × {cols:,} entries; a picture shows at most {MAX_PICTURE:,}",
                        where=where)
    return rows, cols


def one_hot_sizes(tokens: tuple[int, ...]) -> tuple[int, int]:
    """A one-hot's least sizes: one position per token, and the largest token plus one."""
    return len(tokens), max(tokens) + 1


def entries(kind: str, rows: int, cols: int, tokens: tuple[int, ...] = ()) -> list[list[float]]:
    """The exact ``rows`` × ``cols`` matrix of a shift, one-hot, delta or identity."""
    if kind == "shift":
        return [[1.0 if k == q + 1 else 0.0 for q in range(cols)] for k in range(rows)]
    if kind == "one_hot":
        return [[1.0 if s < len(tokens) and v == tokens[s] else 0.0 for v in range(cols)] for s in range(rows)]
    if kind in ("delta", "identity"):
        return [[1.0 if r == c else 0.0 for c in range(cols)] for r in range(rows)]
    raise ValueError(f"no exact entries for a {kind} tensor")
