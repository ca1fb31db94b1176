"""Spec (YAML / JSON / dict) → model. All validation and defaults live here.

A spec is a mapping. The smallest complete one holds only the einsum::

    einsum: "einsum(A, v, B, 'i α β, β, β α j -> i j')"

Everything else refines it: ``tensors`` (name → legs, label, shape, kind, colour, pin, …),
``output``, ``dims``, ``sides``, ``free_side``, ``structure``, ``leg_labels``, ``bubbles``, ``title``.
An equation is a spec with ``equation:``, a list of terms, each a diagram spec with ``op`` (``=``,
``+``, ``-``, ``!=``), ``coeff`` and ``sum`` besides. The README documents every key.

Errors name the file, the line and column where known, the path of the value
(``tensors.B.legs[1]``) and what was expected.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from . import yamlio
from .errors import EinsumError, SpecError, TensordiagError, quote
from .experiments import experiments
from .layout.registry import strategy_names
from .model import (
    INDEX,
    KINDS,
    MAX_PIN,
    NAME,
    NAMED_COLORS,
    OPS,
    SHAPES,
    SIDES,
    Bubble,
    Diagram,
    Equation,
    Figure,
    Kind,
    Leg,
    Shape,
    Tensor,
    Term,
    check_size,
    check_text,
    leg_text,
)
from .texlabel import MAX_NAME, LabelError, untypesettable, validate_math

DIAGRAM_KEYS = (
    "title", "einsum", "tensors", "output", "dims", "sides", "free_side", "structure",
    "leg_labels", "bubbles", "leg_colors", "evaluate",
)
TERM_KEYS = DIAGRAM_KEYS + ("op", "coeff", "sum")
EQUATION_KEYS = ("title", "equation", "dims")
TENSOR_KEYS = ("legs", "label", "shape", "kind", "color", "at", "dagger", "data", "tip", "hole", "ports")
BUBBLE_KEYS = ("name", "function", "members", "over", "label", "color")
STRUCTURES = strategy_names(declarable=True)
"""The structures a spec may declare: the layout registry's names, in the order they are tried."""
LEG_LABELS = ("none", "names", "sizes")
OP_ALIASES = {"=": "=", "+": "+", "-": "-", "−": "-", "!=": "!=", "≠": "!="}

_SHAPE_OF_KIND: dict[str, Shape] = {"isometry": "triangle", "unitary": "square", "delta": "dot", "identity": "none"}
_KIND_OF_SHAPE: dict[str, Kind] = {"triangle": "isometry", "square": "unitary", "dot": "delta", "none": "identity"}
MAX_TENSORS = 10_000
"""The most tensors a diagram may hold (the einsum parser's operand limit is the same)."""
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_NAME = NAME
_IDENT = INDEX


class _Ctx:
    """Turns a path into a located SpecError, using the YAML marks when there are any."""

    def __init__(self, marks: yamlio.Marks) -> None:
        self.marks = marks

    def error(self, path: str, message: str, *, key: bool = False) -> SpecError:
        if key and path + "#key" in self.marks:
            line, column = self.marks[path + "#key"]
            return SpecError(message, where=f"line {line}, column {column}: {path}")
        probe = path
        while probe and probe not in self.marks:
            probe = probe.rsplit(".", 1)[0] if "." in probe else probe.split("[", 1)[0] if "[" in probe else ""
        mark = self.marks.get(probe) if probe or not path else None  # the root's mark locates nothing deeper
        place = f"line {mark[0]}, column {mark[1]}" if mark else ""
        return SpecError(message, where=": ".join(part for part in (place, path) if part) or None)


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
    return _figure(value, _Ctx(marks))


def parse_figure(spec: dict[str, Any] | str) -> Figure:
    """A figure from a dict (the Python API) or from an einsum string."""
    if isinstance(spec, str):
        spec = {"einsum": spec}
    return _figure(spec, _Ctx({}))


