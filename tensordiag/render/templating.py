"""The Jinja environment shared by the TikZ and SVG backends.

Delimiters that do not fight TeX braces (``<< >>``, ``<% %>``, ``<# #>``), StrictUndefined, and
explicit escaping filters: ``tex`` (literal text), ``math`` (a validated math label), ``xml``.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import escape

from ..texlabel import math_to_tex, tex_escape
from . import fmt


def _template_root() -> Path:
    try:
        root = resources.files("tensordiag.templates")
        if root.is_dir():
            return Path(str(root))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "templates"


def xml(text: object) -> str:
    """Text for XML content or a quoted attribute; control characters dropped."""
    clean = "".join(ch for ch in str(text) if ch in "\t\n" or ord(ch) >= 32)
    return str(escape(clean))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_template_root())),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tex"] = tex_escape
    env.filters["math"] = math_to_tex
    env.filters["xml"] = xml
    env.filters["num"] = fmt
    return env


def render_template(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)
