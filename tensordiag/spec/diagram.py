"""One diagram: the einsum's operands in order, refined by ``tensors:``, extra tensors after them; the output,
sizes, sides, leg colours and bubbles. Every lookup is a dict or a set: a spec of 10,000 tensors loads in
time linear in its size."""

from __future__ import annotations

import difflib
from typing import Any

from ..einsum import operand_names, parse_einsum
from ..definitions import check_values
from ..errors import EinsumError, SpecError, quote
from ..experiments import experiments
from ..layout.registry import strategy_names
from ..model import INDEX, KINDS, MAX_PIN, NAME, SHAPES, SIDES, Bubble, Diagram, Kind, Leg, Shape, Tensor, leg_text
from ..roles import ROLES
from ..texlabel import MAX_NAME
from .consistency import one_size
from .handpins import with_hand_pins
from .contraction import with_contraction
from .values import read_values, token_sizes
from .primitives import (
    Ctx,
    check_keys,
    check_typesettable,
    kind_of,
    read_choice,
    read_color,
    read_dims,
    read_index,
    read_index_labels,
    read_legs,
    read_math,
    read_members,
    read_names,
    read_scale,
    read_text,
    shown,
)

DIAGRAM_KEYS = (
    "title", "einsum", "tensors", "output", "dims", "sides", "free_side", "structure",
    "leg_labels", "bubbles", "leg_colors", "evaluate", "permute", "index_labels", "values", "bundles",
    "contraction", "junctions", "label_offsets",
)
TENSOR_KEYS = ("legs", "label", "shape", "kind", "color", "at", "dagger", "data", "tip", "hole", "ports", "absorbs",
               "role", "slice", "inverse", "tokens", "picture")
BUBBLE_KEYS = ("name", "function", "members", "over", "label", "color", "scale", "eps")
STRUCTURES = strategy_names(declarable=True)
"""The structures a spec may declare: the layout registry's names, in the order they are tried."""
LEG_LABELS = ("none", "names", "sizes")
MAX_TENSORS = 10_000
"""The most tensors a diagram may hold (the einsum parser's operand limit is the same)."""

_SHAPE_OF_KIND: dict[str, Shape] = {"isometry": "triangle", "unitary": "square", "delta": "dot", "identity": "none",
                                    "shift": "dot"}
_KIND_OF_SHAPE: dict[str, Kind] = {"triangle": "isometry", "square": "unitary", "dot": "delta", "none": "identity"}