def _figure(value: Any, ctx: _Ctx) -> Figure:
    if not isinstance(value, dict):
        raise ctx.error("", f"expected a mapping with 'einsum:' or 'tensors:', got {_type(value)}")
    if "equation" in value:
        return _equation(value, ctx)
    _known(value, DIAGRAM_KEYS + ("equation",), "", ctx)
    diagram = _diagram(value, "", ctx, shared_dims={})
    _shared_data([(diagram, "")], ctx, scope="diagram")
    return diagram


def _equation(value: dict[str, Any], ctx: _Ctx) -> Equation:
    _known(value, EQUATION_KEYS, "", ctx)
    dims = _dims(value.get("dims"), "dims", ctx)
    terms_value = value["equation"]
    if not isinstance(terms_value, list) or len(terms_value) < 2:
        raise ctx.error("equation", "expected a list of at least two terms")
    terms: list[Term] = []
    sized: dict[str, tuple[int, str]] = {}  # index -> its size and the term that first gave it
    for k, item in enumerate(terms_value):
        path = f"equation[{k}]"
        if not isinstance(item, dict):
            raise ctx.error(path, f"expected a mapping (a diagram spec), got {_type(item)}")
        _known(item, TERM_KEYS, path, ctx)
        op = item.get("op")
        if k == 0 and op is not None:
            raise ctx.error(f"{path}.op", "the first term takes no operator")
        if k > 0:
            if not isinstance(op, str) or op not in OP_ALIASES:
                raise ctx.error(f"{path}.op", f"expected one of = + - != before term {k + 1}, got {_shown(op)}")
            op = OP_ALIASES[op]
        coeff = item.get("coeff")
        if coeff is not None and not isinstance(coeff, (str, int, float)) or isinstance(coeff, bool):
            raise ctx.error(f"{path}.coeff", f"expected a number or TeX text, got {_type(coeff)}")
        if coeff is not None:
            coeff = _math(str(coeff), f"{path}.coeff", ctx, what="coefficient")
        own = _dims(item.get("dims"), f"{path}.dims", ctx)
        for index, size in own.items():
            if index in dims and dims[index] != size:
                raise ctx.error(f"{path}.dims.{index}", f"'{index}' is {size} here, but {dims[index]} in the equation's dims")
        diagram = _diagram(item, path, ctx, shared_dims=dict(dims))
        for index, size in diagram.dims:
            first = sized.setdefault(index, (size, path))
            if first[0] != size:
                place = f"{path}.dims.{index}" if index in own else f"{path}.einsum"
                raise ctx.error(place, f"'{index}' is {size} here, but {first[0]} in {first[1]}: "
                                       "an index has one size in the whole equation")
        sum_over = _names(item.get("sum", []), f"{path}.sum", ctx)
        for j, index in enumerate(sum_over):
            if index not in diagram.indices:
                raise ctx.error(f"{path}.sum[{j}]", f"'{index}' is on no leg of this term "
                                                    f"(its indices: {', '.join(diagram.indices) or 'none'})")
        terms.append(Term(diagram, op=op, coeff=coeff, sum_over=sum_over))
    if not any(t.op in ("=", "!=") for t in terms):
        raise ctx.error("equation", "no term says '=' or '!=': an equation needs a relation")
    for index in dims:
        if not any(index in t.diagram.indices for t in terms):
            raise ctx.error(f"dims.{index}", f"index '{index}' is on no leg of any term")
    _shared_data([(t.diagram, f"equation[{k}]") for k, t in enumerate(terms)], ctx, scope="equation")
    return Equation(tuple(terms), title=_str(value.get("title"), "title", ctx), dims=tuple(dims.items()))


