"""Einsum text → operands, output and names. Pure string work: no numbers, no drawing.

Three spellings are read:

* numpy: ``ij,jk->ik``, each character one index; without ``->`` the output is every index that
  appears exactly once, sorted (``ab,bc`` is ``ab,bc->ac``);
* einops: whitespace-separated names of word characters and ``'`` (``seq pos, pos hidden -> seq
  hidden``, Greek welcome), with groups in parentheses (``i j k l -> (i l) (k j)``), each name with at
  most one ``.suffix`` that leg labels do not show (``hidden.2``; :mod:`tensordiag.index_names`). A
  pattern is einops when any operand or the output has inner whitespace or a parenthesis, or it holds
  a dotted name and any whitespace; numpy's ellipsis ``...`` is refused;
* the whole call: ``einsum(A, v, B, 'i α β, β, β α j -> i j')`` (names the tensors), with any
  dotted prefix (``np.einsum``, ``torch.einsum``), ``rearrange(T, '…', j=3)``, numpy's order
  ``np.einsum('ij,jk->ik', A, B)`` and ``M = einsum(…)``. Empty operands there are scalars.

A single trailing empty operand before ``->`` (``'i, j, -> i j'``) is tolerated. Errors are
:class:`EinsumError` naming the operand (1-based) and the column (1-based) where known.

>>> p = parse_einsum("einsum(A, v, 'i j, j -> i')")
>>> p.names, p.operands, p.output
(('A', 'v'), ((('i',), ('j',)), (('j',),)), (('i',),))
>>> format_einsum(parse_einsum("ij,jk->ik"))
"einsum(A, B, 'i j, j k -> i k')"
>>> parse_einsum("i j k l -> (i l) (k j)").output
(('i', 'l'), ('k', 'j'))
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, fields
from itertools import chain
from typing import Callable, Literal

from .einsum_call import CALL, Source, split_call
from .errors import quote
from .model import Diagram, Leg, Tensor, leg_text
from .texlabel import MAX_NAME

MAX_OPERANDS = 10_000
"""The most operands one einsum may have; more is an :class:`EinsumError`."""

_GOOD = re.compile(r"[\w'\s,()>-]*")
_BAD = re.compile(r"[^\w'\s,()>-]")
_LONE = re.compile(r"-(?!>)|(?<!-)>")
_INNER = re.compile(r"[\s()]")
_LEG_TOKEN = re.compile(r"\(|\)|[^\s()]+")
_CHAR = re.compile(r"[\w']")
_WORD = re.compile(r"[\w']+(?:\.\w[\w']*)?")
_TWO_DOTS = re.compile(r"\.\w[\w']*\.(?=\w)")
_SUFFIX = re.compile(r"(?<=[\w'])\.(?=\w)")
_STRAY_PRIME = re.compile(r"(?<![\w'])'")
_EXPECTED = "expected index names, ',', '->', '(' or ')'"


@dataclass(frozen=True)
class ParsedEinsum:
    """An einsum, read: each operand's legs, the output's legs, the operands' names and sizes."""

    operands: tuple[tuple[Leg, ...], ...]
    """Per operand, its legs in axis order; a grouped leg ``(j k)`` is ``("j", "k")``."""
    output: tuple[Leg, ...]
    """The free legs in output order (groups allowed)."""
    names: tuple[str, ...]
    """Operand names: from the call form, else ``A``, ``B``, …, ``Z``, ``A1``, …"""
    named: bool
    """True when the names came from the text (the call form)."""
    explicit_output: bool
    """False for numpy's implicit output (``ab,bc``)."""
    dims: tuple[tuple[str, int], ...]
    """Sizes given as keywords in a call (``rearrange(M, 'i (j k) -> i j k', j=3)``)."""
    text: str
    """The text as given."""


