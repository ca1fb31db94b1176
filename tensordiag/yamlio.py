"""Reading spec text (YAML or JSON) into plain Python values, remembering where each value stood.

PyYAML composes the node tree (it never constructs arbitrary objects here); this module turns
nodes into dicts, lists and scalars itself, so that

* only plain YAML types are accepted (a ``!!python/object`` tag is an error, not an object);
* aliases are followed but the expanded size is bounded (a "billion laughs" document is refused);
* nesting depth is bounded;
* every value's line and column is kept, keyed by its path (``tensors.B.legs[1]``), for messages;
* no text holds a lone surrogate or a Unicode noncharacter (no output could hold it).

libyaml (PyYAML's C parser) reads the text when it is installed: a first pass over its events
bounds the nesting and the number of values before any tree is built, then it composes the
tree. A spec libyaml refuses is read again by the pure-Python parser for PyYAML's own message,
when it is small enough (``REPARSE_BYTES``) for that to stay quick.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from .errors import SpecError
from .texlabel import bad_character_message

MAX_BYTES = 2_000_000
"""The largest spec file read (2 MB)."""
MAX_NODES = 200_000
"""The most values a spec may expand to, aliases included."""
MAX_DEPTH = 40
"""The deepest nesting of lists and mappings a spec may have."""
REPARSE_BYTES = 50_000
"""A spec libyaml refuses is read again by the pure-Python parser (for its message) up to this size."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

