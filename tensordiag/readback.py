"""Hand edits survive regeneration: tensordiag's own outputs read back as specs, their positions as pins.

* **JSON** (:mod:`tensordiag.render.export`): a mapping with ``version`` is an export. An export that carries
  its ``spec`` (the spec mapping it was drawn from) is read back as that spec, so nothing is lost: colours,
  roles, sides, bubbles, bundles, ``permute``, ``index_labels``. While every tensor's ``x``/``y`` still matches
  the export's ``drawn_at`` fingerprint, the spec is drawn with its own layout: the same figure, byte for
  byte. Once one position is edited, every tensor (an equation's: in its term) is pinned at its ``x``/``y``
  (``at: [x, y]``), as ``tensordiag pins`` pins them, so the layout cannot shift the others around the edit.
* An older export, without ``spec``, becomes the spec as far as the export holds it (the einsum, each tensor's
  legs, shape, kind, label and role, ``output``, ``dims``, ``index_labels``, ``values``, the title; an
  equation's terms with their operators), every tensor pinned at its ``x``/``y``; its colours, sides, bubbles,
  bundles and structure are not in it.
* **TikZ**: see :mod:`tensordiag.pins`.

>>> spec = spec_from_export({"version": 1, "einsum": "ij,jk->ik", "output": ["i", "k"], "dims": {},
...     "tensors": [{"name": "A", "legs": ["i", "j"], "x": 0, "y": 0, "shape": "circle", "kind": "generic"},
...                 {"name": "B", "legs": ["j", "k"], "x": 2.5, "y": -1, "shape": "circle", "kind": "generic"}]})
>>> spec["tensors"]["B"]
{'legs': 'j k', 'shape': 'circle', 'kind': 'generic', 'at': [2.5, -1]}
>>> spec_from_export({"version": 1, "tensors": [{"name": "A", "x": 0, "y": 0}], "spec": {"einsum": "i->i",
...     "tensors": {"A": {"color": "pink"}}}, "drawn_at": fingerprint([{"A": (0, 0)}])})
{'einsum': 'i->i', 'tensors': {'A': {'color': 'pink'}}}
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from .errors import SpecError

_TENSOR_KEYS = ("label", "role", "slice")
_DIAGRAM_KEYS = ("output", "dims", "index_labels", "values")
_TERM_KEYS = ("op", "coeff", "sum", "per", "step", "define", "derivative")


def is_export(value: Any) -> bool:
    """Whether a spec mapping is a JSON export (it has ``version``, which no spec has)."""
    return isinstance(value, dict) and "version" in value


def _number(value: Any, where: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SpecError(f"expected a number (the tensor's position in cm), got {type(value).__name__}", where=where)
    return value


def _diagram(d: dict[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(d.get("tensors"), list):
        raise SpecError("a JSON export holds a list of tensors here", where=f"{where}tensors")
    out: dict[str, Any] = {"einsum": d.get("einsum")}
    tensors: dict[str, Any] = {}
    for k, t in enumerate(d["tensors"]):
        at = f"{where}tensors[{k}]"
        if not isinstance(t, dict) or not isinstance(t.get("name"), str):
            raise SpecError("expected a tensor with a name", where=at)
        props: dict[str, Any] = {}
        if isinstance(t.get("legs"), list):
            props["legs"] = " ".join(str(leg) for leg in t["legs"])
        for key in ("shape", "kind"):
            if t.get(key) is not None:
                props[key] = t[key]
        for key in _TENSOR_KEYS:
            if t.get(key):
                props[key] = t[key]
        if "picture" in t:
            props["picture"] = True
        props["at"] = [_number(t.get("x"), f"{at}.x"), _number(t.get("y"), f"{at}.y")]
        tensors[t["name"]] = props
    out["tensors"] = tensors
    for key in _DIAGRAM_KEYS:
        if d.get(key):
            out[key] = d[key]
    return out


def tensor_positions(value: dict[str, Any]) -> list[dict[str, tuple[float | int, float | int]]]:
    """Each tensor's ``x``/``y`` in an export, by name: one mapping for a diagram, one per term of an equation."""
    terms = value.get("terms")
    parts = [(f"terms[{k}].", t) for k, t in enumerate(terms)] if isinstance(terms, list) else [("", value)]
    found = []
    for where, part in parts:
        if not isinstance(part, dict) or not isinstance(part.get("tensors"), list):
            raise SpecError("a JSON export holds a list of tensors here", where=f"{where}tensors")
        mine = {}
        for k, t in enumerate(part["tensors"]):
            at = f"{where}tensors[{k}]"
            if not isinstance(t, dict) or not isinstance(t.get("name"), str):
                raise SpecError("expected a tensor with a name", where=at)
            mine[t["name"]] = (_number(t.get("x"), f"{at}.x"), _number(t.get("y"), f"{at}.y"))
        found.append(mine)
    return found


def fingerprint(positions: list[dict[str, tuple[float | int, float | int]]]) -> str:
    """A short digest of every tensor's position (to 3 decimals, as exported): whether any was edited."""
    text = "|".join(";".join(f"{n}={x:.3f},{y:.3f}" for n, (x, y) in part.items()) for part in positions)
    return hashlib.sha256(text.replace("-0.000", "0.000").encode()).hexdigest()[:16]


def _from_spec(value: dict[str, Any], spec: Any) -> dict[str, Any]:
    """The export's own spec; pinned where the export has its tensors once any position was edited."""
    if not isinstance(spec, dict):
        raise SpecError("expected the spec mapping the figure was drawn from", where="spec")
    positions = tensor_positions(value)
    out = copy.deepcopy(spec)
    if value.get("drawn_at") == fingerprint(positions):
        return out
    key = "equation" if "equation" in out else "sequence" if "sequence" in out else None
    parts = out[key] if key else [out]
    if (key is None) == ("terms" in value) or not isinstance(parts, list) or len(parts) != len(positions):
        raise SpecError("the positions cannot be pinned: the export's terms are not its spec's (a contraction "
                        "sequence's steps); edit the spec's pins instead", where="tensors")
    for k, (part, mine) in enumerate(zip(parts, positions)):
        where = f"spec.{key}[{k}].tensors" if key else "spec.tensors"
        tensors = part.setdefault("tensors", {}) if isinstance(part, dict) else None
        if not isinstance(tensors, dict):
            raise SpecError("expected a mapping of tensor name to its properties", where=where)
        for name, (x, y) in mine.items():
            entry = tensors.get(name)
            tensors[name] = {**(entry if isinstance(entry, dict) else {}), "at": [x, y]}
    return out


def spec_from_export(value: dict[str, Any]) -> dict[str, Any]:
    """The spec a JSON export was drawn from (see the module's description)."""
    if value.get("version") != 1:
        raise SpecError(f"a JSON export of schema version 1 is read back, not {value.get('version')!r}",
                        where="version")
    if "spec" in value:
        return _from_spec(value, value["spec"])
    head = {"title": value["title"]} if value.get("title") else {}
    if "terms" not in value:
        return {**head, **_diagram(value, "")}
    terms = []
    for k, term in enumerate(value["terms"] if isinstance(value["terms"], list) else []):
        body = _diagram(term, f"terms[{k}].")
        extra = {key: term[key] for key in _TERM_KEYS if term.get(key) and not (key == "coeff" and term[key] == 1)}
        terms.append({**{key: v for key, v in extra.items() if key != "op" or k}, **body})
    if value.get("index_labels"):
        head["index_labels"] = value["index_labels"]
    steps = any(t.get("op") == "->" for t in terms)
    return {**head, ("sequence" if steps else "equation"): terms}
