"""Numbers: the drawn network against the declared einsum, and the relations of an equation.

Both sides are evaluated on the same seeded random *stand-in* tensors, one per ``Tensor.source``.

* **Sizes.** Every index gets a small size, so checks stay cheap: a declared size (the diagram's
  or equation's ``dims``, an einsum keyword) is kept when it is at most ``max_dim``; every other
  index gets 2, 3, …, ``max_dim``, 2, … in order of first appearance, so distinct indices usually
  differ in size and a swapped leg shows as a shape error. ``kron(eye(5), eye(3))`` keeps 5 and 3
  only with ``max_dim >= 5``. Some indices must be equal and are tied first: those at the same
  position on tensors that share data (``V`` and ``Vd``), the legs of a delta or identity, and the
  two halves of a unitary. A shift's legs get at least one more than the number of shifts (δ(k, q+1)
  composed n times vanishes at size n). Every isometry's tip (:func:`isometry_tip`, the drawing's
  rule) is made no bigger than its other legs by monotone steps: first other legs grow (up to
  ``max_dim``) while the tip is not strictly smaller, then tips shrink while still bigger. Last, no
  stand-in may hold more than :data:`STAND_IN_ENTRIES`: its undeclared legs shrink (the biggest
  first, never below 2) before anything is allocated, and a tensor too big even then is a
  :class:`CheckError`.
* **Stand-ins**, seeded by ``zlib.crc32`` of the source name: ``generic`` (and ``add``, whose
  wiring is checked, not its arithmetic) are standard normal; ``isometry`` comes from a QR, its
  columns orthonormal over the legs off the tip (without ``tip``: :func:`tensordiag.styles.tip_indices`,
  the smallest leg by declared dims, ties going to the later axis as in ``V†V = eye(V.shape[-1])``; a
  one-leg isometry is a unit vector);
  ``unitary`` is a square orthogonal matrix over the first and second half of its legs; ``delta``,
  ``copy``, ``identity`` and ``shift`` (δ(k, q+1), the previous-token pattern) are exact. ``dagger`` conjugates the source's array. Unless a bubble
  needs real numbers, generic, isometry and unitary stand-ins are complex, so a missing or extra
  dagger changes the numbers.
* **Contraction** is pairwise and greedy (the pair whose result removes the most entries first),
  through ``matmul`` with batch axes for hyperedges, so no letter limit applies; a new intermediate
  is paired with at most a few holders of each index, so wide hyperedges plan in near-linear time.
  Every intermediate is rescaled by an exact power of two with its exponent tracked
  (:mod:`tensordiag.scaled`), so long chains neither overflow nor underflow. When an output
  has more than ``budget`` entries, every free leg is closed with the same seeded probe vector on
  both sides and scalars are compared (Freivalds). If a contraction still needs an intermediate
  above ``budget``, a diagram whose wiring equals its einsum's up to index names passes exactly,
  and anything else is a :class:`CheckError` giving the estimate.
* **Comparison** is relative: ``max |a − b|`` over the largest entry of any term on either side must be at
  most :data:`~tensordiag.scaled.RTOL` (1e-9; a hole's central differences 1e-6). The verdict is ``ok``,
  ``mismatch`` (shapes differ, or the numbers by more than the tolerance), or ``inconclusive`` (every
  term is zero, or a side is not finite): an inconclusive check is rerun with every undeclared size
  bigger by :data:`LIFTS` before it is reported. Details state the agreement against the tolerance,
  or a disagreement to an order of magnitude, never round-off digits.
* **Bubbles** are evaluated innermost first: their members are contracted to the indices that
  cross the boundary and the function is applied (:mod:`tensordiag.functions`). The einsum of a
  diagram with bubbles gives the wiring; the same bubbles are applied to it.
* **Holes**: a diagram with a hole is the derivative of its einsum with respect to that tensor;
  the drawn network without it is compared with central differences of the einsum's value
  (:func:`_check_hole`).
* **Copy and add nodes** are run as data flow (:mod:`tensordiag.dataflow`) on both sides; the
  einsum of such a diagram names the nodes as operands, so their wiring is compared too.
* **The SVD rule.** A random ``M`` is no product of random factors, so an equation holding
  ``M = U λ V†`` (two neighbouring plain terms joined by ``=``: one side a single generic tensor
  whose data nothing else uses, the other three tensors: a vector ``λ`` on a bond ``b``, a plain
  factor and a daggered one each carrying ``b`` and between them exactly ``M``'s indices) is read
  as a claimed SVD; further terms (``= Σ_b …``) are checked with the same numbers. ``M`` gets a random
  *complex* stand-in of rank at most ``b``; ``U``, ``λ`` and ``V`` get what ``numpy.linalg.svd``
  returns for it (M's indices on the plain factor as rows, ``U`` laid out rows-then-bond, ``V``
  cols-then-bond). The right side is still contracted as drawn, so a factor whose legs are in
  another order, a missing or extra dagger (the numbers are complex) or a differently wired
  ``λ`` makes the relation fail instead of holding by construction.
"""

from __future__ import annotations

import heapq
from collections import deque
import math
import zlib
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache, reduce
from itertools import combinations, islice
from typing import Callable, Literal, Mapping, Sequence

import numpy as np

from . import scaled
from .dataflow import evaluate_flow, has_flow, ports_of
from .einsum import parse_einsum
from .errors import CheckError
from .functions import apply_function, needs_axis
from .model import Bubble, Diagram, Equation, Leg, Tensor, leg_text
from .scaled import RTOL, Scaled
from .styles import tip_indices

Op = tuple[np.ndarray, tuple[str, ...]]
_parse = lru_cache(maxsize=32)(parse_einsum)
LIFTS = (0, 3, 8)
"""When a check is inconclusive, it is run again with every undeclared size bigger by this much."""
STAND_IN_ENTRIES = 2**20
"""No stand-in holds more entries than this (16 MB of complex numbers): its undeclared legs are shrunk to fit,
never below 2, before anything is allocated; a tensor too big even then is refused."""


Verdict = Literal["ok", "mismatch", "inconclusive"]


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    """``ok``: the two sides agree to :data:`~tensordiag.scaled.RTOL` relative to their magnitude.
    ``mismatch``: they differ (in shape, or by more than the tolerance), or a relation fails.
    ``inconclusive``: the numbers cannot tell, because every term of a side is zero at the sizes
    the budget allows, or a side is not finite even when rescaled."""
    max_diff: float
    """The largest relative difference found (for '!=' relations: the smallest, which must be large)."""
    detail: str
    probed: bool
    """Whether free legs were closed with probe vectors."""

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"


class _Mismatch(CheckError):
    """The drawing and the einsum disagree in shape: a failed check, not a broken input."""


class _TooCostly(CheckError):
    """A contraction needs an intermediate above the budget."""


