"""``tensordiag init EXPR``: a commented starter spec for an einsum, every optional key shown and explained.

The einsum and each tensor's legs are filled in; the optional keys are comments to uncomment. The text is
read back before it is returned, so a starter spec always loads.

>>> print(starter_spec("ij,jk->ik").splitlines()[3])
einsum: "ij,jk->ik"        # what the figure denotes; the check compares the drawing with it
"""

from __future__ import annotations

import json
import re

from .model import leg_text


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_]\w*", name) else json.dumps(name, ensure_ascii=False)


def starter_spec(expr: str) -> str:
    """The starter spec for ``expr`` (an einsum string or call)."""
    from .api import from_einsum
    from .spec import parse_text

    figure = from_einsum(expr).figure
    legs = {t.name: ", ".join(json.dumps(leg_text(leg), ensure_ascii=False) for leg in t.legs)
            for t in figure.tensors}
    first = figure.tensors[0].name if figure.tensors else "A"
    lines = [
        "# A tensordiag spec. Draw it:  tensordiag render THIS.yaml -o figure.svg   (or .tex .png .pdf .json)",
        "# Only einsum is needed; uncomment what you want. All keys: the README, \"The spec format\".",
        "# title: My contraction        # the SVG's title (read by screen readers) and the gallery's caption",
        f"einsum: {json.dumps(expr.strip(), ensure_ascii=False)}        # what the figure denotes; the check "
        "compares the drawing with it",
        "tensors:                  # name -> how it is drawn; legs in axis order",
    ]
    for name, text in legs.items():
        lines.append(f"  {_key(name)}: {{legs: [{text}]}}")
    lines += [
        f"#   {_key(first)}: {{legs: [...], label: 'W_{{O}}', shape: triangle, color: blue, at: [1.5, -1]}}",
        "#                          # label: TeX math; shape: circle, triangle, square, rectangle, dot, none;",
        "#                          # at: a pin [x, y] in cm (tensordiag pins FIG.tex THIS.yaml writes them)",
        "# dims: {i: 3}             # index sizes: thicker lines; the check uses them",
        "# free_side: up            # where free legs go by default: left, right, up, down",
        "# sides: {i: left}         # one free leg's side",
        "# structure: chain         # chain, ring, ladder, grid, star, tree, flow, force, ... (default: detected)",
        "# leg_labels: names        # names, sizes (i=3) or none",
        "# leg_colors: {i: red}     # the colour of the wires of an index",
        "# index_labels: {i: 'seq pos'}   # what an index shows (underscores read as spaces; \\_ keeps one)",
    ]
    text = "\n".join(lines) + "\n"
    parse_text(text)  # a starter spec always loads
    return text
