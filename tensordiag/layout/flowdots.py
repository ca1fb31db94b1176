"""A junction dot that joins a bubble's members to tensors outside it (the num heads hyperedge joining W_Q and
W_K in the softmax bubble to W_V and W_O outside) settles outside the bubble, between its border and the
tensors outside, so that only the members' own legs cross the border and the hyperedge stays compact."""

from __future__ import annotations

from ..model import Diagram
from ..network import NodeId, tensor_id
from ..style import STYLE
from .graph import Point

CLEARANCE = 0.25
"""The least distance (cm) from a moved dot to the bubble's border."""


def clear_bubbles(diagram: Diagram, pos: dict[NodeId, Point], extents: dict[str, tuple[float, float]],
                  edges: list[tuple[NodeId, NodeId]]) -> None:
    """Move each dot inside a bubble it only partly belongs to out of it, toward its other tensors (in place)."""
    d = STYLE.drawing
    nbrs: dict[NodeId, list[NodeId]] = {}
    for a, b in edges:
        nbrs.setdefault(a, []).append(b)
        nbrs.setdefault(b, []).append(a)
    for v in sorted((n for n in pos if n.is_dot), key=str):
        near = [m for m in nbrs.get(v, []) if m.is_tensor]
        for bubble in diagram.bubbles:
            members = {tensor_id(m) for m in bubble.members}
            inside = [m for m in near if m in members]
            outside = [m for m in near if m not in members]
            if not inside or not outside or not members <= set(pos):
                continue
            box = _box([m for m in members], pos, extents, d.bubble_pad, d.bubble_pad + d.bubble_title_room)
            x, y = pos[v]
            if not (box[0] - CLEARANCE < x < box[2] + CLEARANCE and box[1] - CLEARANCE < y < box[3] + CLEARANCE):
                continue
            ox = sum(pos[m][0] for m in outside) / len(outside)
            oy = sum(pos[m][1] for m in outside) / len(outside)
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            if abs(ox - cx) * (box[3] - box[1]) >= abs(oy - cy) * (box[2] - box[0]):
                edge = box[2] + CLEARANCE if ox > cx else box[0] - CLEARANCE
                far = min(pos[m][0] - extents[m.name][0] / 2 for m in outside) if ox > cx else \
                    max(pos[m][0] + extents[m.name][0] / 2 for m in outside)
                pos[v] = (round((edge + far) / 2 if (far - edge) * (ox - cx) > 0 else edge, 6), y)
            else:
                edge = box[3] + CLEARANCE if oy > cy else box[1] - CLEARANCE
                far = min(pos[m][1] - extents[m.name][1] / 2 for m in outside) if oy > cy else \
                    max(pos[m][1] + extents[m.name][1] / 2 for m in outside)
                pos[v] = (x, round((edge + far) / 2 if (far - edge) * (oy - cy) > 0 else edge, 6))


def _box(members: list[NodeId], pos: dict[NodeId, Point], extents: dict[str, tuple[float, float]], pad: float,
         top: float) -> tuple[float, float, float, float]:
    return (min(pos[m][0] - extents[m.name][0] / 2 for m in members) - pad,
            min(pos[m][1] - extents[m.name][1] / 2 for m in members) - pad,
            max(pos[m][0] + extents[m.name][0] / 2 for m in members) + pad,
            max(pos[m][1] + extents[m.name][1] / 2 for m in members) + top)
