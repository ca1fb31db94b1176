"""An equation: a list of terms, each a diagram spec with ``op`` (``=``, ``+``, ``-``, ``!=``), ``coeff`` and
``sum`` besides; an index has one size in the whole equation."""

from __future__ import annotations

import re
from typing import Any

from ..definitions import check_definitions
from ..errors import SpecError
from ..model import MAX_WIDTH, MIN_WIDTH, Equation, Term
from ..perhead import per_problem
from .consistency import shared_data
from .diagram import DIAGRAM_KEYS, read_diagram
from .primitives import Ctx, check_keys, kind_of, read_dims, read_index_labels, read_math, read_names, read_text, shown

TERM_KEYS = DIAGRAM_KEYS + ("op", "coeff", "sum", "per", "define", "derivative")
STEP_KEYS = DIAGRAM_KEYS + ("step",)
EQUATION_KEYS = ("title", "equation", "dims", "width", "index_labels")
SEQUENCE_KEYS = ("title", "sequence", "dims", "width", "index_labels")
OP_ALIASES = {"=": "=", "+": "+", "-": "-", "−": "-", "!=": "!=", "≠": "!="}


def read_equation(value: dict[str, Any], ctx: Ctx, *, key: str = "equation") -> Equation:
    """An equation (``key`` ``equation``), or a sequence (``key`` ``sequence``): steps joined by arrows, each
    with an optional caption (``step: '\\mathrm{SVD}'``), each equal to the one before."""
    sequence = key == "sequence"
    check_keys(value, SEQUENCE_KEYS if sequence else EQUATION_KEYS, "", ctx)
    dims = read_dims(value.get("dims"), "dims", ctx)
    terms_value = value[key]
    if not isinstance(terms_value, list) or len(terms_value) < 2:
        raise ctx.error(key, f"expected a list of at least two {'steps' if sequence else 'terms'}")
    terms: list[Term] = []
    sized: dict[str, tuple[int, str]] = {}  # index -> its size and the term that first gave it
    everywhere: dict[str, None] = {}  # every index on a leg of some term, in order of first appearance
    for k, item in enumerate(terms_value):
        path = f"{key}[{k}]"
        if not isinstance(item, dict):
            raise ctx.error(path, f"expected a mapping (a diagram spec), got {kind_of(item)}")
        check_keys(item, STEP_KEYS if sequence else TERM_KEYS, path, ctx)
        op = "->" if sequence and k else item.get("op")
        step = item.get("step")
        if isinstance(step, str) and re.fullmatch(r"[A-Za-z][A-Za-z ]*", step):  # plain words: upright, as text
            step = r"\mathrm{" + step.strip().replace(" ", r"\ ") + "}"
        step = read_math(step, f"{path}.step", ctx, what="step caption")
        if k == 0 and step is not None:
            raise ctx.error(f"{path}.step", "the first step has no arrow before it to caption")
        if k == 0 and op is not None:
            raise ctx.error(f"{path}.op", "the first term takes no operator")
        if k > 0 and not sequence:
            if not isinstance(op, str) or op not in OP_ALIASES:
                raise ctx.error(f"{path}.op", f"expected one of = + - != before term {k + 1}, got {shown(op)}")
            op = OP_ALIASES[op]
        coeff = item.get("coeff")
        if coeff is not None and not isinstance(coeff, (str, int, float)) or isinstance(coeff, bool):
            raise ctx.error(f"{path}.coeff", f"expected a number or TeX text, got {kind_of(coeff)}")
        if coeff is not None:
            coeff = read_math(str(coeff), f"{path}.coeff", ctx, what="coefficient")
        own = read_dims(item.get("dims"), f"{path}.dims", ctx)
        for index, size in own.items():
            if index in dims and dims[index] != size:
                raise ctx.error(f"{path}.dims.{index}", f"'{index}' is {size} here, but {dims[index]} in the equation's dims")
        diagram = read_diagram(item, path, ctx, shared_dims=dict(dims))
        for index, size in diagram.dims:
            first = sized.setdefault(index, (size, path))
            if first[0] != size:
                place = f"{path}.dims.{index}" if index in own else f"{path}.einsum"
                raise ctx.error(place, f"'{index}' is {size} here, but {first[0]} in {first[1]}: "
                                       "an index has one size in the whole equation")
        sum_over = read_names(item.get("sum", []), f"{path}.sum", ctx)
        indices = diagram.indices  # a property that walks every leg: read once
        on_legs = set(indices) | {i for t in diagram.tensors for i in t.slice}
        for j, index in enumerate(sum_over):
            if index not in on_legs:
                raise ctx.error(f"{path}.sum[{j}]", f"'{index}' is on no leg of this term "
                                                    f"(its indices: {', '.join(indices) or 'none'})")
        everywhere.update(dict.fromkeys(indices))
        per = read_names(item.get("per", []), f"{path}.per", ctx)
        problem = per_problem(diagram, per, sum_over)
        if problem is not None:
            raise ctx.error(f"{path}.{problem[0]}", problem[1])
        define = item.get("define", False)
        if not isinstance(define, bool):
            raise ctx.error(f"{path}.define", f"expected true or false, got {shown(define)}")
        derivative = item.get("derivative")
        if derivative is not None and (not isinstance(derivative, str) or derivative not in {t.name for t in diagram.tensors}):
            raise ctx.error(f"{path}.derivative", f"expected the name of a tensor of this term "
                                                  f"({', '.join(t.name for t in diagram.tensors)}), got {shown(derivative)}")
        terms.append(Term(diagram, op=op, coeff=coeff, sum_over=sum_over, step=step, per=per, define=define,
                          derivative=derivative))
    absorbed(terms, ctx, key)
    if not any(t.op in ("=", "!=", "->") for t in terms):
        raise ctx.error("equation", "no term says '=' or '!=': an equation needs a relation")
    for index in dims:
        if index not in everywhere:
            raise ctx.error(f"dims.{index}", f"index '{index}' is on no leg of any term")
    shared_data([(t.diagram, f"{key}[{k}]") for k, t in enumerate(terms)], ctx, scope="equation")
    width = value.get("width")
    if width is not None and (isinstance(width, bool) or not isinstance(width, (int, float))
                              or not MIN_WIDTH <= width <= MAX_WIDTH):
        raise ctx.error("width", f"expected a width in cm between {MIN_WIDTH:g} and {MAX_WIDTH:g}, got {shown(width)}")
    try:
        check_definitions(terms)
    except SpecError as exc:
        raise ctx.error(exc.where or "equation", exc.message) from None
    return Equation(tuple(terms), title=read_text(value.get("title"), "title", ctx), dims=tuple(dims.items()),
                    width=None if width is None else float(width),
                    index_labels=read_index_labels(value.get("index_labels"), "index_labels", ctx, tuple(everywhere)))


def absorbed(steps: list[Term], ctx: Ctx, key: str) -> None:
    """Every ``absorbs:`` is on a new tensor of a sequence's step and names tensors of the step before (whose
    contraction the new tensor is)."""
    seen: set[str] = set()
    for k, step in enumerate(steps):
        before = {t.name for t in steps[k - 1].diagram.tensors} if k else set()
        for t in step.diagram.tensors:
            path = f"{key}[{k}].tensors.{t.name}.absorbs"
            if t.absorbs and key != "sequence":
                raise ctx.error(path, "only a sequence's step absorbs tensors of the step before: write 'sequence:'")
            if t.absorbs and t.name in seen:
                raise ctx.error(path, f"'{t.name}' is already in an earlier step: a tensor that absorbs others is new")
            for j, name in enumerate(t.absorbs):
                if name not in before:
                    shown_before = ", ".join(sorted(before)) or "none: the first step absorbs nothing"
                    raise ctx.error(f"{path}[{j}]", f"'{name}' is no tensor of the step before (its tensors: {shown_before})")
        seen |= {t.name for t in step.diagram.tensors}