@dataclass(frozen=True)
class _Net:
    labels: tuple[str, ...]
    names: tuple[str, ...]
    legs: tuple[tuple[Leg, ...], ...]
    arrays: tuple[np.ndarray, ...]
    output: tuple[Leg, ...]
    bubbles: tuple[Bubble, ...]
    exponents: tuple[int, ...] = ()
    """Per tensor, the power of two its array is scaled by (values passed along by data flow); () for none."""


@dataclass(frozen=True)
class _Svd:
    m: Tensor
    u: Tensor
    lam: Tensor
    v: Tensor
    rows: tuple[str, ...]
    cols: tuple[str, ...]


def check(figure: Diagram | Equation, *, seed: int = 0, max_dim: int = 4, budget: int = 2**24) -> CheckResult:
    """Compare the drawn network with its einsum, or test every relation of an equation."""
    svd = _svd_rule(figure)
    for lift in LIFTS:  # a side that vanishes (a relu of negatives, shifts past the end) may not at bigger sizes
        sizes = _sizes(figure, max_dim, svd, lift)
        try:
            arrays = _stand_ins(figure, sizes, seed, svd)
        except _Mismatch as exc:
            return CheckResult("mismatch", math.inf, f"the SVD rule: {exc.message}", False)
        if isinstance(figure, Equation):
            result = _check_equation(figure, arrays, sizes, seed, budget, svd is not None)
        else:
            result = _check_diagram(figure, arrays, sizes, seed, budget)
        if result.verdict != "inconclusive":
            break
    return result


def evaluate(diagram: Diagram, arrays: Mapping[str, np.ndarray] | None = None, *, seed: int = 0,
             max_dim: int = 4, budget: int = 2**24) -> np.ndarray:
    """The drawn network's value: output legs in output order, grouped legs flattened row-major.

    ``arrays`` map a tensor's ``source`` name to its array (default: the stand-ins); sizes are read from them.
    A value beyond the range of a float is inf (the check itself compares rescaled values).
    """
    sizes = _sizes(diagram, max_dim, None)
    _check_bubbles(diagram)
    if arrays is None:
        net = _drawn(diagram, _stand_ins(diagram, sizes, seed, None), sizes)
    else:
        net = _drawn(diagram, {k: np.asarray(v) for k, v in arrays.items()}, None)
        sizes = dict(diagram.dims)
    return scaled.value(_value(net, _bind(net, sizes), budget))


def stand_ins(figure: Diagram | Equation, *, seed: int = 0, max_dim: int = 4) -> dict[str, np.ndarray]:
    """The random tensor the check uses for every ``source`` name, in its defining tensor's leg shape."""
    svd = _svd_rule(figure)
    return _stand_ins(figure, _sizes(figure, max_dim, svd), seed, svd)


def isometry_tip(t: Tensor, dims: Mapping[str, int]) -> tuple[str, ...]:
    """The indices the check takes as an isometry's tip: the drawn ones (:func:`tensordiag.styles.tip_indices`,
    one rule for both), except that a one-leg isometry without a declared tip has none (a unit vector)."""
    if t.tip or len(t.legs) > 1:
        return tip_indices(t, dict(dims))
    return ()


# --- sizes and stand-ins ---------------------------------------------------------------------------

def _diagrams(figure: Diagram | Equation) -> list[Diagram]:
    return [t.diagram for t in figure.terms] if isinstance(figure, Equation) else [figure]


def _defining(figure: Diagram | Equation) -> dict[str, Tensor]:
    """Per source, the tensor whose kind, tip and leg shape define its array: the one of that name, else the first."""
    found: dict[str, Tensor] = {}
    for t in (t for d in _diagrams(figure) for t in d.tensors):
        if t.source not in found or (t.name == t.source and found[t.source].name != t.source):
            found[t.source] = t
    return found


