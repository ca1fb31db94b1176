"""Regenerate the gallery: every ``gallery/*.yaml`` spec rendered, checked and indexed.

``python -m tensordiag.gallery gallery`` writes, beside each spec, its ``.tex``, ``.svg`` and ``.png``,
then ``README.md`` (each figure with its title, einsum, check result and a link to its spec) and a
self-contained ``index.html`` (the SVGs inlined). It exits 1 when any figure fails its check, 2 on bad
input. The outputs are committed; a test re-renders them and compares.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .api import Drawing, load, save_all
from .errors import TensordiagError
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
    """The stem of an extra picture (the induction heatmap) shown beside the figure, if any."""
    extra_svg: str = ""


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
    if isinstance(fig, Diagram) and fig.evaluate == "induction-pattern":
        from .induction import induction_figure

        heatmap, shown, why = induction_figure(0)
        extra = f"{spec.stem}-heatmap"
        outputs += [(spec.with_name(extra + ".svg"), heatmap.encode()),
                    (spec.with_name(extra + ".png"), svg_to_png(heatmap))]
        ok, detail = ok and shown, f"{detail}; induction pattern: {why}"
    return Entry(spec.stem, title, einsums_of(fig), ok, detail, svg, extra, heatmap), outputs


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
    folder = Path(args[0] if args else "gallery")
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
