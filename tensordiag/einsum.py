"""Einsum text → operands, output and names. Pure string work: no numbers, no drawing.

Three spellings are read:

* numpy: ``ij,jk->ik``, each character one index; without ``->`` the output is every index that
  appears exactly once, sorted (``ab,bc`` is ``ab,bc->ac``);
* einops: whitespace-separated names of word characters and ``'`` (``seq pos, pos hidden -> seq
  hidden``, Greek welcome), with groups in parentheses (``i j k l -> (i l) (k j)``). A pattern is
  einops when any operand or the output has inner whitespace or a parenthesis;
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

from .errors import EinsumError, quote
from .model import Diagram, Leg, Tensor, leg_text
from .texlabel import MAX_NAME

MAX_OPERANDS = 10_000
"""The most operands one einsum may have; more is an :class:`EinsumError`."""

_CALL = re.compile(r"\s*(?:[^\W\d]\w*\s*=(?!=)\s*)?(?:[^\W\d]\w*\s*\.\s*)*(einsum|rearrange)\s*\(")
_CALL_TOKEN = re.compile(r"'[^']*'?|\"[^\"]*\"?|[()\[\]{},]")
_KEYWORD = re.compile(r"([^\W\d]\w*)\s*=(?!=)\s*(.*)", re.DOTALL)
_NAME = re.compile(r"[^\W\d][\w†]*")
_GOOD = re.compile(r"[\w'\s,()>-]*")
_BAD = re.compile(r"[^\w'\s,()>-]")
_LONE = re.compile(r"-(?!>)|(?<!-)>")
_INNER = re.compile(r"[\s()]")
_TOKEN = re.compile(r"[\w']+|[()]")
_WORD = re.compile(r"[\w']+")
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


class _Source:
    """The text being read, to turn a character offset into ``line L, column C``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def fail(self, message: str, pos: int | None = None, place: str | None = None) -> EinsumError:
        parts = [place] if place else []
        if pos is not None:
            line = self.text.count("\n", 0, pos) + 1
            column = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
            parts.append(f"line {line}, column {column}" if "\n" in self.text else f"column {column}")
        return EinsumError(message, where=", ".join(parts) or None)


