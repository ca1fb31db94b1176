"""Issue 6, fuzzing: whatever text, bytes or spec comes in, tensordiag either accepts it or refuses it
with a :class:`~tensordiag.errors.TensordiagError`; any other exception is a bug in the library.

(a) The spec loader (:func:`tensordiag.spec.parse_text`, YAML and JSON): arbitrary text, arbitrary
bytes decoded as a spec file is, and structured random specs (real and misspelt keys, random legs,
values of the wrong type). Whatever loads must also lay out and render to TikZ and SVG, or refuse.
(b) The einsum parser (:func:`tensordiag.einsum.parse_einsum`) on text built from einsum-like tokens.

Every test is derandomized (the same examples on every run, no example database), so CI is
reproducible; ``max_examples`` stays modest so the file runs in well under a minute.
"""

from __future__ import annotations

import json
import resource
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tensordiag import yamlio
from tensordiag.api import Drawing
from tensordiag.einsum import format_einsum, parse_einsum
from tensordiag.errors import EinsumError, TensordiagError
from tensordiag.model import Diagram, Equation
from tensordiag.spec import BUBBLE_KEYS, DIAGRAM_KEYS, STRUCTURES, TENSOR_KEYS, TERM_KEYS, parse_figure, parse_text

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL = settings(FUZZ, max_examples=120)
MEMORY_LIMIT = 6 * 2**30
"""Address space allowed while fuzzing: a spec that makes tensordiag allocate without bound fails as a
MemoryError (a bug the fuzzer found) instead of pushing the whole machine into the OOM killer."""


@pytest.fixture(autouse=True, scope="module")
def bounded_memory() -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# --- the contract ------------------------------------------------------------------------------------


def loads_or_refuses(text: str, *, json_only: bool) -> Diagram | Equation | None:
    """The parsed figure, or None when the loader refused the text with a TensordiagError."""
    try:
        return parse_text(text, json_only=json_only)
    except TensordiagError as exc:
        assert str(exc), "an error must say what is wrong"
        return None


def renders_or_refuses(figure: Diagram | Equation) -> None:
    """A figure that loaded lays out and renders to TikZ and SVG, or refuses with a TensordiagError."""
    drawing = Drawing(figure)
    try:
        tex = drawing.tikz()
        svg = drawing.svg()
    except TensordiagError:
        return
    assert tex.startswith("\\documentclass") and "\\begin{tikzpicture}" in tex
    assert svg.startswith("<?xml") and "<svg" in svg


# --- (a) the spec loader: arbitrary text and bytes -----------------------------------------------------


@FUZZ
@given(st.text())
def test_arbitrary_text_as_yaml(text: str) -> None:
    figure = loads_or_refuses(text, json_only=False)
    if figure is not None:
        renders_or_refuses(figure)


@FUZZ
@given(st.text())
def test_arbitrary_text_as_json(text: str) -> None:
    figure = loads_or_refuses(text, json_only=True)
    if figure is not None:
        renders_or_refuses(figure)


@FUZZ
@given(st.binary(max_size=400), st.booleans())
def test_arbitrary_bytes_decoded_as_a_spec_file_is(data: bytes, json_only: bool) -> None:
    try:
        text = yamlio.decode(data)
    except TensordiagError:
        return
    figure = loads_or_refuses(text, json_only=json_only)
    if figure is not None:
        renders_or_refuses(figure)


YAMLISH = st.lists(st.sampled_from([
    "einsum: ", "tensors:", "equation:", "  - ", "    ", "  ", "\n", "op: ", "'='", "'!='", "legs: ", "[i, j]",
    "[i, [j, k]]", "'(i j) k'", "{", "}", "[", "]", ",", ": ", "&a ", "*a", "!!python/object:os.system", "!!str ",
    "ij,jk->ik", "\"einsum(A, B, 'i j, j k -> i k')\"", "A:", "B:", "dims:", "{i: 3}", "shape: ", "triangle", "dot",
    "none", "kind: ", "isometry", "copy", "ports: 3", "label: ", "'W_{\\uparrow}'", "'\\input{x}'", "dagger: true",
    "data: A", "hole: true", "bubbles:", "{name: s, function: sigma, members: [A]}", "sum: [j]", "coeff: 2",
    "at: [1, 2]", "at: [1e9, 0]", "output: ", "sides: ", "{i: left}", "leg_colors: ", "{i: red}", "structure: ring",
    "null", "~", "yes", "on", "-1", "0", ".nan", "1e400", "#", "---", "...", "%YAML 1.2", "\t", "α", "\u2028", "\x00",
]), max_size=40).map("".join)


