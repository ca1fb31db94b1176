"""A laid-out diagram → its geometry: shapes, then wires, then labels placed clear of both."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from .. import sizes
from ..handpins import pinned_junctions
from ..model import Diagram
from ..network import Network, NodeId, tensor_id
from .bubbles import bubble_boxes, label_bubbles
from .bundle_wires import bundle_wires, label_bundles
from .elements import DotG, Geometry, with_bbox
from .flow_routes import route_skips
from .ids import safe_id
from .label_pins import pin_labels
from .labels import LabelPlacer
from .leg_labels import place_leg_labels
from .pictures import mark_shifts, picture_box, with_pictures
from .shapes import figure_sizes, label_of, shape_of, stretched
from .wires import draw_wires

if TYPE_CHECKING:
    from ..layout import Placement


def diagram_geometry(diagram: Diagram, placement: Placement, *,
                     shared: Mapping[str, float] | None = None) -> Geometry:
    """Everything a backend draws for ``diagram`` with its nodes where ``placement`` put them.

    ``shared``: the size each kind of shape takes in the whole figure (:func:`.shapes.figure_sizes`, over
    every term of an equation); by default the diagram's own."""
    network = placement.network
    pos = placement.positions
    keys = anchor_keys(network)
    shared = figure_sizes([diagram]) if shared is None else shared
    shapes = {t.name: shape_of(t, keys[tensor_id(t.name)], pos[tensor_id(t.name)], diagram, network, pos, shared)
              for t in diagram.tensors}
    shapes = with_pictures(diagram, shapes)
    for node, (lo, hi) in placement.spans.items():
        shapes[node.name] = stretched(shapes[node.name], lo, hi)
    labels = LabelPlacer(shapes.values())
    for t in diagram.tensors:  # a number (no legs, no shape): its label alone, as the post writes "= 0.157"
        if t.shape == "none" and not t.legs and label_of(t):
            labels.place_at(label_of(t), *pos[tensor_id(t.name)], "tensor", anchor=shapes[t.name].ident)
    for s in shapes.values():
        if s.cells:
            labels.boxes.add(picture_box(s))
    straight, bundles = bundle_wires(diagram, network, pos, shapes, keys)
    wires = route_skips(diagram, network, pos, shapes, draw_wires(diagram, network, pos, shapes, keys,
                                                                  placement.crossing, straight, placement.ends,
                                                                  placement.arcs, placement.bends))
    held_dots = pinned_junctions(diagram)
    dots = tuple(DotG(n.id.name, keys[n.id], *pos[n.id], sizes.DOT_RADIUS, n.id in held_dots)
                 for n in network.nodes if n.kind == "dot")
    labels.avoid_wires(wires)
    bubbles = bubble_boxes(diagram, shapes)
    labels.avoid_outlines(bubbles)
    label_bubbles(bubbles, labels)  # first, so that leg labels keep clear of them
    mark_shifts(diagram, shapes, wires, labels)
    show = diagram.leg_labels
    if show != "none":
        # the labels the spec places first, so that the others keep clear of them; then single wires, the
        # bundles after: a stream has many segments to take its one label on, a wire only its own stretch; a
        # bundle with no room left is labelled index by index at the end
        held, pinned = pin_labels(diagram, network, pos, wires, bundles, labels, show == "sizes")
        bundled, placed = {i for b in bundles for i in b.indices}, set()
        single = place_leg_labels(diagram, network, wires, labels, show == "sizes", bundled | pinned,
                                  frozenset(pinned), pos, placed) - bundled
        if bundles:
            done = label_bundles(diagram, bundles, labels, show == "sizes", wires, held)
            place_leg_labels(diagram, network, wires, labels, show == "sizes", single | done | pinned,
                             frozenset(pinned), pos, placed)
    anchors = tuple(
        (keys[n.id], *pos[n.id]) for n in network.nodes if n.kind in ("tensor", "dot", "merge")
    )
    return with_bbox(Geometry(tuple(shapes.values()), tuple(wires), dots, tuple(labels.placed), bubbles,
                              (0, 0, 0, 0), diagram.title, anchors))


def anchor_keys(network: Network) -> dict[NodeId, str]:
    """The named point each node's drawing is relative to (a free leg's end: its wire's other end)."""
    keys: dict[NodeId, str] = {}
    for n in network.nodes:
        if n.kind == "tensor":
            keys[n.id] = safe_id(n.id.name)
        elif n.kind == "dot":
            keys[n.id] = "dot-" + safe_id(n.id.name)
        elif n.kind == "merge":
            keys[n.id] = "merge-" + str(int(n.id.name) + 1)
    for n in network.nodes:
        if n.kind == "split":
            keys[n.id] = keys[tensor_id(n.id.name)]
    for w in network.wires:
        if w.free:
            keys[w.b.node] = keys[w.a.node]
    return keys