def _sizes(figure: Diagram | Equation, max_dim: int, svd: _Svd | None, lift: int = 0) -> dict[str, int]:
    if max_dim < 1:
        raise CheckError(f"max_dim must be at least 1, got {max_dim}")
    parent: dict[str, str] = {}
    declared = list(figure.dims) if isinstance(figure, Equation) else []
    for d in _diagrams(figure):
        names = [i for t in d.tensors for i in t.indices] + [i for leg in d.output for i in leg]
        if d.einsum is not None:
            parsed = _parse(d.einsum)
            names += [i for legs in parsed.operands for leg in legs for i in leg]
            declared += parsed.dims
        declared += d.dims
        for i in names:
            parent.setdefault(i, i)
    fixed: dict[str, int] = {}  # per class root: its declared size
    for index, n in declared:
        if index in parent and n <= max_dim and fixed.setdefault(index, n) != n:
            raise CheckError(f"'{index}' is declared both {fixed[index]} and {n}")
    rank = {i: k for k, i in enumerate(parent)}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = i = parent[parent[i]]
        return i

    def tie(a: Sequence[str], b: Sequence[str]) -> None:
        """Give the indices at each position the same size, unless both were declared, differently."""
        for x, y in zip(a, b) if len(a) == len(b) else ():
            rx, ry = sorted((find(x), find(y)), key=rank.__getitem__)
            if rx != ry and fixed.get(rx, fixed.get(ry)) == fixed.get(ry, fixed.get(rx)):
                parent[ry] = rx
                fixed.update({rx: fixed[ry]} if ry in fixed else {})

    defining = _defining(figure)
    for t in (t for d in _diagrams(figure) for t in d.tensors):
        tie(defining[t.source].indices, t.indices)
        if t.kind in ("delta", "identity", "shift"):
            for leg in t.legs[1:]:
                tie(t.legs[0], leg)
        if t.kind in ("copy", "add"):  # every port carries the same value: sizes agree position by position
            first, *rest = ports_of(t)
            for port in rest:
                tie(first.indices, port.indices)
        if t.kind == "unitary" and len(t.legs) % 2 == 0:
            for a, b in zip(t.legs[: len(t.legs) // 2], t.legs[len(t.legs) // 2:]):
                tie(a, b)
    cycle = list(range(2, max_dim + 1)) or [1]
    size: dict[str, int] = {}
    free = 0  # undeclared classes so far
    for i in parent:
        r = find(i)
        if r not in size:
            size[r] = fixed[r] if r in fixed else cycle[free % len(cycle)] + lift
            free += r not in fixed
    shifts = max(sum(t.kind == "shift" for t in d.tensors) for d in _diagrams(figure))
    for t in defining.values():  # δ(k, q+1) composed n times vanishes at sizes up to n
        for c in {find(i) for i in t.indices} if t.kind == "shift" else ():
            size[c] = size[c] if c in fixed else max(size[c], shifts + 1)
    tips = _tips(figure)
    _fit_isometries([(tuple(find(i) for i in t.indices if i in tips[s]),
                      tuple(find(i) for i in t.indices if i not in tips[s]))
                     for s, t in defining.items() if t.kind == "isometry" and tips[s]], size, fixed, max_dim + lift)
    if svd is not None:
        bond, limit = find(svd.lam.indices[0]), min(math.prod(size[find(i)] for i in svd.rows),
                                                    math.prod(size[find(i)] for i in svd.cols))
        if size[bond] > limit:
            if bond in fixed:
                raise CheckError(f"the SVD of '{svd.m.name}' has rank at most {limit}, but its bond "
                                 f"'{svd.lam.indices[0]}' is declared {size[bond]}")
            size[bond] = limit
    for t in defining.values():
        _fit_budget(t, [find(i) for i in t.indices], size, fixed, STAND_IN_ENTRIES)
    return {i: size[find(i)] for i in parent}


def _tips(figure: Diagram | Equation) -> dict[str, tuple[str, ...]]:
    """Per source, its defining tensor's tip (:func:`isometry_tip`, with the dims of the diagram it is in)."""
    defining = _defining(figure)
    shared = dict(figure.dims) if isinstance(figure, Equation) else {}
    tips: dict[str, tuple[str, ...]] = {}
    for d in _diagrams(figure):
        for t in d.tensors:
            if defining[t.source] is t and t.source not in tips:
                tips[t.source] = isometry_tip(t, {**shared, **d.dim_map}) if t.kind == "isometry" else ()
    return tips


def _fit_isometries(isometries: list[tuple[tuple[str, ...], tuple[str, ...]]], size: dict[str, int],
                    fixed: Mapping[str, int], max_dim: int) -> None:
    """Make every isometry's tip (its size classes) no bigger than its other legs, by monotone steps.

    First only growing: a class off some tip grows (up to ``max_dim``) while that isometry's tip is at
    least as big as the rest, so the tip ends strictly smaller where it can. Then only shrinking: a tip
    class shrinks while its tip is still bigger. Each phase moves sizes one way and ends; a conflict left
    over (declared sizes) is reported by the stand-in. Each step revisits only the isometries it touched.
    """
    holding: dict[str, list[int]] = {}
    for k, (tip, rest) in enumerate(isometries):
        for c in dict.fromkeys(tip + rest):
            holding.setdefault(c, []).append(k)

    def run(step: Callable[[tuple[str, ...], tuple[str, ...]], str | None]) -> None:
        queue, queued = deque(range(len(isometries))), [True] * len(isometries)
        while queue:
            k = queue.popleft()
            queued[k] = False
            moved = step(*isometries[k])
            for j in holding[moved] if moved else ():
                if not queued[j]:
                    queue.append(j)
                    queued[j] = True

    def grow(tip: tuple[str, ...], rest: tuple[str, ...]) -> str | None:
        if math.prod(size[c] for c in tip) < math.prod(size[c] for c in rest):
            return None
        c = next((c for c in rest if c not in fixed and c not in tip and size[c] < max_dim), None)
        if c is not None:
            size[c] += 1
        return c

    def shrink(tip: tuple[str, ...], rest: tuple[str, ...]) -> str | None:
        if math.prod(size[c] for c in tip) <= math.prod(size[c] for c in rest):
            return None
        c = next((c for c in tip if c not in fixed and c not in rest and size[c] > 1), None)
        if c is not None:
            size[c] -= 1
        return c

    run(grow)
    run(shrink)


def _fit_budget(t: Tensor, classes: list[str], size: dict[str, int], fixed: Mapping[str, int], budget: int) -> None:
    """Shrink ``t``'s undeclared legs (the biggest first, never below 2) until its stand-in fits the budget;
    refuse before anything is allocated when even that is too big."""
    entries = math.prod(size[c] for c in classes)
    while entries > budget:
        c = max((c for c in classes if c not in fixed and size[c] > 2), key=size.__getitem__, default=None)
        if c is None:
            raise CheckError(f"its stand-in needs {entries:,} entries with every leg of size 2 (or as declared), over "
                             f"the budget of {budget:,}: too big to check numerically", where=f"tensors.{t.name}")
        size[c] -= 1
        entries = math.prod(size[c] for c in classes)


def _leg_shape(t: Tensor, sizes: Mapping[str, int]) -> tuple[int, ...]:
    return tuple(math.prod(sizes[i] for i in leg) for leg in t.legs)


def _stand_ins(figure: Diagram | Equation, sizes: dict[str, int], seed: int, svd: _Svd | None) -> dict[str, np.ndarray]:
    defining = _defining(figure)
    arrays = _svd_arrays(svd, defining, sizes, seed) if svd else {}
    diagrams = _diagrams(figure)
    complex_ = not any(d.bubbles for d in diagrams)
    tips = _tips(figure)
    for source, t in defining.items():
        if source not in arrays:
            rng = np.random.default_rng([seed, zlib.crc32(source.encode())])
            arrays[source] = _stand_in(t, sizes, rng, complex_, tips[source])
    for t in (t for d in _diagrams(figure) for t in d.tensors):
        _array_of(t, arrays, sizes, defining)
    return arrays


def _stand_in(t: Tensor, sizes: dict[str, int], rng: np.random.Generator, complex_: bool = False,
              tip_names: tuple[str, ...] = ()) -> np.ndarray:
    """A random tensor of ``t``'s kind; complex unless a bubble needs real numbers, so a missing dagger shows.
    An isometry's columns are orthonormal over the legs off ``tip_names`` (:func:`isometry_tip`)."""
    shape = _leg_shape(t, sizes)

    def normal(*dims: int) -> np.ndarray:
        real = rng.standard_normal(dims)
        return (real + 1j * rng.standard_normal(dims)) / math.sqrt(2) if complex_ else real

    where = f"tensors.{t.name}"
    if t.kind == "shift":  # the previous-token pattern: a[k, q] = 1 exactly when k = q + 1
        return np.eye(shape[0], shape[1], k=-1)
    if t.kind in ("delta", "copy", "identity"):
        a = np.zeros(shape)
        for v in range(min(shape, default=1)):
            a[(v,) * len(shape)] = 1.0
        return a
    if t.kind == "unitary":
        half = len(t.legs) // 2
        rows, cols = math.prod(shape[:half]), math.prod(shape[half:])
        if rows != cols:
            raise CheckError(f"unitary '{t.name}' is {rows} × {cols} over legs ({_legs(t.legs[:half])}) and "
                             f"({_legs(t.legs[half:])}): a unitary is square", where=where)
        return np.linalg.qr(normal(rows, rows))[0].reshape(shape)
    if t.kind != "isometry":
        return normal(*shape)
    flat = [sizes[i] for i in t.indices]
    tip = [k for k, i in enumerate(t.indices) if i in tip_names]
    rest = [k for k in range(len(flat)) if k not in tip]
    outer, inner = math.prod(flat[k] for k in rest), math.prod(flat[k] for k in tip)
    if inner > outer:
        raise CheckError(f"isometry '{t.name}': its tip ({', '.join(t.indices[k] for k in tip)}) has size {inner}, "
                         f"more than its other legs' {outer}; the tip is the smaller side", where=where)
    q = np.linalg.qr(normal(outer, inner))[0]
    return q.reshape([flat[k] for k in rest + tip]).transpose(np.argsort(rest + tip)).reshape(shape)


def _array_of(t: Tensor, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int] | None,
              defining: Mapping[str, Tensor] | None = None) -> np.ndarray:
    """Tensor ``t``'s array: its source's, reshaped to ``t``'s legs (when sizes are known), conjugated for a dagger."""
    if t.source not in arrays:
        raise CheckError(f"no array for tensor '{t.name}' (data '{t.source}')", where=f"tensors.{t.name}")
    base = arrays[t.source]
    base = base.mantissa if isinstance(base, Scaled) else base
    if sizes is not None and base.shape != (shape := _leg_shape(t, sizes)):
        if base.size != math.prod(shape):
            first = defining[t.source].name if defining else t.source
            raise CheckError(f"tensors '{first}' and '{t.name}' share data '{t.source}' but have shapes "
                             f"{base.shape} and {shape}", where=f"tensors.{t.name}")
        base = base.reshape(shape)
    return base.conj() if t.dagger else base


def _svd_rule(figure: Diagram | Equation) -> _Svd | None:
    """The claimed SVD ``M = U λ V†`` of an equation, if it has that form (see the module's docstring)."""
    if not isinstance(figure, Equation):
        return None
    terms = figure.terms
    pairs = [(a.diagram, b.diagram) for a, b in zip(terms, terms[1:])
             if b.op == "=" and not any(t.coeff or t.sum_over or t.diagram.bubbles for t in (a, b))]
    for one, three in (pair for a, b in pairs for pair in ((a, b), (b, a))):
        if len(one.tensors) != 1 or len(three.tensors) != 3 or one.tensors[0].kind != "generic":
            continue
        m = one.tensors[0]
        for lam in (t for t in three.tensors if len(t.indices) == 1):
            plain = [t for t in three.tensors if t is not lam and not t.dagger]
            dagger = [t for t in three.tensors if t is not lam and t.dagger]
            if len(plain) != 1 or len(dagger) != 1:
                continue
            u, v, bond = plain[0], dagger[0], lam.indices[0]
            rows = tuple(i for i in m.indices if i in u.indices)
            cols = tuple(i for i in m.indices if i in v.indices)
            if (sorted(rows + cols) == sorted(m.indices) and len(set(m.indices)) == len(m.indices) and rows and cols
                    and sorted(u.indices) == sorted((*rows, bond)) and sorted(v.indices) == sorted((*cols, bond))
                    and len({m.source, u.source, lam.source, v.source}) == 4):
                return _Svd(m, u, lam, v, rows, cols)
    return None


def _svd_arrays(svd: _Svd, defining: Mapping[str, Tensor], sizes: Mapping[str, int], seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng([seed, zlib.crc32(f"svd {svd.m.source}".encode())])
    bond = svd.lam.indices[0]
    rs, cs, b = [sizes[i] for i in svd.rows], [sizes[i] for i in svd.cols], sizes[bond]

    def normal(*shape: int) -> np.ndarray:
        return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)

    rows, cols = math.prod(rs), math.prod(cs)
    matrix = normal(rows, b) @ normal(b, cols) if b < min(rows, cols) else normal(rows, cols)
    u, lam, vh = np.linalg.svd(matrix, full_matrices=False)
    order = svd.rows + svd.cols
    m = matrix.reshape(rs + cs).transpose([order.index(i) for i in svd.m.indices])
    wanted = [(svd.m, m.conj() if svd.m.dagger else m, svd.m.indices),
              (svd.u, u[:, :b].reshape(rs + [b]), (*svd.rows, bond)),
              (svd.lam, lam[:b].astype(complex), (bond,)),
              (svd.v, vh[:b].conj().T.reshape(cs + [b]), (*svd.cols, bond))]
    arrays = {}
    for t, a, layout in wanted:
        owner = defining[t.source]
        if a.shape != tuple(sizes[i] for i in owner.indices):
            raise _Mismatch(f"'{t.source}' is laid out ({', '.join(layout)}) with sizes {a.shape}, but tensor "
                            f"'{owner.name}' has legs {_legs(owner.legs)} of sizes "
                            f"{tuple(sizes[i] for i in owner.indices)}")
        arrays[t.source] = a.reshape(_leg_shape(owner, sizes))
    return arrays


# --- networks ----------------------------------------------------------------------------------------

def _legs(legs: Sequence[Leg]) -> str:
    return " ".join(leg_text(leg) for leg in legs)


def _drawn(d: Diagram, arrays: Mapping[str, np.ndarray | Scaled], sizes: Mapping[str, int] | None) -> _Net:
    exponents = tuple(a.exponent if isinstance(a := arrays.get(t.source), Scaled) else 0 for t in d.tensors)
    return _Net(tuple(f"tensor '{t.name}'" for t in d.tensors), tuple(t.name for t in d.tensors),
                tuple(t.legs for t in d.tensors), tuple(_array_of(t, arrays, sizes) for t in d.tensors),
                d.output, d.bubbles, exponents)


def _declared(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int]) -> _Net:
    """The einsum's operand legs on the tensors its names (or positions) pick out, and the same bubbles."""
    parsed = _parse(d.einsum or "")
    picked: list[Tensor] = []
    options: dict[str, list[int]] = {}
    for key in ("name", "source"):  # by name first, then by the data a tensor shares
        for k, t in enumerate(d.tensors):
            if key == "name" or t.source != t.name:
                options.setdefault(getattr(t, key), []).append(k)
    used: set[int] = set()
    for k, name in enumerate(parsed.names):
        if parsed.named:
            if name not in options:
                raise CheckError(f"the einsum names '{name}', which is no tensor of the diagram "
                                 f"({', '.join(t.name for t in d.tensors)})", where="einsum")
            pick = next((j for j in options[name] if j not in used), options[name][0])
            used.add(pick)
            picked.append(d.tensors[pick])
        elif k < len(d.tensors):
            picked.append(d.tensors[k])
        else:
            raise CheckError(f"the einsum has {len(parsed.operands)} operands but the diagram only "
                             f"{len(d.tensors)} tensors", where="einsum")
    return _Net(tuple(f"einsum operand {k + 1} ({n})" for k, n in enumerate(parsed.names)),
                tuple(t.name for t in picked), parsed.operands, tuple(_array_of(t, arrays, sizes) for t in picked),
                parsed.output, d.bubbles)


