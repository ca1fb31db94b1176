"""Hostile text: TeX and XML specials print literally, no label runs TeX, the SVG stays inert.

Literal text (titles; names and index names in comments and ids) is escaped by the backends. TeX is
written in exactly one kind of field, the *math label* (``tensors.X.label``, a bubble's ``label``
and ``function``, an equation term's ``coeff``), and the spec checks every one of them against a
safe subset (:func:`tensordiag.texlabel.validate_math`). Everything the subset accepts must compile.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tensordiag import draw
from tensordiag.errors import SpecError
from tensordiag.spec import parse_figure
from tensordiag.texlabel import LabelError, math_to_tex, name_to_math, runs, tex_escape, validate_math

from .conftest import SPECS, compile_tex

SPECIALS = "_&%$#{}~^\\<>\"'|"
TITLE = ("50% of $x$ & #1 {a} ~b^c_d \\input{/etc/passwd} \\write18{ls} <script>alert(1)</script> \"q\" 'q'"
         "\nsecond line \\def\\x{} ^^5c ]]> <!-- \r\n% \u2028 end " + SPECIALS)
SVG = "{http://www.w3.org/2000/svg}"


def _svg_is_inert(svg: str) -> ET.Element:
    """Parse the SVG and assert it holds no script, no event handler and no external reference."""
    root = ET.fromstring(svg)
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag not in ("script", "foreignObject", "iframe", "image", "use", "a", "style"), tag
        for name, value in element.attrib.items():
            local = name.split("}")[-1].lower()
            assert not local.startswith("on"), name
            assert local != "href", name
            assert "javascript:" not in value.lower() and "url(" not in value.lower(), (name, value)
    lowered = svg.lower()
    assert "<script" not in lowered and "<foreignobject" not in lowered and "href" not in lowered
    return root


def _visible(text: str) -> str:
    """What the SVG can hold of ``text``: XML 1.0 has no control characters but tab and newline."""
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)


# --- math labels: the one place TeX is written -----------------------------------------------------

REFUSED = [
    (r"\input{/etc/passwd}", r"command \\input is not allowed"),
    (r"\include{x}", r"command \\include is not allowed"),
    (r"\immediate\write18{rm -rf ~}", r"command \\immediate is not allowed"),
    (r"\write18{ls}", r"command \\write is not allowed"),
    (r"\def\x{y}", r"command \\def is not allowed"),
    (r"\let\a\b", r"command \\let is not allowed"),
    (r"\newcommand{\x}{y}", r"command \\newcommand is not allowed"),
    (r"\catcode 92=12", r"command \\catcode is not allowed"),
    (r"\csname input\endcsname", r"command \\csname is not allowed"),
    (r"\openout1=x", r"command \\openout is not allowed"),
    (r"\usepackage{x}", r"command \\usepackage is not allowed"),
    (r"\special{x}", r"command \\special is not allowed"),
    ("W^^5cinput{x}", r"'\^\^' is TeX's character escape and is not allowed"),
    ("^^M", r"'\^\^' is TeX's character escape"),
    ("a$b", r"character '\$' is not allowed in a math label"),
    ("a%b", r"character '%' is not allowed"),
    ("#1", r"character '#' is not allowed"),
    ("a&b", r"character '&' is not allowed"),
    ("a~b", r"character '~' is not allowed"),
    ('a"b', r"""character '"' is not allowed"""),
    ("`a", r"character '`' is not allowed"),
    ("@a", r"character '@' is not allowed"),
    ("a\nb", r"character U\+000A is not allowed"),
    ("a\\\\b", r"a '\\' must start one of the allowed commands"),
    ("a\\", r"a '\\' must start one of the allowed commands"),
    ("\\1", r"a '\\' must start one of the allowed commands"),
    ("é", r"character 'é' is not allowed in a math label \(pdflatex cannot typeset it"),
    ("W_{O", r"has an unclosed '\{'"),
    ("W}", r"has a '\}' that closes nothing"),
    ("a^b^c", r"has two superscripts on one symbol"),
    ("a_b_c", r"has two subscripts on one symbol"),
    ("a^{b}'", r"has a prime after a superscript"),
    ("a^", r"ends with '\^': a sub- or superscript needs something after it"),
    ("a_}", r"has an unclosed|has '_' followed by '\}'"),
    ("a^_b", r"has '\^' followed by '_'"),
    (r"a^\,", r"has '\^' followed by '\\,'"),
    (r"\mathrm x", r"a font command must be followed by a \{group\}"),
    ("x" * 201, r"is 201 characters long; a label holds at most 200"),
]


@pytest.mark.parametrize("label,message", REFUSED, ids=[m[:30] for m, _ in REFUSED])
def test_unsafe_math_is_refused(label: str, message: str) -> None:
    with pytest.raises(LabelError, match=message):
        validate_math(label)


@pytest.mark.parametrize("field,spec", [
    ("tensors.A.label", {"einsum": "ij->i", "tensors": {"A": {"label": r"\input{x}"}}}),
    ("bubbles[0].label", {"einsum": "einsum(W, x, 'i j, j -> i')",
                          "bubbles": [{"name": "s", "function": "relu", "members": ["W", "x"], "label": r"\input{x}"}]}),
    ("bubbles[0].function", {"einsum": "einsum(W, x, 'i j, j -> i')",
                             "bubbles": [{"name": "s", "function": r"\input{x}", "members": ["W", "x"]}]}),
    ("equation[1].coeff", {"equation": [{"einsum": "ij->i"}, {"op": "=", "einsum": "ij->i", "coeff": r"\input{x}"}]}),
])
def test_every_math_field_is_checked_by_the_spec(field: str, spec: dict) -> None:
    with pytest.raises(SpecError, match=rf"^{re.escape(field)}: \w+ '\\input\{{x\}}': command \\input is not allowed"):
        parse_figure(spec)


def test_names_and_index_names_cannot_carry_tex() -> None:
    with pytest.raises(SpecError, match=r"tensors.A\\x: a tensor name starts with a letter"):
        parse_figure({"tensors": {"A\\x": {"legs": "i"}}})
    with pytest.raises(SpecError, match=r"tensors.A.legs\[0\]: index name '\$x\$' may hold only letters, digits, _ and '"):
        parse_figure({"tensors": {"A": {"legs": ["$x$"]}}})
    with pytest.raises(SpecError, match=r"einsum: column 2: unexpected character '\\\\'"):
        parse_figure({"einsum": "i\\input j->i"})
    with pytest.raises(SpecError, match=r"tensors.A.legs\[0\]: index name 'ñ' holds 'ñ', which pdflatex cannot typeset"):
        parse_figure({"tensors": {"A": {"legs": ["ñ"]}}})


TOKENS = [
    "a", "W", "x", "1", "2", "_", "^", "{", "}", "'", " ", "<", ">", "|", "!", "?", "(", ")", "[", "]", "-", "+",
    "=", "*", "/", ":", ",", ".", ";", "α", "β", "Σ", "†", "ℓ", "⊗", "′", r"\alpha", r"\Sigma", r"\dagger",
    r"\uparrow", r"\top", r"\sum", r"\ell", r"\otimes", r"\mathrm{", r"\text{", r"\operatorname{", r"\mathbf{",
    r"\,", r"\;", r"\ ", r"\quad", r"\{", r"\}", r"\_", r"\langle", r"\rangle", r"\dots", r"\partial",
]


def _accepted_labels(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    found: dict[str, None] = {}
    for _ in range(200_000):
        label = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 10)))
        try:
            validate_math(label)
        except LabelError:
            continue
        found[label] = None
        if len(found) == count:
            break
    return list(found)


def test_whatever_the_subset_accepts_compiles_and_converts(tmp_path: Path) -> None:
    labels = _accepted_labels(300, seed=6)
    assert len(labels) == 300
    assert any("^" in label for label in labels) and any(r"\text{" in label for label in labels)
    nodes = []
    for k, label in enumerate(labels):
        tex = math_to_tex(label)
        assert "^^" not in tex and not re.search(r"\\(input|write|def|catcode|csname|text|operatorname)\b", tex)
        assert all(ch.isascii() for ch in tex), (label, tex)
        assert isinstance(runs(label), list)
        nodes.append(f"\\node at (0,{k * 0.6:.1f}) {{${tex}$}}; % {k}")
    doc = "\\documentclass[tikz,border=2pt]{standalone}\n\\begin{document}\n\\begin{tikzpicture}\n" + \
        "\n".join(nodes) + "\n\\end{tikzpicture}\n\\end{document}\n"
    compile_tex(doc, tmp_path, "labels")


def _names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    first = "ABVWxyzαβΣℓ_"
    rest = "abcOXY0129_'†αβ"
    return sorted({rng.choice(first) + "".join(rng.choice(rest) for _ in range(rng.randint(0, 6))) for _ in range(count)})


def test_every_valid_name_gives_a_label_that_compiles(tmp_path: Path) -> None:
    names = _names(300, seed=6)
    nodes = []
    for k, name in enumerate(names):
        label = name_to_math(name)
        assert validate_math(label) == label, name
        nodes.append(f"\\node at (0,{k * 0.6:.1f}) {{${math_to_tex(label)}$}}; % {tex_escape(name)}")
    doc = "\\documentclass[tikz,border=2pt]{standalone}\n\\begin{document}\n\\begin{tikzpicture}\n" + \
        "\n".join(nodes) + "\n\\end{tikzpicture}\n\\end{document}\n"
    compile_tex(doc, tmp_path, "names")


def test_literal_text_escapes_every_special(tmp_path: Path) -> None:
    escaped = tex_escape(SPECIALS + " \\input{x} ^^5c α†")
    assert "\\input" not in escaped and "^^" not in escaped and "\n" not in tex_escape("a\nb\r\u2028")
    doc = ("\\documentclass{standalone}\n\\begin{document}\n" + escaped + "\n\\end{document}\n")
    pdf = compile_tex(doc, tmp_path, "literal")
    assert pdf.exists()


# --- whole figures: TikZ compiles, SVG parses and is inert ----------------------------------------

HOSTILE_SPEC = {
    "title": TITLE,
    "einsum": "einsum(W_O, V†, x, 'i α_1, α_1 j, j -> i')",
    "tensors": {
        "W_O": {"label": r"\mathrm{a<b>c}\{x\}|y|'", "color": "pink"},
        "V†": {"label": r"\text{soft max}_{\ell}^{\dagger}"},
        "x": {"label": r"[x]!:\_\,\partial"},
    },
    "bubbles": [{"name": "s", "function": r"\sigma_1", "members": ["V†", "x"], "label": r"\sigma"}],
}


@pytest.fixture(scope="module")
def hostile() -> tuple[str, str]:
    d = draw(HOSTILE_SPEC)
    return d.tikz(), d.svg()


def test_hostile_tikz_compiles(hostile: tuple[str, str], tmp_path: Path) -> None:
    compile_tex(hostile[0], tmp_path, "hostile")


def test_a_title_cannot_leave_its_comment(hostile: tuple[str, str]) -> None:
    tikz = hostile[0]
    lines = [line for line in tikz.splitlines() if "passwd" in line or "second line" in line or "alert" in line]
    assert len(lines) == 1 and lines[0].startswith("% "), lines
    assert "\\input" not in tikz and "\\write18" not in tikz and "\\def\\x" not in tikz and "^^5c" not in tikz


def test_hostile_svg_is_inert_and_shows_the_title_as_written(hostile: tuple[str, str]) -> None:
    root = _svg_is_inert(hostile[1])
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == _visible(TITLE)
    text = "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "a<b>c{x}|y|" in text and "soft max" in text


def test_an_equation_with_hostile_text(tmp_path: Path) -> None:
    d = draw({"title": TITLE, "equation": [
        {"einsum": "einsum(A, B, 'i j, j k -> i k')"},
        {"op": "=", "coeff": r"-\lambda_{1}^{\dagger}", "einsum": "einsum(C, 'i k -> i k')", "sum": ["k"]},
    ]})
    compile_tex(d.tikz(), tmp_path, "equation")
    _svg_is_inert(d.svg())


def test_a_dagger_on_a_name_that_already_ends_in_one_compiles(tmp_path: Path) -> None:
    d = draw({"tensors": {"V†": {"legs": "i j", "dagger": True}, "A'": {"legs": "j k", "dagger": True}}})
    compile_tex(d.tikz(), tmp_path, "daggers")


@pytest.mark.parametrize("spec", sorted(SPECS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_sample_svg_is_inert(spec: Path) -> None:
    from tensordiag import load

    _svg_is_inert(load(spec).svg())
