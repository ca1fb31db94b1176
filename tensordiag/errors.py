"""One base error, a subclass per stage.

Every message names the place (file, tensor, index, line and column where known) and what was
expected, so the CLI can print it as a single line and exit with status 2.
"""

from __future__ import annotations


class TensordiagError(Exception):
    """Base of every error tensordiag raises on purpose."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def located(self, where: str) -> TensordiagError:
        """The same error with `where` (a file name, say) put in front of the place it names."""
        place = f"{where}: {self.where}" if self.where else where
        return type(self)(self.message, where=place)


class SpecError(TensordiagError):
    """A diagram spec (YAML, JSON, dict) is malformed or inconsistent."""


class EinsumError(TensordiagError):
    """An einsum string or call cannot be parsed, or contradicts itself."""


class LayoutError(TensordiagError):
    """A diagram cannot be laid out (too large, contradictory pins)."""


class RenderError(TensordiagError):
    """An output cannot be produced (unknown format, failed rasterisation)."""


class CheckError(TensordiagError):
    """A numerical check cannot be run (too costly, missing dimension)."""


def quote(text: str, limit: int = 60) -> str:
    """User text in a message: in quotes as written, or as a repr when it holds line breaks or controls,
    cut short so a message stays one readable line.

    >>> print(quote("W_O"), quote("A'"), quote("x" * 70)[-6:])
    'W_O' "A'" xx...'
    """
    short = text if len(text) <= limit else text[: limit - 3] + "..."
    return f"'{short}'" if short.isprintable() and "'" not in short else repr(short)
