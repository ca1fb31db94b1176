"""A PyTorch ``nn.Module`` traced as a function of its inputs and its parameters.

``trace(model, x)`` draws each parameter as a tensor named after it (``W_Q``, or ``attn_W_Q`` when two
submodules both have a ``W_Q``): while the module runs, each parameter is replaced by a tracer (for the check,
by a random tensor), and put back afterwards.
"""

from __future__ import annotations

import contextlib
import inspect
import re
from typing import Any, Callable, Iterator, Sequence


def is_module(fn: Any) -> bool:
    import sys

    torch = sys.modules.get("torch")
    return torch is not None and isinstance(fn, torch.nn.Module)


def parameter_names(dotted: Sequence[str]) -> list[str]:
    """Tensor names for parameters: the last part of the dotted name (with its module's for a ``weight`` or a
    ``bias``), or the whole dotted name when two parameters would share one.

    >>> parameter_names(["attn.W_Q", "mlp.up.weight", "ln.w", "attn2.w", "W_U"])
    ['W_Q', 'up_weight', 'ln_w', 'attn2_w', 'W_U']
    """
    parts = [d.split(".") for d in dotted]
    short = ["_".join(p[-2:]) if p[-1] in ("weight", "bias") and len(p) > 1 else p[-1] for p in parts]
    return [re.sub(r"\W", "_", n if short.count(n) == 1 else d) for n, d in zip(short, dotted)]


@contextlib.contextmanager
def swapped(module: Any, dotted: Sequence[str], values: Sequence[Any]) -> Iterator[None]:
    """``module`` with each named parameter replaced by a value (a tracer, or a tensor), put back afterwards."""
    saved: dict[int, tuple[Any, dict[str, Any]]] = {}  # each owner's parameters, in their order
    try:
        for name, value in zip(dotted, values):
            owner_path, _, attr = name.rpartition(".")
            owner = module.get_submodule(owner_path) if owner_path else module
            saved.setdefault(id(owner), (owner, dict(owner._parameters)))
            del owner._parameters[attr]
            owner.__dict__[attr] = value
        yield
    finally:
        for owner, params in saved.values():
            for attr in params:
                owner.__dict__.pop(attr, None)
            owner._parameters.clear()
            owner._parameters.update(params)


def as_function(module: Any, inputs: int) -> tuple[Callable[..., Any], list[str], list[str], list[Any]]:
    """``module`` as a function of its ``inputs`` and then its parameters; the names of both, and the parameters'
    zero examples."""
    import torch

    dotted = [name for name, _ in module.named_parameters()]
    params = [p for _, p in module.named_parameters()]
    forward = [p.name for p in inspect.signature(module.forward).parameters.values()
               if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)][:inputs]
    forward += [f"T{k}" for k in range(len(forward), inputs)]

    def call(*args: Any) -> Any:
        with swapped(module, dotted, args[inputs:]):
            return module(*args[:inputs])

    call.__name__ = type(module).__name__
    examples = [torch.zeros(tuple(p.shape), dtype=torch.float64) for p in params]
    return call, forward + parameter_names(dotted), dotted, examples
