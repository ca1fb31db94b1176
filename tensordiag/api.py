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
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from .errors import RenderError, TensordiagError
from .look import Look
from .stale import TEMP_MARK, remove_stale_temporaries
from .model import Diagram as ModelDiagram
from .model import Equation, Figure


@dataclass(frozen=True, eq=False, repr=False)
class Drawing:
    """A figure (a diagram or an equation) ready to lay out, render, save and check.

    Immutable: ``figure``, ``seed`` and ``source`` cannot be reassigned, so the geometry, computed once on
    first use, always shows them. :meth:`with_seed` gives a new Drawing with its own layout.

    >>> d = Drawing(draw("ij,jk->ik").figure)
    >>> d.seed = 1
    Traceback (most recent call last):
    dataclasses.FrozenInstanceError: cannot assign to field 'seed'
    >>> d.with_seed(1).seed, d.seed
    (1, 0)
    """

    figure: Figure
    seed: int = field(default=0, kw_only=True)
    source: str | None = field(default=None, kw_only=True)
    width: float | None = field(default=None, kw_only=True)
    """The widest an equation's row may be (cm) before it wraps onto another row; None: about a paper's
    text width (:attr:`tensordiag.style.DrawingStyle.equation_width`, 12 cm)."""
    look: Look = field(default=Look(), kw_only=True)
    """Size and look of the outputs (scale, column width, dpi, background, theme, font size): :mod:`.look`."""

    def with_seed(self, seed: int) -> Drawing:
        """The same figure laid out with another seed: a new Drawing (its geometry is computed afresh)."""
        return replace(self, seed=seed)

    @functools.cached_property
    def geometry(self):  # type: ignore[no-untyped-def]
        """Computed once: the fields it depends on are frozen (``cached_property`` writes the instance's
        ``__dict__`` directly, which a frozen dataclass allows)."""
        try:
            width = self.width if self.width is not None or not isinstance(self.figure, Equation) else self.figure.width
            return build_geometry(self.figure, seed=self.seed, width=width)
        except TensordiagError as exc:
            raise exc.located(self.source) if self.source else exc from None

    def render(self, fmt: str, *, snippet: bool = False) -> bytes:
        """The figure as bytes in format ``fmt`` (tex, svg, png, pdf, json), with its :attr:`look`."""
        from .render import Scene, get_renderer

        fmt = fmt.lower().lstrip(".")
        _checked_again(self)
        if not self.look.plain:
            from .notebook import looked

            return looked(self, fmt, snippet=snippet)
        renderer = get_renderer(fmt)
        figure = self.figure
        if isinstance(figure, ModelDiagram) and figure.contraction and "sequence" in figure.contraction.show:
            from .order.figure import shown_sequence  # what is drawn: the network after each step

            figure = shown_sequence(figure, seed=self.seed, width=self.width)
        return renderer(Scene(figure, self.geometry, seed=self.seed, spec=self.figure.spec), snippet=snippet)

    def tikz(self, *, snippet: bool = False) -> str:
        return self.render("tex", snippet=snippet).decode()

    def svg(self) -> str:
        return self.render("svg").decode()

    def save(self, *paths: str | Path, snippet: bool = False) -> list[Path]:
        """Render every path's format (from its suffix) first, then write each file atomically."""
        if snippet and not any(_suffix(p) == "tex" for p in paths):
            raise RenderError("a snippet is TikZ: it needs a .tex output, and none is asked for")
        return save_all([(Path(p), self.render(_suffix(p), snippet=snippet)) for p in paths])

    def check(self, **options: Any):  # type: ignore[no-untyped-def]
        """Compare the drawn network with its declared einsum numerically (see tensordiag.check)."""
        from .check import check

        try:
            result = check(self.figure, **options)
            if isinstance(self.figure, ModelDiagram) and self.figure.contraction is not None:
                from .order.figure import order_checked

                result = order_checked(self.figure, result, **options)
            return result
        except TensordiagError as exc:
            raise exc.located(self.source) if self.source else exc from None

    def _repr_svg_(self) -> str:
        from .notebook import titled

        return titled(self, self.svg())

    def _repr_png_(self) -> bytes:
        return self.render("png")

    def _repr_html_(self) -> str:
        from .notebook import html

        return html(self)

    def __repr__(self) -> str:
        kind = "Equation" if isinstance(self.figure, Equation) else "Diagram"
        return f"<tensordiag {kind} {self.source or ''}>".replace(" >", ">")


def _checked_again(drawing: Drawing) -> None:
    """Every field of the figure checked again before it is drawn: a model object changed with
    ``object.__setattr__`` after it was made is refused as a spec would be (:mod:`tensordiag.revalidate`)."""
    from .revalidate import check_again

    try:
        check_again(drawing.figure)
    except TensordiagError as exc:
        raise exc.located(drawing.source) if drawing.source else exc from None


