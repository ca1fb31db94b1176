"""Names usable as TikZ node names and XML ids, built from the spec's names (never from a counter):
one id per name, never the same id for two names."""

from __future__ import annotations

import re
from functools import lru_cache


def safe_id(name: str) -> str:
    """A name usable as a TikZ node name and an XML id, and a different one for every name.

    Greek letters are spelled out, ``†`` as ``dag`` and ``'`` as ``prime`` (as TeX writes them), other marks
    as their code points (``.`` is ``u2e``), other letters and digits kept: ``V†`` is ``Vdag``, ``λ1`` is
    ``lambda1``, ``W_E''`` is ``W_Eprimeprime``. Spelling can make two names look alike (``α`` and ``alpha``,
    ``A'`` and ``Aprime``, ``_1`` and ``n_1``): the spelled text is read back, and a name it does not give
    back (``alpha``, ``Aprime``, ``_1``) is followed by ``-`` and its characters' code points, so the id is
    the name's alone. Only those ids hold a ``-``.

    >>> safe_id("V†"), safe_id("λ1"), safe_id("W_O")
    ('Vdag', 'lambda1', 'W_O')
    >>> safe_id("α"), safe_id("alpha"), safe_id("_1")
    ('alpha', 'alpha-61-6c-70-68-61', 'n_1-5f-31')
    """
    text = _spelled(name)
    if _read_back(text) == name:
        return text
    return text.replace("-", "") + "-" + "-".join(f"{ord(ch):x}" for ch in name)


def _spelled(name: str) -> str:
    from ..texlabel import GREEK

    spelled = {v: k for k, v in GREEK.items()}
    out = []
    for ch in name:
        if ch.isascii() and (ch.isalnum() or ch in "-_"):
            out.append(ch)
        elif ch in spelled:
            out.append(spelled[ch])
        elif ch in _MARKS:
            out.append(_MARKS[ch])
        else:
            out.append(f"u{ord(ch):x}")
    text = "".join(out)
    return text if text[:1].isalpha() else "n" + text


_MARKS = {"†": "dag", "'": "prime"}
_READ_MARKS = (("dag", "†"), ("prime", "'"), ("u2e", "."))


@lru_cache(maxsize=1)
def _greek_words() -> re.Pattern[str]:
    """The spelled-out Greek letters, the longest first (``epsilon`` before ``eps``… before ``e``)."""
    from ..texlabel import GREEK

    return re.compile("|".join(re.escape(w) for w in sorted(GREEK, key=len, reverse=True)))


def _read_back(text: str) -> str | None:
    """The one name :func:`_spelled` is taken to spell: Greek where a spelled-out letter stands alone among
    ASCII letters (``lambda1``, ``W_alpha``, not ``num``), ``prime`` and ``dag`` as ``'`` and ``†``, the
    rest as written. None for text no name is read from (a ``-``)."""
    from ..texlabel import GREEK

    words = _greek_words()
    out = []
    i = 0
    while i < len(text):
        letter_before = i > 0 and text[i - 1].isascii() and text[i - 1].isalpha()
        for mark, ch in _READ_MARKS:
            if text.startswith(mark, i):
                out.append(ch)
                i += len(mark)
                break
        else:
            found = None if letter_before else words.match(text, i)
            word = found.group() if found else None
            after = i + len(word) if word else 0
            if word and not (after < len(text) and text[after].isascii() and text[after].isalpha()):
                out.append(GREEK[word])
                i = after
            elif text[i] == "-":
                return None
            else:
                out.append(text[i])
                i += 1
    return "".join(out)