def _diagram(value: dict[str, Any], base: str, ctx: _Ctx, *, shared_dims: dict[str, int]) -> Diagram:
    from .einsum import operand_names, parse_einsum

    p = (lambda key: f"{base}.{key}" if base else key)
    text = value.get("einsum")
    parsed = None
    if text is not None:
        if not isinstance(text, str):
            raise ctx.error(p("einsum"), f"expected an einsum string, got {_type(text)}")
        try:
            parsed = parse_einsum(text)
        except EinsumError as exc:
            raise ctx.error(p("einsum"), exc.message if not exc.where else f"{exc.where}: {exc.message}") from None
    tensors_value = value.get("tensors", {})
    if not isinstance(tensors_value, dict):
        raise ctx.error(p("tensors"), f"expected a mapping of tensor name to its properties, got {_type(tensors_value)}")
    if parsed is None and not tensors_value:
        raise ctx.error(base, "expected 'einsum:' or 'tensors:' (a diagram needs one of them)")
    if len(tensors_value) > MAX_TENSORS:
        raise ctx.error(p("tensors"), f"too many tensors: {len(tensors_value)}, at most {MAX_TENSORS}")

    own_dims = _dims(value.get("dims"), p("dims"), ctx)
    dims = {**shared_dims, **own_dims}
    if parsed is not None:
        for index, size in parsed.dims:
            if index in dims and dims[index] != size:
                raise ctx.error(p("dims"), f"'{index}' is {dims[index]}, but the einsum says {index}={size}")
            dims[index] = size
        for name in parsed.names:
            _typesettable(name, "tensor name", p("einsum"), ctx)
        for legs in parsed.operands:
            for leg in legs:
                for index in leg:
                    _typesettable(index, "index name", p("einsum"), ctx)

    # Tensors: the einsum's operands in order, refined by `tensors:`; extra tensors after them.
    declared: dict[str, Leg | None] = {}
    copies: dict[str, str] = {}
    order: list[str] = []
    if parsed is not None:
        for name, unique, legs in zip(parsed.names, operand_names(parsed.names), parsed.operands):
            if unique != name:  # the second A is A', the third A'' (see operand_names)
                copies[unique] = name
                if len(unique) > MAX_NAME:
                    raise ctx.error(p("einsum"), f"tensor name {quote(name)} is used so often that its copy "
                                                 f"{quote(unique)} is longer than {MAX_NAME} characters: shorten it")
            declared[unique] = legs  # type: ignore[assignment]
            order.append(unique)
    for name in tensors_value:
        if isinstance(name, str) and len(name) > MAX_NAME:
            raise ctx.error(p(f"tensors.{quote(name)[1:-1]}"), f"tensor name {quote(name)} is {len(name):,} characters long; "
                                                               f"a name holds at most {MAX_NAME}", key=True)
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ctx.error(p(f"tensors.{name}"), "a tensor name starts with a letter and holds letters, digits, _ or ', "
                                                  f"got {_quote(str(name))}", key=True)
        _typesettable(name, "tensor name", p(f"tensors.{name}"), ctx)
        if name not in declared:
            order.append(name)
    tensors: list[Tensor] = []
    for name in order:
        props = tensors_value.get(name)
        props = {} if props is None else props
        tp = p(f"tensors.{name}")
        if not isinstance(props, dict):
            raise ctx.error(tp, f"expected a mapping of tensor properties, got {_type(props)}")
        _known(props, TENSOR_KEYS, tp, ctx)
        if "legs" in props:
            legs = _legs(props["legs"], f"{tp}.legs", ctx)
        elif declared.get(name) is not None:
            legs = declared[name]  # type: ignore[assignment]
        else:
            operands = order[: len(declared)]
            hint = [o for o in operands if o.lower() == name.lower()] or difflib.get_close_matches(name, operands, n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else ""
            raise ctx.error(tp, f"no legs: give 'legs:', or name it in the einsum "
                                f"(its operands: {', '.join(operands) or 'none'}){extra}")
        if name in copies and "data" not in props:
            props = {**props, "data": copies[name]}
        tensors.append(_tensor(name, legs, props, tp, ctx))  # type: ignore[arg-type]

    on_legs = [i for t in tensors for i in t.indices]
    if "output" in value:
        output = _legs(value["output"], p("output"), ctx)
    elif parsed is not None:
        output = parsed.output
    else:
        counts: dict[str, int] = {}
        for i in on_legs:
            counts[i] = counts.get(i, 0) + 1
        output = tuple((i,) for i, c in counts.items() if c == 1)
    seen: set[str] = set()
    for k, leg in enumerate(output):
        for index in leg:
            if index in seen:
                raise ctx.error(f"{p('output')}[{k}]", f"output index '{index}' appears twice")
            if index not in on_legs:
                raise ctx.error(f"{p('output')}[{k}]", f"output index '{index}' is on no tensor's leg")
            seen.add(index)
    for index in own_dims:
        if index not in on_legs:
            raise ctx.error(p(f"dims.{index}"), f"index '{index}' is on no tensor's leg")
    dims = {index: size for index, size in dims.items() if index in on_legs}
    for t in tensors:
        _one_size(t, dims, p(f"tensors.{t.name}"), ctx)

    out_texts = [leg_text(leg) for leg in output]
    sides_value = value.get("sides", {})
    if not isinstance(sides_value, dict):
        raise ctx.error(p("sides"), f"expected a mapping of free leg to side, got {_type(sides_value)}")
    sides = []
    for leg, side in sides_value.items():
        if not isinstance(leg, str) or leg not in out_texts:
            free = f"free legs: {', '.join(out_texts) or 'none'}"
            if isinstance(leg, str) and leg not in on_legs and _IDENT.fullmatch(leg):
                raise ctx.error(p(f"sides.{leg}"), f"'{leg}' is on no tensor's leg ({free})")
            raise ctx.error(p(f"sides.{leg}"), f"{_quote(str(leg))} is not a free leg ({free})")
        sides.append((leg, _choice(side, SIDES, p(f"sides.{leg}"), ctx)))

    colors_value = value.get("leg_colors", {})
    if not isinstance(colors_value, dict):
        raise ctx.error(p("leg_colors"), f"expected a mapping of index to colour, got {_type(colors_value)}")
    leg_colors = []
    for index, color in colors_value.items():
        if index not in on_legs:
            raise ctx.error(p(f"leg_colors.{index}"), f"index '{index}' is on no tensor's leg")
        leg_colors.append((index, _color(color, p(f"leg_colors.{index}"), ctx) or ""))
    bubbles = _bubbles(value.get("bubbles", []), p("bubbles"), tensors, ctx)
    free_side = value.get("free_side")
    return Diagram(
        tensors=tuple(tensors),
        output=output,
        dims=tuple(dims.items()),
        sides=tuple(sides),
        einsum=text,
        title=_str(value.get("title"), p("title"), ctx),
        bubbles=bubbles,
        structure=None if value.get("structure") is None else _choice(value["structure"], STRUCTURES, p("structure"), ctx),
        leg_labels=_choice(value.get("leg_labels", "names"), LEG_LABELS, p("leg_labels"), ctx),  # type: ignore[arg-type]
        free_side=None if free_side is None else _choice(free_side, SIDES, p("free_side"), ctx),  # type: ignore[arg-type]
        leg_colors=tuple(leg_colors),
        evaluate=None if value.get("evaluate") is None else _choice(value["evaluate"], experiments(), p("evaluate"), ctx),
    )


def _tensor(name: str, legs: tuple[Leg, ...], props: dict[str, Any], path: str, ctx: _Ctx) -> Tensor:
    shape = props.get("shape")
    kind = props.get("kind")
    if shape is not None:
        shape = _choice(shape, SHAPES, f"{path}.shape", ctx)
    if kind is not None:
        kind = _choice(kind, KINDS, f"{path}.kind", ctx)
    shape = shape or _SHAPE_OF_KIND.get(kind or "", "circle")
    kind = kind or _KIND_OF_SHAPE.get(shape, "generic")
    if kind in ("identity", "shift") and len(legs) != 2:
        what = "an identity" if kind == "identity" else "a shift δ(k, q+1)"
        raise ctx.error(f"{path}.legs", f"{what} has exactly 2 legs, got {len(legs)}")
    at = props.get("at")
    if at is not None:
        if (
            not isinstance(at, list) or len(at) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in at)
        ):
            raise ctx.error(f"{path}.at", f"expected a pin [x, y] of two numbers, got {_shown(at)}")
        if not all(abs(v) <= MAX_PIN for v in at):  # NaN too
            raise ctx.error(f"{path}.at", f"expected a pin [x, y] with both numbers between -{MAX_PIN:g} and "
                                          f"{MAX_PIN:g} (cm), got {_shown(at)}")
        at = (float(at[0]), float(at[1]))
    dagger = props.get("dagger", False)
    if not isinstance(dagger, bool):
        raise ctx.error(f"{path}.dagger", f"expected true or false, got {_shown(dagger)}")
    hole = props.get("hole", False)
    if not isinstance(hole, bool):
        raise ctx.error(f"{path}.hole", f"expected true or false, got {_shown(hole)}")
    data = props.get("data")
    if data is not None and (not isinstance(data, str) or not _NAME.fullmatch(data)):
        raise ctx.error(f"{path}.data", f"expected the name of the tensor whose numbers this one shares, got {_shown(data)}")
    tip = _names(props.get("tip", []), f"{path}.tip", ctx)
    indices = [i for leg in legs for i in leg]
    for index in tip:
        if index not in indices:
            raise ctx.error(f"{path}.tip", f"'{index}' is not one of this tensor's legs ({', '.join(indices)})")
    return Tensor(
        name=name,
        legs=legs,
        label=_math(props.get("label"), f"{path}.label", ctx),
        shape=shape,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        color=_color(props.get("color"), f"{path}.color", ctx),
        at=at,
        dagger=dagger,
        data=data,
        tip=tip,
        hole=hole,
        ports=_ports(props.get("ports"), kind, len(indices), f"{path}.ports", ctx),
    )


