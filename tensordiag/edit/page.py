"""The editor's page: one HTML template shipped inside the wheel (``templates/edit/editor.html``), with its
script and styles inline, so that it loads nothing from anywhere else."""

from __future__ import annotations

import json
from typing import Any


def page(editor: Any, nonce: str) -> str:
    from ..render.templating import render_template

    return render_template("edit/editor.html", file=editor.path.name, nonce=nonce,
                           token=json.dumps(editor.token))
