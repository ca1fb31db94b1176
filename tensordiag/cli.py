"""The command line: thin. Parses arguments, calls the API, maps errors to exit codes.

Exit status:

* 0: success (every check passed);
* 1: a check found a diagram that differs from its einsum;
* 2: bad input: one line on stderr, ``tensordiag: error: WHERE: WHAT`` (``--debug`` shows the traceback
  instead); a wrong option or argument is bad input too;
* 3: an internal error (a bug): one line, ``tensordiag: internal error: …``;
* 4: a check could not decide (inconclusive).

``tensordiag check`` checks every file it is given and exits with the worst status, by severity
3 > 2 > 1 > 4 > 0. Standard input (``tensordiag einsum -``) is read up to 2,000,000 bytes of UTF-8.
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


EXIT_INCONCLUSIVE = 4
_SEVERITY = {0: 0, EXIT_INCONCLUSIVE: 1, EXIT_MISMATCH: 2, EXIT_BAD_INPUT: 3, EXIT_INTERNAL: 4}
"""Rank of each exit status: several files exit with the worst one."""


def worst(statuses: list[int]) -> int:
    """The most severe of several exit statuses: internal 3 > bad input 2 > mismatch 1 > inconclusive 4 > ok 0.

    >>> worst([0, 4, 1]), worst([4, 0]), worst([1, 3, 2]), worst([])
    (1, 4, 3, 0)
    """
    return max(statuses, key=_SEVERITY.__getitem__, default=0)


def _attempt(debug: bool, action: Callable[[], T], *, where: str = "") -> tuple[T | None, int]:
    """Run ``action``; on an error print its one line on stderr and return its exit status instead of a value."""
    try:
        return action(), 0
    except TensordiagError as exc:
        if debug:
            raise
        click.echo(f"tensordiag: error: {one_line(str(exc))}", err=True)
        return None, EXIT_BAD_INPUT
    except RecursionError:
        if debug:
            raise
        click.echo(f"tensordiag: error: {where + ': ' if where else ''}input nested too deeply to process", err=True)
        return None, EXIT_BAD_INPUT
    except Exception as exc:  # a bug, not bad input: still one line, unless --debug
        if debug:
            raise
        click.echo(f"tensordiag: internal error: {where + ': ' if where else ''}{type(exc).__name__}: "
                   f"{one_line(str(exc))} (rerun with --debug)", err=True)
        return None, EXIT_INTERNAL


def _run(debug: bool, action: Callable[[], T]) -> T:
    value, status = _attempt(debug, action)
    if status:
        sys.exit(status)
    return value  # type: ignore[return-value]


class _OneLineGroup(click.Group):
    """click's group, but a wrong option or argument is bad input like any other: one line, exit 2, instead of
    click's three-line usage message."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,  # type: ignore[no-untyped-def,override]
             **extra):
        prog_name = prog_name or "tensordiag"
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # plain `tensordiag`: the help, as click shows it
            exc.show()
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            hint = ""
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} --help')"
            click.echo(f"tensordiag: error: {one_line(exc.format_message().rstrip('.'))}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


_outputs = click.option("-o", "--output", "outputs", multiple=True, required=True, type=click.Path(path_type=Path),
                        help="Output file; its suffix picks the format: .tex .svg .png .pdf .json (repeatable).")
_snippet = click.option("--snippet", is_flag=True, help="TikZ: only the tikzpicture, to \\input in a paper.")
_seed = click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0), help="Layout seed (0 or more).")
_debug = click.option("--debug", is_flag=True, help="Show a traceback instead of a one-line error.")


@click.group(cls=_OneLineGroup)
@click.version_option(package_name="tensordiag")
def main() -> None:
    """Draw graphical tensor notation, and check it against its einsum.

    \b
    Exit status: 0 ok; 1 a check found a mismatch; 2 bad input (one line on stderr);
    3 internal error; 4 a check was inconclusive. With several files, the worst:
    3 > 2 > 1 > 4 > 0.
    """


@main.command()
@click.argument("spec", type=click.Path(path_type=Path, readable=False))
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

    EXPR '-' reads the einsum from standard input (for networks too long for a command line): UTF-8, at most
    2,000,000 bytes.
    """
    from .api import STDIN_MAX_BYTES, einsum_from_bytes, from_einsum

    if expr == "-":
        stdin = sys.stdin.buffer
        expr = _run(debug, lambda: einsum_from_bytes(stdin.read(STDIN_MAX_BYTES + 1)))
    _run(debug, lambda: from_einsum(expr, seed=seed).save(*outputs, snippet=snippet))


@main.command("style")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("tensordiag.tex"), show_default=True,
              help="The style file to write ('-': standard output).")
@click.option("--greyscale", is_flag=True, help="Print every colour as grey (\\selectcolormodel{gray}).")
def style_command(output: Path, greyscale: bool) -> None:
    """Write the TikZ style file: \\input it in a paper's preamble to restyle every figure in one place."""
    from .render.tikz_style import style_file

    text = style_file(greyscale=greyscale)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"tensordiag: error: {output}: cannot write the style file ({exc.strerror})", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0),
              help="Seed of the random stand-in tensors (0 or more).")
