"""Validation where every figure is drawn, not only where it is made.

The model's dataclasses are frozen and check their fields when made (:mod:`tensordiag.fields`), but Python
cannot stop ``object.__setattr__`` from changing a field afterwards. Before a figure is drawn, each of its
model objects runs its checks again on its current fields (their ``__post_init__``, which only checks), so
a label or colour changed behind the checks is refused exactly as in a spec.
"""

from __future__ import annotations

import dataclasses


def check_again(obj: object) -> None:
    """Run the checks of ``obj`` and of every model object inside it, innermost first."""
    if isinstance(obj, (tuple, list)):
        for x in obj:
            check_again(x)
        return
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type) or type(obj).__module__ != "tensordiag.model":
        return
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, (tuple, list)) or dataclasses.is_dataclass(value):
            check_again(value)
    obj.__post_init__()  # type: ignore[attr-defined]