def _ports(value: Any, kind: str, legs: int, path: str, ctx: _Ctx) -> int:
    """How many ports a copy/add node has; its legs must split evenly into them."""
    if value is None:
        if kind in ("copy", "add") and legs % 3:
            raise ctx.error(path[: -len(".ports")] + ".legs", f"a {kind} node's {legs} legs do not split into 3 ports; give 'ports:'")
        return 0
    if kind not in ("copy", "add"):
        raise ctx.error(path, f"only copy and add nodes have ports, not a {kind} tensor")
    if isinstance(value, bool) or not isinstance(value, int) or value < 2 or legs % value:
        raise ctx.error(path, f"expected a whole number of ports, at least 2, that divides the {legs} legs; got {value!r}")
    return value


def _bubbles(value: Any, path: str, tensors: list[Tensor], ctx: _Ctx) -> tuple[Bubble, ...]:
    if not isinstance(value, list):
        raise ctx.error(path, f"expected a list of bubbles, got {_type(value)}")
    out: list[Bubble] = []
    known = [t.name for t in tensors]
    inside: dict[str, list[str]] = {t.name: list(t.indices) for t in tensors}
    for k, item in enumerate(value):
        bp = f"{path}[{k}]"
        if not isinstance(item, dict):
            raise ctx.error(bp, f"expected a mapping, got {_type(item)}")
        _known(item, BUBBLE_KEYS, bp, ctx)
        for key in ("name", "function", "members"):
            if key not in item:
                raise ctx.error(bp, f"a bubble needs '{key}:'")
        name = _str(item["name"], f"{bp}.name", ctx) or ""
        if len(name) > MAX_NAME:
            raise ctx.error(f"{bp}.name", f"bubble name {quote(name)} is {len(name):,} characters long; "
                                          f"a name holds at most {MAX_NAME}")
        if not _NAME.fullmatch(name):
            raise ctx.error(f"{bp}.name", f"a bubble name starts with a letter and holds letters, digits, _ or ', got {_quote(name)}")
        _typesettable(name, "bubble name", f"{bp}.name", ctx)
        if name in known:
            raise ctx.error(f"{bp}.name", f"'{name}' is already the name of a tensor or bubble")
        members = _members(item["members"], f"{bp}.members", ctx)
        for member in members:
            if member not in known:
                raise ctx.error(f"{bp}.members", f"'{member}' is no tensor or earlier bubble ({', '.join(known)})")
        indices = list(dict.fromkeys(i for member in members for i in inside[member]))
        over = item.get("over")
        if over is not None:
            over = _index(over, f"{bp}.over", ctx)
            if over not in indices:
                raise ctx.error(f"{bp}.over", f"'{over}' is on no leg inside this bubble (its legs: {', '.join(indices) or 'none'})")
        known.append(name)
        inside[name] = indices
        out.append(
            Bubble(
                name=name,
                function=_math(item["function"], f"{bp}.function", ctx, what="function") or "",
                members=members,
                over=over,
                label=_math(item.get("label"), f"{bp}.label", ctx),
                color=_color(item.get("color"), f"{bp}.color", ctx),
            )
        )
    return tuple(out)