def _bind(net: _Net, fallback: Mapping[str, int]) -> dict[str, int]:
    """Every index's size, read from the arrays; a contradiction is a :class:`_Mismatch`."""
    size: dict[str, int] = {}
    origin: dict[str, str] = {}

    def put(index: str, n: int, where: str) -> None:
        if size.setdefault(index, n) != n:
            raise _Mismatch(f"'{index}' is {n} on {where}, but {size[index]} on {origin[index]}")
        origin.setdefault(index, where)

    groups = []
    for label, legs, a in zip(net.labels, net.legs, net.arrays):
        if len(legs) != a.ndim:
            raise _Mismatch(f"{label} has {len(legs)} legs ({_legs(legs)}) but its array has {a.ndim} axes")
        for axis, leg in enumerate(legs):
            if len(leg) == 1:
                put(leg[0], a.shape[axis], f"{label} leg {axis + 1}")
            else:
                groups.append((f"{label} leg {axis + 1} {leg_text(leg)}", leg, a.shape[axis]))
    while unknown := [i for _, leg, _ in groups for i in leg if i not in size]:
        for where, leg, n in groups:  # a group with one unknown index: divide
            missing = [i for i in leg if i not in size]
            known = math.prod(size[i] for i in leg if i in size)
            if len(missing) == 1 and n % known == 0:
                put(missing[0], n // known, where)
                break
        else:
            given = [i for i in unknown if i in fallback]
            if not given:
                raise CheckError(f"cannot tell the size of '{unknown[0]}': give it in dims")
            put(given[0], fallback[given[0]], "the sizes given")
    for where, leg, n in groups:
        if math.prod(size[i] for i in leg) != n:
            raise _Mismatch(f"{where} has size {n}, but its indices make {math.prod(size[i] for i in leg)}")
    for index in (i for leg in net.output for i in leg):
        if index not in size:
            raise CheckError(f"output index '{index}' is on no tensor")
    return size


def _check_bubbles(d: Diagram) -> None:
    known: set[str] = {t.name for t in d.tensors}
    owner: dict[str, str] = {}
    for b in d.bubbles:
        where = f"bubbles.{b.name}"
        try:
            axis = needs_axis(b.function)
        except CheckError as exc:
            raise CheckError(exc.message, where=where) from None
        if axis and b.over is None:
            raise CheckError(f"{b.function} normalises along a leg: give 'over'", where=where)
        for m in b.members:
            if m not in known:
                raise CheckError(f"member '{m}' is no tensor or earlier bubble", where=where)
            if owner.setdefault(m, b.name) != b.name:
                raise CheckError(f"'{m}' is already inside bubble '{owner[m]}'", where=where)
        known.add(b.name)


def _value(net: _Net, sizes: Mapping[str, int], budget: int, closers: Sequence[np.ndarray] | None = None) -> Scaled:
    """The network's value, rescaled (:mod:`tensordiag.scaled`): output legs in output order, grouped legs
    flattened; with ``closers`` (one array per output leg) the scalar they close it to."""
    pool: list[tuple[str, Op, int]] = []
    for name, legs, a, e in zip(net.names, net.legs, net.arrays, net.exponents or (0,) * len(net.names)):
        flat = tuple(i for leg in legs for i in leg)
        pool.append((name, _diagonal(a.reshape([sizes[i] for i in flat]), flat), e))
    out = tuple(i for leg in net.output for i in leg)
    for b in net.bubbles:
        missing = [m for m in b.members if m not in {name for name, _, _ in pool}]
        if missing:
            raise _Mismatch(f"bubble '{b.name}' holds '{missing[0]}', which the einsum does not use")
        inside = [(op, e) for name, op, e in pool if name in b.members]
        pool = [entry for entry in pool if entry[0] not in b.members]
        outside = {i for _, (_, idx), _ in pool for i in idx} | set(out)
        boundary = tuple(dict.fromkeys(i for (_, idx), _ in inside for i in idx if i in outside))
        axis = None
        if needs_axis(b.function):
            if b.over not in boundary:
                raise CheckError(f"over '{b.over}' is not a leg of the bubble (its legs: {', '.join(boundary) or 'none'})",
                                 where=f"bubbles.{b.name}")
            axis = boundary.index(b.over)
        argument = scaled.value(_contract(inside, boundary, sizes, budget))
        with np.errstate(all="ignore"):  # an overflow shows as a value that is not finite: inconclusive
            applied = scaled.normalised(apply_function(b.function, argument, axis=axis))
        pool.append((b.name, (applied.mantissa, boundary), applied.exponent))
    ops = [(op, e) for _, op, e in pool]
    if closers is not None:
        return _contract(ops + [((c, leg), 0) for c, leg in zip(closers, net.output)], (), sizes, budget)
    whole = _contract(ops, out, sizes, budget)
    return Scaled(whole.mantissa.reshape([math.prod(sizes[i] for i in leg) for leg in net.output]), whole.exponent)


def _diagonal(a: np.ndarray, idx: tuple[str, ...]) -> Op:
    """An index twice on one tensor takes the diagonal (then a trace if nothing else holds it)."""
    while len(set(idx)) < len(idx):
        first = next(k for k, i in enumerate(idx) if i in idx[k + 1:])
        second = idx.index(idx[first], first + 1)
        a = np.diagonal(a, axis1=first, axis2=second)
        idx = tuple(i for k, i in enumerate(idx) if k not in (first, second)) + (idx[first],)
    return a, idx


_FEW = 4
"""A new intermediate is paired, per index, with at most this many of the index's other holders (the oldest),
so a hyperedge of 5,000 tensors is planned in near-linear time; an ordinary bond has two holders."""


def _contract(ops: list[tuple[Op, int]], out: tuple[str, ...], sizes: Mapping[str, int], budget: int) -> Scaled:
    """Contract ``ops`` (arrays scaled by powers of two) to the indices ``out``: planned greedily first, refused
    above ``budget`` entries; every intermediate is rescaled, so nothing overflows or underflows."""
    idx = {k: t for k, ((_, t), _) in enumerate(ops)}
    holders: dict[str, dict[int, None]] = {}
    for k, t in idx.items():
        for i in t:
            holders.setdefault(i, {})[k] = None
    for i in out:
        if i not in holders:
            raise CheckError(f"output index '{i}' is on no tensor")
    keep = set(out)

    def size(t: Sequence[str]) -> int:
        return math.prod(sizes[i] for i in t)

    def result(a: int, b: int) -> tuple[str, ...]:
        x, y = idx[a], idx[b]
        batch = [i for i in x if i in y and (i in keep or len(holders[i]) > (a in holders[i]) + (b in holders[i]))]
        return (*batch, *(i for i in x if i not in y), *(i for i in y if i not in x))

    heap: list[tuple[int, int, int, int, tuple[str, ...]]] = []
    smallest: list[tuple[int, int]] = []  # (entries, node): the fallback pairs the two smallest

    def push(a: int, b: int) -> None:
        r = result(min(a, b), max(a, b))
        heapq.heappush(heap, (size(r) - size(idx[a]) - size(idx[b]), size(r), min(a, b), max(a, b), r))

    steps: list[tuple[int, int, int, tuple[str, ...]]] = []
    for k, t in list(idx.items()):  # an index nothing else holds is summed at once
        kept = tuple(i for i in t if i in keep or holders[i].keys() != {k})
        if kept != t:
            steps.append((k, -1, k, kept))
            idx[k] = kept
        heapq.heappush(smallest, (size(idx[k]), k))
    for i in list(holders):
        holders[i] = {k: None for k in holders[i] if i in idx[k]}
        ks = list(holders[i])
        for a, b in combinations(ks, 2) if len(ks) <= _FEW + 1 else zip(ks, ks[1:]):
            push(a, b)
    alive = set(idx)
    while len(alive) > 1:
        while heap and not (heap[0][2] in alive and heap[0][3] in alive):
            heapq.heappop(heap)
        if heap:
            _, n, a, b, r = heapq.heappop(heap)
        else:
            pair = []
            while len(pair) < 2:
                k = heapq.heappop(smallest)[1]
                pair += [k] if k in alive else []
            a, b = sorted(pair)
            r = result(a, b)
            n = size(r)
        if n > budget:
            raise _TooCostly(f"too costly: the greedy contraction order needs an intermediate of {n:,} entries, over the budget "
                             f"of {budget:,}")
        c = len(idx)
        idx[c] = r
        steps.append((a, b, c, r))
        alive.discard(a)
        alive.discard(b)
        alive.add(c)
        heapq.heappush(smallest, (n, c))
        for i in set(idx[a] + idx[b]):
            holders[i].pop(a, None)
            holders[i].pop(b, None)
        partners: dict[int, None] = {}
        for i in r:
            partners.update((k, None) for k in islice(holders[i], _FEW))
            holders[i][c] = None
        for k in sorted(partners):
            push(c, k)
    arrays: dict[int, np.ndarray] = {}
    exponents: dict[int, int] = {}
    current = {k: t for k, ((_, t), _) in enumerate(ops)}
    for k, ((a, _), e) in enumerate(ops):
        start = scaled.normalised(a, e)
        arrays[k], exponents[k] = start.mantissa, start.exponent
    for a, b, c, r in steps:
        if b < 0:
            value = arrays[a].sum(axis=tuple(p for p, i in enumerate(current[a]) if i not in r))
            exponent = exponents[a]
        else:
            value = _pair(arrays.pop(a), current[a], arrays.pop(b), current[b], r, sizes)
            exponent = exponents.pop(a) + exponents.pop(b)
        step = scaled.normalised(value, exponent)
        arrays[c], exponents[c] = step.mantissa, step.exponent
        current[c] = r
    if not alive:
        return Scaled(np.ones(()))
    last = alive.pop()
    return Scaled(arrays[last].transpose([current[last].index(i) for i in out]), exponents[last])


def _pair(x: np.ndarray, xi: tuple[str, ...], y: np.ndarray, yi: tuple[str, ...], r: tuple[str, ...],
          sizes: Mapping[str, int]) -> np.ndarray:
    """Contract two operands by ``matmul``: shared indices kept in ``r`` are batch axes, the others summed."""
    batch = [i for i in r if i in xi and i in yi]
    summed = [i for i in xi if i in yi and i not in batch]
    left, right = [i for i in xi if i not in yi], [i for i in yi if i not in xi]
    n = (lambda ids: math.prod(sizes[i] for i in ids))  # noqa: E731
    xs = x.transpose([xi.index(i) for i in batch + left + summed]).reshape(n(batch), n(left), n(summed))
    ys = y.transpose([yi.index(i) for i in batch + summed + right]).reshape(n(batch), n(summed), n(right))
    return np.matmul(xs, ys).reshape([sizes[i] for i in r])


# --- comparisons -----------------------------------------------------------------------------------------

PROBED = ", free legs closed with probe vectors"
HOLE_RTOL = 1e-6
"""Central differences of a linear function are exact up to round-off magnified by 1/ε (ε = 1e-3)."""


def _what(text: str) -> str:
    """How the einsum is named in a detail line: as written, cut to 100 characters."""
    short = " ".join(text.split())
    short = short if len(short) <= 100 else short[:99] + "…"
    return short if _parse(text).named else f"einsum '{short}'"


def _probe(seed: int, key: str, n: int) -> np.ndarray:
    return np.random.default_rng([seed, zlib.crc32(f"probe {key}".encode())]).standard_normal(n)


def _verdict(compared: scaled.Comparison, what: str, sizes: Mapping[str, int], rtol: float = RTOL,
             notes: str = "") -> tuple[Verdict, str]:
    """Whether two sides agree, and the words for it: against the tolerance, never with round-off digits."""
    if not compared.finite:
        return "inconclusive", f"{what}: a side is not finite even rescaled (a function overflowed), so the check " \
                               "cannot tell"
    if compared.zero:
        return "inconclusive", f"{what}: both sides are zero at the sizes the check used ({_size_list(sizes)}), " \
                               "so it cannot tell; declare bigger sizes in dims"
    if compared.relative <= rtol:
        return "ok", f"{what}: {scaled.agreement(rtol)}{notes}"
    return "mismatch", f"{what}: {scaled.difference(compared.relative)}, over the tolerance of " \
                       f"{scaled.tolerance_text(rtol)}{notes}"


def _size_list(sizes: Mapping[str, int]) -> str:
    """``k=3, q=3``, cut to about 60 characters."""
    text = ", ".join(f"{i}={n}" for i, n in sizes.items())
    return text if len(text) <= 60 else text[:59].rsplit(", ", 1)[0] + ", …"


def _check_diagram(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], seed: int, budget: int,
                   label: str = "") -> CheckResult:
    _check_bubbles(d)
    what = label + (f"drawn vs {_what(d.einsum)}" if d.einsum else "drawn network (no einsum: its own wiring)")
    if has_flow(d):
        return _check_flow(d, arrays, sizes, budget, what)
    if any(t.hole for t in d.tensors):
        return _check_hole(d, arrays, sizes, seed, budget, what)
    drawn = _drawn(d, arrays, sizes)
    declared = drawn if d.einsum is None else _declared(d, arrays, sizes)
    notes = f", bubbles {', '.join(b.name for b in d.bubbles)} on both sides" if d.bubbles and d.einsum else ""
    probed = False
    try:
        sa = _bind(drawn, sizes)
        sb = sa if declared is drawn else _bind(declared, sizes)
        shape = [math.prod(sa[i] for i in leg) for leg in drawn.output]
        other = [math.prod(sb[i] for i in leg) for leg in declared.output]
        if shape != other:
            raise _Mismatch(f"the output ({_legs(drawn.output)}) has shape {tuple(shape)} as drawn, but "
                            f"({_legs(declared.output)}) has {tuple(other)} in the einsum")
        probed = math.prod(shape) > budget
        vectors = [_probe(seed, f"leg {k}", n) for k, n in enumerate(shape)] if probed else None

        def closers(net: _Net, sz: Mapping[str, int]) -> list[np.ndarray] | None:
            return None if vectors is None else [v.reshape([sz[i] for i in leg]) for v, leg in zip(vectors, net.output)]

        try:
            va = _value(drawn, sa, budget, closers(drawn, sa))
            vb = va if declared is drawn else _value(declared, sb, budget, closers(declared, sb))
        except _TooCostly as exc:
            if d.bubbles or not _same_wiring(drawn, declared):
                raise CheckError(f"{exc.message}; the drawing is wired differently from its einsum, so only "
                                 "numbers could decide", where=label.rstrip(": ") or None) from None
            return CheckResult("ok", 0.0, f"{what}: the same wiring up to index names, so equal exactly "
                                          f"(not contracted, {exc.message})", probed)
    except _Mismatch as exc:
        return CheckResult("mismatch", math.inf, f"{what}: {exc.message}", probed)
    compared = scaled.compare([(1.0, va)], [(1.0, vb)])
    verdict, text = _verdict(compared, what, sa, notes=notes + (PROBED if probed else ""))
    return CheckResult(verdict, compared.relative, text, probed)


