"""Names usable as TikZ node names and XML ids, built from the spec's names (never from a counter)."""

from __future__ import annotations


def safe_id(name: str) -> str:
    """A name usable as a TikZ node name and an XML id: Greek spelled out, other symbols as hex."""
    from ..texlabel import GREEK

    spelled = {v: k for k, v in GREEK.items()}
    out = []
    for ch in name:
        if ch.isascii() and (ch.isalnum() or ch == "-"):
            out.append(ch)
        elif ch == "_":
            out.append("_")
        elif ch in spelled:
            out.append(spelled[ch])
        else:
            out.append(f"u{ord(ch):x}")
    text = "".join(out)
    return text if text[:1].isalpha() else "n" + text