def _shared_data(diagrams: list[tuple[Diagram, str]], ctx: _Ctx, *, scope: str) -> None:
    """``data:`` names a tensor (of this diagram, or of any term of an equation) that holds its own
    numbers, with the same number of legs and, where ``dims`` tell, the same size on each axis."""
    owners: dict[str, tuple[Tensor, dict[str, int]]] = {}
    for diagram, _ in diagrams:
        for t in diagram.tensors:
            owners.setdefault(t.name, (t, diagram.dim_map))
    for diagram, base in diagrams:
        for t in diagram.tensors:
            if t.data is None or t.data == t.name:
                continue
            tp = f"{base}.tensors.{t.name}" if base else f"tensors.{t.name}"
            if t.data not in owners:
                raise ctx.error(f"{tp}.data", f"'{t.data}' is no tensor of this {scope} (tensors: {', '.join(owners)})")
            source, source_dims = owners[t.data]
            if source.data not in (None, source.name):
                raise ctx.error(f"{tp}.data", f"'{t.data}' itself shares the numbers of '{source.data}': "
                                              f"name that one (data: {source.data})")
            if len(t.legs) != len(source.legs):
                raise ctx.error(f"{tp}.legs", f"{len(t.legs)} legs, but it shares the numbers of '{source.name}', "
                                              f"which has {len(source.legs)}")
            dims = diagram.dim_map
            for k, (leg, other) in enumerate(zip(t.legs, source.legs)):
                mine, theirs = _leg_size(leg, dims), _leg_size(other, source_dims)
                if mine is not None and theirs is not None and mine != theirs:
                    raise ctx.error(f"{tp}.legs[{k}]", f"'{leg_text(leg)}' is {mine}, but it shares the numbers of "
                                                       f"'{source.name}', whose axis {k} '{leg_text(other)}' is {theirs}")


