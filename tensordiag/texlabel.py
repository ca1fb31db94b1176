"""Labels: a safe subset of TeX math, and literal text, for both backends.

A *math label* (``W_{\\uparrow}``, ``\\lambda``, ``V^\\dagger``) is TeX math restricted to letters,
digits, a little punctuation, groups, sub- and superscripts and a whitelist of commands. Anything
else is refused, so no label can run ``\\input`` or ``\\write18``. The TikZ backend writes a math
label as it is (inside ``$…$``); the SVG backend turns it into runs of Unicode text with sub- and
superscript positions (:func:`runs`).

*Literal text* (names, index names, titles) may hold any character: :func:`tex_escape` and the
XML escaping of the SVG templates make it print as written.
"""

from __future__ import annotations

import functools

import re

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
SYMBOLS = {
    "dagger": "†", "uparrow": "↑", "downarrow": "↓", "leftarrow": "←", "rightarrow": "→",
    "longrightarrow": "⟶",
    "top": "⊤", "prime": "′", "cdot": "·", "times": "×", "otimes": "⊗", "sum": "Σ", "ell": "ℓ",
    "infty": "∞", "neq": "≠", "ne": "≠", "pm": "±", "circ": "∘", "star": "⋆", "ast": "∗",
    "dots": "…", "ldots": "…", "cdots": "⋯", ",": " ", ";": " ", "quad": "  ", "langle": "⟨",
    "rangle": "⟩", "partial": "∂", "nabla": "∇", "in": "∈", "approx": "≈", "leq": "≤", "geq": "≥",
    "{": "{", "}": "}", "_": "_", " ": " ",
}
FONT_COMMANDS = ("mathrm", "mathit", "mathbf", "mathsf", "text", "operatorname")
UPRIGHT_COMMANDS = ("mathrm", "mathsf", "text", "operatorname")
"""Commands taking one group argument, shown as their argument (TikZ keeps them)."""
ALLOWED_COMMANDS = tuple(GREEK) + tuple(SYMBOLS) + FONT_COMMANDS

_ALLOWED_CHARS = re.compile(r"[\w \-+=*/|:,.;'()\[\]<>!?{}^]", re.ASCII)
_TOKEN = re.compile(r"\\([A-Za-z]+|[,;{}_ ])|(.)", re.S)
_SPACING = (",", ";", " ", "quad")
"""Commands that only make space: no nucleus, so no sub- or superscript may be one."""

TEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}", "<": r"\textless{}",
    ">": r"\textgreater{}", '"': r"\texttt{\char34}", "|": r"\textbar{}",
}
UNICODE_TO_TEX = {v: "\\" + k + " " for k, v in GREEK.items()}
"""Unicode characters pdflatex cannot read in math, as TeX commands followed by a space (so that
``αx`` becomes ``\\alpha x``, not ``\\alphax``). Any other non-ASCII character has no spelling."""
for _command, _char in SYMBOLS.items():
    if len(_char) == 1 and not _char.isascii():
        UNICODE_TO_TEX.setdefault(_char, "\\" + _command + " ")
MATH_UNICODE = {**UNICODE_TO_TEX, "\u2212": "-"}
"""In math labels the minus sign too: a coefficient −3 is math's -3."""


class LabelError(ValueError):
    """A math label outside the safe subset; the message says which part and why."""


MAX_NAME = 64
"""The longest tensor, bubble or index name, in characters: a shape grows with its label, and the
cost of placing labels around it with the shape's area."""
MAX_LABEL = 200
"""The longest math label (a tensor's or bubble's label or function, a coefficient)."""
MAX_TEXT = 1000
"""The longest literal text (a title)."""


def bad_character(text: str) -> str | None:
    """The first character of ``text`` that no output may hold: a lone surrogate (not a character at
    all, and not writable as UTF-8) or a Unicode noncharacter (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …; XML
    forbids U+FFFE and U+FFFF). Shown as U+XXXX.

    >>> bad_character("A\\uffff"), bad_character("\\ud800"), bad_character("αβ†")
    ('U+FFFF', 'U+D800', None)
    """
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            return f"U+{code:04X}"
    return None


