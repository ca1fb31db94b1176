"""A traced figure dressed as the hand-drawn ones: the post's colours, by index name.

The hand figures (18a, 18b, 20a, 21a) draw every seq pos wire red; a traced figure does the same for every
index whose shown name (before its dot) is a sequence position: ``seq_pos``, ``seq``, ``pos``, ``position``.
The other four of the post's names (vocab, hidden, num heads, head size) stay black, as in the post.
"""

from __future__ import annotations

from typing import Any

SEQ_POS_RED = "#b2182b"
SEQ_POS_NAMES = frozenset({"seq_pos", "seq", "pos", "position", "posn"})


def leg_colors(dims: dict[str, Any]) -> dict[str, str]:
    """``leg_colors`` for a spec's indices: each sequence position red.

    >>> leg_colors({"seq_pos": 4, "hidden": 6, "seq_pos.2": 4})
    {'seq_pos': '#b2182b', 'seq_pos.2': '#b2182b'}
    """
    return {name: SEQ_POS_RED for name in dims if name.partition(".")[0] in SEQ_POS_NAMES}