def _one_size(t: Tensor, dims: dict[str, int], path: str, ctx: _Ctx) -> None:
    """An identity joins two legs of one size; a delta tensor's legs all have one size; the ports of a
    copy or add node carry the same value, so their legs agree in size position by position."""
    if t.kind in ("copy", "add"):
        count = t.ports or 3
        width = len(t.legs) // count
        for pos in range(width):
            group = [t.legs[p * width + pos] for p in range(count)]
            known = [(k, leg, _leg_size(leg, dims)) for k, leg in enumerate(group)]
            known = [(k, leg, n) for k, leg, n in known if n is not None]
            for k, leg, n in known[1:]:
                if n != known[0][2]:
                    raise ctx.error(f"{path}.legs[{k * width + pos}]",
                                    f"'{leg_text(leg)}' is {n}, but '{leg_text(known[0][1])}' is {known[0][2]}: "
                                    f"every port of a {t.kind} node carries the same value")
        return
    if t.kind not in ("identity", "delta", "shift"):
        return
    rule = ("an identity joins two legs of one size" if t.kind == "identity" else
            "a shift joins two legs of one size" if t.kind == "shift" else f"a {t.kind} tensor's legs all have one size")
    first: tuple[str, int] | None = None
    for k, leg in enumerate(t.legs):
        size = _leg_size(leg, dims)
        if size is None:
            continue
        if first is None:
            first = (leg_text(leg), size)
        elif size != first[1]:
            raise ctx.error(f"{path}.legs[{k}]", f"'{leg_text(leg)}' is {size}, but '{first[0]}' is {first[1]}: {rule}")


