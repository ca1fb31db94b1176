"""Command-line values written ``NAME=VALUE`` (``--dims i=3,j=4``, ``--color A=blue``, ``--shape x=8,16``), read
into pairs and shapes: one located line for a malformed one."""

from __future__ import annotations


def pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    from .trace import TraceError

    out = []
    for text in values:
        key, eq, value = text.partition("=")
        if not eq or not key.strip():
            raise TraceError(f"{option} '{text}' is not NAME=VALUE")
        out.append((key.strip(), value.strip()))
    return out


def shapes(values: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    from .trace import TraceError

    shapes = {}
    for key, value in pairs(values, "--shape"):
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if not all(p.isdigit() and 0 < int(p) <= 4096 for p in parts):
            raise TraceError(f"--shape {key}={value}: sizes are whole numbers from 1 to 4096, separated by commas")
        shapes[key] = tuple(int(p) for p in parts)
    return shapes
