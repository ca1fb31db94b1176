"""The post's toy induction head, evaluated numerically: numbers only, nothing drawn.

The last section of the post builds a "virtual attention head" from the K-composition of two heads:
a previous-token head in layer 1 (``W_O W_V`` and the fixed pattern ``A``) feeding the key side of
a head in layer 2 (``W_Q W_K``). The four weight matrices compose to ``Match``, a semantic delta
(here exactly the identity: ``W_V`` and ``W_Q`` are random orthogonal matrices and ``W_O = W_V^T``,
``W_K = W_Q``), so the layer-2 score of query ``q`` and key ``k`` is the overlap of the token at
``q`` with the token the previous-token head copied into ``k``, i.e. the token at ``k - 1``.

The post writes the previous-token pattern as ``A_{k,q} = δ_{k,q+1}`` and fixes its meaning in
prose: an index ``pos`` on its key side maps to ``pos + 1`` on its query side ("always just attending
to the previous token"). Here it is the array ``A[query, key] = 1`` when ``query == key + shift``
with ``shift=1``; ``shift=0`` is the broken variant ``δ(k, q)`` that attends to the token itself.

Scores come from one ``numpy.einsum`` over the network's tensors (the one-hot input
``x = δ_{seq_pos, token_ID}``, the embedding, the four weight matrices and ``A``); the pattern is a
causally masked softmax over the key position. :func:`induction_outcome` is the
``induction-pattern`` experiment (:mod:`tensordiag.experiments`): the pattern as plain data, for the
gallery to draw with :mod:`tensordiag.render.heatmap`.

>>> p = induction_pattern(seed=0, tokens=8, hidden=32)
>>> p.shape
(16, 16)
>>> verify(p, 8)[0]
True
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .errors import CheckError
from .experiments import Outcome

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SCORES_EINSUM = "pt,td,ad,ae,ef,fg,kj,js,sg->pk"
"""Layer-2 scores of the virtual head, operands in :data:`SCORE_OPERANDS` order."""

SCORE_OPERANDS = ("x", "E", "W_Q", "W_K", "W_O", "W_V", "A", "x", "E")
"""``x[p,t] E[t,d]`` is the query-side residual stream, ``W_Q[a,d] W_K[a,e]`` the layer-2 query-key
bilinear form, ``W_O[e,f] W_V[f,g]`` the layer-1 output-value map, ``A[k,j]`` the layer-1 pattern
(query ``k``, key ``j``) and ``x[j,s] E[s,g]`` the key-side residual stream."""


def _orthogonal(rng: np.random.Generator, n: int) -> NDArray[np.float64]:
    import numpy as np

    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))  # Haar-distributed, sign convention fixed


def induction_network(seed: int = 0, *, tokens: int = 16, hidden: int = 64, repeats: int = 2,
                      shift: int = 1) -> dict[str, NDArray[np.float64]]:
    """The tensors of the virtual induction head, on ``tokens`` random tokens repeated ``repeats`` times.

    Keys: ``x`` (position × token one-hot, the post's ``δ_{seq_pos, token_ID}``), ``E`` (token ×
    hidden, random unit rows), ``W_Q``, ``W_K`` (head × hidden), ``W_O`` (hidden × head), ``W_V``
    (head × hidden), ``A`` (layer-1 pattern, query × key, ``A[q, k] = δ(q, k + shift)``).
    The token order within a period is a seeded random permutation.
    """
    import numpy as np

    for name, value, least in (("tokens", tokens, 2), ("hidden", hidden, 1), ("repeats", repeats, 2)):
        if not isinstance(value, int) or value < least:
            raise CheckError(f"induction head: {name} must be an integer >= {least}, got {value!r}")
    if not isinstance(shift, int) or shift < 0:
        raise CheckError(f"induction head: shift must be an integer >= 0, got {shift!r}")
    rng = np.random.default_rng(seed)
    embed = rng.standard_normal((tokens, hidden))
    embed /= np.linalg.norm(embed, axis=1, keepdims=True)
    order = np.tile(rng.permutation(tokens), repeats)
    n = tokens * repeats
    onehot = np.zeros((n, tokens))
    onehot[np.arange(n), order] = 1.0
    w_v = _orthogonal(rng, hidden)
    w_q = _orthogonal(rng, hidden)
    prev = np.eye(n, k=-shift)  # prev[q, k] = 1 where q == k + shift
    return {"x": onehot, "E": embed, "W_Q": w_q, "W_K": w_q.copy(), "W_O": w_v.T.copy(), "W_V": w_v, "A": prev}


def match_tensor(net: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """``Match[d, g] = W_Q[a,d] W_K[a,e] W_O[e,f] W_V[f,g]``: the composed semantic delta (hidden × hidden)."""
    import numpy as np

    return np.einsum("ad,ae,ef,fg->dg", net["W_Q"], net["W_K"], net["W_O"], net["W_V"], optimize=True)


def induction_scores(net: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """Pre-softmax layer-2 scores (query × key), contracted from the network's tensors."""
    import numpy as np

    return np.einsum(SCORES_EINSUM, *(net[name] for name in SCORE_OPERANDS), optimize=True)


