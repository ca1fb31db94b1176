"""Contraction order and its cost: which tensors are contracted in which step (opt_einsum's paths), what each
step creates and costs, and how a figure shows it.

* :mod:`.contraction`: the ``contraction:`` spec key as frozen data (no heavy imports: the model holds it);
* :mod:`.limits`: what may be searched and drawn, decided from the model alone (the spec reader refuses the rest);
* :mod:`.path`: the steps of a path, from opt_einsum (``optimal``, ``greedy``, ``branch`` or a given path);
* :mod:`.cost`: each step's size and FLOPs as numbers and as monomials in symbolic sizes (χ³);
* :mod:`.sequence`: the network after each step, as a sequence (``->`` terms) the check already checks;
* :mod:`.check`: each intermediate against its group's contraction, and the costs against opt_einsum's;
* :mod:`.figure`: what the api calls to draw and check a diagram with an order; :mod:`.report`: the text
  ``tensordiag path`` prints.
"""