def build_geometry(figure: Figure, *, seed: int = 0, width: float | None = None):  # type: ignore[no-untyped-def]
    """The drawing pipeline: lay ``figure`` out and compute what every backend draws.

    An equation's terms are each laid out and drawn on their own, their shapes sized for the whole equation,
    then placed left to right, in rows no wider than ``width`` (cm; None: 12 cm), by
    :func:`tensordiag.layout.equation.place_terms` and put together by geometry.
    """
    from .geometry import diagram_geometry, equation_geometry, figure_sizes, main_line, term_symbols
    from .geometry.perhead import shown_diagram
    from .index_names import labelled_terms
    from .layout import layout
    from .layout.equation import TermExtent, place_terms
    from .style import STYLE

    if isinstance(figure, ModelDiagram) and figure.contraction is not None:
        from .order.figure import order_geometry  # the order drawn on it, or its sequence, and its cost table

        return order_geometry(figure, seed=seed, width=width)
    if not isinstance(figure, Equation):
        return diagram_geometry(figure, layout(figure, seed=seed))
    labelled = labelled_terms(figure)  # the equation's index_labels reach every term
    shown = [shown_diagram(t) for t in labelled]  # per-head legs become superscripts
    shared = figure_sizes(shown)
    terms = [diagram_geometry(d, layout(d, seed=seed), shared=shared) for d in shown]
    symbols = [term_symbols(t) for t in labelled]
    extents = []
    for t, g, syms in zip(labelled, terms, symbols):
        line = main_line(g)
        half = max((lb.height / 2 for lb in syms), default=0.0)
        extents.append(TermExtent(g.bbox[0], g.bbox[2], line, tuple(lb.width for lb in syms), t.op is not None,
                                  max(g.bbox[3] - line, half), max(line - g.bbox[1], half)))
    places = place_terms(extents, width=STYLE.drawing.equation_width if width is None else width)
    return equation_geometry(figure, terms, symbols, places)


SPEC_SUFFIXES = (".yaml", ".yml", ".json")
STDIN_MAX_BYTES = 2_000_000
"""The most standard input read as an einsum (as much as a spec file may hold)."""


def draw(spec: dict[str, Any] | str | Path | Figure, *, seed: int = 0, width: float | None = None,
         scale: float | None = None, fit_width: float | None = None, dpi: float | None = None,
         transparent: bool = False, theme: str = "colour", font_size: float | None = None,
         **spec_keys: Any) -> Drawing:
    """A Drawing from a spec dict, a spec file path, an einsum string, or a model Figure.

    ``width``: the widest (cm) an equation's row may be before the equation wraps onto another row, its
    operator carried over; None: about a paper's text width, 12 cm. ``scale``, ``fit_width`` (the column a
    figure is shrunk to fit, cm), ``dpi``, ``transparent``, ``theme`` and ``font_size``: the outputs' look
    (:class:`tensordiag.look.Look`). Any other keyword is a spec key added to an einsum or a dict
    (``draw("ij,jk->ik", structure="chain", dims={"j": 4})``).

    A ``Path``, or a ``str`` that ends in ``.yaml``, ``.yml`` or ``.json``, is a spec file; any other string
    is an einsum.

    >>> draw("missing.yaml")
    Traceback (most recent call last):
    tensordiag.errors.SpecError: missing.yaml: cannot read: No such file or directory
    """
    from . import spec as spec_mod

    look = Look(scale=scale, width=fit_width, dpi=dpi, transparent=transparent, theme=theme, font_size=font_size)
    if spec_keys and not isinstance(spec, dict) and (not isinstance(spec, str) or _names_a_file(spec)):
        raise TypeError(f"spec keys ({', '.join(spec_keys)}) are added to an einsum string or a spec dict only")
    if isinstance(spec, (ModelDiagram, Equation)):
        return Drawing(spec, seed=seed, width=width, look=look)
    if isinstance(spec, Path) or (isinstance(spec, str) and _names_a_file(spec)):
        return replace(load(spec, seed=seed, width=width), look=look)
    if isinstance(spec, str):
        return replace(from_einsum(spec, seed=seed, width=width, **spec_keys), look=look)
    if isinstance(spec, dict):
        return Drawing(spec_mod.parse_figure({**spec, **spec_keys}), seed=seed, width=width, look=look)
    raise TypeError(f"draw() takes a spec dict, a path, an einsum string or a Figure, not {type(spec).__name__}")


def from_einsum(text: str, *, seed: int = 0, width: float | None = None, **spec_keys: Any) -> Drawing:
    """A Drawing of an einsum string or call, never read as a file name (``tensordiag einsum``); ``spec_keys``
    refine it as a spec's keys would."""
    from . import spec as spec_mod

    try:
        return Drawing(spec_mod.parse_figure({"einsum": text, **spec_keys}), seed=seed, width=width)
    except TensordiagError as exc:
        raise exc from None