def causal_softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Softmax over the key axis with keys after the query masked out (their weight is exactly 0)."""
    import numpy as np

    n = scores.shape[0]
    allowed = np.tril(np.ones((n, n), dtype=bool))
    masked = np.where(allowed, scores, -np.inf)
    weights = np.exp(masked - masked.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


def induction_pattern(seed: int = 0, *, tokens: int = 16, hidden: int = 64, scale: float = 8.0,
                      repeats: int = 2, shift: int = 1) -> NDArray[np.float64]:
    """The toy induction head's attention pattern (query × key) on a repeating sequence of random vectors.

    ``scale`` multiplies the scores before the softmax (an inverse temperature: a matching token
    scores ``scale``, an unrelated one about ``scale / sqrt(hidden)`` times a standard normal).
    ``shift=0`` gives the broken ``δ(k, q)`` layer-1 pattern.
    """
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise CheckError(f"induction head: scale must be a finite number > 0, got {scale!r}")
    net = induction_network(seed, tokens=tokens, hidden=hidden, repeats=repeats, shift=shift)
    return causal_softmax(scale * induction_scores(net))


def verify(pattern: NDArray[np.float64], sequence_period: int) -> tuple[bool, str]:
    """Does every query after the first period attend most to a key right after an earlier occurrence of its token?

    For a sequence repeating with period ``T``, query ``q >= T`` should have its argmax at key
    ``q - T + 1`` (the position after the previous occurrence) or, from the third repeat on, at
    ``q - mT + 1`` for another ``m >= 1``: this head matches tokens and does not prefer recent ones,
    so every earlier occurrence scores alike. Returns ``(ok, detail)``; the detail gives the number
    of queries checked, the mean and least attention mass on those keys, and the first query that misses.
    """
    import numpy as np

    arr = np.asarray(pattern, dtype=float)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise CheckError(f"induction check: the pattern must be a square query × key matrix, got shape {arr.shape}")
    n = arr.shape[0]
    if not isinstance(sequence_period, int) or not 1 <= sequence_period < n:
        raise CheckError(f"induction check: sequence_period must be an integer in 1..{n - 1} "
                         f"for a {n} × {n} pattern, got {sequence_period!r}")
    misses: list[int] = []
    masses: list[float] = []
    for q in range(sequence_period, n):
        expected = list(range(q - sequence_period + 1, 0, -sequence_period))
        masses.append(float(arr[q, expected].sum()))
        if int(arr[q].argmax()) not in expected:
            misses.append(q)
    checked = n - sequence_period
    stats = f"mean attention on the expected keys {np.mean(masses):.3f} (least {min(masses):.3f})"
    if misses:
        q = misses[0]
        return False, (f"{len(misses)} of {checked} queries miss: query {q} attends most to key "
                       f"{int(arr[q].argmax())}, expected {q - sequence_period + 1}; {stats}")
    return True, f"all {checked} queries after the first period attend to the next token's position; {stats}"


def induction_outcome(seed: int = 0, *, tokens: int = 16, hidden: int = 64, scale: float = 8.0) -> Outcome:
    """The ``induction-pattern`` experiment: the toy head's pattern on ``tokens`` tokens repeated twice, verified.

    >>> o = induction_outcome(0, tokens=8, hidden=32)
    >>> o.ok, o.matrix.shape, o.boundaries
    (True, (16, 16), (8,))
    """
    pattern = induction_pattern(seed, tokens=tokens, hidden=hidden, scale=scale)
    ok, detail = verify(pattern, tokens)
    return Outcome(ok=ok, what="induction pattern", detail=detail,
                   title=f"Toy induction head: attention on {tokens} random tokens repeated twice",
                   matrix=pattern, row_label="query position (q)", col_label="key position (k)",
                   boundaries=(tokens,))
