"""A tensor's exact-value keys in a spec: ``inverse``, ``tokens`` (a one-hot's) and ``picture`` (see
:mod:`tensordiag.values`), read and checked with the spec's line and path."""

from __future__ import annotations

from typing import Any

from ..errors import SpecError
from ..model import Leg, Tensor, leg_text
from ..values import PICTURE_SIDES, check_value_fields, one_hot_sizes, picture_size
from .consistency import leg_size
from .primitives import Ctx, kind_of, shown


def read_values(name: str, kind: str, legs: tuple[Leg, ...], data: str | None, props: dict[str, Any], path: str,
                ctx: Ctx) -> dict[str, Any]:
    """``inverse``, ``tokens`` and ``picture`` as the model's fields (``picture: true`` is ``up``)."""
    inverse = props.get("inverse", False)
    if not isinstance(inverse, bool):
        raise ctx.error(f"{path}.inverse", f"expected true or false, got {shown(inverse)}")
    value = props.get("tokens", [])
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ctx.error(f"{path}.tokens", f"expected a list of tokens (whole numbers from 0), got {kind_of(value)}")
    picture = props.get("picture")
    if picture is True:
        picture = "up"
    elif picture is False:
        picture = None
    elif picture is not None and picture not in PICTURE_SIDES:
        raise ctx.error(f"{path}.picture", f"expected true, false or a side ({', '.join(PICTURE_SIDES)}), "
                                           f"got {shown(picture)}")
    try:
        check_value_fields(name, kind, len(legs), data, inverse, tuple(value), picture)
    except SpecError as exc:
        rest = (exc.where or "").removeprefix(f"tensors.{name}")
        raise ctx.error(path + rest, exc.message) from None
    return {"inverse": inverse, "tokens": tuple(value), "picture": picture}


def token_sizes(t: Tensor, dims: dict[str, int], path: str, ctx: Ctx) -> None:
    """A one-hot's first leg has one entry per token and its second room for the largest token, where dims tell;
    a value picture is not too big."""
    if t.picture is not None:
        try:
            picture_size(t.kind, t.legs, t.tokens, dims, "")
        except SpecError as exc:
            raise ctx.error(f"{path}.picture", exc.message) from None
    if t.kind != "one_hot":
        return
    rows, cols = one_hot_sizes(t.tokens)
    first, second = leg_size(t.legs[0], dims), leg_size(t.legs[1], dims)
    if first is not None and first != rows:
        raise ctx.error(f"{path}.tokens", f"{rows} tokens, but its first leg '{leg_text(t.legs[0])}' is {first}: "
                                          "a one-hot has one position per token")
    if second is not None and second < cols:
        raise ctx.error(f"{path}.tokens", f"token {cols - 1}, but its second leg '{leg_text(t.legs[1])}' is "
                                          f"{second}: tokens run from 0 to {second - 1}")