def _names_a_file(text: str) -> bool:
    """Whether a string given to draw() names a spec file: it ends in a spec suffix, unless that is an einsum's
    ellipsis before indices j s o n (``...json``) and no such file exists."""
    lowered = text.lower()
    return lowered.endswith(SPEC_SUFFIXES) and (
        not lowered.endswith(tuple(".." + s for s in SPEC_SUFFIXES)) or Path(text).is_file())


def load(path: str | Path, *, seed: int = 0, width: float | None = None) -> Drawing:
    """A Drawing from a spec file; anything but a regular file (a named pipe, a device) is refused unread."""
    from .spec import load_figure

    _regular_or_missing(Path(path))
    return Drawing(load_figure(path), seed=seed, source=str(path), width=width)


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _regular_or_missing(path: Path) -> None:
    """Refuse a path that exists but is no regular file or folder, before opening it (opening a named pipe
    waits for a writer forever). A missing file or a folder is left to the reader, which names the problem."""
    from .errors import SpecError

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    for test, kind in _KINDS:
        if test(mode):
            raise SpecError(f"cannot read: {kind}, not a regular file", where=str(path))


def einsum_from_bytes(data: bytes, *, where: str = "standard input") -> str:
    """The einsum text in ``data`` (read from standard input, at most ``STDIN_MAX_BYTES + 1`` bytes of it).

    >>> einsum_from_bytes(b"\\xff")
    Traceback (most recent call last):
    tensordiag.errors.EinsumError: standard input: not UTF-8 text: byte 0xff at offset 0 is invalid
    """
    from .errors import EinsumError

    if len(data) > STDIN_MAX_BYTES:
        raise EinsumError(f"more than {STDIN_MAX_BYTES:,} bytes, the most an einsum may be", where=where)
    try:
        return data.decode("utf-8").removeprefix("\ufeff").strip()
    except UnicodeDecodeError as exc:
        raise EinsumError(f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} is invalid",
                          where=where) from None


def _suffix(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        from .render import formats

        raise RenderError(f"{path}: no suffix to tell the format by (valid: {', '.join('.' + f for f in formats())})")
    return suffix


def save_all(outputs: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write every file, or none: all go to temporary files first, then each is renamed over its target, and if
    one rename fails the targets already replaced get their old contents back.

    A new file gets the mode the umask allows (0666 less the umask), an existing one keeps its mode, and a
    symbolic link is kept: the file it points to is written.
    """
    pending: dict[Path, tuple[Path, bytes]] = {}
    for path, data in outputs:
        pending[_target(path)] = (path, data)  # the same file named twice: the last one asked for is written
    for directory in dict.fromkeys(target.parent for target in pending):
        remove_stale_temporaries(directory)
    temps: list[tuple[Path, Path, Path]] = []  # (temporary, target, path as given)
    try:
        for target, (path, data) in pending.items():
            temps.append((_write_temporary(target, path, data), target, path))
    except BaseException:
        for tmp, _, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    _rename_all(temps)
    return [path for _, _, path in temps]


def _target(path: Path) -> Path:
    """The file to write for ``path``: the end of its chain of symbolic links, if it is one."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_dir():
        raise RenderError(f"cannot write {path}: Is a directory")
    return target


def _write_temporary(target: Path, path: Path, data: bytes) -> Path:
    tmp = target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}")
    try:
        old_mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        old_mode = None
    try:
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)  # the umask applies
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if old_mode is not None:
                os.fchmod(handle.fileno(), old_mode)
            handle.write(data)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RenderError(f"cannot write {path}: {exc.strerror}") from None
    return tmp


def _rename_all(temps: list[tuple[Path, Path, Path]]) -> None:
    """Rename each temporary over its target; on the first failure, undo the renames already done."""
    done: list[tuple[Path, Path | None]] = []  # (target, a link to its old contents, or None if it was new)
    try:
        for tmp, target, path in temps:
            old = _keep_old(target, tmp)
            try:
                os.replace(tmp, target)
            except OSError as exc:
                if old is not None:
                    old.unlink(missing_ok=True)
                raise RenderError(f"cannot write {path}: {exc.strerror}") from None
            done.append((target, old))
    except BaseException:
        for target, old in reversed(done):
            try:
                os.replace(old, target) if old is not None else target.unlink(missing_ok=True)
            except OSError:
                pass
        for tmp, _, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for _, old in done:
        if old is not None:
            old.unlink(missing_ok=True)


def _keep_old(target: Path, tmp: Path) -> Path | None:
    """A second name (a hard link) for the target's current contents, to put back if a later output fails."""
    if not target.exists():
        return None
    old = tmp.with_name(tmp.name + ".old")
    try:
        old.unlink(missing_ok=True)
        os.link(target, old)
    except OSError:  # no hard links here: keep a copy instead
        try:
            old.write_bytes(target.read_bytes())
            os.chmod(old, stat.S_IMODE(os.stat(target).st_mode))
        except OSError:
            return None
    return old
