"""Hand edits survive regeneration: tensordiag's own outputs read back as specs, their positions as pins.

* **JSON** (:mod:`tensordiag.render.export`): a mapping with ``version`` is an export. It becomes the spec it
  was drawn from as far as the export holds it (the einsum, each tensor's legs, shape, kind, label and role,
  ``output``, ``dims``, ``index_labels``, ``values``, the title; an equation's terms with their operators),
  and every tensor's ``x``/``y`` becomes its pin ``at: [x, y]``. What the export does not hold (colours,
  sides, bubbles, bundles, leg colours, the structure) is not restored: to keep those, read the positions back
  into the YAML spec instead (:mod:`tensordiag.pins`).
* **TikZ**: see :mod:`tensordiag.pins`.

>>> spec = spec_from_export({"version": 1, "einsum": "ij,jk->ik", "output": ["i", "k"], "dims": {},
...     "tensors": [{"name": "A", "legs": ["i", "j"], "x": 0, "y": 0, "shape": "circle", "kind": "generic"},
...                 {"name": "B", "legs": ["j", "k"], "x": 2.5, "y": -1, "shape": "circle", "kind": "generic"}]})
>>> spec["tensors"]["B"]
{'legs': 'j k', 'shape': 'circle', 'kind': 'generic', 'at': [2.5, -1]}
"""

from __future__ import annotations

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


def spec_from_export(value: dict[str, Any]) -> dict[str, Any]:
    """The spec a JSON export was drawn from, its tensors pinned where the export has them."""
    if value.get("version") != 1:
        raise SpecError(f"a JSON export of schema version 1 is read back, not {value.get('version')!r}",
                        where="version")
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
