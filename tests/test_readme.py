"""The README's examples work as written: every YAML block loads, renders and passes its check."""

from __future__ import annotations

import re

import pytest

from tensordiag import draw
from tensordiag.spec import parse_text

from .conftest import ROOT

BLOCKS = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_has_spec_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("text", BLOCKS, ids=[f"block{k}" for k in range(len(BLOCKS))])
def test_every_readme_spec_renders_and_checks(text: str) -> None:
    drawing = draw(parse_text(text))
    assert drawing.tikz() and drawing.svg()
    assert drawing.check().ok
