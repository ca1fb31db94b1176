"""The nonlinearities a bubble can apply, by name: elementwise ones and two that normalise along a leg.

Part of the check (it needs numpy); nothing else imports it. Names are matched as written and in lower case,
so ``ReLU``, ``relu``, ``GELU`` and ``σ`` all work.

>>> import numpy as np
>>> apply_function("relu", np.array([-1.0, 2.0]), axis=None).tolist()
[0.0, 2.0]
>>> apply_function("softmax", np.zeros((2, 2)), axis=1).tolist()
[[0.5, 0.5], [0.5, 0.5]]
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ..errors import CheckError


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh approximation (GPT-2's)."""
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def _gelu_erf(x: np.ndarray) -> np.ndarray:
    """GELU as PyTorch computes it by default: x Φ(x), with the error function."""
    erf = np.vectorize(math.erf, otypes=[float])
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    shifted = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return shifted / np.sum(shifted, axis=axis, keepdims=True)


def _layernorm(x: np.ndarray, axis: int, eps: float = 0.0) -> np.ndarray:
    """Zero mean and unit variance along ``axis`` (``eps`` added to the variance); no learned scale or shift."""
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return centred / np.sqrt(np.mean(centred**2, axis=axis, keepdims=True) + eps)


ELEMENTWISE: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigma": _sigmoid, "σ": _sigmoid, "sigmoid": _sigmoid, "relu": _relu, "gelu": _gelu, "gelu_erf": _gelu_erf,
    "tanh": np.tanh, "exp": np.exp,
}
"""Functions applied to every entry on its own."""

ALONG_A_LEG: dict[str, Callable[..., np.ndarray]] = {"softmax": _softmax, "layernorm": _layernorm}
"""Functions that normalise along one leg (a bubble's ``over``)."""

KNOWN: tuple[str, ...] = tuple(sorted([*ELEMENTWISE, *ALONG_A_LEG]))


def normalised(name: str) -> str:
    """The registry key for ``name`` (``ReLU`` → ``relu``); an unknown name is a CheckError listing the known ones."""
    key = name if name in ELEMENTWISE or name in ALONG_A_LEG else name.lower()
    if key not in ELEMENTWISE and key not in ALONG_A_LEG:
        raise CheckError(f"unknown function '{name}' (known: {', '.join(KNOWN)})")
    return key


def needs_axis(name: str) -> bool:
    """Whether ``name`` normalises along a leg, so its bubble must say ``over``."""
    return normalised(name) in ALONG_A_LEG


def apply_function(name: str, x: np.ndarray, *, axis: int | None, eps: float = 0.0) -> np.ndarray:
    """``name`` applied to ``x``: entrywise, or along ``axis`` for softmax and layernorm (``eps``: layernorm's)."""
    key = normalised(name)
    if key in ALONG_A_LEG:
        if axis is None:
            raise CheckError(f"'{name}' normalises along a leg: give the bubble 'over'")
        return ALONG_A_LEG[key](x, axis, eps) if key == "layernorm" else ALONG_A_LEG[key](x, axis)
    return ELEMENTWISE[key](x)