def _check_hole(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], seed: int, budget: int,
                what: str) -> CheckResult:
    """A hole: the drawing with the tensor removed is the derivative of the einsum with respect to it.

    The drawn derivative ``D`` (the network without the hole, the hole's legs open) is compared with
    central differences of the declared value ``f`` around the hole's stand-in ``H``: for each direction
    ``U`` (every unit tensor when ``H`` is small, else seeded random ones), ``⟨D, U⟩`` against
    ``(f(H + εU) − f(H − εU)) / 2ε``. Other tensors sharing the hole's data stay fixed: the
    derivative is with respect to this one occurrence.
    """
    holes = [t for t in d.tensors if t.hole]
    hole = holes[0]
    where = f"tensors.{hole.name}"
    if len(holes) > 1:
        raise CheckError(f"a diagram has one hole (a first derivative); '{holes[0].name}' and '{holes[1].name}' "
                         "are both holes", where=f"tensors.{holes[1].name}")
    inside = {m for b in d.bubbles for m in b.members}
    if hole.name in inside:
        raise CheckError("a hole inside a bubble is not a derivative of the contraction alone: take the hole "
                         "out of the bubble", where=where)
    flat = tuple(i for leg in d.output for i in leg)
    if any(i in flat for i in hole.indices) or len(set(hole.indices)) != len(hole.indices):
        raise CheckError("every leg of a hole must join another tensor (not the output, not itself)", where=where)
    full = _drawn(d, arrays, sizes)
    declared = full if d.einsum is None else _declared(d, arrays, sizes)
    if hole.name not in declared.names:
        raise CheckError(f"the einsum does not use '{hole.name}', so it has no derivative with respect to it",
                         where="einsum")
    at = declared.names.index(hole.name)
    keep = [k for k, name in enumerate(full.names) if name != hole.name]
    derivative = _Net(tuple(full.labels[k] for k in keep), tuple(full.names[k] for k in keep),
                      tuple(full.legs[k] for k in keep), tuple(full.arrays[k] for k in keep),
                      full.output + hole.legs, full.bubbles)
    try:
        sa = _bind(full, sizes)
        sb = sa if declared is full else _bind(declared, sizes)
        grad = scaled.value(_value(derivative, sa, budget))
        h0 = full.arrays[full.names.index(hole.name)]
        out_shape = grad.shape[: len(full.output)]

        def f(x: np.ndarray) -> np.ndarray:
            swapped = declared.arrays[:at] + (x,) + declared.arrays[at + 1:]
            return scaled.value(_value(_Net(declared.labels, declared.names, declared.legs, swapped, declared.output,
                                            declared.bubbles), sb, budget))

        if h0.size <= 64:
            directions = [np.eye(h0.size)[k].reshape(h0.shape) for k in range(h0.size)]
            how = f"all {h0.size} entries"
        else:
            directions = [_probe(seed, f"direction {k}", h0.size).reshape(h0.shape) for k in range(8)]
            how = "8 random directions"
        eps = 1e-3 * max(1.0, float(np.max(np.abs(h0))))
        diff, scale, finite = 0.0, 0.0, True
        for u in directions:
            with np.errstate(all="ignore"):
                numeric = (f(h0 + eps * u) - f(h0 - eps * u)) / (2 * eps)
                exact = np.tensordot(grad, u, axes=u.ndim) if u.ndim else grad * u
            if numeric.shape != exact.shape:
                raise _Mismatch(f"the derivative has shape {exact.shape} as drawn, but {numeric.shape} from the einsum")
            finite = finite and bool(np.all(np.isfinite(numeric)) and np.all(np.isfinite(exact)))
            if finite:
                diff = max(diff, float(np.max(np.abs(numeric - exact), initial=0.0)))
                scale = max(scale, float(np.max(np.abs(numeric), initial=0.0)), float(np.max(np.abs(exact), initial=0.0)))
    except _Mismatch as exc:
        return CheckResult("mismatch", math.inf, f"{what}: hole '{hole.name}': {exc.message}", False)
    shown = f"{_legs(full.output)} " if out_shape else ""
    compared = scaled.Comparison(diff / scale if scale else 0.0, zero=finite and scale == 0.0, finite=finite)
    verdict, text = _verdict(compared, f"{what}: ∂/∂{hole.name} as drawn (legs {shown}{_legs(hole.legs)}) vs central "
                                       f"differences over {how}", sa, rtol=HOLE_RTOL)
    return CheckResult(verdict, compared.relative, text, False)


