"""An index's name is not its label: what a leg shows, apart from the name the einsum and the check use.

A transformer figure needs many distinct indices that all read "hidden" or "seq pos". Two rules give them
their text:

* **the dot**: nothing after a dot is shown, so ``hidden.2`` reads "hidden" and ``seq_pos.in`` reads
  "seq pos". An index name holds at most one dot, between word characters (``hidden.2``, not ``hidden.``,
  ``.2`` or ``a.b.c``); numpy's ellipsis ``...`` stays refused;
* **index_labels**: a mapping from an index name to its text, ``{h2: hidden, s_in: seq pos}``, on a
  diagram or at an equation's top level (for all its terms; a term's own entry wins). A key may also be the
  part before the dot, ``{seq: seq pos}`` labelling ``seq.1`` and ``seq.2``; a full name wins over it.

The text is either plain words (letters, digits, spaces, ``_`` and ``'``: shown as an index name is, with
underscores as spaces) or TeX math from the safe subset of :mod:`tensordiag.texlabel` (``d_{\\mathrm{model}}``,
``\\alpha'``). Every leg label, size label (``hidden=768``) and Σ shows the text; the check, the einsum, the
JSON and the ids keep the real names, so two indices that read alike are still two wires.

>>> shown_index("hidden.2", {}), shown_index("k2", {"k2": "k"}), shown_index("seq.1", {"seq": "seq pos"})
('hidden', 'k', 'seq pos')
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from .errors import SpecError, quote
from .texlabel import LabelError, bad_character_message, validate_math

PLAIN = re.compile(r"(?:[\w' ]|\\_)*\w(?:[\w' ]|\\_)*")
"""Plain words: shown the way an index name is (``seq_pos`` and ``seq pos`` both read "seq pos"); an escaped
underscore ``\\_`` stays one (``seq\\_pos`` reads "seq_pos")."""
MAX_SHOWN = 200
"""The longest text an index may show (as long as a math label)."""


def base_name(index: str) -> str:
    """The part of an index name that is shown: everything before its dot (``hidden.2`` → ``hidden``)."""
    return index.partition(".")[0]


def shown_index(index: str, labels: Mapping[str, str]) -> str:
    """The text a leg carrying ``index`` shows: its own label, else its base name's label, else the base name."""
    text = labels.get(index)
    if text is None:
        base = base_name(index)
        text = labels.get(base, base)
    return text


def is_plain(text: str) -> bool:
    """Whether ``text`` is plain words (set like an index name) rather than TeX math."""
    return bool(PLAIN.fullmatch(text))


def check_index_label(text: Any, where: str) -> str:
    """Text an index may show: plain words, or the safe TeX subset of math labels; else a SpecError at ``where``."""
    if not isinstance(text, str) or not text.strip():
        shown = quote(text) if isinstance(text, str) else type(text).__name__
        raise SpecError(f"expected the text this index shows (words such as 'seq pos', or TeX math), got {shown}",
                        where=where)
    bad = bad_character_message(text)
    if bad:
        raise SpecError(f"index label {quote(text)} {bad}", where=where)
    if len(text) > MAX_SHOWN:
        raise SpecError(f"index label is {len(text):,} characters long; it holds at most {MAX_SHOWN}", where=where)
    try:
        validate_math(text)
    except LabelError as exc:
        raise SpecError(f"index label {quote(text)}: {exc}", where=where) from None
    return text


def unknown_label(key: str, indices: tuple[str, ...]) -> str | None:
    """Why ``key`` of an ``index_labels`` mapping labels nothing (None when it names an index or a base name)."""
    if key in indices or any(base_name(i) == key for i in indices if "." in i):
        return None
    import difflib

    listed = ", ".join(indices[:12]) + (", …" if len(indices) > 12 else "")
    hint = difflib.get_close_matches(key, indices, n=1)
    extra = f"; did you mean '{hint[0]}'?" if hint else ""
    return f"'{key}' is no index of this figure (its indices: {listed or 'none'}){extra}"


def check_index_labels(figure: Any) -> None:
    """The ``index_labels`` of a Diagram or an Equation: (index, text) pairs, each index one of the figure's
    (or the base name of a dotted one), each text one an index may show."""
    from .model import check_index

    labels = figure.index_labels
    if not labels:
        return
    if not isinstance(labels, tuple) or not all(isinstance(p, tuple) and len(p) == 2 for p in labels):
        raise SpecError(f"expected a tuple of (index, text) pairs, got {type(labels).__name__}", where="index_labels")
    terms = getattr(figure, "terms", None)
    indices = figure.indices if terms is None else tuple(dict.fromkeys(i for t in terms for i in t.diagram.indices))
    for index, text in labels:
        check_index(index, f"index_labels.{index}")
        check_index_label(text, f"index_labels.{index}")
        why = unknown_label(index, indices)
        if why:
            raise SpecError(why, where=f"index_labels.{index}")


def labelled_terms(equation: Any) -> list[Any]:
    """An Equation's terms, each diagram carrying the equation's ``index_labels`` that name its indices (its own
    entries win), so that every term is drawn, laid out and summed over with the same text."""
    from dataclasses import replace

    if not equation.index_labels:
        return list(equation.terms)
    out = []
    for term in equation.terms:
        d = term.diagram
        own = dict(d.index_labels)
        indices = d.indices
        extra = tuple((k, v) for k, v in equation.index_labels if k not in own and unknown_label(k, indices) is None)
        out.append(replace(term, diagram=replace(d, index_labels=extra + d.index_labels)) if extra else term)
    return out
