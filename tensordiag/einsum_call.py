"""The whole einsum call, split into its arguments: ``einsum(A, v, B, 'i α β, β, β α j -> i j')``.

Any dotted prefix (``np.einsum``, ``torch.einsum``), ``rearrange(T, '…', j=3)``, numpy's order
``np.einsum('ij,jk->ik', A, B)`` and an assignment ``M = einsum(…)`` are read. This module finds the tensor
names, the one quoted pattern and the size keywords; :mod:`tensordiag.einsum` reads the pattern.

>>> call = CALL.match("np.einsum('ij,jk->ik', A, B)")
>>> split_call(Source(call.string), call)[1:4]
(('A', 'B'), 'ij,jk->ik', 11)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .errors import EinsumError, quote
from .texlabel import MAX_NAME

CALL = re.compile(r"\s*(?:[^\W\d]\w*\s*=(?!=)\s*)?(?:[^\W\d]\w*\s*\.\s*)*(einsum|rearrange|contract|reduce|repeat)\s*\(")
"""The opening of a call: an optional assignment, a dotted prefix, then ``einsum(`` (numpy, torch, jax,
einops), opt_einsum's ``contract(``, or einops' ``rearrange(``, ``reduce(`` and ``repeat(``."""
IGNORED = frozenset({"optimize", "memory_limit", "backend", "dtype", "order", "casting", "out", "precision",
                     "preferred_element_type", "use_blas", "_precision"})
"""Keywords of numpy's, torch's, jax's and opt_einsum's calls that change how, not what, is computed: read
and ignored (``np.einsum('ij,jk->ik', A, B, optimize=True)``)."""
REDUCTIONS = frozenset({"sum"})
"""The einops ``reduce`` operations a diagram draws exactly: a sum is a contraction (a mean, max or min is not)."""
NAME = re.compile(r"[^\W\d][\w†]*")
_CALL_TOKEN = re.compile(r"'[^']*'?|\"[^\"]*\"?|[()\[\]{},]")
_KEYWORD = re.compile(r"([^\W\d]\w*)\s*=(?!=)\s*(.*)", re.DOTALL)
_DOTTED_KEYWORD = re.compile(r"[\w']+\.\w[\w']*\s*=(?!=).*", re.DOTALL)


class Source:
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


class Call(NamedTuple):
    """A call's parts: the function, the tensor names, the pattern (its text and offset), the sizes."""

    function: str
    names: tuple[str, ...]
    body: str
    base: int
    dims: tuple[tuple[str, int], ...]
    keywords: dict[str, int]
    """Each size keyword's offset in the text, to locate a size given for an index no operand has."""


def split_call(src: Source, call: re.Match[str]) -> Call:
    """The arguments of the call ``call`` opens: names, one quoted pattern, then sizes such as ``j=3``."""
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
        ignored = _KEYWORD.fullmatch(arg)
        if ignored and ignored.group(1) in IGNORED:
            continue
        if arg[:1] in "[(" and arg[-1:] in "])" and patterns and not names:  # torch's list: einsum('…', [A, B])
            inner = [a.strip() for a in arg[1:-1].split(",")]
            inner = inner[:-1] if len(inner) > 1 and not inner[-1] else inner
            bad = next((a for a in inner if not NAME.fullmatch(a)), None)
            if bad is not None:
                raise src.fail(f"{_short(bad)} in the list of operands is not a tensor name", pos)
            names.extend(inner)
            continue
        if function == "reduce" and patterns and arg[:1] in "'\"" and arg[-1:] == arg[:1]:
            operation = arg[1:-1]
            if operation not in REDUCTIONS:
                raise src.fail(f"reduce(…, {arg}) is not a contraction, so no diagram draws it exactly: a diagram "
                               f"draws reduce(…, 'sum') (a mean is that sum divided by the reduced axes' sizes)", pos)
            continue
        if len(arg) > MAX_NAME and NAME.fullmatch(arg):
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
        elif NAME.fullmatch(arg):
            names.append(arg)
        elif _DOTTED_KEYWORD.fullmatch(arg):
            index = arg.split("=", 1)[0].strip()
            raise src.fail(f"a size keyword is a Python name: give the size of {quote(index)} in the spec's dims", pos)
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
    if function in ("rearrange", "reduce", "repeat") and len(names) != 1:
        raise src.fail(f"{function} takes one tensor, got {len(names)}", call.end())
    if function == "reduce" and not any(function == "reduce" and text[slice(*sp)].strip()[1:-1] in REDUCTIONS
                                        for sp in spans if text[slice(*sp)].strip()[:1] in "'\""):
        raise src.fail("reduce(…) needs its operation after the pattern: reduce(x, 'b c h w -> b c', 'sum')",
                       call.end())
    return Call(function, tuple(names), body, base, tuple(dims.items()), keywords)


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
