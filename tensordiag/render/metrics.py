"""Advance widths of the TikZ output's faces, in ems, so the SVG can place scripts as TeX does.

The numbers are Computer Modern's (cmmi10 for math italic, cmr10 for upright), read once from their TFM
files with ``tftopl``; Latin Modern, which the SVG names first, has the same metrics. A table, not a font
file read at run time: the SVG is the same bytes on every machine, whatever fonts it has.
"""

from __future__ import annotations

ITALIC = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    (0.75, 0.759, 0.715, 0.828, 0.738, 0.643, 0.786, 0.831, 0.44, 0.555, 0.849, 0.681, 0.97, 0.803, 0.763, 0.642,
     0.791, 0.759, 0.613, 0.584, 0.683, 0.583, 0.944, 0.828, 0.581, 0.683,
     0.529, 0.429, 0.433, 0.52, 0.466, 0.49, 0.477, 0.576, 0.345, 0.412, 0.521, 0.298, 0.878, 0.6, 0.485, 0.503,
     0.446, 0.451, 0.469, 0.361, 0.572, 0.485, 0.716, 0.572, 0.49, 0.465)))
"""cmmi10's advance widths (math italic letters)."""
ROMAN = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    (0.75, 0.708, 0.722, 0.764, 0.681, 0.653, 0.785, 0.75, 0.361, 0.514, 0.778, 0.625, 0.917, 0.75, 0.778, 0.681,
     0.778, 0.736, 0.556, 0.722, 0.75, 0.75, 1.028, 0.75, 0.75, 0.611,
     0.5, 0.556, 0.444, 0.556, 0.444, 0.306, 0.5, 0.556, 0.278, 0.306, 0.528, 0.278, 0.833, 0.556, 0.5, 0.556,
     0.528, 0.392, 0.394, 0.389, 0.556, 0.528, 0.722, 0.528, 0.528, 0.444)))
"""cmr10's advance widths (upright letters)."""
ITALIC_CORRECTION = {
    "B": 0.05, "C": 0.072, "D": 0.028, "E": 0.058, "F": 0.139, "H": 0.081, "I": 0.078, "J": 0.096, "K": 0.072,
    "M": 0.109, "N": 0.109, "O": 0.028, "P": 0.139, "R": 0.008, "S": 0.058, "T": 0.139, "U": 0.109, "V": 0.222,
    "W": 0.139, "X": 0.078, "Y": 0.222, "Z": 0.072, "f": 0.108, "g": 0.036, "j": 0.057, "k": 0.031, "l": 0.02,
    "q": 0.036, "r": 0.028, "v": 0.036, "w": 0.027, "y": 0.036, "z": 0.044}
"""cmmi10's italic corrections: how far a letter's top leans past its advance. TeX sets a superscript that much
further right than a subscript (W_V^h: the h clears the W's top-right arm)."""


def advance(text: str, upright: bool) -> float:
    """The advance of ``text`` in ems: the table's letters; digits half an em; a space 0.333; anything else
    (Greek, symbols) 0.62, an average of Latin Modern Math's.

    >>> advance("W", False), advance("V", True), advance("12", False)
    (0.944, 0.75, 1.0)
    """
    table = ROMAN if upright else ITALIC
    return sum(table.get(ch, 0.5 if ch.isdigit() else 0.333 if ch == " " else 0.62) for ch in text)


def lean(text: str, upright: bool) -> float:
    """The italic correction of the last letter of ``text`` (0 for upright text), in ems."""
    return 0.0 if upright or not text else ITALIC_CORRECTION.get(text[-1], 0.0)