def bad_character_message(text: str) -> str | None:
    """Why ``text`` cannot be used, if it holds a :func:`bad_character`: the message that says so."""
    bad = bad_character(text)
    if bad is None:
        return None
    kind = "a lone surrogate" if 0xD800 <= int(bad[2:], 16) <= 0xDFFF else "a Unicode noncharacter"
    return f"holds {bad}, {kind}, which no output can hold: remove it"


@functools.lru_cache(maxsize=8192)
def validate_math(label: str) -> str:
    """Return ``label`` if it is safe TeX math that pdflatex sets, else raise :class:`LabelError` saying why.

    Cached: the spec loader validates a label and the model validates it again when the tensor is built
    (so figures made in Python are checked too); the second time is a look-up.

    Safe: whitelisted commands only, no bare ``\\``, no ``^^`` (TeX's character escape), only
    characters with a TeX spelling, balanced groups, and every sub- or superscript with an argument
    and at most one of each per nucleus (``a^b^c`` is TeX's "double superscript" error).
    """
    if len(label) > MAX_LABEL:
        raise LabelError(f"is {len(label)} characters long; a label holds at most {MAX_LABEL}")
    if "^^" in label:
        raise LabelError("'^^' is TeX's character escape and is not allowed")
    tokens: list[tuple[str | None, str | None]] = []
    for m in _TOKEN.finditer(label):
        command, char = m.group(1), m.group(2)
        if command is not None and command not in ALLOWED_COMMANDS:
            raise LabelError(
                f"command \\{command} is not allowed (allowed: Greek letters, \\dagger, "
                f"\\uparrow, \\downarrow, \\top, \\mathrm{{…}} and a few symbols)"
            )
        if char == "\\":
            raise LabelError("a '\\' must start one of the allowed commands")
        if char is not None and char not in MATH_UNICODE and not _ALLOWED_CHARS.fullmatch(char):
            why = "" if char.isascii() else " (pdflatex cannot typeset it: use ASCII, Greek letters or a command)"
            raise LabelError(f"character {_show(char)} is not allowed in a math label{why}")
        tokens.append((command, char))
    _Structure(tokens).check()
    return label


