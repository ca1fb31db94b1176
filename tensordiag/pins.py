"""Read the positions of an edited TikZ picture back into its YAML spec as pins (``tensordiag pins``).

A TikZ output gathers every tensor's position in ``\\coordinate (ID) at (x,y);`` lines at the top of the
picture. Someone moves a tensor by editing its coordinate; :func:`read_positions` reads those lines back, and
:func:`write_pins` writes each tensor's position into the spec as ``tensors.NAME.at: [x, y]`` (in an equation:
into the term's ``tensors``), so rendering the spec again keeps the edit.

The spec is edited with ruamel.yaml's round-trip mode: its comments, key order, quoting and flow style stay as
they were; only the ``at`` entries are added or changed (a tensor that had no entry gets ``NAME: {at: [x, y]}``).
Every tensor that has a coordinate is pinned, not only the moved ones, so the layout cannot shift the others
around the edit. An equation's terms are laid out each on its own and then set side by side, so only the
positions within a term matter: moving a whole term has no effect.

>>> read_positions(r"\\coordinate (A) at (0,0);  \\coordinate (t2-Vu2020) at (1.5cm, -2);")
{'A': (0.0, 0.0), 't2-Vu2020': (1.5, -2.0)}
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from .errors import SpecError

_COORDINATE = re.compile(r"\\coordinate\s*\(\s*([^)\s]+)\s*\)\s*at\s*\(\s*([-+]?[0-9.]+)\s*(?:cm)?\s*,"
                         r"\s*([-+]?[0-9.]+)\s*(?:cm)?\s*\)")
MAX_TEX_BYTES = 2_000_000


def read_positions(tex: str) -> dict[str, tuple[float, float]]:
    """Every ``\\coordinate (ID) at (x,y);`` of a TikZ text, by ID (the last one wins)."""
    out: dict[str, tuple[float, float]] = {}
    for m in _COORDINATE.finditer(tex):
        try:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)))
        except ValueError:
            continue
    return out


def _ids(name: str, prefix: str) -> tuple[str, ...]:
    from .geometry import safe_id

    return tuple(dict.fromkeys((prefix + safe_id(name), prefix + name)))


def _number(value: float) -> float | int:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    number = float("0" if text in ("-0", "") else text)
    return int(number) if number.is_integer() else number


def _tensors_of(figure: Any) -> list[tuple[str, list[str]]]:
    """(prefix of the ids, tensor names) for a diagram, or for each term of an equation."""
    if hasattr(figure, "terms"):
        return [(f"t{k + 1}-", [t.name for t in term.diagram.tensors]) for k, term in enumerate(figure.terms)]
    return [("", [t.name for t in figure.tensors])]


def pins_from_tex(tex: str, figure: Any, where: str) -> list[dict[str, tuple[float, float]]]:
    """For the diagram (or each term), the positions the TikZ text gives its tensors, by tensor name."""
    positions = read_positions(tex)
    found = []
    for prefix, names in _tensors_of(figure):
        mine = {}
        for name in names:
            hit = next((positions[i] for i in _ids(name, prefix) if i in positions), None)
            if hit is not None:
                mine[name] = hit
        found.append(mine)
    if not any(found):
        raise SpecError("no \\coordinate of any of the spec's tensors: is it the TikZ drawn from this spec?",
                        where=where)
    return found


def _flow(items: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(items, dict):
        node = CommentedMap(items)
    else:
        node = CommentedSeq(items)
    node.fa.set_flow_style()
    return node


def write_pins(spec_path: str | Path, tex_path: str | Path) -> list[str]:
    """Pin every tensor of the spec where the TikZ file has it; the spec file is rewritten in place (comments
    kept). Returns the pinned tensors' names (``t2.A`` for a term's)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    from .api import load, save_all

    spec_path, tex_path = Path(spec_path), Path(tex_path)
    if spec_path.suffix.lower() not in (".yaml", ".yml"):
        raise SpecError("pins are written into a YAML spec (.yaml or .yml)", where=str(spec_path))
    figure = load(spec_path).figure  # validates the spec first
    try:
        tex = tex_path.read_bytes()[:MAX_TEX_BYTES].decode("utf-8", errors="replace")
    except OSError as exc:
        raise SpecError(f"cannot read: {exc.strerror}", where=str(tex_path)) from None
    found = pins_from_tex(tex, figure, str(tex_path))
    from ruamel.yaml.util import load_yaml_guess_indent

    text = spec_path.read_text(encoding="utf-8")
    _, indent, dash = load_yaml_guess_indent(text)  # keep the file's own indentation of lists
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=max(indent or 2, (dash or 0) + 2), offset=dash or 0)
    doc = yaml.load(text)
    terms = doc.get("equation", doc.get("sequence")) if hasattr(figure, "terms") else [doc]
    pinned = []
    for k, (term, positions) in enumerate(zip(terms, found)):
        if not positions:
            continue
        tensors = term.get("tensors")
        if tensors is None:
            tensors = term["tensors"] = CommentedMap()
        for name, (x, y) in positions.items():
            entry = tensors.get(name)
            at = _flow([_number(x), _number(y)])
            if entry is None:
                tensors[name] = _flow({"at": at})
            else:
                entry["at"] = at
            pinned.append(f"t{k + 1}.{name}" if hasattr(figure, "terms") else name)
    out = io.StringIO()
    yaml.dump(doc, out)
    save_all([(spec_path, out.getvalue().encode("utf-8"))])
    return pinned
