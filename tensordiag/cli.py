"""The command line: thin. Parses arguments, calls the API, maps errors to exit codes.

Exit status: 0 success; 1 a check found a diagram that differs from its einsum; 2 bad input
(one line on stderr that says where and what; ``--debug`` shows the traceback instead).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, TypeVar

import click

from .errors import TensordiagError

T = TypeVar("T")
EXIT_MISMATCH = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes: one line, always.

    >>> one_line("tensors.a\\nb: bad")
    'tensors.a\\\\nb: bad'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _run(debug: bool, action: Callable[[], T]) -> T:
    try:
        return action()
    except TensordiagError as exc:
        if debug:
            raise
        click.echo(f"tensordiag: error: {one_line(str(exc))}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except RecursionError:
        if debug:
            raise
        click.echo("tensordiag: error: input nested too deeply to process", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except Exception as exc:  # a bug, not bad input: still one line, unless --debug
        if debug:
            raise
        click.echo(f"tensordiag: internal error: {type(exc).__name__}: {one_line(str(exc))} (rerun with --debug)",
                   err=True)
        sys.exit(EXIT_INTERNAL)


_outputs = click.option("-o", "--output", "outputs", multiple=True, required=True, type=click.Path(path_type=Path),
                        help="Output file; its suffix picks the format: .tex .svg .png .pdf .json (repeatable).")
_snippet = click.option("--snippet", is_flag=True, help="TikZ: only the tikzpicture, to \\input in a paper.")
_seed = click.option("--seed", default=0, show_default=True, help="Layout seed.")
_debug = click.option("--debug", is_flag=True, help="Show a traceback instead of a one-line error.")


@click.group()
@click.version_option(package_name="tensordiag")
def main() -> None:
    """Draw graphical tensor notation, and check it against its einsum."""


@main.command()
@click.argument("spec", type=click.Path(path_type=Path))
@_outputs
@_snippet
@_seed
@_debug
def render(spec: Path, outputs: tuple[Path, ...], snippet: bool, seed: int, debug: bool) -> None:
    """Render the diagram spec SPEC (YAML or JSON)."""
    from .api import load

    _run(debug, lambda: load(spec, seed=seed).save(*outputs, snippet=snippet))


@main.command()
@click.argument("expr")
@_outputs
@_snippet
@_seed
@_debug
def einsum(expr: str, outputs: tuple[Path, ...], snippet: bool, seed: int, debug: bool) -> None:
    """Render an einsum string (ij,jk->ik, 'i α β, β -> i α') or call (einsum(A, v, 'i j, j -> i')).

    EXPR '-' reads the einsum from standard input (for networks too long for a command line).
    """
    from .api import draw

    if expr == "-":
        expr = click.get_text_stream("stdin").read().strip()
    _run(debug, lambda: draw(expr, seed=seed).save(*outputs, snippet=snippet))


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--seed", default=0, show_default=True, help="Seed of the random stand-in tensors.")
@_debug
def check(specs: tuple[Path, ...], seed: int, debug: bool) -> None:
    """Check that every SPEC's drawing equals its einsum on random tensors."""
    from .api import load

    status = 0
    for path in specs:
        result = _run(debug, lambda: load(path).check(seed=seed))
        word = "ok" if result.ok else "MISMATCH"
        click.echo(f"{word}  {path}: {result.detail}")
        if not result.ok:
            status = EXIT_MISMATCH
    sys.exit(status)


if __name__ == "__main__":
    main()
