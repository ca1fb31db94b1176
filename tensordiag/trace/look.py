"""A traced figure dressed as the hand-drawn ones: the post's colours, by index name.

The hand figures (18a, 18b, 20a, 21a) draw every seq pos wire red; a traced figure does the same for every
index whose shown name (before its dot) is a sequence position: ``seq_pos``, ``seq``, ``pos``, ``position``.
The other four of the post's names (vocab, hidden, num heads, head size) stay black, as in the post.

Code names its axes as its authors do (``d_model``, ``n_head``, ``d_head``); an index with such a name reads as
the post's name (``index_labels``: the drawing shows "hidden", the einsum keeps ``d_model``).
"""

from __future__ import annotations

from typing import Any

SEQ_POS_RED = "#b2182b"
SEQ_POS_NAMES = frozenset({"seq_pos", "seq", "pos", "position", "posn"})


POST_NAMES = {
    "seq": "seq pos", "pos": "seq pos", "position": "seq pos", "posn": "seq pos", "n_ctx": "seq pos",
    "d_model": "hidden", "n_embd": "hidden", "d_embed": "hidden", "embed": "hidden", "resid": "hidden",
    "n_head": "num heads", "n_heads": "num heads", "heads": "num heads", "head": "num heads",
    "head_index": "num heads", "d_head": "head size", "head_dim": "head size", "d_k": "head size",
    "d_vocab": "vocab", "vocab_size": "vocab", "d_mlp": "mlp",
}
"""Axis names common in transformer code, and the post's name each reads as."""


def index_labels(dims: dict[str, Any]) -> dict[str, str]:
    """``index_labels`` for a spec's indices whose names code uses for the post's five (and mlp).

    >>> index_labels({"seq": 4, "d_model": 6, "d_model.2": 6, "k": 3})
    {'seq': 'seq pos', 'd_model': 'hidden'}
    """
    bases = dict.fromkeys(name.partition(".")[0] for name in dims)
    return {b: POST_NAMES[b] for b in bases if b in POST_NAMES}


def leg_colors(dims: dict[str, Any]) -> dict[str, str]:
    """``leg_colors`` for a spec's indices: each sequence position red.

    >>> leg_colors({"seq_pos": 4, "hidden": 6, "seq_pos.2": 4})
    {'seq_pos': '#b2182b', 'seq_pos.2': '#b2182b'}
    """
    return {name: SEQ_POS_RED for name in dims if name.partition(".")[0] in SEQ_POS_NAMES}