def read_diagram(value: dict[str, Any], base: str, ctx: Ctx, *, shared_dims: dict[str, int]) -> Diagram:
    p = (lambda key: f"{base}.{key}" if base else key)
    text = value.get("einsum")
    parsed = None
    if text is not None:
        if not isinstance(text, str):
            raise ctx.error(p("einsum"), f"expected an einsum string, got {kind_of(text)}")
        try:
            parsed = parse_einsum(text)
        except EinsumError as exc:
            raise ctx.error(p("einsum"), exc.message if not exc.where else f"{exc.where}: {exc.message}") from None
    tensors_value = value.get("tensors", {})
    if not isinstance(tensors_value, dict):
        raise ctx.error(p("tensors"), f"expected a mapping of tensor name to its properties, got {kind_of(tensors_value)}")
    if parsed is None and not tensors_value:
        raise ctx.error(base, "expected 'einsum:' or 'tensors:' (a diagram needs one of them)")
    if len(tensors_value) > MAX_TENSORS:
        raise ctx.error(p("tensors"), f"too many tensors: {len(tensors_value)}, at most {MAX_TENSORS}")

    own_dims = read_dims(value.get("dims"), p("dims"), ctx)
    dims = {**shared_dims, **own_dims}
    if parsed is not None:
        for index, size in parsed.dims:
            if index in dims and dims[index] != size:
                raise ctx.error(p("dims"), f"'{index}' is {dims[index]}, but the einsum says {index}={size}")
            dims[index] = size
        for name in parsed.names:
            check_typesettable(name, "tensor name", p("einsum"), ctx)
        for legs in parsed.operands:
            for leg in legs:
                for index in leg:
                    check_typesettable(index, "index name", p("einsum"), ctx)

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
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise ctx.error(p(f"tensors.{name}"), "a tensor name starts with a letter and holds letters, digits, _ or ', "
                                                  f"got {quote(str(name))}", key=True)
        check_typesettable(name, "tensor name", p(f"tensors.{name}"), ctx)
        if name not in declared:
            order.append(name)
    tensors: list[Tensor] = []
    for name in order:
        props = tensors_value.get(name)
        props = {} if props is None else props
        tp = p(f"tensors.{name}")
        if not isinstance(props, dict):
            raise ctx.error(tp, f"expected a mapping of tensor properties, got {kind_of(props)}")
        check_keys(props, TENSOR_KEYS, tp, ctx)
        if "legs" in props:
            legs = read_legs(props["legs"], f"{tp}.legs", ctx)
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

    on_legs: dict[str, int] = {}  # index -> how many legs carry it, in order of first appearance
    for t in tensors:
        for i in t.indices:
            on_legs[i] = on_legs.get(i, 0) + 1
    if "output" in value:
        output = read_legs(value["output"], p("output"), ctx)
    elif parsed is not None:
        output = parsed.output
    else:
        output = tuple((i,) for i, c in on_legs.items() if c == 1)
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
        one_size(t, dims, p(f"tensors.{t.name}"), ctx)
        token_sizes(t, dims, p(f"tensors.{t.name}"), ctx)

    out_texts = [leg_text(leg) for leg in output]
    free_texts = set(out_texts)
    sides_value = value.get("sides", {})
    if not isinstance(sides_value, dict):
        raise ctx.error(p("sides"), f"expected a mapping of free leg to side, got {kind_of(sides_value)}")
    sides = []
    for leg, side in sides_value.items():
        if not isinstance(leg, str) or leg not in free_texts:
            free = f"free legs: {', '.join(out_texts) or 'none'}"
            if isinstance(leg, str) and leg not in on_legs and INDEX.fullmatch(leg):
                raise ctx.error(p(f"sides.{leg}"), f"'{leg}' is on no tensor's leg ({free})")
            raise ctx.error(p(f"sides.{leg}"), f"{quote(str(leg))} is not a free leg ({free})")
        sides.append((leg, read_choice(side, SIDES, p(f"sides.{leg}"), ctx)))

    colors_value = value.get("leg_colors", {})
    if not isinstance(colors_value, dict):
        raise ctx.error(p("leg_colors"), f"expected a mapping of index to colour, got {kind_of(colors_value)}")
    leg_colors = []
    for index, color in colors_value.items():
        if index not in on_legs:
            raise ctx.error(p(f"leg_colors.{index}"), f"index '{index}' is on no tensor's leg")
        leg_colors.append((index, read_color(color, p(f"leg_colors.{index}"), ctx) or ""))
    bubbles = _bubbles(value.get("bubbles", []), p("bubbles"), tensors, ctx)
    free_side = value.get("free_side")
    permute = value.get("permute", False)
    if not isinstance(permute, bool):
        raise ctx.error(p("permute"), f"expected true or false, got {shown(permute)}")
    if permute and sides:
        raise ctx.error(p("permute"), f"permuted legs all leave on free_side (default up): drop sides "
                        f"({', '.join(leg for leg, _ in sides)})")
    values = _values(value.get("values", {}), p("values"), output, dims, ctx)
    bundles, auto_bundles = _bundles_of(value.get("bundles", "auto"), p("bundles"), tensors, output, ctx)
    return with_contraction(with_hand_pins(Diagram(
        tensors=tuple(tensors),
        output=output,
        dims=tuple(dims.items()),
        sides=tuple(sides),
        einsum=text,
        title=read_text(value.get("title"), p("title"), ctx),
        bubbles=bubbles,
        structure=None if value.get("structure") is None else read_choice(value["structure"], STRUCTURES, p("structure"), ctx),
        leg_labels=read_choice(value.get("leg_labels", "names"), LEG_LABELS, p("leg_labels"), ctx),  # type: ignore[arg-type]
        free_side=None if free_side is None else read_choice(free_side, SIDES, p("free_side"), ctx),  # type: ignore[arg-type]
        leg_colors=tuple(leg_colors),
        evaluate=None if value.get("evaluate") is None else read_choice(value["evaluate"], experiments(), p("evaluate"), ctx),
        permute=permute,
        index_labels=read_index_labels(value.get("index_labels"), p("index_labels"), ctx, tuple(on_legs)),
        values=values,
        bundles=bundles,
        auto_bundles=auto_bundles,
    ), value, p, ctx), value.get("contraction"), p, ctx)