@_debug
def check(specs: tuple[Path, ...], seed: int, debug: bool) -> None:
    """Check that every SPEC's drawing equals its einsum on random tensors.

    Every file is checked and gets one line: 'ok  SPEC: …', 'MISMATCH  SPEC: …' or 'INCONCLUSIVE  SPEC: …' on
    stdout, or 'tensordiag: error: SPEC: …' on stderr. The exit status is the worst of them.
    """
    from .api import load

    statuses = []
    for path in specs:
        result, status = _attempt(debug, lambda: load(path).check(seed=seed), where=str(path))
        if result is not None:
            verdict = getattr(result, "verdict", "ok" if result.ok else "mismatch")
            word, status = {"ok": ("ok", 0), "mismatch": ("MISMATCH", EXIT_MISMATCH),
                            "inconclusive": ("INCONCLUSIVE", EXIT_INCONCLUSIVE)}[verdict]
            click.echo(f"{word}  {path}: {one_line(result.detail)}")
        statuses.append(status)
    sys.exit(worst(statuses))


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    from .trace import TraceError

    out = []
    for text in values:
        key, eq, value = text.partition("=")
        if not eq or not key.strip():
            raise TraceError(f"{option} '{text}' is not NAME=VALUE")
        out.append((key.strip(), value.strip()))
    return out


def _shapes(values: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    from .trace import TraceError

    shapes = {}
    for key, value in _pairs(values, "--shape"):
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if not all(p.isdigit() and 0 < int(p) <= 4096 for p in parts):
            raise TraceError(f"--shape {key}={value}: sizes are whole numbers from 1 to 4096, separated by commas")
        shapes[key] = tuple(int(p) for p in parts)
    return shapes


@main.command("trace")
@click.argument("target")
@click.option("--shape", "shapes", multiple=True, help="An argument's shape: x=8,16 (one per argument).")
@click.option("--names", "names", multiple=True, help="An argument's index names: x='seq_pos hidden'.")
@click.option("--rename", "renames", multiple=True, help="Rename an index: d16=hidden.")
@click.option("--copies", type=click.Choice(["data", "node"]), default="data", show_default=True,
              help="An argument used twice: drawn again sharing its data, or through a copy node.")
@_outputs
@_debug
def trace_command(target: str, shapes: tuple[str, ...], names: tuple[str, ...], renames: tuple[str, ...],
                  copies: str, outputs: tuple[Path, ...], debug: bool) -> None:
    """Trace FILE.py:FUNCTION on arrays of the given shapes into a figure, checked against the function.

    Outputs: .tex .svg .png .pdf .json, and .yaml for the spec. Prints the trace's verdict (the figure against
    the function on random inputs) and the usual check's (the drawing against its einsum); the exit status is
    the worse of the two.
    """
    from .trace import trace_file

    def run():  # type: ignore[no-untyped-def]
        traced = trace_file(target, _shapes(shapes), names=dict(_pairs(names, "--names")),
                            rename=dict(_pairs(renames, "--rename")), copies=copies)
        traced.save(*outputs)
        return traced, traced.check()

    traced, usual = _run(debug, run)
    statuses = []
    for result in (traced.verdict, usual):
        word, status = {"ok": ("ok", 0), "mismatch": ("MISMATCH", EXIT_MISMATCH),
                        "inconclusive": ("INCONCLUSIVE", EXIT_INCONCLUSIVE)}[result.verdict]
        click.echo(f"{word}  {target}: {one_line(result.detail)}")
        statuses.append(status)
    sys.exit(worst(statuses))
@main.command()
@click.argument("expr")
@click.option("--method", type=click.Choice(["optimal", "greedy", "branch"]), default=None,
              help="The path finder (default: the spec's contraction.path, else optimal).")
@_debug
def path(expr: str, method: str | None, debug: bool) -> None:
    """Print a contraction path of EXPR (an einsum, or a spec file): each step's legs, size and FLOPs, the
    totals and the largest intermediate, as opt_einsum counts them; then check the steps on random tensors."""
    from .api import draw
    from .order.check import check_order
    from .order.report import order_report

    def run() -> int:
        figure = draw(expr).figure
        if not hasattr(figure, "tensors"):
            from .errors import SpecError
            raise SpecError("an equation has no single contraction order: give a diagram", where=expr)
        _, text = order_report(figure, method)
        result = check_order(figure, method)
        click.echo(text)
        click.echo(f"{'ok' if result.ok else 'MISMATCH'}  {result.detail}")
        return 0 if result.ok else EXIT_MISMATCH

    sys.exit(_run(debug, run))


if __name__ == "__main__":
    main()