@FUZZ
@given(YAMLISH)
def test_text_built_from_spec_fragments(text: str) -> None:
    figure = loads_or_refuses(text, json_only=False)
    if figure is not None:
        renders_or_refuses(figure)


# --- (a) structured random specs -------------------------------------------------------------------------
#
# Two moods: *plausible* specs use real keys and values of the right type (so most of them load, and the
# layout and the renderers get exercised on odd but valid figures: pins, sides, groups, holes, bubbles,
# equations), and *hostile* specs mix in misspelt keys, malformed names and values of the wrong type.


def misspelt(keys: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Near misses of real keys: a letter dropped, doubled or upper-cased, a plural, a space; and junk."""
    real = st.sampled_from(keys)
    return st.one_of(
        real.map(lambda k: k[:-1]),
        real.map(lambda k: k + "s"),
        real.map(lambda k: k[0] * 2 + k[1:]),
        real.map(str.capitalize),
        real.map(lambda k: k.replace("_", " ")),
        st.sampled_from(["", " ", "tensor", "eisum", "leg", "dim", "colour", "equations", "ops", "1", "x"]),
    )


INDEX = st.sampled_from(["i", "j", "k", "l", "α", "β", "seq_pos", "num_heads", "x1", "h'", "a", "b"])
BAD_INDEX = st.sampled_from(["", " ", "1a", "a b", "(i j)", "i)", "(", "on", "yes", "é", "中", "i-j", "$", "\\x",
                             "i,j"])
NAME = st.sampled_from(["A", "B", "C", "V", "Vd", "W_up", "λ", "δ", "x", "M", "U", "I", "A'", "T"])
BAD_NAME = st.sampled_from(["", "1A", "a b", "A-B", "\\A", "{", "中文", "A\n"])


def wrong_type() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
        st.lists(st.integers(min_value=-5, max_value=5), max_size=3),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )


def leg_list(hostile: bool) -> st.SearchStrategy[Any]:
    group = st.lists(INDEX, min_size=2, max_size=3, unique=True)
    one = st.one_of(INDEX, INDEX, INDEX, group, group.map(lambda g: "(" + " ".join(g) + ")"))
    good = st.one_of(st.lists(one, min_size=1, max_size=4), st.lists(INDEX, min_size=1, max_size=4).map(" ".join))
    if not hostile:
        return good
    bad_one = st.one_of(one, BAD_INDEX, st.integers(min_value=0, max_value=9), st.lists(BAD_INDEX, max_size=2))
    return st.one_of(good, st.lists(bad_one, max_size=4),
                     st.lists(st.one_of(INDEX, st.just("("), st.just(")")), max_size=6).map(" ".join), wrong_type())


EINSUM_TOKENS = [
    "i", "j", "k", "l", "ij", "jk", "ii", "α", "β", "seq_pos", "h'", "x1", " ", " ", ",", ", ", "->", " -> ", "-", ">",
    "(", ")", "()", "'", '"', "einsum(", "np.einsum(", "rearrange(", "A", "B", "V", "A, ", "B, ", "=", "j=3", "3",
    "...", "…", "\n", "\t", "→", "$", "%", "\\", "[", "]", "{", "}", "M = ", ")", "0", "é", "\x00", "'ij,jk->ik'",
]
EINSUM_TEXT = st.lists(st.sampled_from(EINSUM_TOKENS), max_size=24).map("".join)
VALID_EINSUM = st.sampled_from([
    "ij,jk->ik", "ii->", "a,ab,abc->abc", "einsum(A, v, B, 'i α β, β, β α j -> i j')",
    "rearrange(T, 'i j k l -> (i l) (k j)')", "einsum(A, B, 'i j, j i -> ')", "seq pos, pos hidden -> seq hidden",
    "einsum(M, v, 'i j, j -> i')", "rearrange(M, 'i (j k) -> i j k', j=3)", "ab,bc", "i,j->ij", "iij->j",
    "einsum(A, A, 'i j, j k -> i k')", "einsum(V, V, 'i j, i k -> j k')", "a,b,c,d->abcd", "ij,jk,kl,li->",
])


def value_for(key: str, hostile: bool) -> st.SearchStrategy[Any]:
    """A value of the right type for ``key``; when hostile, sometimes a wrong one (and any value for a junk key)."""
    plausible: dict[str, st.SearchStrategy[Any]] = {
        "legs": leg_list(hostile),
        "output": leg_list(hostile),
        "label": st.sampled_from(["W_{\\uparrow}", "W_O^{h}", "\\lambda", "V^{\\dagger}", "\\mathrm{LN}", "x_1",
                                  "\\sigma_1", "α", "\\alpha\\beta", "W^{\\dagger}_{\\rightarrow}", "2"]
                                 + (["\\input{/etc/passwd}", "\\def\\x{}", "{", "a^", "$x$", ""] if hostile else [])),
        "shape": st.sampled_from(["circle", "triangle", "square", "rectangle", "dot", "none"]
                                 + (["circel", "Triangle", ""] if hostile else [])),
        "kind": st.sampled_from(["generic", "isometry", "unitary", "delta", "identity", "copy", "add", "shift",
                                 "invertible", "one_hot"]
                                + (["isometric"] if hostile else [])),
        "color": st.sampled_from(["blue", "grey", "red", "#3182bd", "black", "white"]
                                 + (["#12345", "#zzzzzz", "gray", ""] if hostile else [])),
        "at": (st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=3) if hostile else
               st.lists(st.floats(min_value=-50, max_value=50), min_size=2, max_size=2)),
        "dagger": st.booleans(),
        "hole": st.booleans(),
        "data": NAME,
        "tip": st.one_of(st.lists(INDEX, max_size=2), INDEX),
        "ports": st.integers(min_value=-1 if hostile else 2, max_value=5),
        "inverse": st.booleans(),
        "tokens": st.lists(st.integers(min_value=-1 if hostile else 0, max_value=6), max_size=5),
        "picture": st.sampled_from([True, False, "up", "left"] + (["top", ""] if hostile else [])),
        "dims": st.dictionaries(st.one_of(INDEX, BAD_INDEX) if hostile else INDEX,
                                st.one_of(st.integers(min_value=-2, max_value=10**6), wrong_type()) if hostile else
                                st.one_of(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=10**9)),
                                max_size=4),
        "sides": st.dictionaries(st.one_of(INDEX, BAD_INDEX, st.just("(i j)")) if hostile else INDEX,
                                 st.sampled_from(["left", "right", "up", "down"] + (["top", "", "Left"] if hostile else [])),
                                 max_size=3),
        "free_side": st.sampled_from(["left", "right", "up", "down"] + (["middle"] if hostile else [])),
        "permute": st.booleans(),
        "structure": st.sampled_from(["chain", "ring", "ladder", "grid", "tree", "flow", "force"]
                                     + (["star"] if hostile else [])),
        "leg_labels": st.sampled_from(["none", "names", "sizes"] + (["all"] if hostile else [])),
        "leg_colors": st.dictionaries(st.one_of(INDEX, BAD_INDEX) if hostile else INDEX,
                                      st.sampled_from(["red", "#00ff00", "blue"] + (["nope", ""] if hostile else [])),
                                      max_size=3),
        "title": st.text(max_size=30),
        "einsum": st.one_of(VALID_EINSUM, VALID_EINSUM, EINSUM_TEXT) if hostile else VALID_EINSUM,
        "op": st.sampled_from(["=", "+", "-", "!=", "−", "≠"] + (["==", "*", ""] if hostile else [])),
        "coeff": st.one_of(st.sampled_from(["2", "1/2", "-3", "\\lambda", "x_1"] + (["1/0", "{", "\\input{x}"] if hostile
                                                                                   else [])),
                           st.integers(min_value=-9, max_value=9), st.floats(allow_nan=hostile, allow_infinity=hostile)),
        "sum": st.one_of(st.lists(st.one_of(INDEX, BAD_INDEX) if hostile else INDEX, max_size=2), INDEX),
        "name": st.one_of(NAME, BAD_NAME, st.sampled_from(["s1", "s2", "σ"])) if hostile else st.sampled_from(
            ["s1", "s2", "σ", "inner", "outer"]),
        "function": st.sampled_from(["sigma", "σ", "relu", "ReLU", "gelu", "tanh", "exp", "softmax", "layernorm",
                                     "LayerNorm"] + (["swish", "\\input{x}", ""] if hostile else [])),
        "members": st.one_of(st.lists(st.one_of(NAME, BAD_NAME, st.just("s1")) if hostile else
                                      st.one_of(NAME, st.just("s1")), min_size=1, max_size=3), NAME),
        "over": st.one_of(INDEX, BAD_INDEX) if hostile else INDEX,
    }
    good = plausible.get(key)
    if good is None:
        return wrong_type()
    return st.one_of(good, good, good, wrong_type()) if hostile else good


def fields(keys: list[str], hostile: bool, extra: dict[str, st.SearchStrategy[Any]] | None = None
           ) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({k: (extra or {}).get(k, value_for(k, hostile)) for k in keys})


def key_set(keys: tuple[str, ...], hostile: bool, max_size: int = 5) -> st.SearchStrategy[list[str]]:
    real = st.lists(st.sampled_from(keys), max_size=max_size, unique=True)
    if not hostile:
        return real
    with_typo = st.tuples(real, st.lists(misspelt(keys), max_size=1))
    return with_typo.map(lambda p: p[0] + [k for k in p[1] if k not in p[0]])


def tensor_props(hostile: bool) -> st.SearchStrategy[Any]:
    others = tuple(k for k in TENSOR_KEYS if k != "legs" and (hostile or k not in ("tip", "ports")))
    props = st.tuples(st.booleans() if hostile else st.just(True), key_set(others, hostile, 4)).flatmap(
        lambda p: fields((["legs"] if p[0] else []) + p[1], hostile))
    return st.one_of(props, props, props, wrong_type()) if hostile else props


def bubble(hostile: bool) -> st.SearchStrategy[Any]:
    required = ["name", "function", "members"]
    keys = st.tuples(key_set(("over", "label", "color"), hostile, 2),
                     st.lists(st.sampled_from(required), max_size=1) if hostile else st.just([]))
    return keys.flatmap(lambda p: fields([k for k in required if k not in p[1]] + p[0], hostile))


def diagram_dict(hostile: bool, keys: tuple[str, ...] = DIAGRAM_KEYS) -> st.SearchStrategy[dict[str, Any]]:
    names = st.one_of(NAME, NAME, NAME, BAD_NAME) if hostile else NAME
    tensors = st.dictionaries(names, tensor_props(hostile), min_size=0 if hostile else 1, max_size=4)
    others = tuple(k for k in keys if k not in ("einsum", "tensors"))
    extra = {"bubbles": st.lists(bubble(hostile), max_size=2)}
    if hostile:
        extra["bubbles"] = st.one_of(extra["bubbles"], wrong_type())
    head = st.one_of(
        st.fixed_dictionaries({"einsum": value_for("einsum", hostile)}),
        st.fixed_dictionaries({"einsum": value_for("einsum", hostile), "tensors": tensors}),
        st.fixed_dictionaries({"tensors": tensors}),
    )
    rest = key_set(others, hostile, 4).flatmap(lambda ks: fields(ks, hostile, extra))
    return st.tuples(head, rest).map(lambda pair: {**pair[0], **pair[1]})


def equation_dict(hostile: bool) -> st.SearchStrategy[dict[str, Any]]:
    term = diagram_dict(hostile, TERM_KEYS)
    first = term.map(lambda t: {k: v for k, v in t.items() if k != "op"})
    later = st.tuples(term, value_for("op", hostile)).map(lambda p: {**p[0], "op": p[1]})
    terms = st.tuples(first, st.lists(later, min_size=1, max_size=3)).map(lambda p: [p[0], *p[1]])
    if hostile:
        terms = st.one_of(terms, st.lists(term, max_size=3), wrong_type())
    optional = {"title": value_for("title", hostile), "dims": value_for("dims", hostile)}
    if hostile:
        optional["equaton"] = wrong_type()
    return st.fixed_dictionaries({"equation": terms}, optional=optional)


_MOODS = [diagram_dict(False)] * 4 + [equation_dict(False)] * 2 + [diagram_dict(True), equation_dict(True),
                                                                  wrong_type()]
SPEC = st.sampled_from(range(len(_MOODS))).flatmap(_MOODS.__getitem__)
"""Mostly plausible diagrams and equations, some hostile ones, and now and then no mapping at all."""


def as_yaml(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


@settings(FUZZ, max_examples=150)
@given(SPEC)
def test_structured_random_specs_as_yaml(spec: Any) -> None:
    figure = loads_or_refuses(as_yaml(spec), json_only=False)
    if figure is not None:
        renders_or_refuses(figure)


@SMALL
@given(SPEC)
def test_structured_random_specs_as_json(spec: Any) -> None:
    figure = loads_or_refuses(json.dumps(spec, ensure_ascii=False), json_only=True)
    if figure is not None:
        renders_or_refuses(figure)


@SMALL
@given(SPEC)
def test_structured_random_specs_as_python_dicts(spec: Any) -> None:
    try:
        figure = parse_figure(spec)
    except TensordiagError:
        return
    renders_or_refuses(figure)


SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-(10**40), 10**40), st.floats(), st.text(max_size=6),
                   st.sampled_from(["i", "j", "A", "(i j)", "i j", "α", "left", "circle", "dot", "copy", "="]))
ANYTHING = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(st.text(max_size=4), st.integers(-3, 3), st.booleans(), st.none()), inner, max_size=3),
), max_leaves=12)
"""Any YAML value, mappings keyed by numbers, booleans and null included."""


def replace_somewhere(value: Any, where: int, new: Any) -> Any:
    """``value`` with one nested value (chosen by ``where``) replaced by ``new``."""
    if isinstance(value, dict) and value:
        key = list(value)[where % len(value)]
        inner = value[key]
        deeper = isinstance(inner, (dict, list)) and inner and (where // len(value)) % 3
        return {**value, key: replace_somewhere(inner, where // 3, new) if deeper else new}
    if isinstance(value, list) and value:
        k = where % len(value)
        deeper = isinstance(value[k], (dict, list)) and value[k] and (where // len(value)) % 2
        return [*value[:k], replace_somewhere(value[k], where // 2, new) if deeper else new, *value[k + 1:]]
    return new


@settings(FUZZ, max_examples=120)
@given(SPEC, st.integers(0, 10**6), ANYTHING)
def test_a_spec_with_one_value_replaced_by_anything(spec: Any, where: int, new: Any) -> None:
    figure = loads_or_refuses(as_yaml(replace_somewhere(spec, where, new)), json_only=False)
    if figure is not None:
        renders_or_refuses(figure)


def test_the_structured_strategy_reaches_specs_that_load() -> None:
    """Not a fuzz test of the library: a check that the generator above is not refused wholesale."""
    loaded = []

    @settings(FUZZ, max_examples=80)
    @given(SPEC)
    def collect(spec: Any) -> None:
        try:
            loaded.append(parse_text(as_yaml(spec)))
        except TensordiagError:
            pass

    collect()
    assert len(loaded) >= 10, f"only {len(loaded)} of 80 generated specs loaded"
    assert any(isinstance(f, Equation) for f in loaded) or any(len(f.tensors) > 1 for f in loaded)  # type: ignore[union-attr]


# --- (b) the einsum parser ------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(EINSUM_TEXT, VALID_EINSUM, st.tuples(VALID_EINSUM, EINSUM_TEXT).map("".join),
                 st.tuples(EINSUM_TEXT, VALID_EINSUM).map("".join)))
def test_einsum_text_is_parsed_or_refused_with_an_einsum_error(text: str) -> None:
    try:
        parsed = parse_einsum(text)
    except EinsumError as exc:
        assert str(exc)
        return
    again = parse_einsum(format_einsum(parsed))
    assert (again.operands, again.output) == (parsed.operands, parsed.output)
    assert len(parsed.names) == len(parsed.operands)


# --- valid networks of random shape: layout, renderers and the check ---------------------------------------

POOL = ["i", "j", "k", "l", "m", "α"]


@st.composite
def networks(draw: st.DrawFn) -> dict[str, Any]:
    """A valid-looking spec built tensor by tensor: repeated and grouped legs, shapes, pins (some on top of
    each other), daggers, holes, labels, sizes, a bubble, a declared structure; sometimes as an equation."""
    tensors: dict[str, dict[str, Any]] = {}
    for t in range(draw(st.integers(1, 6))):
        legs: list[Any] = draw(st.lists(st.sampled_from(POOL), max_size=4))
        if len(set(legs[:2])) == 2 and draw(st.integers(0, 4)) == 0:
            legs = [legs[:2], *legs[2:]]
        props: dict[str, Any] = {"legs": legs}
        if draw(st.booleans()):
            props["shape"] = draw(st.sampled_from(["circle", "triangle", "square", "rectangle", "dot", "none"]))
        if draw(st.integers(0, 2)) == 0:
            props["at"] = draw(st.lists(st.sampled_from([0, 0.0, 1, -1, 2.5, 1e-9, 40, -40]), min_size=2, max_size=2))
        for key, odds in (("dagger", 5), ("hole", 7)):
            if draw(st.integers(0, odds)) == 0:
                props[key] = True
        if draw(st.integers(0, 3)) == 0:
            props["label"] = draw(st.sampled_from(["W_{\\uparrow}", "\\lambda_1^{2}", "ABCDEFGHIJKLMNOP", "V^{\\dagger}"]))
        tensors[f"T{t}"] = props
    spec: dict[str, Any] = {"tensors": tensors}
    indices = sorted({i for p in tensors.values() for leg in p["legs"]
                      for i in (leg if isinstance(leg, list) else [leg])})
    if indices and draw(st.booleans()):
        spec["output"] = draw(st.lists(st.sampled_from(indices), unique=True, max_size=4))
    if indices and draw(st.booleans()):
        spec["dims"] = {i: draw(st.integers(1, 10**6)) for i in draw(st.lists(st.sampled_from(indices), unique=True))}
    for key, choices in (("structure", STRUCTURES), ("free_side", ("left", "right", "up", "down")),
                         ("leg_labels", ("none", "names", "sizes"))):
        if draw(st.booleans()):
            spec[key] = draw(st.sampled_from(choices))
    if draw(st.integers(0, 3)) == 0:
        members = draw(st.lists(st.sampled_from(sorted(tensors)), min_size=1, unique=True))
        function = draw(st.sampled_from(["sigma", "relu", "exp"]))
        spec["bubbles"] = [{"name": "s", "function": function, "members": members}]
    if draw(st.integers(0, 3)) == 0:
        spec = {"equation": [spec, {**spec, "op": draw(st.sampled_from(["=", "!="]))}]}
    return spec


@settings(FUZZ, max_examples=100)
@given(networks())
def test_random_networks_render_and_check_or_refuse(spec: dict[str, Any]) -> None:
    try:
        figure = parse_figure(spec)
    except TensordiagError:
        return
    renders_or_refuses(figure)
    try:
        Drawing(figure).check()
    except TensordiagError:
        pass


# --- what the fuzzers found ---------------------------------------------------------------------------------


def far_apart(distance: float) -> Drawing:
    pins = {"A": {"at": [-distance / 2, -distance / 2]}, "B": {"at": [distance / 2, distance / 2]}}
    return Drawing(parse_figure({"einsum": "ij,jk->ik", "tensors": pins}))


def test_far_apart_pins_render_in_bounded_memory() -> None:
    """Found by the network fuzzer: wires were bucketed into every 1 cm cell of their bounding box, so two
    legal pins 10000 cm apart took about 25 GB (the OOM killer). Memory must not grow with the distance."""
    import tracemalloc

    far_apart(3).svg()  # imports and compiled templates are not what is measured
    tracemalloc.start()
    try:
        far_apart(400).svg()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 48 * 2**20, f"rendering two tensors 400 cm apart on each axis allocated {peak / 2**20:.0f} MB at its peak"