class _Structure:
    """Reads validated tokens as TeX math does: groups, nuclei, and their scripts."""

    def __init__(self, tokens: list[tuple[str | None, str | None]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def check(self) -> None:
        self.sequence(top=True)

    def sequence(self, *, top: bool) -> None:
        # TeX turns a run of primes into one superscript, which a ^ right after the primes joins
        # (a'^b, a''); anything else after the primes closes it, so a later ' or ^ is a second one.
        sup: str | None = None  # None, "prime" (primes, still open), "closed" or "caret"
        sub = False
        while self.pos < len(self.tokens):
            command, char = self.tokens[self.pos]
            self.pos += 1
            if char == "}":
                if top:
                    raise LabelError("has a '}' that closes nothing")
                return
            if char == "^":
                if sup == "caret":
                    raise LabelError("has two superscripts on one symbol (write a^{b c}, not a^b^c)")
                if sup == "closed":
                    raise LabelError("has a superscript after primes and something else (write a'^{b}_{c}, not a'_{c}^{b})")
                self.argument("^")
                sup = "caret"
            elif char == "_":
                if sub:
                    raise LabelError("has two subscripts on one symbol (write a_{b c}, not a_b_c)")
                self.argument("_")
                sub = True
                sup = "closed" if sup == "prime" else sup
            elif char == "'":
                if sup == "caret":
                    raise LabelError("has a prime after a superscript (write a'^{b}, not a^{b}')")
                if sup == "closed":
                    raise LabelError("has primes in two places on one symbol (write a''_{b}, not a'_{b}')")
                sup = "prime"
            elif char is not None and char.isspace():
                sup = "closed" if sup == "prime" else sup
                continue
            else:
                self.atom(command, char)
                sup, sub = None, False
        if not top:
            raise LabelError("has an unclosed '{'")

    def atom(self, command: str | None, char: str | None) -> None:
        if char == "{":
            self.sequence(top=False)
        elif command in FONT_COMMANDS:
            if self.pos >= len(self.tokens) or self.tokens[self.pos][1] != "{":
                raise LabelError("a font command must be followed by a {group}")
            self.pos += 1
            self.sequence(top=False)

    def argument(self, script: str) -> None:
        while self.pos < len(self.tokens) and self.tokens[self.pos][1] == " ":
            self.pos += 1
        if self.pos >= len(self.tokens):
            raise LabelError(f"ends with '{script}': a sub- or superscript needs something after it")
        command, char = self.tokens[self.pos]
        if char in ("^", "_", "'", "}") or command in _SPACING:
            shown = f"\\{command}" if command else char
            raise LabelError(f"has '{script}' followed by '{shown}': a sub- or superscript needs a symbol or a {{group}}")
        self.pos += 1
        self.atom(command, char)


def _show(char: str) -> str:
    return repr(char) if char.isprintable() else f"U+{ord(char):04X}"


def untypesettable(text: str) -> str | None:
    """The first character of ``text`` that pdflatex cannot typeset (non-ASCII, with no TeX spelling).

    >>> untypesettable("αβ_1'"), untypesettable("café")
    (None, 'é')
    """
    return next((ch for ch in text if not ch.isascii() and ch not in UNICODE_TO_TEX), None)


def math_to_tex(label: str) -> str:
    """A validated math label as pdflatex-safe TeX: Unicode Greek and symbols spelled as commands,
    ``\\text``/``\\operatorname`` (amsmath, absent from a standalone picture) as ``\\mathrm``, their
    spaces kept as ``\\ ``.

    >>> math_to_tex(r"\\text{soft max}_β")
    '\\\\mathrm{soft\\\\ max}_{\\\\beta}'
    """
    out = []
    text_depth = 0  # > 0 inside the group of a \text: spaces there are spaces
    depth = 0
    pending_text = False
    script = False  # the last token was ^ or _ (spaces aside)
    for m in _TOKEN.finditer(label):
        command, char = m.group(1), m.group(2)
        if script and command is not None and command not in FONT_COMMANDS:
            out.append("{" + m.group() + "}")  # a macro such as \\dots needs braces as a script: a^{\\dots}
            script = False
            continue
        if script and char in MATH_UNICODE:
            out.append("{" + MATH_UNICODE[char].rstrip() + "}")  # a^… is a^{\dots}: a script takes one token
            script = False
            continue
        if char is None or not char.isspace():
            script = char in ("^", "_")
        if command is not None:
            if command in ("text", "operatorname"):
                out.append("\\mathrm")
                pending_text = command == "text"
            else:
                out.append(m.group())
            continue
        if char == "{":
            depth += 1
            if pending_text and not text_depth:
                text_depth = depth
            pending_text = False
        elif char == "}":
            if depth == text_depth:
                text_depth = 0
            depth -= 1
        if char == " " and text_depth:
            out.append("\\ ")
        elif char in MATH_UNICODE:
            out.append(MATH_UNICODE[char])
        else:
            out.append(char or "")
    tex = "".join(out)
    while tex.endswith(" ") and not tex.endswith("\\ "):
        tex = tex[:-1]  # a trailing space of a spelled-out symbol, never a control space
    return tex


def tex_escape(text: str) -> str:
    """Literal text for TeX's text mode: specials escaped, Greek letters as math."""
    out = []
    for ch in text:
        if ch in TEX_SPECIALS:
            out.append(TEX_SPECIALS[ch])
        elif ch in UNICODE_TO_TEX:
            out.append(f"${UNICODE_TO_TEX[ch].rstrip()}$")
        elif ord(ch) < 32:
            out.append(" ")
        elif ord(ch) > 126:
            out.append("?")
        else:
            out.append(ch)
    return "".join(out)


Run = tuple[str, int, bool]
"""A piece of label text, its level (0 baseline, -1 subscript, +1 superscript) and whether upright."""


def runs(label: str) -> list[Run]:
    """Unicode text runs of a math label, for SVG: ``W_{\\uparrow}`` → ``[("W", 0, False), ("↑", -1, True)]``.

    Letters are italic as in TeX math; digits, symbols and ``\\mathrm{…}`` text are upright. Spaces
    are dropped as TeX drops them in math, except inside ``\\text{…}``.
    """
    tokens = [(m.group(1), m.group(2)) for m in _TOKEN.finditer(label)]
    out: list[Run] = []
    pos = 0

    def atom(level: int, upright: bool, text: bool = False) -> None:
        nonlocal pos
        if pos >= len(tokens):
            return
        command, char = tokens[pos]
        pos += 1
        if char == "{":
            group(level, upright, text)
        elif command in FONT_COMMANDS:
            if pos < len(tokens) and tokens[pos][1] == "{":
                pos += 1
                group(level, command in UPRIGHT_COMMANDS, command == "text")
        elif command is not None:
            text = GREEK.get(command) or SYMBOLS.get(command, "")
            emit(text, level, upright or command in SYMBOLS or command[0].isupper())
        elif char in "_^":
            atom(level - 1 if char == "_" else level + 1, upright, text)
        elif char != "}" and (text or not char.isspace()):
            shown = "\u2212" if char == "-" and not text else char  # TeX sets a hyphen in math as a minus
            emit(shown, level, upright or not char.isalpha())

    def group(level: int, upright: bool, text: bool) -> None:
        nonlocal pos
        while pos < len(tokens) and tokens[pos][1] != "}":
            atom(level, upright, text)
        pos += 1

    def emit(text: str, level: int, upright: bool) -> None:
        level = max(-1, min(1, level))
        if out and out[-1][1] == level and out[-1][2] == upright:
            out[-1] = (out[-1][0] + text, level, upright)
        else:
            out.append((text, level, upright))

    while pos < len(tokens):
        atom(0, False)
    return [r for r in out if r[0]]


def name_to_math(name: str) -> str:
    """The default label of a tensor called ``name``: ``W_O`` → ``W_{O}``, ``Match`` → ``\\mathrm{Match}``.

    Trailing primes and daggers become one superscript (``V'†`` → ``V^{\\prime \\dagger}``), and
    further underscores show as underscores, so every valid name gives a label pdflatex sets.

    >>> name_to_math("W_O"), name_to_math("V†"), name_to_math("Wα_in_1")
    ('W_{O}', 'V^{\\\\dagger}', 'W\\\\alpha _{\\\\mathrm{in\\\\_1}}')
    """
    base, _, sub = name.partition("_")
    core = base.rstrip("'†")
    head = core if len(core) <= 1 or not core.isascii() else rf"\mathrm{{{core}}}"
    marks = base[len(core):]
    if "†" in marks:
        head += "^{" + " ".join(r"\dagger" if m == "†" else r"\prime" for m in marks) + "}"
    else:
        head += marks
    if sub:
        sub_tex = sub.replace("_", r"\_")
        if len(sub) > 1:
            sub_tex = rf"\mathrm{{{sub_tex}}}"
        head += f"_{{{sub_tex}}}"
    return math_to_tex(head)


def index_text(index: str) -> str:
    r"""How an index name reads in a leg label: underscores as spaces (``seq_pos`` → ``seq pos``), but an
    escaped one (``seq\_pos``, in ``index_labels``) stays an underscore, escaped for TeX.

    >>> index_text("seq_pos"), index_text(r"seq\_pos")
    ('seq pos', 'seq\\_pos')
    """
    return "\\_".join(part.replace("_", " ") for part in index.split("\\_"))
