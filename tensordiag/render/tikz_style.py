"""The TikZ styles every figure uses, written once: into each snippet (each one guarded, so a style the
paper's preamble already set wins) and into the style file ``tensordiag style -o tensordiag.tex`` writes.

Sizes follow the document's font: a picture's unit is ``td picture``'s ``x``/``y`` (1 cm in a 10 pt
document: 2.8453 em), gaps between a label and its wire are written in em, label fonts are relative
(``\\small``), so in a 12 pt paper the whole figure grows with its text and labels keep clear of wires.
"""

from __future__ import annotations

EM_PER_CM = 72.27 / 2.54 / 10
"""Ems in a centimetre at the 10 pt the figures are laid out for (1 em = 10 pt)."""

STYLES: tuple[tuple[str, str, str], ...] = (
    # name, definition, the figure part that needs it ("" : every figure)
    ("td picture", "x=2.8453em, y=2.8453em", ""),
    ("td tensor", "draw=black, line width=0.6pt", ""),
    ("td wire", "draw=black, line width=0.8pt, line cap=round", ""),
    ("td dot", "fill=black", ""),
    ("td label", "inner sep=0pt, font=\\normalsize", ""),
    ("td leg", "inner sep=0pt, font=\\small", ""),
    ("td op", "inner sep=0pt, font=\\large", ""),
    ("td hole", "dashed, draw=black!70", ""),
    ("td bubble", "draw=black!55, line width=0.6pt, rounded corners=0.6em", ""),
    ("td hull", "draw=black!45, line width=0.5pt", "hulls"),
    ("td rule", "draw=black, line width=0.4pt", "rules"),
    ("td step", "circle, draw=black!70, fill=white, line width=0.4pt, inner sep=0pt, minimum size=0.967em, "
                "font=\\scriptsize", "steps"),
    ("td cell", "draw=black!35, line width=0.25pt", "pictures"),
)

CALC = ("% TikZ's calc library, loaded again when a group around an earlier figure (a figure environment) dropped it\n"
        r"\expandafter\ifx\csname tikz@cc@handle@line\endcsname\relax"
        r"\expandafter\let\csname tikz@library@calc@loaded\endcsname\relax\fi" "\n"
        r"\usetikzlibrary{calc}")
"""Every snippet needs the calc library; ``\\usetikzlibrary`` alone would not reload it after a group ended."""

GUARD = r"\providecommand\tdstyle[2]{\pgfkeysifdefined{/tikz/#1/.@cmd}{}{\tikzset{#1/.style={#2}}}}"
"""Defines a style only when nothing (the paper's preamble, the style file) has defined it yet."""


def em(cm: float) -> str:
    """A length of ``cm`` centimetres at 10 pt, in em (3 decimals)."""
    from . import fmt

    return fmt(cm * EM_PER_CM) + "em"


def snippet_styles(parts: set[str]) -> list[dict[str, str]]:
    """The styles a figure with ``parts`` uses, for the template's guarded ``\\tdstyle`` lines."""
    return [{"name": n, "body": b} for n, b, part in STYLES if not part or part in parts]


def style_file(*, greyscale: bool = False) -> str:
    """The style file: every ``td`` style, for a paper to ``\\input`` after ``\\usepackage{tikz}``."""
    width = max(len(n) for n, _, _ in STYLES)
    lines = [
        "% tensordiag's figure styles. In the preamble, after \\usepackage{tikz}:  \\input{tensordiag.tex}",
        "% Every tensordiag snippet then uses these instead of its own: edit them here to restyle every figure.",
        "% td picture: the unit of every coordinate, 1 cm in a 10 pt document. Keep it in em (x=2.5em, y=2.5em draws",
        "% smaller): wire ends and label gaps are written in em, so they follow the font as the unit does.",
        "% Fills are \\definecolor'd in each picture; \\selectcolormodel{gray} prints every colour as grey.",
        "\\usetikzlibrary{calc}",
        "\\tikzset{",
    ]
    lines += [f"  {n + '/.style=':<{width + 8}}{{{b}}}," for n, b, _ in STYLES]
    lines.append("}")
    lines.append(("" if greyscale else "% ") + "\\selectcolormodel{gray}")
    return "\n".join(lines) + "\n"