def _leg_size(leg: Leg, dims: dict[str, int]) -> int | None:
    """The size of one axis: the product of its indices' sizes, or None when one is unknown."""
    size = 1
    for index in leg:
        if index not in dims:
            return None
        size *= dims[index]
    return size


def _legs(value: Any, path: str, ctx: _Ctx) -> tuple[Leg, ...]:
    """Legs as a list (``[i, j]``, ``[i, [j, k]]``, ``[i, "(j k)"]``) or an einops string (``i (j k)``)."""
    from .einsum import parse_einsum

    if isinstance(value, str):
        return _legs_text(value, path, ctx)
    if not isinstance(value, list):
        raise ctx.error(path, f"expected a list of index names, got {_type(value)}")
    legs: list[Leg] = []
    for k, item in enumerate(value):
        if isinstance(item, list):
            legs.append(_names(item, f"{path}[{k}]", ctx))
        elif isinstance(item, str) and ("(" in item or len(item.split()) > 1):
            inner = item.strip()
            if inner.startswith("(") and inner.endswith(")"):
                inner = inner[1:-1]
            group = _names(inner, f"{path}[{k}]", ctx)
            if not group:
                raise ctx.error(f"{path}[{k}]", "an empty group '()' carries no index")
            legs.append(group)
        else:
            legs.append((_index(item, f"{path}[{k}]", ctx),))
    return tuple(legs)


def _legs_text(text: str, path: str, ctx: _Ctx) -> tuple[Leg, ...]:
    """Legs written einops-style: ``i (j k) l`` (whitespace separates, parentheses group)."""
    legs: list[Leg] = []
    group: list[str] | None = None
    for m in re.finditer(r"\(|\)|[^\s()]+", text):
        token = m.group()
        if token == "(":
            if group is not None:
                raise ctx.error(path, f"cannot read legs {_shown(text)}: groups do not nest (column {m.start() + 1})")
            group = []
        elif token == ")":
            if group is None:
                raise ctx.error(path, f"cannot read legs {_shown(text)}: ')' closes no '(' (column {m.start() + 1})")
            if not group:
                raise ctx.error(path, "an empty group '()' carries no index")
            legs.append(tuple(group))
            group = None
        else:
            name = _index(token, path, ctx)
            if group is None:
                legs.append((name,))
            else:
                group.append(name)
    if group is not None:
        raise ctx.error(path, f"cannot read legs {_shown(text)}: unclosed '('")
    return tuple(legs)


def _names(value: Any, path: str, ctx: _Ctx) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list):
        raise ctx.error(path, f"expected a list of names, got {_type(value)}")
    return tuple(_index(v, f"{path}[{k}]", ctx) for k, v in enumerate(value))


def _members(value: Any, path: str, ctx: _Ctx) -> tuple[str, ...]:
    """A bubble's members: names of tensors or earlier bubbles (``V†`` and ``A'`` included)."""
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list):
        raise ctx.error(path, f"expected a list of tensor names, got {_type(value)}")
    for k, name in enumerate(value):
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ctx.error(f"{path}[{k}]", f"expected a tensor or bubble name, got {_shown(name)}")
    return tuple(value)