def _values(value: Any, path: str, output: tuple[Leg, ...], dims: dict[str, int], ctx: Ctx) -> tuple[tuple[str, int], ...]:
    """``values: {i: 0, j: 2}``: free legs that end in a value (checked by :func:`check_values`, located here)."""
    if not isinstance(value, dict):
        raise ctx.error(path, f"expected a mapping of free leg to its value, got {kind_of(value)}")
    pairs = tuple((read_index(index, f"{path}.{index}", ctx), v) for index, v in value.items())
    try:
        check_values(pairs, output, tuple(dims.items()), lambda i, where: i)
    except SpecError as exc:
        raise ctx.error(f"{path}{(exc.where or 'values')[len('values'):]}", exc.message) from None
    return pairs


def _bundles_of(value: Any, path: str, tensors: list[Tensor], output: tuple[Leg, ...], ctx: Ctx
                ) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """``bundles:``: ``auto`` (the default: each multi-leg port of a copy/add node), ``none``, or a list of
    index lists, each drawn as one bundle (automatic bundles besides); checked where the spec says it."""
    if value in ("auto", "none"):
        return (), value == "auto"
    if not isinstance(value, list):
        raise ctx.error(path, f"expected auto, none or a list of index lists such as [[seq_pos, hidden]], got {shown(value)}")
    bundles = tuple(read_names(item, f"{path}[{k}]", ctx) for k, item in enumerate(value))
    try:
        Diagram(tensors=tuple(tensors), output=output, bundles=bundles)  # checks them (tensordiag.bundles)
    except SpecError as exc:
        raise ctx.error(f"{path}{(exc.where or '')[len('bundles'):]}", exc.message) from None
    return bundles, True


def _tensor(name: str, legs: tuple[Leg, ...], props: dict[str, Any], path: str, ctx: Ctx) -> Tensor:
    shape = props.get("shape")
    kind = props.get("kind")
    if shape is not None:
        shape = read_choice(shape, SHAPES, f"{path}.shape", ctx)
    if kind is not None:
        kind = read_choice(kind, KINDS, f"{path}.kind", ctx)
    if kind is None and props.get("inverse") is True:
        kind = "invertible"
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
            raise ctx.error(f"{path}.at", f"expected a pin [x, y] of two numbers, got {shown(at)}")
        if not all(abs(v) <= MAX_PIN for v in at):  # NaN too
            raise ctx.error(f"{path}.at", f"expected a pin [x, y] with both numbers between -{MAX_PIN:g} and "
                                          f"{MAX_PIN:g} (cm), got {shown(at)}")
        at = (float(at[0]), float(at[1]))
    dagger = props.get("dagger", False)
    if not isinstance(dagger, bool):
        raise ctx.error(f"{path}.dagger", f"expected true or false, got {shown(dagger)}")
    hole = props.get("hole", False)
    if not isinstance(hole, bool):
        raise ctx.error(f"{path}.hole", f"expected true or false, got {shown(hole)}")
    data = props.get("data")
    if data is not None and (not isinstance(data, str) or not NAME.fullmatch(data)):
        raise ctx.error(f"{path}.data", f"expected the name of the tensor whose numbers this one shares, got {shown(data)}")
    tip = read_names(props.get("tip", []), f"{path}.tip", ctx)
    indices = [i for leg in legs for i in leg]
    cut = read_names(props.get("slice", []), f"{path}.slice", ctx)
    for index in cut:
        if index in indices or cut.count(index) > 1:
            raise ctx.error(f"{path}.slice", f"'{index}' is on a drawn leg of this tensor or named twice: a slice "
                                             "removes a leg, so it names an index the drawing does not show")
    for index in tip:
        if index not in indices:
            raise ctx.error(f"{path}.tip", f"'{index}' is not one of this tensor's legs ({', '.join(indices)})")
    return Tensor(
        name=name,
        legs=legs,
        label=read_math(props.get("label"), f"{path}.label", ctx),
        shape=shape,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        color=read_color(props.get("color"), f"{path}.color", ctx),
        role=None if props.get("role") is None else read_choice(props["role"], ROLES, f"{path}.role", ctx),
        at=at,
        dagger=dagger,
        data=data,
        tip=tip,
        absorbs=read_members(props.get("absorbs", []), f"{path}.absorbs", ctx),
        hole=hole,
        ports=_ports(props.get("ports"), kind, len(indices), f"{path}.ports", ctx),
        slice=cut,
        **read_values(name, kind, legs, data, props, path, ctx),
    )


