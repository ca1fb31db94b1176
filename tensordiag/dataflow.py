"""The old home of copy/add ports, kept while layout and geometry still import it from here.

Ports are part of the network model and live in :mod:`tensordiag.ports`; running values through
copy and add nodes is check code and lives in :mod:`tensordiag.check.flow`. This module re-exports
the model names, and its :func:`ports_of` still raises :class:`~tensordiag.errors.CheckError` on legs
that do not split into ports, which is what its callers catch today.
"""

from __future__ import annotations

from .errors import CheckError, SpecError
from .ports import SPECIAL, Port, components, has_flow, valid_ports
from .ports import ports_of as _ports_of
from .model import Tensor

__all__ = ["SPECIAL", "Port", "components", "has_flow", "ports_of", "valid_ports"]


def ports_of(t: Tensor) -> list[Port]:
    """:func:`tensordiag.ports.ports_of`, raising :class:`CheckError` instead of :class:`SpecError`."""
    try:
        return _ports_of(t)
    except SpecError as exc:
        raise CheckError(exc.message, where=exc.where) from None
