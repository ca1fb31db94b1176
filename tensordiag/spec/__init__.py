"""Spec (YAML / JSON / dict) → model. All validation and defaults live here.

A spec is a mapping. The smallest complete one holds only the einsum::

    einsum: "einsum(A, v, B, 'i α β, β, β α j -> i j')"

Everything else refines it: ``tensors`` (name → legs, label, shape, kind, colour, pin, …),
``output``, ``dims``, ``sides``, ``free_side``, ``structure``, ``leg_labels``, ``bubbles``, ``bundles``, ``title``.
An equation is a spec with ``equation:``, a list of terms, each a diagram spec with ``op`` (``=``,
``+``, ``-``, ``!=``), ``coeff`` and ``sum`` besides. The README documents every key.

The package: :mod:`.primitives` (validation of one value), :mod:`.diagram`, :mod:`.equation` and
:mod:`.consistency` (what must agree across tensors). Errors name the file, the line and column where known, the path of the value
(``tensors.B.legs[1]``) and what was expected.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import yamlio
from ..errors import SpecError, TensordiagError
from ..model import Figure
from .consistency import shared_data
from .diagram import BUBBLE_KEYS, DIAGRAM_KEYS, LEG_LABELS, MAX_TENSORS, STRUCTURES, TENSOR_KEYS, read_diagram
from .equation import EQUATION_KEYS, OP_ALIASES, TERM_KEYS, read_equation
from .primitives import Ctx, check_keys, kind_of

__all__ = ["load_figure", "parse_text", "parse_figure", "DIAGRAM_KEYS", "TERM_KEYS", "EQUATION_KEYS", "TENSOR_KEYS",
           "BUBBLE_KEYS", "STRUCTURES", "LEG_LABELS", "OP_ALIASES", "MAX_TENSORS"]


def load_figure(path: str | Path) -> Figure:
    """Read a ``.yaml``/``.yml``/``.json`` spec file into a Diagram or an Equation."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(yamlio.MAX_BYTES + 1)
    except OSError as exc:
        raise SpecError(f"cannot read: {exc.strerror}", where=str(path)) from None
    try:
        return parse_text(yamlio.decode(data), json_only=path.suffix.lower() == ".json")
    except TensordiagError as exc:
        raise exc.located(str(path)) from None


def parse_text(text: str, *, json_only: bool = False) -> Figure:
    value, marks = yamlio.load_text(text, json_only=json_only)
    return _figure(value, Ctx(marks))


def parse_figure(spec: dict[str, Any] | str) -> Figure:
    """A figure from a dict (the Python API) or from an einsum string."""
    if isinstance(spec, str):
        spec = {"einsum": spec}
    figure = _figure(spec, Ctx({}))
    # the caller keeps its dict: what the figure was read from must not change with it
    return replace(figure, spec=copy.deepcopy(figure.spec)) if figure.spec is spec else figure


def _figure(value: Any, ctx: Ctx) -> Figure:
    figure = _read(value, ctx)
    if figure.spec is None:  # the mapping it was read from, for the JSON export to carry (an export's: its spec)
        figure = replace(figure, spec=value)
    return figure


def _read(value: Any, ctx: Ctx) -> Figure:
    if not isinstance(value, dict):
        raise ctx.error("", f"expected a mapping with 'einsum:' or 'tensors:', got {kind_of(value)}")
    from ..readback import is_export, spec_from_export

    if is_export(value):  # tensordiag's own JSON export: its positions become pins
        return _figure(spec_from_export(value), Ctx({}))
    if "equation" in value:
        return read_equation(value, ctx)
    if "sequence" in value:
        return read_equation(value, ctx, key="sequence")
    check_keys(value, DIAGRAM_KEYS + ("equation",), "", ctx)
    diagram = read_diagram(value, "", ctx, shared_dims={})
    for t in (t for t in diagram.tensors if t.absorbs):
        raise ctx.error(f"tensors.{t.name}.absorbs", "only a sequence's step absorbs tensors of the step before")
    for t in diagram.tensors:
        if t.slice:
            raise ctx.error(f"tensors.{t.name}.slice", f"a slice at '{t.slice[0]}' needs a sum over it: use it in "
                                                       f"an equation's term with sum: [{t.slice[0]}]")
    shared_data([(diagram, "")], ctx, scope="diagram")
    return diagram