_IMPLICIT_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:merge",
}
"""Types a plain scalar may take without a tag: a date or a bare ``=`` stays text."""
_MERGE = "tag:yaml.org,2002:merge"
_FLOAT = "tag:yaml.org,2002:float"
_FLOAT_TEXT = re.compile(
    r"^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
"""YAML 1.2 floats: ``1e3`` and ``1.5e2`` are numbers (YAML 1.1 reads them as text); integers stay ints."""

Marks = dict[str, tuple[int, int]]
"""Path of a value → (line, column), both 1-based."""


def decode(data: bytes) -> str:
    """UTF-8 text from ``data``, or a SpecError naming the first bad byte."""
    if len(data) > MAX_BYTES:
        raise SpecError(f"the spec is larger than {MAX_BYTES:,} bytes, the most a spec may be")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise SpecError(f"binary data (a NUL byte at offset {offset}), expected YAML or JSON text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} is invalid"
        ) from None
    return text.removeprefix("\ufeff")


def load_text(text: str, *, json_only: bool = False) -> tuple[Any, Marks]:
    """Parse spec text: JSON when ``json_only``, else YAML (JSON is YAML too, mostly)."""
    if not text.strip():
        raise SpecError("the spec is empty; expected a mapping with 'einsum:' or 'tensors:'")
    if json_only:
        return _load_json(text), {}
    return _load_yaml(text)


def _load_json(text: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise SpecError(f"key {key!r} appears twice in one JSON object")
            out[key] = value
        return out

    _json_depth(text)
    try:
        value = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise SpecError(f"{exc.msg}", where=f"line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise SpecError(f"nesting is deeper than {MAX_DEPTH} levels") from None
    check_strings(value)
    return value


def _json_depth(text: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH, naming where, before the recursive decoder runs."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, m.start()) + 1
                column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
                raise SpecError(f"nesting is deeper than {MAX_DEPTH} levels", where=f"line {line}, column {column}")
        elif m.group() in "]}":
            depth -= 1


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.S)


def _yaml_depth(text: str) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH or holding more than MAX_NODES values, naming where,
    before any tree is composed (a 2 MB list of scalars is refused here, in about a second).

    Reads parser events only (libyaml's when present, which is fast) and stops at the first
    collection too deep; a syntax error is left to the composer.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    values = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.NodeEvent):
                values += 1
                if values > MAX_NODES:
                    mark = event.start_mark
                    raise SpecError(f"the spec holds more than {MAX_NODES:,} values",
                                    where=f"line {mark.line + 1}, column {mark.column + 1}")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise SpecError(f"nesting is deeper than {MAX_DEPTH} levels",
                                    where=f"line {mark.line + 1}, column {mark.column + 1}")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return


def _load_yaml(text: str) -> tuple[Any, Marks]:
    import yaml

    _yaml_depth(text)
    try:
        try:
            node = yaml.compose(text, Loader=_loader(fast=True))
        except yaml.YAMLError:
            if len(text.encode("utf-8", "surrogatepass")) > REPARSE_BYTES:
                raise
            node = yaml.compose(text, Loader=_loader())  # PyYAML's own message (or a text libyaml alone refuses)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").removeprefix("but ")
        if exc.problem and exc.context:
            begun = f" at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}" if exc.context_mark else ""
            problem += f" ({exc.context}{begun})"
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise SpecError(f"YAML: {problem}", where=where) from None
    except yaml.reader.ReaderError as exc:
        exc.position = min(exc.position, len(text))
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise SpecError(f"YAML: character {chr(code)!r} (U+{code:04X}) is not allowed in YAML text",
                        where=f"line {line}, column {column}") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise SpecError(f"nesting is deeper than {MAX_DEPTH} levels") from None
    if node is None:
        raise SpecError("the spec is empty; expected a mapping with 'einsum:' or 'tensors:'")
    marks: Marks = {}
    count = [0]
    value = _convert(node, "", 0, marks, count)
    return value, marks


@functools.lru_cache(maxsize=2)
def _loader(fast: bool = False) -> type:
    """PyYAML's safe loader (libyaml's when ``fast`` and installed), resolving plain scalars only to the
    types in _IMPLICIT_TAGS."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader

    class Loader(base):  # type: ignore[valid-type,misc]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag in _IMPLICIT_TAGS and tag != _FLOAT]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(_FLOAT, _FLOAT_TEXT, list("-+0123456789."))
    return Loader


def _convert(node: Any, path: str, depth: int, marks: Marks, count: list[int]) -> Any:
    import yaml

    count[0] += 1
    where = f"line {node.start_mark.line + 1}, column {node.start_mark.column + 1}"
    if count[0] > MAX_NODES:
        raise SpecError(f"the spec expands to more than {MAX_NODES:,} values (aliases of aliases?)", where=where)
    if depth > MAX_DEPTH:
        raise SpecError(f"nesting is deeper than {MAX_DEPTH} levels", where=where)
    if node.tag == _MERGE:
        raise SpecError("merge keys '<<' are not supported; write the keys out", where=where)
    if node.tag not in _PLAIN_TAGS:
        raise SpecError(f"YAML tag {node.tag!r} is not allowed; specs hold plain values only", where=where)
    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, depth + 1, {}, count)
            if not isinstance(key, str):
                key_where = f"line {key_node.start_mark.line + 1}, column {key_node.start_mark.column + 1}"
                raise SpecError(f"key {key!r} is not a string", where=key_where)
            if key in out:
                key_where = f"line {key_node.start_mark.line + 1}, column {key_node.start_mark.column + 1}"
                raise SpecError(f"key {key!r} appears twice", where=key_where)
            child = f"{path}.{key}" if path else key
            marks[child + "#key"] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _convert(value_node, child, depth + 1, marks, count)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, f"{path}[{k}]", depth + 1, marks, count) for k, v in enumerate(node.value)]
    try:
        value = yaml.constructor.SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise SpecError(f"bad value {_short(node.value)}: {exc}", where=where) from None
    if isinstance(value, str):
        bad = bad_character_message(value)
        if bad:
            raise SpecError(f"text {bad}", where=f"{where}: {path}" if path else where)
    return value


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def check_strings(value: Any, path: str = "") -> None:
    """Refuse a lone surrogate or a noncharacter in any key or text of a loaded value (JSON has no marks)."""
    if isinstance(value, str):
        bad = bad_character_message(value)
        if bad:
            raise SpecError(f"text {bad}", where=path or None)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_strings(key, path)
            check_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            check_strings(item, f"{path}[{k}]")
