"""An equation: a list of terms, each a diagram spec with ``op`` (``=``, ``+``, ``-``, ``!=``), ``coeff`` and
``sum`` besides; an index has one size in the whole equation."""

from __future__ import annotations

from typing import Any

from ..definitions import check_definitions
from ..errors import SpecError
from ..model import MAX_WIDTH, MIN_WIDTH, Equation, Term
from .consistency import shared_data
from .diagram import DIAGRAM_KEYS, read_diagram
from .primitives import Ctx, check_keys, kind_of, read_dims, read_math, read_names, read_text, shown

TERM_KEYS = DIAGRAM_KEYS + ("op", "coeff", "sum", "define", "derivative")
EQUATION_KEYS = ("title", "equation", "dims", "width")
OP_ALIASES = {"=": "=", "+": "+", "-": "-", "−": "-", "!=": "!=", "≠": "!="}


def read_equation(value: dict[str, Any], ctx: Ctx) -> Equation:
    check_keys(value, EQUATION_KEYS, "", ctx)
    dims = read_dims(value.get("dims"), "dims", ctx)
    terms_value = value["equation"]
    if not isinstance(terms_value, list) or len(terms_value) < 2:
        raise ctx.error("equation", "expected a list of at least two terms")
    terms: list[Term] = []
    sized: dict[str, tuple[int, str]] = {}  # index -> its size and the term that first gave it
    everywhere: set[str] = set()  # every index on a leg of some term
    for k, item in enumerate(terms_value):
        path = f"equation[{k}]"
        if not isinstance(item, dict):
            raise ctx.error(path, f"expected a mapping (a diagram spec), got {kind_of(item)}")
        check_keys(item, TERM_KEYS, path, ctx)
        op = item.get("op")
        if k == 0 and op is not None:
            raise ctx.error(f"{path}.op", "the first term takes no operator")
        if k > 0:
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
        everywhere.update(on_legs)
        define = item.get("define", False)
        if not isinstance(define, bool):
            raise ctx.error(f"{path}.define", f"expected true or false, got {shown(define)}")
        derivative = item.get("derivative")
        if derivative is not None and (not isinstance(derivative, str) or derivative not in {t.name for t in diagram.tensors}):
            raise ctx.error(f"{path}.derivative", f"expected the name of a tensor of this term "
                                                  f"({', '.join(t.name for t in diagram.tensors)}), got {shown(derivative)}")
        terms.append(Term(diagram, op=op, coeff=coeff, sum_over=sum_over, define=define, derivative=derivative))
    if not any(t.op in ("=", "!=") for t in terms):
        raise ctx.error("equation", "no term says '=' or '!=': an equation needs a relation")
    for index in dims:
        if index not in everywhere:
            raise ctx.error(f"dims.{index}", f"index '{index}' is on no leg of any term")
    shared_data([(t.diagram, f"equation[{k}]") for k, t in enumerate(terms)], ctx, scope="equation")
    width = value.get("width")
    if width is not None and (isinstance(width, bool) or not isinstance(width, (int, float))
                              or not MIN_WIDTH <= width <= MAX_WIDTH):
        raise ctx.error("width", f"expected a width in cm between {MIN_WIDTH:g} and {MAX_WIDTH:g}, got {shown(width)}")
    try:
        check_definitions(terms)
    except SpecError as exc:
        raise ctx.error(exc.where or "equation", exc.message) from None
    return Equation(tuple(terms), title=read_text(value.get("title"), "title", ctx), dims=tuple(dims.items()),
                    width=None if width is None else float(width))
