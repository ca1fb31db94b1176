"""Never wrong, never stuck: long text is answered in bounded time and memory, and every path validates.

The resource cases run the real CLI under ``run_limited`` (1 GB of address space, 10 s); their inputs are
made in ``tmp_path``. The model cases build figures in Python, where no spec loader looks first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tensordiag import draw
from tensordiag.errors import SpecError
from tensordiag.model import Bubble, Diagram, Equation, Tensor, Term
from tensordiag.spec import parse_figure

from .conftest import compile_tex, run_limited

HOSTILE_LABEL = r"\immediate\write18{rm -rf ~}\input{/etc/passwd}"
HOSTILE_COLOR = '#fff" onload="alert(1)'


def _line(proc) -> str:  # type: ignore[no-untyped-def]
    return proc.stderr.decode()


# --- section 3: text length costs linear memory, or is refused first ------------------------------------


def test_a_100000_character_tensor_name_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    spec = tmp_path / "long.json"
    spec.write_text(json.dumps({"tensors": {"A" * 100_000: {"legs": "i"}}}), encoding="utf-8")
    proc = run_limited(["render", str(spec), "-o", str(tmp_path / "x.svg")])
    shown = "A" * 57 + "..."
    assert _line(proc) == (f"tensordiag: error: {spec}: tensors.{shown}: tensor name '{shown}' is 100,000 characters "
                           "long; a name holds at most 64\n")
    assert proc.returncode == 2


def test_a_100000_character_operand_name_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    proc = run_limited(["einsum", "-", "-o", str(tmp_path / "x.svg")],
                       stdin=("einsum(" + "A" * 100_000 + ", 'i -> i')").encode())
    assert _line(proc).endswith("tensordiag: error: einsum: operand 1, column 8: tensor name "
                                f"'{'A' * 57}...' is 100,000 characters long; a name holds at most 64\n")
    assert proc.returncode == 2


def test_one_operand_used_1000_times_renders_in_bounded_memory(tmp_path: Path) -> None:
    """The copies were A', A'', … with up to 999 primes: names, labels and shapes grew with the count."""
    ops = ", ".join(f"i{k} i{k + 1}" for k in range(1000))
    text = "einsum(" + ", ".join(["A"] * 1000) + f", '{ops} -> i0 i1000')"
    out = tmp_path / "x.json"
    proc = run_limited(["einsum", "-", "-o", str(out)], stdin=text.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    names = [t["name"] for t in json.loads(out.read_text(encoding="utf-8"))["tensors"]]
    assert names[:5] == ["A", "A'", "A''", "A'''", "A_5"] and names[-1] == "A_1000"


def test_a_copy_name_too_long_is_refused_at_the_einsum() -> None:
    name = "W" * 63
    with pytest.raises(SpecError, match=re.escape(f"einsum: tensor name '{'W' * 57}...' is used so often that its "
                                                  f"copy '{'W' * 57}...' is longer than 64 characters: shorten it") + "$"):
        parse_figure({"einsum": f"einsum({', '.join([name] * 5)}, 'i, i, i, i, i -> i')"})


def test_a_spec_of_too_many_scalars_is_refused_before_it_is_composed(tmp_path: Path) -> None:
    spec = tmp_path / "scalars.yaml"
    spec.write_text("einsum: ij->i\nx: [" + ",".join(["1"] * 900_000) + "]\n", encoding="utf-8")
    assert spec.stat().st_size < 2_000_000
    proc = run_limited(["render", str(spec), "-o", str(tmp_path / "x.svg")], seconds=10)
    assert _line(proc) == f"tensordiag: error: {spec}: line 2, column 399995: the spec holds more than 200,000 values\n"
    assert proc.returncode == 2


def test_a_long_title_is_refused() -> None:
    with pytest.raises(SpecError, match=r"^title: title is 1,001 characters long; it holds at most 1,000$"):
        parse_figure({"einsum": "ij->i", "title": "x" * 1001})


# --- section 4: bad text is refused with a located line -------------------------------------------------


@pytest.mark.parametrize("text,code,kind", [("\ud800", "U+D800", "a lone surrogate"),
                                            ("\uffff", "U+FFFF", "a Unicode noncharacter"),
                                            ("\ufdd0", "U+FDD0", "a Unicode noncharacter")])
def test_a_title_with_a_surrogate_or_noncharacter_is_refused(text: str, code: str, kind: str) -> None:
    message = f"title: title 'a\\u{code[2:].lower()}b' holds {code}, {kind}, which no output can hold: remove it"
    with pytest.raises(SpecError, match=f"^{re.escape(message)}$"):
        parse_figure({"einsum": "ij->i", "title": f"a{text}b"})


def test_a_noncharacter_is_refused_through_the_model_too() -> None:
    with pytest.raises(SpecError, match=r"^title: title '\\uffff' holds U\+FFFF, a Unicode noncharacter, "
                                        r"which no output can hold: remove it$"):
        Diagram(tensors=(Tensor("A", (("i",),)),), title="\uffff")


# --- section 6: the model validates, whatever path built it ---------------------------------------------


def test_draw_of_a_model_diagram_with_a_hostile_label_is_refused() -> None:
    message = (r"tensors.A.label: label '\immediate\write18{rm -rf ~}\input{/etc/passwd}': command \immediate is "
               r"not allowed (allowed: Greek letters, \dagger, \uparrow, \downarrow, \top, \mathrm{…} and a few symbols)")
    with pytest.raises(SpecError, match=f"^{re.escape(message)}$"):
        draw(Diagram(tensors=(Tensor("A", (("i",),), label=HOSTILE_LABEL),)))


def test_draw_of_a_model_diagram_with_a_hostile_colour_is_refused() -> None:
    message = ("tensors.A.color: expected a colour #rrggbb or one of grey, blue, pink, yellow, green, red, orange, "
               "purple, white, black, got '#fff\" onload=\"alert(1)'")
    with pytest.raises(SpecError, match=f"^{re.escape(message)}$"):
        draw(Diagram(tensors=(Tensor("A", (("i",),), color=HOSTILE_COLOR),)))


@pytest.mark.parametrize("field, value, fmt, message", [
    ("label", HOSTILE_LABEL, "tex", r"tensors.A.label: label '\immediate\write18{rm -rf ~}\input{/etc/passwd}': command"),
    ("color", HOSTILE_COLOR, "svg", "tensors.A.color: expected a colour #rrggbb"),
    ("name", "A\"}", "svg", "tensors: a tensor name starts with a letter"),
])
def test_a_model_changed_behind_its_checks_is_refused_when_drawn(field: str, value: str, fmt: str, message: str) -> None:
    """A frozen dataclass cannot stop ``object.__setattr__``: the checks run again when the figure is drawn."""
    drawing = draw("ij,jk->ik")
    drawing.render(fmt)  # drawn once as it was made
    object.__setattr__(drawing.figure.tensors[0], field, value)
    with pytest.raises(SpecError, match=f"^{re.escape(message)}"):
        drawing.render(fmt)


@pytest.mark.parametrize("build,message", [
    (lambda: Bubble("s", HOSTILE_LABEL, ("A",)),
     r"bubbles.s.function: function '\immediate\write18{rm -rf ~}\input{/etc/passwd}': command \immediate is not allowed"),
    (lambda: Bubble("s", r"\sigma", ("A",), color=HOSTILE_COLOR),
     "bubbles.s.color: expected a colour #rrggbb or one of grey"),
    (lambda: Term(Diagram(tensors=(Tensor("A", (("i",),)),)), coeff=r"\input{x}"),
     r"coeff: coefficient '\input{x}': command \input is not allowed"),
    (lambda: Diagram(tensors=(Tensor("A", (("i",),)),), leg_colors=(("i", HOSTILE_COLOR),)),
     "leg_colors.i: expected a colour #rrggbb"),
    (lambda: Equation((Term(Diagram(tensors=(Tensor("A", (("i",),)),))),), title="\ud800"),
     r"title: title '\ud800' holds U+D800, a lone surrogate"),
    (lambda: Tensor("A$", (("i",),)), "tensors: a tensor name starts with a letter and holds letters, digits, _ or ', got 'A$'"),
    (lambda: Tensor("A", (("i}",),)), "tensors.A.legs[0]: index name 'i}' may hold only letters, digits, _ and '"),
    (lambda: Tensor("A", (("i",),), at=(600.0, 0.0)),
     "tensors.A.at: expected a pin [x, y] with both numbers between -200 and 200 (cm), got [600, 0]"),
    (lambda: Diagram(tensors=(Tensor("A", (("i",),)),), dims=(("i", 10**400),)),
     "dims.i: expected a positive whole number of at most 18 digits, got 1000000000000000000000000000000"),
])
def test_every_model_object_checks_its_text(build, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SpecError, match=f"^{re.escape(message)}"):
        build()


def test_the_model_still_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import tensordiag.model, sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert not {"numpy", "networkx", "jinja2", "yaml"} & set(out)


# --- section 7: pins stay inside TeX's largest dimension ------------------------------------------------


def test_pins_at_the_limit_with_the_widest_labels_compile(tmp_path: Path) -> None:
    wide = "W" * 200
    d = draw({"einsum": "ij,jk->ik", "tensors": {"A": {"at": [-200, -200], "label": wide, "shape": "triangle"},
                                                  "B": {"at": [200, 200], "label": wide, "shape": "triangle"}}})
    compile_tex(d.tikz(), tmp_path, "far")
