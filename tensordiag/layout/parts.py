"""The part each tensor plays in a transformer figure, for the heads strategy (:mod:`.strategies.heads`).

Read from what the spec says a tensor is (its ``role``, else the role of the tensor whose numbers it shares,
``data:``; its ``kind``), never from its name:

- ``attention``: an attention pattern (``role: attention``) or the previous-token shift (``kind: shift``), and
  ``shift`` for one drawn as a dot;
- ``input``: the input or a pasted copy of it (``role: activation`` or ``copy``, or ``kind: one_hot``);
- ``stream``: a copy or add node of the residual stream;
- ``junction``: a tensor drawn as a dot (a delta δ): a hyperedge, placed like a junction dot;
- ``weight``: anything else (the weights, embeddings, Match).
"""

from __future__ import annotations

from ..model import Diagram
from ..network import NodeId, tensor_id


def head_roles(diagram: Diagram) -> dict[NodeId, str]:
    """Each tensor's part (see the module's docstring), by its node."""
    by_name = {t.name: t for t in diagram.tensors}
    out: dict[NodeId, str] = {}
    for t in diagram.tensors:
        role = t.role
        if role is None and t.data is not None and t.data in by_name:
            role = by_name[t.data].role
        if role == "attention" or t.kind == "shift":
            part = "shift" if t.shape in ("dot", "none") else "attention"
        elif t.kind in ("copy", "add"):
            part = "stream"
        elif t.shape in ("dot", "none"):
            part = "junction"
        elif role in ("activation", "copy") or t.kind == "one_hot":
            part = "input"
        else:
            part = "weight"
        out[tensor_id(t.name)] = part
    return out
