"""Layout strategies: one module each, with ``recognise(graph, *, seed) -> Shaped | None``.

A strategy places one connected component of the shape graph (:class:`..graph.Graph`) in units of
one bond, or returns None when the component is not its shape. :mod:`..registry` lists them in
the order they are tried; a new strategy is one module here and one ``register_strategy`` call.
"""