def _index(value: Any, path: str, ctx: _Ctx) -> str:
    if isinstance(value, bool):
        raise ctx.error(path, "expected an index name, got true/false (YAML reads on, off, yes, no as true/false: quote it)")
    if not isinstance(value, (str, int)):
        raise ctx.error(path, f"expected an index name, got {_type(value)}")
    text = str(value)
    if len(text) > MAX_NAME:
        raise ctx.error(path, f"index name {_quote(text)} is {len(text):,} characters long; a name holds at most {MAX_NAME}")
    if not _IDENT.fullmatch(text):
        raise ctx.error(path, f"index name {_quote(text)} may hold only letters, digits, _ and '")
    _typesettable(text, "index name", path, ctx)
    return text


def _dims(value: Any, path: str, ctx: _Ctx) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ctx.error(path, f"expected a mapping of index to size, got {_type(value)}")
    out: dict[str, int] = {}
    for key, size in value.items():
        index = _index(key, f"{path}.{key}", ctx)
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ctx.error(f"{path}.{index}", f"expected a positive whole number, got {_shown(size)}")
        _checked(ctx, f"{path}.{index}", check_size, size)
        out[index] = size
    return out


def _choice(value: Any, options: tuple[str, ...], path: str, ctx: _Ctx) -> str:
    if value not in options:
        hint = difflib.get_close_matches(str(value), options, n=1)
        extra = f"; did you mean '{hint[0]}'?" if hint else ""
        raise ctx.error(path, f"expected one of {', '.join(options)}, got {_shown(value)}{extra}")
    return value  # type: ignore[no-any-return]


def _color(value: Any, path: str, ctx: _Ctx) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and (_HEX.fullmatch(value) or value in NAMED_COLORS):
        return value
    hint = difflib.get_close_matches(str(value), NAMED_COLORS, n=1)
    extra = f"; did you mean '{hint[0]}'?" if hint else ""
    raise ctx.error(path, f"expected a colour #rrggbb or one of {', '.join(NAMED_COLORS)}, got {_shown(value)}{extra}")


def _str(value: Any, path: str, ctx: _Ctx, *, limited: bool = True) -> str | None:
    """Text: no surrogates or noncharacters, and (``limited``) at most MAX_TEXT characters."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ctx.error(path, f"expected text, got {_type(value)}")
    text = str(value)
    what = path.rsplit(".", 1)[-1].split("[", 1)[0]
    _checked(ctx, path, check_text, text, what=what, **({} if limited else {"limit": len(text)}))
    return text


def _checked(ctx: _Ctx, path: str, check: Any, value: Any, **options: Any) -> None:
    """Run one of the model's checks on ``value``, its error located at ``path`` (the spec's line and column)."""
    try:
        check(value, path, **options)
    except SpecError as exc:
        raise ctx.error(path, exc.message) from None


def _math(value: Any, path: str, ctx: _Ctx, *, what: str = "label") -> str | None:
    """A math label (TeX), checked against the safe subset: the one field where TeX is written."""
    text = _str(value, path, ctx, limited=False)
    if text is None:
        return None
    try:
        return validate_math(text)
    except LabelError as exc:
        raise ctx.error(path, f"{what} {_quote(text)}: {exc}") from None


def _typesettable(name: str, what: str, path: str, ctx: _Ctx) -> None:
    bad = untypesettable(name)
    if bad is not None:
        raise ctx.error(path, f"{what} {_quote(name)} holds {_quote(bad)}, which pdflatex cannot typeset: "
                              "use ASCII letters, Greek letters, digits, _ or '")


def _shown(value: Any, limit: int = 60) -> str:
    """A value as Python would write it, cut short: a message stays one readable line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_quote = quote


def _known(value: dict[str, Any], keys: tuple[str, ...], path: str, ctx: _Ctx) -> None:
    for key in value:
        if key not in keys:
            hint = difflib.get_close_matches(str(key), keys, n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else f" (known keys: {', '.join(keys)})"
            where = f"{path}.{key}" if path else str(key)
            raise ctx.error(where, f"unknown key {_quote(str(key))}{extra}", key=True)


def _type(value: Any) -> str:
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)