def _flow_value(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], budget: int) -> Scaled:
    """A copy/add diagram's value: :func:`tensordiag.dataflow.evaluate_flow`, blocks contracted by :func:`_value`."""

    def run(sub: Diagram, given: dict[str, np.ndarray | Scaled]) -> Scaled:
        net = _drawn(sub, given, None)
        return _value(net, _bind(net, sizes), budget)

    def add(values: list[Scaled]) -> Scaled:
        if any(v.mantissa.shape != values[0].mantissa.shape for v in values):
            raise _Mismatch(f"an add node sums values of shapes {', '.join(str(v.mantissa.shape) for v in values)}")
        return scaled.add(values)

    value = evaluate_flow(d, dict(arrays), run, add)
    return value if isinstance(value, Scaled) else scaled.normalised(value)


def _check_flow(d: Diagram, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], budget: int,
                what: str) -> CheckResult:
    """Copy and add nodes: both the drawing and the einsum (whose operands name the same nodes) are run
    through :func:`tensordiag.dataflow.evaluate_flow`, blocks contracted by the check's own evaluator."""

    drawn = _flow_value(d, arrays, sizes, budget)
    if d.einsum is None:
        return CheckResult("ok", 0.0, f"{what}: evaluated through its copy/add nodes", False)
    declared = _declared(d, arrays, sizes)
    by_name = {t.name: t for t in d.tensors}
    rewired = replace(d, tensors=tuple(replace(by_name[n], legs=legs) for n, legs in zip(declared.names, declared.legs)),
                      output=declared.output, einsum=None)
    try:
        other = _flow_value(rewired, arrays, sizes, budget)
    except _Mismatch as exc:
        return CheckResult("mismatch", math.inf, f"{what}: {exc.message}", False)
    except CheckError as exc:
        return CheckResult("mismatch", math.inf, f"{what}: the einsum's copy/add wiring: {exc.message}", False)
    if drawn.mantissa.shape != other.mantissa.shape:
        return CheckResult("mismatch", math.inf, f"{what}: the output has shape {drawn.mantissa.shape} as drawn, but "
                                                 f"{other.mantissa.shape} from the einsum", False)
    compared = scaled.compare([(1.0, drawn)], [(1.0, other)])
    verdict, text = _verdict(compared, f"{what}: through copy/add nodes", sizes)
    return CheckResult(verdict, compared.relative, text, False)