def _default_names(count: int, taken: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """``A`` … ``Z``, then ``A1`` … ``Z1``, ``A2`` …: names for the operands of a bare pattern, skipping the
    pattern's own index names (``aB,Bc->ac`` names its tensors A and C: a tensor B beside an index B reads as one).

    >>> _default_names(3, frozenset("aBbc"))
    ('A', 'C', 'D')
    """
    names = (chr(65 + k % 26) + (str(k // 26) if k >= 26 else "") for k in range(count + len(taken)))
    return tuple(n for n in names if n not in taken)[:count]


def parse_einsum(text: str) -> ParsedEinsum:
    """Read an einsum pattern (numpy or einops) or a whole ``einsum(…)`` / ``rearrange(…)`` call."""
    src = Source(text)
    if not text.strip():
        raise src.fail("empty einsum: expected a pattern such as 'ij,jk->ik' or a call einsum(A, B, 'i j, j k -> i k')")
    call = CALL.match(text)
    if call:
        parts = split_call(src, call)
        if parts.function == "repeat":
            lhs, _, rhs = parts.body.partition("->")
            new = [i for i in _WORD.findall(rhs) if i not in set(_WORD.findall(lhs))]
            raise src.fail(f"repeat(…) adds the axes {', '.join(new) or 'it names'}, which no tensor has: draw it as the "
                           f"tensor times an all-ones tensor over them, einsum({parts.names[0]}, ones, "
                           f"'{lhs.strip()}, {' '.join(new)} -> {rhs.strip()}')", parts.base - 1)
        parsed = _pattern(src, parts.body, parts.base, parts.names, parts.function, parts.dims)
        known = {i for legs in parsed.operands for leg in legs for i in leg} if parts.keywords else set()
        for index, pos in parts.keywords.items():
            if index not in known:
                raise src.fail(f"a size is given for '{index}', which is in no operand", pos)
        return parsed
    body, base = text, 0
    stripped = text.strip()
    if stripped[0] in "'\"":
        if len(stripped) < 2 or stripped[-1] != stripped[0]:
            raise src.fail(f"unterminated string: expected a closing {stripped[0]} at the end of the pattern",
                           text.index(stripped[0]))
        base = text.index(stripped[0]) + 1
        body = stripped[1:-1]
    return _pattern(src, body, base, None, "einsum", ())


def batch_axes(body: str) -> str:
    """A pattern with numpy's ellipsis written out: ``...`` becomes one leg, ``batch`` (``batch2``, … when that
    name is taken), so that '...ij,...jk->...ik' is drawn with the batch axes as one labelled leg. In numpy style
    every other character stays an index (the pattern is rewritten with spaces).

    >>> batch_axes("...ij,...jk->...ik")
    'batch i j, batch j k -> batch i k'
    >>> batch_axes("b ... i, i j -> b ... j")
    'b batch i, i j -> b batch j'
    """
    taken = set(_WORD.findall(body.replace("...", " ")))
    name = next(n for n in ("batch", *(f"batch{k}" for k in range(2, 10_000))) if n not in taken)
    if any(c.isspace() or c in "()" for c in body.replace("...", "")):  # einops style: names between spaces
        return re.sub(r"\s*\.\.\.\s*", f" {name} ", body).replace(" ,", ",").strip()

    def spaced(part: str) -> str:
        return " ".join(name if tok == "..." else tok for tok in re.findall(r"\.\.\.|[^\s]", part))

    lhs, arrow, rhs = body.partition("->")
    out = ", ".join(spaced(p) for p in lhs.split(","))
    return out + (" -> " + spaced(rhs) if arrow else "")


def _pattern(src: Source, body: str, base: int, names: tuple[str, ...] | None, function: str,
             dims: tuple[tuple[str, int], ...]) -> ParsedEinsum:
    if "..." in body and not re.search(r"\.{4}", body):
        body = batch_axes(body)
    dotted = "." in body
    plain = _SUFFIX.sub("_", body) if dotted else body  # hidden.2 is one name; any other dot stays bad
    fine = _GOOD.fullmatch(plain) and plain.count("-") == plain.count("->") == plain.count(">")
    bad = None if fine else _BAD.search(plain) or _LONE.search(plain)
    if bad:
        pos, char = base + bad.start(), bad.group()
        if body.startswith("...", bad.start()):
            raise src.fail("ellipsis '...' is not supported: name every axis", pos)
        if char == ".":
            raise src.fail("a '.' joins an index name and a suffix that is not shown (hidden.2): "
                           "a letter, digit or _ goes on both sides", pos)
        if char in "->":
            raise src.fail(f"stray {char!r}: expected '->' between the operands and the output", pos)
        raise src.fail(f"unexpected character {char!r}: {_EXPECTED}", pos)
    two = _TWO_DOTS.search(body) if dotted else None
    if two:
        raise src.fail("an index name holds one '.suffix' (hidden.2), not two", base + two.end() - 1)
    stray = _STRAY_PRIME.search(body) if "'" in body else None
    if stray:
        raise src.fail("stray quote \"'\": a ' is a prime after an index name (i'), not the start of one",
                       base + stray.start())
    arrow = body.find("->")
    if arrow >= 0 and body.find("->", arrow + 2) >= 0:
        raise src.fail("a second '->': an einsum has one arrow", base + body.find("->", arrow + 2))
    lhs, rhs = (body, None) if arrow < 0 else (body[:arrow], body[arrow + 2:])
    if rhs is not None and "," in rhs:
        raise src.fail("',' in the output: the output is one list of indices", base + arrow + 2 + rhs.index(","))
    if function == "rearrange" and rhs is None:
        raise src.fail("rearrange needs '->' and an output", base + len(body))
    parts = lhs.split(",")
    wanted = None if names is None else len(names)
    if rhs is not None and not parts[-1].strip() and (wanted is None or len(parts) == wanted + 1):
        parts.pop()  # 'i, j, -> i j': the post's trailing comma; so a bare '->' has no operand
    if len(parts) > MAX_OPERANDS:
        raise src.fail(f"too many operands: {len(parts)}, at most {MAX_OPERANDS}", base)
    starts = [base]
    for part in parts[:-1]:
        starts.append(starts[-1] + len(part) + 1)
    if wanted is not None and len(parts) != wanted:
        raise src.fail(f"the call names {wanted} tensor{'s' * (wanted != 1)} but its pattern has "
                       f"{len(parts)} operand{'s' * (len(parts) != 1)}", base)
    einops = any(_INNER.search(p.strip()) for p in parts) or (rhs is not None and bool(_INNER.search(rhs.strip())))
    einops = einops or (dotted and any(c.isspace() for c in body))  # 'a.1 -> a.1': names, not characters
    taken = frozenset(re.findall(r"[\w.']+", body) if einops else re.findall(r"\w", body))
    labels = names if names is not None else _default_names(len(parts), taken)
    if dotted and not einops:
        raise src.fail("a dotted index name (hidden.2) needs einops style, names between spaces "
                       "(hidden hidden.2 -> hidden.2): in numpy style every character is an index",
                       base + body.index("."))

    operands: list[tuple[Leg, ...]] = []
    for k, part in enumerate(parts):
        if not einops and "'" in part:
            raise src.fail("a prime ' needs einops style, names between spaces (i' j -> i'): "
                           "in numpy style every character is an index", starts[k] + part.index("'"))
        if not einops:
            legs = tuple(zip(part.strip()))
        elif "(" in part or ")" in part:
            legs = _grouped(src, part, starts[k], f"operand {k + 1} ({labels[k]})", output=False)
        else:
            legs = tuple(zip(part.split()))
        if not legs and names is None:
            raise src.fail("empty operand: a bare pattern has no scalars; name them in a call "
                           "einsum(a, b, ', -> ')", starts[k], f"operand {k + 1} ({labels[k]})")
        operands.append(legs)
    everywhere = Counter(chain.from_iterable(chain.from_iterable(operands)))
    if max(map(len, everywhere), default=0) > MAX_NAME:
        word = next(m for m in _WORD.finditer(body) if len(m.group()) > MAX_NAME)
        raise src.fail(f"index name {quote(word.group())} is {len(word.group()):,} characters long; "
                       f"a name holds at most {MAX_NAME}", base + word.start())

    if rhs is not None and not einops and "'" in rhs:
        raise src.fail("a prime ' needs einops style, names between spaces (i' j -> i'): "
                       "in numpy style every character is an index", base + arrow + 2 + rhs.index("'"))
    if rhs is None:
        output: tuple[Leg, ...] = tuple((i,) for i in sorted(i for i, c in everywhere.items() if c == 1))
    else:
        grouped = "(" in rhs or ")" in rhs
        output = tuple(zip(rhs.split() if einops else rhs.strip())) if not grouped else ()
        free = [i for leg in output for i in leg]
        if grouped or len(set(free)) < len(free) or not everywhere.keys() >= set(free):
            output = _grouped(src, rhs, base + arrow + 2, "output", output=True, einops=einops, known=everywhere)
    if function == "rearrange":
        _rearranged(src, operands[0], output, base, labels[0])
    return ParsedEinsum(operands=tuple(operands), output=output, names=labels, named=names is not None,
                        explicit_output=rhs is not None, dims=dims, text=src.text)


LegProblem = Literal["nested", "unopened", "empty", "unclosed"]
"""What can be wrong with the groups of legs: a '(' inside a group, a ')' with no '(', '()', a '(' never closed."""


def read_legs(text: str, fail: Callable[[LegProblem, int], Exception], *, start: int = 0,
              index: Callable[[str], str] | None = None, chars: bool = False,
              ) -> tuple[tuple[Leg, ...], list[tuple[str, int, int]]]:
    """Legs written einops-style, ``i (j k) l``: whitespace separates, parentheses group, groups do not nest.

    Returns the legs and each index's spot: the index, its offset (``start`` plus its place in ``text``) and the
    position of its group among the legs (-1: no group). ``fail(problem, offset)`` makes the error to raise;
    ``index`` reads each name (the spec checks it there); with ``chars`` each character is an index (numpy).

    >>> read_legs("i (j k) l", lambda problem, offset: ValueError(problem))[0]
    (('i',), ('j', 'k'), ('l',))
    """
    legs: list[Leg] = []
    spots: list[tuple[str, int, int]] = []
    group: list[str] | None = None
    opened = 0
    for m in (_CHAR if chars else _LEG_TOKEN).finditer(text):
        tok, pos = m.group(), start + m.start()
        if tok == "(":
            if group is not None:
                raise fail("nested", pos)
            group, opened = [], pos
        elif tok == ")":
            if group is None:
                raise fail("unopened", pos)
            if not group:
                raise fail("empty", opened)
            legs.append(tuple(group))
            group = None
        else:
            name = tok if index is None else index(tok)
            spots.append((name, pos, -1 if group is None else len(legs)))
            if group is None:
                legs.append((name,))
            else:
                group.append(name)
    if group is not None:
        raise fail("unclosed", opened)
    return tuple(legs), spots


def _grouped(src: Source, piece: str, start: int, place: str, *, output: bool, einops: bool = True,
             known: Counter[str] | None = None) -> tuple[Leg, ...]:
    """Legs of one operand or the output, each index with its column, checking groups and repeats."""
    problems = {"nested": "nested '(': a group holds index names only", "unopened": "unbalanced ')': no '(' before it",
                "empty": "empty group '()': a group holds at least one index",
                "unclosed": f"unbalanced '(': expected ')' before the end of the {place.split()[0]}"}
    legs, spots = read_legs(piece, lambda problem, pos: src.fail(problems[problem], pos, place), start=start,
                            chars=not einops)
    if output:
        seen: set[str] = set()
        for index, pos, _ in spots:
            if index in seen:
                raise src.fail(f"output index '{index}' appears twice: each free index appears once", pos, place)
            if known is not None and index not in known:
                raise src.fail(f"output index '{index}' appears in no operand", pos, place)
            seen.add(index)
    elif any(g >= 0 for _, _, g in spots):
        counts = Counter(index for index, _, _ in spots)
        for index, pos, g in spots:
            if g >= 0 and counts[index] > 1:
                raise src.fail(f"index '{index}' of group {leg_text(legs[g])} appears again in this "
                               "operand: a grouped index appears once", pos, place)
    return legs


def _rearranged(src: Source, legs: tuple[Leg, ...], output: tuple[Leg, ...], base: int, name: str) -> None:
    """rearrange only reorders, splits and merges axes: the same indices, each once, on both sides."""
    counts = Counter(i for leg in legs for i in leg)
    place = f"operand 1 ({name})"
    for index, count in counts.items():
        if count > 1:
            raise src.fail(f"rearrange: index '{index}' appears {count} times; rearrange cannot take a diagonal",
                           base, place)
    free = {i for leg in output for i in leg}
    missing = [i for i in counts if i not in free]
    if missing:
        raise src.fail(f"rearrange: index '{missing[0]}' is missing from the output; rearrange cannot sum",
                       base, place)


def format_einsum(parsed: ParsedEinsum, *, names: bool = True) -> str:
    """einops-style text: ``einsum(A, v, B, 'i α β, β, β α j -> i j')``, or the quoted pattern alone.

    Sizes follow as keywords (``j=3``) in the call. Reading the text back gives the same operands,
    output, names and sizes.

    >>> format_einsum(parse_einsum("ab,bc"), names=False)
    "'a b, b c'"
    """
    operands = [" ".join(leg_text(leg) for leg in legs) for legs in parsed.operands]
    output = " ".join(leg_text(leg) for leg in parsed.output)
    long = any(len(i) != 1 for legs in parsed.operands for leg in legs for i in leg)
    if long and not any(_INNER.search(t) for t in [*operands, output if parsed.explicit_output else ""]):
        k = next(k for k, t in enumerate(operands) if t)
        operands[k] = f"({operands[k]})"  # a group of one keeps 'seq' one name, not three numpy indices
    arrow = f" -> {output}".rstrip() if parsed.explicit_output else ""
    pattern = (", ".join(operands).rstrip() + arrow).strip()
    quote = '"' if "'" in pattern else "'"
    quoted = f"{quote}{pattern}{quote}"
    if not names:
        return quoted
    args = [*parsed.names, quoted, *(f"{index}={size}" for index, size in parsed.dims)]
    return f"einsum({', '.join(args)})"


def operand_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tensor name per operand: a name used again is a copy, ``A'``, ``A''``, ``A'''``, then ``A_5``,
    ``A_6`` and so on (the number counts its uses), skipping any name the einsum already gives a tensor.
    Names grow by a few characters at most, however often one is used.

    >>> operand_names(("A", "B", "A", "A", "A'", "A", "A"))
    ('A', 'B', "A''", "A'''", "A'", 'A_5', 'A_6')
    """
    taken = set(names)
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name not in seen:
            seen[name] = 1
            out.append(name)
            continue
        while True:
            seen[name] += 1
            uses = seen[name]
            copy = name + "'" * (uses - 1) if uses <= 4 else f"{name}_{uses}"
            if copy not in taken:
                break
        taken.add(copy)
        out.append(copy)
    return tuple(out)


def diagram_from_einsum(text: str, **overrides: object) -> Diagram:
    """A complete :class:`Diagram`: a tensor per operand, the output, the sizes, and ``einsum=text``.

    A name used twice (``einsum(A, A, …)``) gives tensors ``A`` and ``A'`` whose ``data`` is ``A``,
    so they share numbers. ``overrides`` are Diagram fields (``title``, ``structure``, …).

    >>> [(t.name, t.data) for t in diagram_from_einsum("einsum(A, A, 'i j, j k -> i k')").tensors]
    [('A', None), ("A'", 'A')]
    """
    valid = {f.name for f in fields(Diagram)}
    unknown = sorted(set(overrides) - valid)
    if unknown:
        raise TypeError(f"unknown Diagram field {unknown[0]!r} (valid: {', '.join(sorted(valid))})")
    parsed = parse_einsum(text)
    tensors = [Tensor(name=unique, legs=legs, data=None if unique == name else name)
               for name, unique, legs in zip(parsed.names, operand_names(parsed.names), parsed.operands)]
    fields_ = {"tensors": tuple(tensors), "output": parsed.output, "dims": parsed.dims, "einsum": text}
    fields_.update(overrides)
    return Diagram(**fields_)  # type: ignore[arg-type]