def _ports(value: Any, kind: str, legs: int, path: str, ctx: Ctx) -> int:
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


def _bubbles(value: Any, path: str, tensors: list[Tensor], ctx: Ctx) -> tuple[Bubble, ...]:
    if not isinstance(value, list):
        raise ctx.error(path, f"expected a list of bubbles, got {kind_of(value)}")
    out: list[Bubble] = []
    known = [t.name for t in tensors]  # in order, for messages; `inside` answers membership
    # a tensor's indices, a bubble's members: a bubble's legs are gathered only when its `over` is asked
    # about (flattening every bubble cost the square of the nesting depth)
    inside: dict[str, tuple[str, ...]] = {t.name: tuple(t.indices) for t in tensors}
    bubble_names: set[str] = set()
    for k, item in enumerate(value):
        bp = f"{path}[{k}]"
        if not isinstance(item, dict):
            raise ctx.error(bp, f"expected a mapping, got {kind_of(item)}")
        check_keys(item, BUBBLE_KEYS, bp, ctx)
        for key in ("name", "function", "members"):
            if key not in item:
                raise ctx.error(bp, f"a bubble needs '{key}:'")
        name = read_text(item["name"], f"{bp}.name", ctx) or ""
        if len(name) > MAX_NAME:
            raise ctx.error(f"{bp}.name", f"bubble name {quote(name)} is {len(name):,} characters long; "
                                          f"a name holds at most {MAX_NAME}")
        if not NAME.fullmatch(name):
            raise ctx.error(f"{bp}.name", f"a bubble name starts with a letter and holds letters, digits, _ or ', got {quote(name)}")
        check_typesettable(name, "bubble name", f"{bp}.name", ctx)
        if name in inside:
            raise ctx.error(f"{bp}.name", f"'{name}' is already the name of a tensor or bubble")
        members = read_members(item["members"], f"{bp}.members", ctx)
        for member in members:
            if member not in inside:
                raise ctx.error(f"{bp}.members", f"'{member}' is no tensor or earlier bubble ({', '.join(known)})")
        over = item.get("over")
        if over is not None:
            over = read_index(over, f"{bp}.over", ctx)
            indices = _legs_inside(members, inside, bubble_names)
            if over not in indices:
                raise ctx.error(f"{bp}.over", f"'{over}' is on no leg inside this bubble (its legs: {', '.join(indices) or 'none'})")
        known.append(name)
        inside[name] = members
        bubble_names.add(name)
        out.append(
            Bubble(
                name=name,
                function=read_math(item["function"], f"{bp}.function", ctx, what="function") or "",
                members=members,
                over=over,
                label=read_math(item.get("label"), f"{bp}.label", ctx),
                color=read_color(item.get("color"), f"{bp}.color", ctx),
                scale=read_scale(item.get("scale"), f"{bp}.scale", ctx),
                eps=read_scale(item.get("eps"), f"{bp}.eps", ctx),
            )
        )
    return tuple(out)


def _legs_inside(members: tuple[str, ...], inside: dict[str, tuple[str, ...]], bubbles: set[str]) -> list[str]:
    """The indices on the legs of the tensors inside ``members`` (bubbles opened, each once), in order."""
    seen: set[str] = set()
    out: dict[str, None] = {}
    stack = list(reversed(members))
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in bubbles:
            stack.extend(reversed(inside[name]))
        else:
            out.update(dict.fromkeys(inside[name]))
    return list(out)