def _same_wiring(a: _Net, b: _Net) -> bool:
    """Whether ``b`` is ``a`` with its indices renamed: same tensors, same legs, same output."""
    if sorted(a.names) != sorted(b.names) or len(set(a.names)) != len(a.names):
        return False
    at = {n: k for k, n in enumerate(a.names)}
    renamed: dict[str, str] = {}
    for x, y in [*((a.legs[at[n]], legs) for n, legs in zip(b.names, b.legs)), (a.output, b.output)]:
        if [len(leg) for leg in x] != [len(leg) for leg in y]:
            return False
        for i, j in zip((i for leg in x for i in leg), (j for leg in y for j in leg)):
            if renamed.setdefault(i, j) != j:
                return False
    return len(set(renamed.values())) == len(renamed)


def _coefficient(coeff: str | None, k: int) -> float:
    if coeff is None:
        return 1.0
    try:
        return float(Fraction(coeff.strip().replace("−", "-")))
    except (ValueError, ZeroDivisionError):
        raise CheckError(f"coefficient '{coeff}' is not a number", where=f"term {k + 1}") from None


def _side(members: list[int]) -> str:
    return f"term {members[0]}" if len(members) == 1 else f"terms {members[0]}–{members[-1]}"


def _check_equation(eq: Equation, arrays: Mapping[str, np.ndarray], sizes: Mapping[str, int], seed: int, budget: int,
                    svd: bool) -> CheckResult:
    for k, term in enumerate(eq.terms):
        if term.diagram.einsum is not None:
            result = _check_diagram(term.diagram, arrays, sizes, seed, budget, f"term {k + 1}: ")
            if not result.ok:
                return result
    nets, frees = [], []
    for k, term in enumerate(eq.terms):
        _check_bubbles(term.diagram)
        nets.append(_drawn(term.diagram, arrays, sizes))
        flat = [i for leg in term.diagram.output for i in leg]
        for h in term.sum_over:
            if h not in flat:
                raise CheckError(f"sums over '{h}', which is not a free leg of its diagram ({', '.join(flat) or 'none'})",
                                 where=f"term {k + 1}")
        frees.append([i for i in flat if i not in term.sum_over])
        if sorted(frees[-1]) != sorted(frees[0]):
            raise CheckError(f"its free indices ({', '.join(frees[-1]) or 'none'}) differ from term 1's "
                             f"({', '.join(frees[0]) or 'none'})", where=f"term {k + 1}")
    probed = any(math.prod(sizes[i] for leg in net.output for i in leg) > budget for net in nets)
    values: list[tuple[float, Scaled]] = []
    for k, (term, net) in enumerate(zip(eq.terms, nets)):
        coeff = _coefficient(term.coeff, k) * (-1.0 if term.op == "-" else 1.0)
        flow = has_flow(term.diagram)
        if probed and not flow:
            closers = [reduce(np.multiply.outer, [np.ones(sizes[i]) if i in term.sum_over else _probe(seed, i, sizes[i])
                                                  for i in leg]) for leg in net.output]
            values.append((coeff, _value(net, sizes, budget, closers)))
            continue
        flat = [i for leg in net.output for i in leg]
        whole = _flow_value(term.diagram, arrays, sizes, budget) if flow else _value(net, sizes, budget)
        value = whole.mantissa.reshape([sizes[i] for i in flat])
        value = value.sum(axis=tuple(p for p, i in enumerate(flat) if i in term.sum_over))
        rest = [i for i in flat if i not in term.sum_over]
        values.append((coeff, scaled.normalised(value.transpose([rest.index(i) for i in frees[0]]), whole.exponent)))
    sides: list[list[tuple[float, Scaled]]] = []
    members: list[list[int]] = []
    relations: list[str] = []
    for k, (term, value) in enumerate(zip(eq.terms, values)):
        if k == 0 or term.op in ("=", "!="):
            relations += [term.op] if k else []
            sides.append([value])
            members.append([k + 1])
        else:
            sides[-1].append(value)
            members[-1].append(k + 1)
    if not relations:
        raise CheckError("no term says '=' or '!=': an equation needs a relation")
    parts, diffs, fails, unknown = [], [], [], []
    for r, op in enumerate(relations):
        compared = scaled.compare(sides[r], sides[r + 1])
        head = f"{_side(members[r])} {op} {_side(members[r + 1])}"
        if not compared.finite or compared.zero:
            _, text = _verdict(compared, head, sizes)
            parts.append(text.replace("both sides are zero", "every term is zero"))
            unknown.append(r)
            continue
        same = compared.relative <= RTOL
        holds = same if op == "=" else not same
        words = scaled.agreement() if same else scaled.difference(compared.relative)
        parts.append(f"{head}: {words}{'' if holds else ', fails' if op == '=' else ': they are equal, fails'}")
        diffs.append((op, compared.relative))
        fails += [] if holds else [compared.relative]
    equal = [d for op, d in diffs if op == "="]
    worst = fails[0] if fails else max(equal) if equal else min((d for _, d in diffs), default=math.nan)
    verdict: Verdict = "mismatch" if fails else "inconclusive" if unknown else "ok"
    note = ", M, U, λ, V from numpy's SVD of a random complex M (the SVD rule)" if svd else ""
    return CheckResult(verdict, worst, "; ".join(parts) + note + (PROBED if probed else ""), probed)
