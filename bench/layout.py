"""Layout benchmark: how tensordiag lays out standard tensor networks, next to networkx and quimb.

For each network (bench/networks.py, then every ``gallery/*.yaml``) it prints one markdown row per
layout with the metrics of :mod:`tensordiag.measures`:

* ``tensordiag``: ``draw(einsum).geometry`` (time = parse + layout + geometry);
* ``spring``: ``networkx.spring_layout(graph, seed=0)`` of the same network (tensors, junction dots,
  split/merge points), time = that call;
* ``quimb``: the positions ``TensorNetwork.draw(get="pos")`` computes (time = that call), when quimb
  imports (it is not a tensordiag dependency: run this file with a Python that has it).

The alternatives are drawn the way tensordiag draws any placement (``diagram_geometry``): same
shapes, straight wires clipped at the shapes' outlines, free legs as stubs of tensordiag's length.
Their positions are scaled so that the median bond (centre to centre) is tensordiag's bond length;
a free leg points toward quimb's own node for that index, or (spring) into the widest gap between
its tensor's other wires. Finally the whole command ``tensordiag einsum <PEPS 32×32> -o out.svg`` is timed
(PEPS 16×16 with ``--quick``; ``--big`` adds PEPS 64×64 to the table and to the command timing).

Run: ``.venv/bin/python bench/layout.py [--quick] [--only NAME] [--big]``
(with quimb: ``python3 -m venv /tmp/qb && /tmp/qb/bin/pip install quimb matplotlib /work/main``,
then ``/tmp/qb/bin/python bench/layout.py``; the working tree's tensordiag is used either way).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the working tree's tensordiag, whichever Python runs this
sys.path.insert(0, str(ROOT / "bench"))

import networks  # noqa: E402

from tensordiag import sizes  # noqa: E402
from tensordiag.api import draw  # noqa: E402
from tensordiag.measures import Metrics, measure  # noqa: E402

Point = tuple[float, float]
BIG = 200
"""Networks with more tensors than this are "big": ``--quick`` skips networkx and quimb for them."""
ALT_LIMIT = 2000
"""Above this many tensors (PEPS 64×64) only tensordiag is timed."""


@dataclass
class Row:
    network: str
    layout: str
    tensors: int
    wires: int
    metrics: Metrics | None
    seconds: float
    measure_seconds: float
    error: str = ""


# --- alternative layouts drawn the tensordiag way ----------------------------------------------


def _geometry_from(diagram, core: dict, free_dirs: dict | None = None):  # type: ignore[no-untyped-def]
    """tensordiag's drawing of ``diagram`` with tensors (and any dots, split and merge points) at ``core``.

    ``core`` may hold any scale: it is rescaled so the median bond is :data:`sizes.BOND_LENGTH`.
    ``free_dirs`` maps an output index to the direction its free leg should point.
    """
    from tensordiag.geometry import default_label, diagram_geometry
    from tensordiag.layout import Placement
    from tensordiag.network import build_network, tensor_id

    network = build_network(diagram)
    pos: dict = {n: (float(p[0]), float(p[1])) for n, p in core.items()}
    nbrs: dict = {}
    for w in network.wires:
        if not w.free and not w.loop:
            nbrs.setdefault(w.a.node, []).append(w.b.node)
            nbrs.setdefault(w.b.node, []).append(w.a.node)
    # Fill what the other layout does not place: dots and merges at their neighbours' mean,
    # split points a little way from their tensor toward the legs they split into.
    for n in network.nodes:
        if n.id in pos or n.kind in ("open", "split"):
            continue
        placed = [pos[m] for m in nbrs.get(n.id, []) if m in pos]
        pos[n.id] = _mean(placed) if placed else (0.0, 0.0)
    split_dirs: dict = {}
    for n in network.nodes:
        if n.kind == "split" and n.id not in pos:
            home = pos[tensor_id(n.id[1])]
            far = [pos[m] for m in nbrs.get(n.id, []) if m in pos and m != tensor_id(n.id[1])]
            split_dirs[n.id] = _unit(_sub(_mean(far), home)) if far else (1.0, 0.0)
            pos[n.id] = home  # moved off its tensor after scaling
    dists = [math.dist(pos[w.a.node], pos[w.b.node]) for w in network.wires
             if not w.free and not w.loop and w.a.node in pos and w.b.node in pos]
    dists = sorted(d for d in dists if d > 1e-12)
    scale = sizes.BOND_LENGTH / dists[len(dists) // 2] if dists else 1.0
    pos = {k: (x * scale, y * scale) for k, (x, y) in pos.items()}
    for k, (ux, uy) in split_dirs.items():
        pos[k] = (pos[k][0] + 0.45 * ux, pos[k][1] + 0.45 * uy)
    extents = {tensor_id(t.name): sizes.tensor_extent(t, t.label if t.label is not None else default_label(t))
               for t in diagram.tensors}
    taken: dict = {}  # per node, the directions (radians) its wires already leave in
    for w in network.wires:
        if not w.free:
            continue
        home = pos[w.a.node]
        if w.a.node not in taken:
            taken[w.a.node] = [math.atan2(pos[m][1] - home[1], pos[m][0] - home[0])
                               for m in nbrs.get(w.a.node, []) if m in pos and pos[m] != home]
        given = (free_dirs or {}).get(w.index)
        if given is not None and math.hypot(*given) > 1e-12:
            ux, uy = _unit(given)
        else:  # the middle of the widest gap between the node's wires
            angle = _widest_gap(taken[w.a.node])
            ux, uy = math.cos(angle), math.sin(angle)
        taken[w.a.node].append(math.atan2(uy, ux))
        ew, eh = extents.get(w.a.node, (0.0, 0.0))
        reach = min(ew / 2 / abs(ux) if abs(ux) > 1e-9 else math.inf, eh / 2 / abs(uy) if abs(uy) > 1e-9 else math.inf)
        reach = 0.0 if math.isinf(reach) else reach
        pos[w.b.node] = (home[0] + ux * (reach + sizes.STUB_LENGTH), home[1] + uy * (reach + sizes.STUB_LENGTH))
    return diagram_geometry(diagram, Placement(pos, network))


def _widest_gap(angles: list[float]) -> float:
    if not angles:
        return math.pi / 2
    ordered = sorted(a % (2 * math.pi) for a in angles)
    gaps = [((ordered[(k + 1) % len(ordered)] - a) % (2 * math.pi) or 2 * math.pi, a) for k, a in enumerate(ordered)]
    width, start = max(gaps)
    return start + width / 2


def _mean(points: list[Point]) -> Point:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _sub(a: Point, b: Point) -> Point:
    return (a[0] - b[0], a[1] - b[1])


def _unit(v: Point) -> Point:
    d = math.hypot(*v)
    return (v[0] / d, v[1] / d) if d > 1e-12 else (0.0, 0.0)


def spring_positions(diagram):  # type: ignore[no-untyped-def]
    import networkx as nx

    from tensordiag.network import build_network

    network = build_network(diagram)
    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in network.nodes if n.kind in ("tensor", "dot", "split", "merge"))
    graph.add_edges_from((w.a.node, w.b.node) for w in network.wires if not w.free and not w.loop)
    start = time.perf_counter()
    raw = nx.spring_layout(graph, seed=0)
    took = time.perf_counter() - start
    return {n: (float(p[0]), float(p[1])) for n, p in raw.items()}, None, took


def quimb_positions(diagram):  # type: ignore[no-untyped-def]
    import numpy as np
    import quimb.tensor as qtn

    from tensordiag.network import NodeId, tensor_id

    tensors = []
    for t in diagram.tensors:
        inds = tuple(i for leg in t.legs for i in leg)
        if len(set(inds)) != len(inds):
            raise ValueError(f"{t.name} traces an index (quimb tensors cannot repeat one)")
        tensors.append(qtn.Tensor(np.ones((2,) * len(inds)), inds=inds, tags={f"td:{t.name}"}))
    tn = qtn.TensorNetwork(tensors)
    start = time.perf_counter()
    raw = tn.draw(get="pos")
    took = time.perf_counter() - start
    core: dict = {}
    for tid, tensor in tn.tensor_map.items():
        (tag,) = [g for g in tensor.tags if g.startswith("td:")]
        core[tensor_id(tag[3:])] = (float(raw[tid][0]), float(raw[tid][1]))
    for ix, p in raw.items():
        if isinstance(ix, str) and len(tn.ind_map[ix]) > 2:
            core[NodeId("dot", ix)] = (float(p[0]), float(p[1]))
    free_dirs = {}
    for ix in tn.outer_inds():
        if ix in raw:
            (tid,) = tn.ind_map[ix]
            free_dirs[ix] = (float(raw[ix][0] - raw[tid][0]), float(raw[ix][1] - raw[tid][1]))
    return core, free_dirs, took


# --- one network ------------------------------------------------------------------------------


def bench_one(name: str, source: str | Path, *, alternatives: list[str]) -> list[Row]:
    rows = []
    start = time.perf_counter()
    try:
        drawing = draw(source)
        geometry = drawing.geometry
        geometry = geometry() if callable(geometry) else geometry
    except Exception as exc:  # noqa: BLE001 - a benchmark reports a failure and goes on
        return [Row(name, "tensordiag", 0, 0, None, time.perf_counter() - start, 0.0, _short(exc))]
    took = time.perf_counter() - start
    rows.append(_measured(name, "tensordiag", geometry, took))
    from tensordiag.model import Diagram

    figure = drawing.figure
    for alt in alternatives:
        if not isinstance(figure, Diagram):
            rows.append(Row(name, alt, 0, 0, None, 0.0, 0.0, "equation: not compared"))
            continue
        finder: Callable = spring_positions if alt == "spring" else quimb_positions
        try:
            core, dirs, took = finder(figure)
            geometry = _geometry_from(figure, core, dirs)
        except Exception as exc:  # noqa: BLE001
            rows.append(Row(name, alt, 0, 0, None, 0.0, 0.0, _short(exc)))
            continue
        rows.append(_measured(name, alt, geometry, took))
    return rows


def _measured(name: str, layout: str, geometry, took: float) -> Row:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    m = measure(geometry)
    return Row(name, layout, len(geometry.shapes), len(geometry.wires), m, took, time.perf_counter() - start)


def _short(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}{where}".replace("|", "/")


def print_table(rows: list[Row]) -> None:
    print("| network | layout | tensors | wires | crossings | overlaps | foreign | octilinear | spread | bond_cv "
          "| time (s) | measure (s) |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        if r.metrics is None:
            print(f"| {r.network} | {r.layout} | | | {r.error} | | | | | | | |")
            continue
        m = r.metrics
        print(f"| {r.network} | {r.layout} | {r.tensors} | {r.wires} | {m.crossings} | {m.overlaps} | {m.foreign} "
              f"| {m.octilinear:.2f} | {m.spread:.2f} | {m.bond_cv:.2f} | {r.seconds:.3f} | {r.measure_seconds:.3f} |",
              flush=True)


def time_cli(label: str, expr: str) -> None:
    exe = ROOT / ".venv" / "bin" / "tensordiag"
    cmd = [str(exe)] if exe.exists() else ([shutil.which("tensordiag")] if shutil.which("tensordiag") else
                                           [sys.executable, "-m", "tensordiag"])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.svg"
        via_stdin = len(expr) > 100_000  # longer than one command-line argument may be: EXPR '-' reads stdin
        start = time.perf_counter()
        done = subprocess.run([*cmd, "einsum", "-" if via_stdin else expr, "-o", str(out)], capture_output=True,
                              text=True, input=expr if via_stdin else None, env={**os.environ, "PYTHONPATH": str(ROOT)})
        took = time.perf_counter() - start
        size = out.stat().st_size if out.exists() else 0
    status = "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"
    print(f"\n`tensordiag einsum <{label}> -o out.svg` (whole process): {took:.2f} s, {status}, "
          f"{size / 1024:.0f} KiB of SVG")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip PEPS 32×32, and networkx/quimb for big networks")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="only networks whose name contains NAME (case-insensitive; repeatable)")
    parser.add_argument("--big", action="store_true", help="also PEPS 64×64 (tensordiag only) and its CLI timing")
    parser.add_argument("--no-cli", action="store_true",
                        help="skip the whole-command timing (also skipped with --only)")
    args = parser.parse_args(argv)

    sources: dict[str, str | Path] = dict(networks.catalogue(big=args.big))
    if args.quick:
        sources.pop("PEPS 32x32")
    for spec in sorted((ROOT / "gallery").glob("*.yaml")):
        sources[f"gallery/{spec.stem}"] = spec
    if args.only:
        wanted = [w.lower() for w in args.only]
        sources = {k: v for k, v in sources.items() if any(w in k.lower() for w in wanted)}

    try:
        import quimb  # noqa: F401

        have_quimb = True
    except ImportError:
        have_quimb = False
    print(f"Python {platform.python_version()} ({sys.executable}); quimb: "
          f"{'yes' if have_quimb else 'not importable, skipped'}; mode: {'quick' if args.quick else 'full'}\n")
    print("time (warm, modules already imported): tensordiag = parse + layout + geometry; spring / quimb = their "
          "layout call alone. measure = computing the metrics.\n")
    # Warm up: first-import costs are the CLI line's business, not a row's.
    warm = draw(networks.mps(3)).figure
    spring_positions(warm)
    if have_quimb:
        quimb_positions(warm)
    rows: list[Row] = []
    for name, source in sources.items():
        n = _tensor_count(source)
        alts = []
        if n <= ALT_LIMIT and not (args.quick and n > BIG):
            alts = ["spring"] + (["quimb"] if have_quimb else [])
        new = bench_one(name, source, alternatives=alts)
        rows += new
        print(f"  … {name}: {', '.join(f'{r.layout} {r.seconds:.2f}s' for r in new)}", file=sys.stderr, flush=True)
    print_table(rows)
    if not args.no_cli and not args.only:
        grids = [(16, 16)] if args.quick else [(32, 32)]
        if args.big:
            grids.append((64, 64))
        for r, c in grids:
            time_cli(f"PEPS {r}×{c}", networks.peps(r, c))


def _tensor_count(source: str | Path) -> int:
    if isinstance(source, Path):
        return 0
    from tensordiag.einsum import parse_einsum

    return len(parse_einsum(source).operands)


if __name__ == "__main__":
    main()
