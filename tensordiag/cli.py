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
from .options import pairs as _pairs
from .options import shapes as _shapes

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


_formats = click.option("-f", "--format", "formats", multiple=True, metavar="FMT",
                        help="Format for '-o -' (standard output) and output folders: svg (default), tex, png, pdf, json.")


def _look_options(f: Callable[..., T]) -> Callable[..., T]:
    for option in reversed((
            click.option("--scale", type=float, help="Scale the picture (0.5: half size; TikZ: scale, transform shape)."),
            click.option("--width", "fit", type=float, metavar="CM",
                         help="Shrink the picture to at most this width in cm (a two-column paper's column: 8.5)."),
            click.option("--dpi", type=float, help="PNG resolution in pixels per inch (default about 190)."),
            click.option("--transparent", is_flag=True, help="No white background (SVG, PNG, PDF)."),
            click.option("--theme", default="colour", show_default=True, help="colour or greyscale."),
            click.option("--font-size", type=float, metavar="PT", help="Label size in pt (default 10)."))):
        f = option(f)
    return f


def _look(scale, fit, dpi, transparent, theme, font_size):  # type: ignore[no-untyped-def]
    from .look import Look

    return Look(scale=scale, width=fit, dpi=dpi, transparent=transparent, theme=theme, font_size=font_size)


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False), metavar="SPEC")
@click.option("-o", "--output", "outputs", multiple=True, required=True,
              help="A file (its suffix picks the format), '-' for standard output, a folder (ending in /) or a "
                   "pattern with {stem} (figs/{stem}.pdf). Repeatable.")
@_formats
@_snippet
@_seed
@_look_options
@click.option("--watch", is_flag=True, help="Render again each time a spec changes (Ctrl-C stops).")
@_debug
def render(specs: tuple[Path, ...], outputs: tuple[str, ...], formats: tuple[str, ...], snippet: bool, seed: int,
           scale, fit, dpi, transparent, theme, font_size, watch: bool, debug: bool) -> None:  # type: ignore[no-untyped-def]
    """Render each diagram spec SPEC (YAML, JSON, or a JSON export read back with its positions pinned)."""
    from dataclasses import replace

    from . import batch
    from .api import load

    look = _run(debug, lambda: _look(scale, fit, dpi, transparent, theme, font_size))

    def one(path: Path) -> int:
        def act() -> None:
            paths = batch.targets(path, outputs, formats, several=len(specs) > 1)
            batch.write(replace(load(path, seed=seed), look=look), paths, formats, snippet=snippet)
        return _attempt(debug, act, where=str(path))[1]

    statuses = [one(path) for path in specs]
    if watch:
        batch.watch(list(specs), one)
    sys.exit(worst(statuses))


@main.command()
@click.argument("expr")
@click.option("-o", "--output", "outputs", multiple=True, required=True,
              help="Output file (its suffix picks the format) or '-' for standard output (see --format). Repeatable.")
@_formats
@_snippet
@_seed
@click.option("--leg-labels", type=click.Choice(["names", "sizes", "none"]), help="Leg labels (spec key leg_labels).")
@click.option("--structure", help="The layout: chain, ring, grid, star, tree, flow, force, … (spec key structure).")
@click.option("--dims", "dims", multiple=True, metavar="I=N,…", help="Index sizes: --dims i=3,j=4 (spec key dims).")
@click.option("--free-side", type=click.Choice(["left", "right", "up", "down"]), help="Where free legs go.")
@click.option("--color", "colors", multiple=True, metavar="T=COLOUR", help="A tensor's colour: --color A=blue.")
@_look_options
@_debug
def einsum(expr: str, outputs: tuple[str, ...], formats: tuple[str, ...], snippet: bool, seed: int,
           leg_labels, structure, dims, free_side, colors, scale, fit, dpi, transparent, theme, font_size,
           debug: bool) -> None:  # type: ignore[no-untyped-def]
    """Render an einsum string (ij,jk->ik, 'i α β, β -> i α') or call (einsum(A, v, 'i j, j -> i')).

    EXPR '-' reads the einsum from standard input (for networks too long for a command line): UTF-8, at most
    2,000,000 bytes.
    """
    from dataclasses import replace

    from . import batch
    from .api import STDIN_MAX_BYTES, einsum_from_bytes, from_einsum

    if expr == "-":
        stdin = sys.stdin.buffer
        expr = _run(debug, lambda: einsum_from_bytes(stdin.read(STDIN_MAX_BYTES + 1)))

    def act() -> None:
        keys = _spec_keys(leg_labels, structure, dims, free_side, colors)
        drawing = replace(from_einsum(expr, seed=seed, **keys), look=_look(scale, fit, dpi, transparent, theme, font_size))
        batch.write(drawing, batch.targets(Path("einsum"), outputs, formats, several=False), formats, snippet=snippet)

    _run(debug, act)


def _spec_keys(leg_labels, structure, dims, free_side, colors) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The einsum command's options as spec keys."""
    keys: dict = {"leg_labels": leg_labels, "structure": structure, "free_side": free_side}  # type: ignore[type-arg]
    sizes = [pair for text in dims for pair in _pairs(tuple(p for p in text.split(",") if p.strip()), "--dims")]
    if sizes:
        keys["dims"] = {k: int(v) if v.isdigit() else v for k, v in sizes}
    if colors:
        keys["tensors"] = {k: {"color": v} for k, v in _pairs(colors, "--color")}
    return {k: v for k, v in keys.items() if v is not None}


@main.command()
@click.argument("expr")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="The spec file to write (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@_debug
def init(expr: str, output: Path | None, force: bool, debug: bool) -> None:
    """Write a commented starter spec for the einsum EXPR."""
    from .api import save_all
    from .errors import SpecError
    from .starter import starter_spec

    def act() -> None:
        text = starter_spec(expr)
        if output is None:
            click.echo(text, nl=False)
        elif output.exists() and not force:
            raise SpecError("exists already: give --force to overwrite it", where=str(output))
        else:
            save_all([(output, text.encode())])

    _run(debug, act)


@main.command()
@click.argument("tex", type=click.Path(path_type=Path, readable=False))
@click.argument("spec", type=click.Path(path_type=Path, readable=False))
@_debug
def pins(tex: Path, spec: Path, debug: bool) -> None:
    """Read the tensor positions of TEX (a TikZ output, hand-edited) into SPEC (YAML) as pins, keeping its
    comments and layout: render SPEC again and the edit is kept."""
    from .pins import write_pins

    names = _run(debug, lambda: write_pins(spec, tex))
    click.echo(f"pinned {len(names)} tensor{'s' if len(names) != 1 else ''} in {spec}: {', '.join(names)}")


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
@click.argument("spec", type=click.Path(path_type=Path, readable=False))
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Only print the URL.")
@_debug
def edit(spec: Path, port: int, no_browser: bool, debug: bool) -> None:
    """Arrange SPEC by hand in the browser: each drop writes a pin (at: [x, y]) into SPEC (see README)."""
    from .edit import run

    _run(debug, lambda: run(spec, port=port, browser=not no_browser, echo=click.echo))


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