def _default_names(count: int) -> tuple[str, ...]:
    """``A`` … ``Z``, then ``A1`` … ``Z1``, ``A2`` …: names for the operands of a bare pattern."""
    return tuple(chr(65 + k % 26) + (str(k // 26) if k >= 26 else "") for k in range(count))


def parse_einsum(text: str) -> ParsedEinsum:
    """Read an einsum pattern (numpy or einops) or a whole ``einsum(…)`` / ``rearrange(…)`` call."""
    src = _Source(text)
    if not text.strip():
        raise src.fail("empty einsum: expected a pattern such as 'ij,jk->ik' or a call einsum(A, B, 'i j, j k -> i k')")
    call = _CALL.match(text)
    if call:
        return _call(src, call)
    body, base = text, 0
    stripped = text.strip()
    if stripped[0] in "'\"":
        if len(stripped) < 2 or stripped[-1] != stripped[0]:
            raise src.fail(f"unterminated string: expected a closing {stripped[0]} at the end of the pattern",
                           text.index(stripped[0]))
        base = text.index(stripped[0]) + 1
        body = stripped[1:-1]
    return _pattern(src, body, base, None, "einsum", ())


def _call(src: _Source, call: re.Match[str]) -> ParsedEinsum:
    text, function = src.text, call.group(1)
    spans: list[tuple[int, int]] = []
    begin, depth, end = call.end(), 0, -1
    for m in _CALL_TOKEN.finditer(text, call.end()):
        tok = m.group()
        if tok[0] in "'\"":
            if len(tok) < 2 or tok[-1] != tok[0]:
                raise src.fail(f"unterminated string: expected a closing {tok[0]}", m.start())
        elif tok in "([{":
            depth += 1
        elif tok in ")]}" and depth:
            depth -= 1
        elif tok == ")" or (tok == "," and depth == 0):
            spans.append((begin, m.start()))
            begin = m.end()
            if tok == ")":
                end = m.end()
                break
        elif tok != ",":
            raise src.fail(f"unbalanced {tok!r} in the call's arguments", m.start())
    if end < 0:
        raise src.fail(f"the '(' of {function}( is never closed: expected ')'", call.end() - 1)
    if text[end:].strip():
        raise src.fail("unexpected text after the call's ')'", end + len(text[end:]) - len(text[end:].lstrip()))
    if len(spans) > 1 and not text[slice(*spans[-1])].strip():
        spans.pop()  # a trailing comma, as Python allows
    names: list[str] = []
    patterns: list[tuple[str, int, int]] = []
    dims: dict[str, int] = {}
    keywords: dict[str, int] = {}
    for start, stop in spans:
        raw = text[start:stop]
        arg = raw.strip()
        if arg.isidentifier() and not dims and len(arg) <= MAX_NAME:  # the common case first: thousands stay fast
            names.append(arg)
            continue
        pos = start + len(raw) - len(raw.lstrip())
        if len(arg) > MAX_NAME and _NAME.fullmatch(arg):
            raise src.fail(f"tensor name {quote(arg)} is {len(arg):,} characters long; a name holds at most {MAX_NAME}",
                           pos, f"operand {len(names) + 1}")
        if not arg:
            raise src.fail("empty argument: expected a tensor name, a quoted pattern or a size such as j=3", pos)
        keyword = _KEYWORD.fullmatch(arg)
        if keyword:
            index, value = keyword.groups()
            if not re.fullmatch(r"[0-9]{1,18}", value.strip()):
                raise src.fail(f"size {index}={_short(value)}: sizes must be integers such as {index}=3", pos)
            if index in dims:
                raise src.fail(f"size of '{index}' given twice", pos)
            dims[index], keywords[index] = int(value), pos
            continue
        if dims:
            raise src.fail(f"{_short(arg)} comes after a size keyword: expected tensors and the pattern first", pos)
        if arg[0] in "'\"":
            if len(arg) < 2 or arg[-1] != arg[0] or arg[0] in arg[1:-1]:
                raise src.fail(f"expected one quoted pattern, got {_short(arg)}", pos)
            patterns.append((arg[1:-1], pos + 1, len(names)))
        elif _NAME.fullmatch(arg):
            names.append(arg)
        else:
            raise src.fail(f"{_short(arg)} is not a tensor name: expected a name such as A, W_Q or λ",
                           pos, f"operand {len(names) + 1}")
    if not patterns:
        raise src.fail(f"{function}(…) has no quoted pattern: expected one such as 'i j, j k -> i k'", call.end())
    if len(patterns) > 1:
        raise src.fail("a second quoted pattern: a call holds one", patterns[1][1] - 1)
    body, base, at = patterns[0]
    if 0 < at < len(names):
        raise src.fail("the pattern must come first (numpy) or after the tensors (einops)", base - 1)
    if function == "rearrange" and len(names) != 1:
        raise src.fail(f"rearrange takes one tensor, got {len(names)}", call.end())
    parsed = _pattern(src, body, base, tuple(names), function, tuple(dims.items()))
    known = {i for legs in parsed.operands for leg in legs for i in leg} if keywords else set()
    for index, pos in keywords.items():
        if index not in known:
            raise src.fail(f"a size is given for '{index}', which is in no operand", pos)
    return parsed


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _pattern(src: _Source, body: str, base: int, names: tuple[str, ...] | None, function: str,
             dims: tuple[tuple[str, int], ...]) -> ParsedEinsum:
    fine = _GOOD.fullmatch(body) and body.count("-") == body.count("->") == body.count(">")
    bad = None if fine else _BAD.search(body) or _LONE.search(body)
    if bad:
        pos, char = base + bad.start(), bad.group()
        if body.startswith("...", bad.start()):
            raise src.fail("ellipsis '...' is not supported: name every axis", pos)
        if char in "->":
            raise src.fail(f"stray {char!r}: expected '->' between the operands and the output", pos)
        raise src.fail(f"unexpected character {char!r}: {_EXPECTED}", pos)
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
    labels = names if names is not None else _default_names(len(parts))
    einops = any(_INNER.search(p.strip()) for p in parts) or (rhs is not None and bool(_INNER.search(rhs.strip())))

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


def _grouped(src: _Source, piece: str, start: int, place: str, *, output: bool, einops: bool = True,
             known: Counter[str] | None = None) -> tuple[Leg, ...]:
    """Legs of one operand or the output, each index with its column, checking groups and repeats."""
    spots: list[tuple[str, int, int]] = []  # index, offset in the text, group number (-1: none)
    groups: list[list[str]] = []
    legs: list[Leg] = []
    group: list[str] | None = None
    opened = 0
    tokens = _TOKEN.finditer(piece) if einops else re.finditer(r"[\w']", piece)
    for m in tokens:
        tok, pos = m.group(), start + m.start()
        if tok == "(":
            if group is not None:
                raise src.fail("nested '(': a group holds index names only", pos, place)
            group, opened = [], pos
        elif tok == ")":
            if group is None:
                raise src.fail("unbalanced ')': no '(' before it", pos, place)
            if not group:
                raise src.fail("empty group '()': a group holds at least one index", opened, place)
            legs.append(tuple(group))
            groups.append(group)
            group = None
        elif group is not None:
            group.append(tok)
            spots.append((tok, pos, len(groups)))
        else:
            legs.append((tok,))
            spots.append((tok, pos, -1))
    if group is not None:
        raise src.fail(f"unbalanced '(': expected ')' before the end of the {place.split()[0]}", opened, place)
    if output:
        seen: set[str] = set()
        for index, pos, _ in spots:
            if index in seen:
                raise src.fail(f"output index '{index}' appears twice: each free index appears once", pos, place)
            if known is not None and index not in known:
                raise src.fail(f"output index '{index}' appears in no operand", pos, place)
            seen.add(index)
    elif groups:
        counts = Counter(index for index, _, _ in spots)
        for index, pos, g in spots:
            if g >= 0 and counts[index] > 1:
                raise src.fail(f"index '{index}' of group {leg_text(tuple(groups[g]))} appears again in this "
                               "operand: a grouped index appears once", pos, place)
    return tuple(legs)


def _rearranged(src: _Source, legs: tuple[Leg, ...], output: tuple[Leg, ...], base: int, name: str) -> None:
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
