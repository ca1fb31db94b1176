"""The public surface that the CLI, the gallery and notebooks use.

>>> from tensordiag import draw
>>> d = draw("ij,jk->ik")
>>> [t.name for t in d.figure.tensors]
['A', 'B']
>>> d.render("json").startswith(b'{')
True
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

from .errors import RenderError, TensordiagError
from .model import Diagram as ModelDiagram
from .model import Equation, Figure


class Drawing:
    """A figure (a diagram or an equation) ready to lay out, render, save and check."""

    def __init__(self, figure: Figure, *, seed: int = 0, source: str | None = None) -> None:
        self.figure = figure
        self.seed = seed
        self.source = source

    @functools.cached_property
    def geometry(self):  # type: ignore[no-untyped-def]
        from .geometry import build_geometry

        try:
            return build_geometry(self.figure, seed=self.seed)
        except TensordiagError as exc:
            raise exc.located(self.source) if self.source else exc from None

    def render(self, fmt: str, *, snippet: bool = False) -> bytes:
        """The figure as bytes in format ``fmt`` (tex, svg, png, pdf, json)."""
        from .render import Scene, get_renderer

        renderer = get_renderer(fmt.lower().lstrip("."))
        return renderer(Scene(self.figure, self.geometry), snippet=snippet)

    def tikz(self, *, snippet: bool = False) -> str:
        return self.render("tex", snippet=snippet).decode()

    def svg(self) -> str:
        return self.render("svg").decode()

    def save(self, *paths: str | Path, snippet: bool = False) -> list[Path]:
        """Render every path's format (from its suffix) first, then write each file atomically."""
        return save_all([(Path(p), self.render(_suffix(p), snippet=snippet)) for p in paths])

    def check(self, **options: Any):  # type: ignore[no-untyped-def]
        """Compare the drawn network with its declared einsum numerically (see tensordiag.check)."""
        from .check import check

        try:
            return check(self.figure, **options)
        except TensordiagError as exc:
            raise exc.located(self.source) if self.source else exc from None

    def _repr_svg_(self) -> str:
        return self.svg()

    def __repr__(self) -> str:
        kind = "Equation" if isinstance(self.figure, Equation) else "Diagram"
        return f"<tensordiag {kind} {self.source or ''}>".replace(" >", ">")


def draw(spec: dict[str, Any] | str | Path | Figure, *, seed: int = 0) -> Drawing:
    """A Drawing from a spec dict, a spec file path, an einsum string, or a model Figure.

    A ``str`` that names an existing ``.yaml``/``.yml``/``.json`` file is read as a file; any other
    string is an einsum.
    """
    from . import spec as spec_mod

    if isinstance(spec, (ModelDiagram, Equation)):
        return Drawing(spec, seed=seed)
    if isinstance(spec, Path) or (isinstance(spec, str) and spec.endswith((".yaml", ".yml", ".json"))
                                  and Path(spec).is_file()):
        return Drawing(spec_mod.load_figure(spec), seed=seed, source=str(spec))
    if isinstance(spec, str):
        try:
            return Drawing(spec_mod.parse_figure({"einsum": spec}), seed=seed)
        except TensordiagError as exc:
            raise exc from None
    if isinstance(spec, dict):
        return Drawing(spec_mod.parse_figure(spec), seed=seed)
    raise TypeError(f"draw() takes a spec dict, a path, an einsum string or a Figure, not {type(spec).__name__}")


def load(path: str | Path, *, seed: int = 0) -> Drawing:
    from .spec import load_figure

    return Drawing(load_figure(path), seed=seed, source=str(path))


def _suffix(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        from .render import formats

        raise RenderError(f"{path}: no suffix to tell the format by (valid: {', '.join('.' + f for f in formats())})")
    return suffix


def save_all(outputs: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write each file through a temporary file renamed into place: never a half-written output."""
    written = []
    for path, data in outputs:
        directory = path.parent if str(path.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise RenderError(f"cannot write {path}: {exc.strerror}") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise RenderError(f"cannot write {path}: {exc.strerror}") from None
        written.append(path)
    return written
