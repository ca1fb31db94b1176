"""Regenerate the gallery: every ``gallery/*.yaml`` spec rendered, checked and indexed.

``python -m tensordiag.gallery gallery`` writes, beside each spec, its ``.tex``, ``.svg`` and ``.png``,
then ``README.md`` (each figure with its title, the sentence of the post it reproduces (its spec's
``# post:`` comment), einsum, check result and a link to its spec) and a
self-contained ``index.html`` (the SVGs inlined). It exits 1 when any figure fails its check, 2 on bad
input. The outputs are committed; a test re-renders them and compares, so the pages hold nothing that
depends on the machine: no residual digits (they differ with the BLAS), no timings, no absolute paths.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .api import Drawing, load, save_all
from .errors import TensordiagError
from .experiments import Outcome, get_experiment
from .model import Diagram, Equation, Figure
from .render.templating import render_template


@dataclass(frozen=True)
class Entry:
    stem: str
    title: str
    einsums: tuple[str, ...]
    ok: bool
    detail: str
    svg: str
    extra: str = ""
    """The stem of an extra picture (the heatmap of the experiment it names) shown beside the figure, if any."""
    extra_svg: str = ""
    post: str = ""
    """The sentence of the post the figure reproduces, from the spec's ``# post:`` comment."""
    code: str = ""
    """The source a figure was traced from (``NAME.py`` beside ``NAME.yaml``, :mod:`tensordiag.trace.sources`)."""


USAGE = """usage: python -m tensordiag.gallery [FOLDER]

Render, check and index every *.yaml spec in FOLDER (default: gallery): writes each figure's .tex, .svg
and .png beside its spec, then README.md and index.html. Exit status: 0 every check passed, 1 a check
failed, 2 bad input."""

_RESIDUAL = re.compile(r"(?:[:,;]\s*)?max \|Δ\| = [-+0-9.e]+|(?<![\w.])\d\.\d+e[-+]\d+")
"""A residual as a check prints it (``max |Δ| = 4.4e-16``): its digits are round-off and vary by machine."""


def page_detail(detail: str) -> str:
    """A check's detail line with its round-off residuals left out, for pages committed to git.

    >>> page_detail("term 1 = term 2: max |Δ| = 4.4e-16; term 2 = term 3: max |Δ| = 0.0e+00, from numpy's SVD")
    "term 1 = term 2; term 2 = term 3, from numpy's SVD"
    """
    return _RESIDUAL.sub("", detail)


_POST = re.compile(r"^#\s*post:\s*(.*)$")
_POST_MORE = re.compile(r"^#\s{2,}(\S.*)$")


def post_quote(text: str) -> str:
    """The quote of the post a gallery spec reproduces: its ``# post:`` comment, with the comment lines after
    it that are indented by two or more spaces after the ``#``, joined by single spaces ("" if it has none).

    A comment, not a key, so that a figure's quote never reaches the model and any spec can carry one.

    >>> post_quote("# post: Each leg corresponds to an index of the tensor -\\n#   specifying an integer\\ntitle: A")
    'Each leg corresponds to an index of the tensor - specifying an integer'
    """
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if m := _POST.match(line.strip()):
            parts = [m.group(1).strip()]
            for more in lines[n + 1:]:
                if not (m2 := _POST_MORE.match(more.rstrip())):
                    break
                parts.append(m2.group(1).strip())
            return " ".join(p for p in parts if p)
    return ""


def einsums_of(figure: Figure) -> tuple[str, ...]:
    if isinstance(figure, Equation):
        return tuple(t.diagram.einsum or "" for t in figure.terms)
    return (figure.einsum or "",)


def specs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def render_entry(spec: Path) -> tuple[Entry, list[tuple[Path, bytes]]]:
    from .render.raster import svg_to_png

    drawing: Drawing = load(spec)
    svg = drawing.svg()
    outputs = [(spec.with_suffix(".tex"), drawing.render("tex")), (spec.with_suffix(".svg"), svg.encode()),
               (spec.with_suffix(".png"), svg_to_png(svg))]  # the PNG from the SVG already made, not a second one
    result = drawing.check()
    fig = drawing.figure
    title = fig.title or spec.stem
    ok, detail, extra, heatmap = result.ok, result.detail, "", ""
    if isinstance(fig, Diagram) and fig.evaluate is not None:
        outcome = run_experiment(fig)
        heatmap = heatmap_of(outcome)
        extra = f"{spec.stem}-heatmap"
        outputs += [(spec.with_name(extra + ".svg"), heatmap.encode()),
                    (spec.with_name(extra + ".png"), svg_to_png(heatmap))]
        ok, detail = ok and outcome.ok, f"{detail}; {outcome.what}: {outcome.detail}"
    post = post_quote(spec.read_text(encoding="utf-8"))
    code = ""
    if spec.with_suffix(".py").is_file():  # traced from code: re-traced, its own verdict beside the check's
        from .trace.sources import retrace

        code, traced = retrace(spec) or ("", result)
        ok, detail = ok and traced.ok, f"{detail}; {traced.detail}"
    return Entry(spec.stem, title, einsums_of(fig), ok, page_detail(detail), svg, extra, heatmap, post, code), outputs


def run_experiment(diagram: Diagram) -> Outcome:
    """The experiment the diagram names in ``evaluate:``, run through the registry (seed 0, as every page)."""
    return get_experiment(diagram.evaluate or "")(diagram, seed=0)


def heatmap_of(outcome: Outcome) -> str:
    """An experiment's matrix drawn as the heatmap SVG shown beside its figure."""
    from .render.heatmap import heatmap_svg

    return heatmap_svg(outcome.matrix, outcome.title, outcome.row_label, outcome.col_label,
                       vmin=outcome.vmin, vmax=outcome.vmax, boundaries=outcome.boundaries)


def index_files(folder: Path, entries: list[Entry]) -> list[tuple[Path, bytes]]:
    readme = render_template("html/README.md.j2", entries=entries).encode()
    html = render_template("html/index.html.j2", entries=entries).encode()
    return [(folder / "README.md", readme), (folder / "index.html", html)]


def collect(folder: Path) -> tuple[list[Entry], list[tuple[Path, bytes]]]:
    """Every entry and every output file of the gallery in ``folder``, rendered but not written."""
    entries = []
    outputs: list[tuple[Path, bytes]] = []
    for spec in specs(folder):
        entry, files = render_entry(spec)
        entries.append(entry)
        outputs += files
    return entries, outputs + index_files(folder, entries)


def build(folder: Path) -> list[Entry]:
    entries, outputs = collect(folder)
    save_all(outputs)
    return entries


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if any(a in ("-h", "--help") for a in args):
        print(USAGE)
        return 0
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(f"tensordiag gallery: error: expected at most one FOLDER, got {' '.join(args)[:200]} "
              "(see python -m tensordiag.gallery --help)", file=sys.stderr)
        return 2
    folder = Path(args[0] if args else "gallery")
    if not folder.is_dir():
        print(f"tensordiag gallery: error: {folder}: no such folder", file=sys.stderr)
        return 2
    try:
        entries = build(folder)
    except TensordiagError as exc:
        print(f"tensordiag gallery: error: {exc}", file=sys.stderr)
        return 2
    failed = [e for e in entries if not e.ok]
    for e in entries:
        print(f"{'ok' if e.ok else 'MISMATCH':8} {e.stem}: {e.detail}")
    print(f"{len(entries)} figures, {len(failed)} failed their check")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
