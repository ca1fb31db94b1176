"""Writing one pin into a spec file and nothing else: its comments, key order, quotes and layout survive.

YAML goes through ruamel.yaml's round-trip mode, which keeps what PyYAML drops (comments, flow or block
style, quoting); JSON is read and written back as JSON. The text is written atomically beside the file
(:func:`tensordiag.api.save_all`), so a crash leaves the old spec or the new one, never half of each.
"""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path
from typing import Any

from ..errors import SpecError

PIN_LIMIT = 200.0
"""A pin lies within ±200 cm (as the spec reader requires)."""


def pin_value(at: Any) -> tuple[float, float] | None:
    """A pin as the editor sends it, checked and rounded to 0.01 cm (no round-off digits reach the file).

    >>> pin_value([1.23456, -2]), pin_value(None)
    ((1.23, -2), None)
    >>> pin_value([1, "x"])
    Traceback (most recent call last):
    tensordiag.errors.SpecError: a pin is null or [x, y], two numbers within ±200 cm
    """
    if at is None:
        return None
    if (not isinstance(at, list) or len(at) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                       and abs(v) <= PIN_LIMIT for v in at)):
        raise SpecError("a pin is null or [x, y], two numbers within ±200 cm")
    return tuple(_tidy(v) for v in at)  # type: ignore[return-value]


def _tidy(v: float) -> float | int:
    r = round(float(v), 2)
    return int(r) if r == int(r) else r


TABLES = ("tensors", "junctions", "label_offsets")
"""Where a pin goes: ``tensors.NAME.at``, ``junctions.NAME`` or ``label_offsets.NAME``."""


def write_pin(path: Path, name: str, at: tuple[float, float] | None, term: int | None = None,
              table: str = "tensors") -> None:
    """Set (or, with None, remove) ``tensors.NAME.at`` (or ``junctions.NAME``, ``label_offsets.NAME``) in the
    spec file at ``path``: at the top, or in the equation's term (or the sequence's step) number ``term``,
    counted from 0."""
    write_pins(path, [(name, at)], term, table)


def write_pins(path: Path, pins: list[tuple[str, tuple[float, float] | None]], term: int | None = None,
               table: str = "tensors") -> None:
    """:func:`write_pin` for several names of one table at once, in one write."""
    from ..api import save_all

    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        new = _json_with_pin(text, pins, term, table)
    else:
        new = _yaml_with_pin(text, pins, term, table)
    if new != text:
        save_all([(path, new.encode("utf-8"))])


def _json_with_pin(text: str, pins: list[tuple[str, tuple[float, float] | None]], term: int | None,
                   table: str) -> str:
    data = json.loads(text)
    setter = _set_pin if table == "tensors" else _set_entry
    for name, at in pins:
        setter(_holder(data, term), name, at, lambda flow=True: {}, lambda pin: list(pin), table)
    indent = 2 if "\n" in text.strip() else None
    return json.dumps(data, indent=indent, ensure_ascii=False) + ("\n" if text.endswith("\n") else "")


def _yaml_with_pin(text: str, pins: list[tuple[str, tuple[float, float] | None]], term: int | None,
                   table: str) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(**_indents(text))
    data = yaml.load(text)

    def seq(pin: tuple[float, float]) -> Any:
        out = CommentedSeq(pin)
        out.fa.set_flow_style()
        return out

    def new_map(flow: bool = True) -> Any:
        out = CommentedMap()  # the tensors' table in block style, one tensor's entry in flow style
        if flow:
            out.fa.set_flow_style()
        return out

    for name, at in pins:
        (_set_pin if table == "tensors" else _set_entry)(_holder(data, term), name, at, new_map, seq, table)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


_MAP_INDENT = re.compile(r"^[^\s#][^\n]*:[ \t]*(?:#[^\n]*)?\n( +)[^\s#-]", re.M)
_SEQ_INDENT = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n\1( *)- ", re.M)


def _indents(text: str) -> dict[str, int]:
    """The file's own indentation of nested mappings and of block lists under a key (``- `` at the key's
    column or indented), so that ruamel.yaml writes every line it does not change as it was.

    >>> _indents("a:\\n  b: 1\\nc:\\n  - 1\\n")
    {'mapping': 2, 'sequence': 4, 'offset': 2}
    >>> _indents("a:\\n    b: 1\\nc:\\n- 1\\n")
    {'mapping': 4, 'sequence': 2, 'offset': 0}
    """
    found = _MAP_INDENT.search(text)
    mapping = len(found.group(1)) if found else 2
    lists = _SEQ_INDENT.search(text)
    offset = len(lists.group(2)) if lists else 0
    return {"mapping": mapping, "sequence": offset + 2, "offset": offset}


def _holder(data: Any, term: int | None) -> Any:
    """The mapping whose ``tensors`` hold the pin: the spec, or one of its equation's terms."""
    if not isinstance(data, dict):
        raise SpecError("the spec is no mapping: nothing to pin")
    key = next((k for k in ("equation", "sequence") if k in data), None)
    if (term is None) != (key is None):
        raise SpecError("a term is named for an equation's tensors, and only for them")
    if key is None:
        return data
    terms = data[key]
    if not isinstance(terms, list) or not 0 <= term < len(terms) or not isinstance(terms[term], dict):  # type: ignore[operator]
        raise SpecError(f"no term {term} to pin in", where=key)
    return terms[term]  # type: ignore[index]


def _set_entry(data: Any, name: str, at: tuple[float, float] | None, new_map: Any, seq: Any, table: str) -> None:
    """Set or remove ``TABLE.NAME`` (a new table in flow style: ``junctions: {num_heads: [4.5, 2]}``)."""
    entries = data.get(table)
    if entries is None:
        if at is None:
            return
        entries = data[table] = new_map()
    if not isinstance(entries, dict):
        raise SpecError(f"{table} is no mapping", where=table)
    if at is None:
        if entries.pop(name, None) is not None and not entries:
            del data[table]
    elif entries.get(name) != list(at):
        entries[name] = seq(at)


def _set_pin(data: Any, name: str, at: tuple[float, float] | None, new_map: Any, seq: Any, table: str = "tensors"
             ) -> None:
    tensors = data.get("tensors")
    if tensors is None:
        if at is None:
            return
        tensors = data["tensors"] = new_map(False)
    if not isinstance(tensors, dict):
        raise SpecError("tensors is no mapping", where="tensors")
    entry = tensors.get(name)
    if entry is None:
        if at is None:
            return
        entry = tensors[name] = new_map()
    if not isinstance(entry, dict):
        raise SpecError("not a mapping", where=f"tensors.{name}")
    if at is None:
        if entry.pop("at", None) is not None and not entry:  # the entry only held the pin: as it was before
            del tensors[name]
            if not tensors:
                del data["tensors"]
    elif entry.get("at") != list(at):  # the same pin again: its text left as it is (9.0 stays 9.0)
        entry["at"] = seq(at)
