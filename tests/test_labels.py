"""Every label the safe subset accepts compiles: hypothesis writes labels, pdflatex sets them all at once.

The labels come from the accepted grammar's own pieces (letters, digits, primes, scripts, groups, the
whitelisted commands and the Unicode characters with a TeX spelling), strung together at random; the
ones :func:`validate_math` accepts are typeset in one document, compiled once by the real pdflatex.
A label that fails is found by halving the document, so the failure names it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tensordiag.texlabel import GREEK, SYMBOLS, UNICODE_TO_TEX, LabelError, math_to_tex, validate_math

from .conftest import compile_tex

PIECES = [
    "a", "b", "W", "x", "0", "1", "_", "_", "^", "^", "'", "'", "''", "{", "{", "}", "}", " ", "(", ")", "[", "]",
    "<", ">", "|", "!", "?", "-", "+", "=", "*", "/", ":", ",", ".", ";",
    *sorted(UNICODE_TO_TEX),
    *(f"\\{c}" for c in sorted(GREEK)[::3]),
    *(f"\\{c}" for c in sorted(SYMBOLS) if c.isalpha()),
    r"\,", r"\;", r"\ ", r"\{", r"\}", r"\_",
    r"\mathrm{", r"\mathit{", r"\mathbf{", r"\mathsf{", r"\text{", r"\operatorname{",
]
LABEL = st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join)


def _accepted(label: str) -> bool:
    try:
        validate_math(label)
    except LabelError:
        return False
    return True


def _document(labels: list[str]) -> str:
    # in columns of 100: one column of thousands would pass TeX's largest dimension (about 575 cm)
    nodes = [f"\\node[inner sep=0pt] at ({k // 100 * 12},{k % 100 * 0.6:.1f}) {{${math_to_tex(label)}$}};"
             for k, label in enumerate(labels)]
    return ("\\documentclass[tikz,border=2pt]{standalone}\n\\begin{document}\n\\begin{tikzpicture}\n"
            + "\n".join(nodes) + "\n\\end{tikzpicture}\n\\end{document}\n")


def _first_failing(labels: list[str], workdir: Path) -> str:
    """The label that pdflatex refuses, by halving (only run once the whole batch has failed)."""
    while len(labels) > 1:
        half = labels[: len(labels) // 2]
        try:
            compile_tex(_document(half), workdir, "half")
        except pytest.fail.Exception:
            labels = half
        else:
            labels = labels[len(labels) // 2:]
    return labels[0]


def _generated_labels() -> list[str]:
    """The accepted labels among a few thousand that hypothesis writes (derandomized: the same every run)."""
    found: dict[str, None] = {}

    @settings(derandomize=True, max_examples=4000, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(LABEL)
    def collect(label: str) -> None:
        if _accepted(label):
            found[label] = None

    collect()
    return list(found)


CURATED = [
    "a'_b'", "a'_b", "a''_b", "a_b'", "a_b''", "a'^b", "a'^{b}_c", "a'_b^c", "a' ^b", "a^b'", "a^…", "a_…", "x^⋯",
    "V^†", "W_α'", "a^\\dots", "a_\\ldots'", "{a'}_b'", "a'{}_b'", "\\mathrm{x}'_1'", "λ'_{1}", "−3", "a^−",
]
"""Shapes near the edge of the grammar, the ones that once slipped through among them: each is either
refused or compiled with the rest."""


def test_every_accepted_label_compiles_in_one_batch(tmp_path: Path) -> None:
    generated = _generated_labels()
    assert len(generated) >= 300
    labels = list(dict.fromkeys([*(c for c in CURATED if _accepted(c)), *generated]))
    workdir = tmp_path
    try:
        compile_tex(_document(labels), workdir, "labels")
    except pytest.fail.Exception:
        bad = _first_failing(labels, workdir)
        pytest.fail(f"validate_math accepts {bad!r}, but pdflatex refuses {math_to_tex(bad)!r}")


ONCE_REFUSED = [
    ("a'_b'", "has primes in two places on one symbol (write a''_{b}, not a'_{b}')"),
    ("a'_b^c", "has a superscript after primes and something else (write a'^{b}_{c}, not a'_{c}^{b})"),
]


@pytest.mark.parametrize("label,message", ONCE_REFUSED)
def test_a_second_superscript_hidden_behind_primes_is_refused(label: str, message: str) -> None:
    with pytest.raises(LabelError, match=f"^{re.escape(message)}$"):
        validate_math(label)


def test_a_unicode_symbol_as_a_script_is_braced() -> None:
    assert math_to_tex("a^…") == r"a^{\dots}"
    assert math_to_tex("a_α'") == r"a_{\alpha}'"
