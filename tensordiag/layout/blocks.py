"""A block with several pasted copies (attention: the key, query and value copies of the stream, as copy
nodes or as tensors sharing the stream input's numbers, ``data: x``), arranged
as by hand: the copies stacked in one column beside the stream, each weight on the row of the copy it
reads, the weight that feeds the add on the add's row, and each weight in the first or the second
column after the copies, whichever arrangement (with the order of the copies) crosses fewest wires.

Works on a flow's positions in grid units (column, level), before they are scaled (:mod:`.flow`).
A junction dot is counted where it will settle, amid what it joins.
"""

from __future__ import annotations

import math
from itertools import permutations, product

from ..model import Diagram
from ..plane import segment_enters_circle, segments_cross

Point = tuple[float, float]

MAX_PASTES = 4
"""The most pasted copies whose orders are all tried (4! = 24); more keep their spec order."""
MAX_WEIGHTS = 8
"""The most weights whose two columns are all tried (2^8 = 256: an attention block's four, and a gain's dot on
each of three branches); a bigger block is left as it was."""
RADIUS = 0.25
"""A shape's radius in grid units, for counting wires that run through it."""
ROW = 1.6
"""The rows of a block's copies are this many levels apart; the add sits one such row above the highest."""
MAX_SINGLE = 4
"""The most weights of a block with one pasted copy whose spots are all tried (8^4 = 4096)."""
HYPER_STRETCH = 2.0
"""In a block fed straight by its copy node, how much further out (in columns) the second column goes when a
hyperedge joins the block's tensors (a frozen head's num heads)."""


def arrange_blocks(diagram: Diagram, grid: dict[str, Point], spine: set[str],
                   skip: frozenset[str] = frozenset()) -> dict[str, Point]:
    """``grid`` (tensor name -> (column, level)) with every block of two or more pasted copies rearranged;
    levels from the block's add up move to sit one row above the highest copy. ``skip``: tensors left out
    (gains and their dots, set afterwards: :mod:`.gains`); a skipped dot joins its two other tensors as one wire."""
    tensors = [t for t in diagram.tensors if t.name not in skip]
    holders: dict[str, list[str]] = {}
    for t in tensors:
        for i in dict.fromkeys(t.indices):
            holders.setdefault(i, []).append(t.name)
    for t in diagram.tensors:
        if t.name in skip and t.kind == "delta":
            ends = [h for i in t.indices for h in holders.pop(i, [])]
            if len(ends) == 2:
                holders["dot:" + t.name] = ends
    kind = {t.name: t.kind for t in tensors}
    data = {t.name: t.data for t in tensors if t.data is not None}
    near: dict[str, list[str]] = {t.name: [] for t in tensors}
    for names in holders.values():
        for a in names:
            near[a] += [b for b in names if b != a and b not in near[a]]
    grid = dict(grid)
    seen: set[str] = set()
    for t in tensors:
        if t.name in spine or t.name in seen:
            continue
        group = _group(t.name, near, spine)
        seen.update(group)
        pastes = [n for n in group if kind[n] == "copy" or data.get(n) in spine]
        weights = [n for n in group if kind[n] not in ("copy", "add") and n not in pastes]
        feeds = sorted({m for n in pastes for m in near[n] if m in spine and kind[m] == "copy"}, key=str)
        if not feeds:  # copies pasted from the stream's input itself (x, drawn again inside the block)
            feeds = sorted({data[n] for n in pastes if data.get(n) in spine}, key=str)
        adds = sorted({m for n in group for m in near[n] if m in spine and kind[m] == "add"}, key=str)
        direct = sorted({m for n in group for m in near[n] if m in spine and kind[m] == "copy"}, key=str)
        if not pastes and len(direct) == 1 and len(adds) == 1 and 2 <= len(weights) == len(group) <= MAX_SINGLE:
            grid = _arrange_direct(grid, weights, direct[0], adds[0], holders)
            continue
        if (not pastes or len(pastes) + len(weights) != len(group) or len(weights) > MAX_WEIGHTS
                or len(adds) != 1):
            continue
        own = {p: [m for m in near[p] if m in spine and kind[m] == "copy"] for p in pastes}
        if len(feeds) == len(pastes) > 1 and all(len(f) == 1 for f in own.values()):
            grid = _arrange_fed(grid, {p: f[0] for p, f in own.items()}, weights, adds[0], near, holders)
            continue
        if len(feeds) != 1:
            continue
        if len(pastes) == 1:
            if len(weights) <= MAX_SINGLE:
                grid = _arrange_single(grid, pastes[0], weights, feeds[0], adds[0], holders)
            continue
        grid = _arrange(grid, pastes, weights, feeds[0], adds[0], near, holders)
    return grid


def _group(start: str, near: dict[str, list[str]], spine: set[str]) -> list[str]:
    group, todo = [start], [start]
    while todo:
        for m in near[todo.pop()]:
            if m not in spine and m not in group:
                group.append(m)
                todo.append(m)
    return group


def _arrange(grid: dict[str, Point], pastes: list[str], weights: list[str], feed: str, add: str,
             near: dict[str, list[str]], holders: dict[str, list[str]]) -> dict[str, Point]:
    base = min(grid[n][0] for n in pastes + weights)
    low, high = grid[feed][1], grid[add][1]
    best: tuple[tuple[float, ...], dict[str, Point]] | None = None
    orders = permutations(pastes) if len(pastes) <= MAX_PASTES else [tuple(pastes)]
    step = ROW
    block = set(pastes) | set(weights)
    floor = min(y for n, (x, y) in grid.items() if x == 0.0)  # the stream's input: nothing below it
    free_below = 0  # how many copies may sit below the feeding copy's row: none where another block is
    while free_below < len(pastes) - 1 and low - (free_below + 1) * step >= floor and not any(
            n not in block and x >= base - 0.5 and low - (free_below + 1) * step - 0.5 < y < low
            for n, (x, y) in grid.items()):
        free_below += 1
    for order, below in product(orders, range(free_below + 1)):
        rows = {p: low + (k - below) * step for k, p in enumerate(order)}
        top = low + (len(order) - below) * step  # the add's row, one above the highest copy
        moved = {n: (x, y + top - high) if y >= high else (x, y) for n, (x, y) in grid.items()}
        placed = {p: (base, rows[p]) for p in order}
        wrow = {}
        for w in weights:
            mine = [rows[p] for p in near[w] if p in rows]
            wrow[w] = top if add in near[w] else sum(mine) / len(mine) if mine else None
        for w in weights:  # one joined only to other weights: amid them
            if wrow[w] is None:
                known = [wrow[v] for v in near[w] if wrow.get(v) is not None]
                wrow[w] = sum(known) / len(known) if known else (low + top) / 2  # type: ignore[arg-type]
        for columns in product((1, 2), repeat=len(weights)):
            trial = {**moved, **placed, **{w: (base + c, wrow[w]) for w, c in zip(weights, columns)}}  # type: ignore[misc]
            score = _score(trial, set(pastes) | set(weights) | {feed, add}, holders, feed)
            if best is None or score < best[0]:
                best = (score, trial)
    return best[1] if best else grid


def _arrange_single(grid: dict[str, Point], paste: str, weights: list[str], feed: str, add: str,
                    holders: dict[str, list[str]]) -> dict[str, Point]:
    """A block with one pasted copy (frozen attention): the paste on its copy's row, each weight on that row,
    midway up or on the add's row, in the paste's column (above it) or one of the two after it, the
    arrangement with fewest crossings and wires through shapes, then the shortest; two weights never
    share a spot."""
    base, low = grid[paste][0], grid[feed][1]
    high = grid[add][1]
    rows = (low, (low + high) / 2, high)
    spots = [(base + c, r) for c in (0, 1, 2) for r in rows if (c, r) != (0, low)]
    names = {paste, feed, add, *weights}
    best: tuple[tuple[float, ...], dict[str, Point]] | None = None
    for choice in product(spots, repeat=len(weights)):
        if len(set(choice)) < len(choice):
            continue
        trial = {**grid, paste: (base, low), **dict(zip(weights, choice))}
        score = _score(trial, names, holders, feed)
        score = (score[0], _blocked(trial, names - {feed, add}, add, holders),
                 _slanted(trial, names - {feed}, holders), score[2])
        if best is None or score < best[0]:
            best = (score, trial)
    return best[1] if best else grid


def _arrange_direct(grid: dict[str, Point], weights: list[str], feed: str, add: str,
                    holders: dict[str, list[str]]) -> dict[str, Point]:
    """A block of two or more tensors the copy node feeds with no pasted copy (a frozen head: the copy's seq pos
    wire into A, its hidden wire into W_V; a lone tensor keeps its spot midway): each tensor on the copy's row,
    midway up or on the add's row, in the first or the second column beside the stream, the arrangement with
    fewest crossings and wires through shapes, then fewest slanted wires (the copy's own too: a branch leaves the
    stream level), then the shortest; two tensors never share a spot. With a hyperedge among them the second
    column steps out (``HYPER_STRETCH``), giving the junction's wire from the first room for its label."""
    base, low, high = grid[feed][0], grid[feed][1], grid[add][1]
    spots = [(base + c, r) for c in (1, 2) for r in (low, (low + high) / 2, high)]
    names = {feed, add, *weights}
    best: tuple[tuple[float, ...], dict[str, Point]] | None = None
    for choice in product(spots, repeat=len(weights)):
        if len(set(choice)) < len(choice):
            continue
        trial = {**grid, **dict(zip(weights, choice))}
        score = _score(trial, names, holders, feed)
        score = (score[0], _blocked(trial, names - {feed, add}, add, holders), _slanted(trial, names, holders),
                 score[2])
        if best is None or score < best[0]:
            best = (score, trial)
    if best is None:
        return grid
    placed = best[1]
    if any(len(hs) > 2 for hs in holders.values() if set(hs) & set(weights)):  # a hyperedge's junction between the
        far = base + 1  # columns: the second column steps out, giving its wire to the first room for a label
        placed = {n: (far + (x - far) * HYPER_STRETCH, y) if n in weights and x > far else (x, y)
                  for n, (x, y) in placed.items()}
    return placed


def _arrange_fed(grid: dict[str, Point], feed_of: dict[str, str], weights: list[str], add: str,
                 near: dict[str, list[str]], holders: dict[str, list[str]]) -> dict[str, Point]:
    """A block whose pasted copies each have their own copy node on the stream (a chain of copies, one per
    branch): each paste level with its copy node, so every branch leaves the stream at a right angle; each
    weight on the row of the copies it reads (the add's row when it feeds the add), in the first or the
    second column after the copies, whichever crosses fewest wires."""
    pastes = sorted(feed_of, key=lambda p: (grid[feed_of[p]][1], p))
    base = min(grid[n][0] for n in pastes + weights)
    low = grid[feed_of[pastes[0]]][1]
    for k, p in enumerate(pastes[1:], 1):  # the copies ROW apart, as a block fed by one copy node
        f = feed_of[p]
        shift = low + k * ROW - grid[f][1]
        grid = {n: (x, y + shift) if y >= grid[f][1] and n not in pastes[:k] else (x, y)
                for n, (x, y) in grid.items()}
    placed = {p: (base, grid[f][1]) for p, f in feed_of.items()}
    high = grid[add][1]
    top = min(high, max(y for _, y in placed.values()) + ROW)  # the add one row above the highest copy
    grid = {n: (x, y + top - high) if y >= high else (x, y) for n, (x, y) in grid.items()}
    wrow: dict[str, float | None] = {}
    for w in weights:
        mine = [placed[p][1] for p in near[w] if p in placed]
        wrow[w] = top if add in near[w] else sum(mine) / len(mine) if mine else None
    for w in weights:
        if wrow[w] is None:
            known = [wrow[v] for v in near[w] if wrow.get(v) is not None]
            wrow[w] = sum(known) / len(known) if known else top  # type: ignore[arg-type]
    names = set(pastes) | set(weights) | {add}
    best: tuple[tuple[float, ...], dict[str, Point]] | None = None
    for columns in product((1, 2), repeat=len(weights)):
        trial = {**grid, **placed, **{w: (base + c, wrow[w]) for w, c in zip(weights, columns)}}  # type: ignore[misc]
        score = _score(trial, names, holders, pastes[0])
        score = (score[0], _slanted(trial, names, holders), score[2])
        if best is None or score < best[0]:
            best = (score, trial)
    return best[1] if best else grid


def _blocked(pos: dict[str, Point], block: set[str], add: str, holders: dict[str, list[str]]) -> int:
    """How many of ``block`` stand straight above a tensor with a wire of its own to ``add`` (a skip wire, bent
    up and along to the add at a right angle, would run through them)."""
    sources = {h for hs in holders.values() if add in hs and len(hs) == 2 for h in hs if h in block}
    return sum(1 for s in sources for n in block
               if n != s and abs(pos[n][0] - pos[s][0]) < 1e-9 and pos[s][1] < pos[n][1] <= pos[add][1] + 1e-9)


def _slanted(pos: dict[str, Point], names: set[str], holders: dict[str, list[str]]) -> int:
    """How many bonds between two of ``names`` run neither level nor upright (branches at right angles)."""
    pairs = {frozenset(hs) for hs in ([h for h in hs if h in names] for hs in holders.values()) if len(hs) == 2}
    return sum(1 for a, b in (tuple(p) for p in pairs)
               if abs(pos[a][0] - pos[b][0]) > 1e-9 and abs(pos[a][1] - pos[b][1]) > 1e-9)


def _score(pos: dict[str, Point], names: set[str], holders: dict[str, list[str]], feed: str) -> tuple[float, ...]:
    """Crossings and wires through shapes, then the narrowest angle between two wires leaving ``feed`` (the
    copies' fan: wider is better), then total length, of the wires among ``names``."""
    segments: list[tuple[Point, Point, frozenset[str]]] = []
    pairs: set[frozenset[str]] = set()
    for index, hs in holders.items():
        hs = [h for h in hs if h in names]
        if len(hs) == 2 and frozenset(hs) not in pairs:
            pairs.add(frozenset(hs))
            segments.append((pos[hs[0]], pos[hs[1]], frozenset(hs)))
        elif len(hs) > 2:
            dot = (sum(pos[h][0] for h in hs) / len(hs), sum(pos[h][1] for h in hs) / len(hs))
            segments += [(pos[h], dot, frozenset([h, "dot:" + index])) for h in hs]
    crossings = sum(1 for k, (a, b, e) in enumerate(segments) for (c, d, f) in segments[k + 1:]
                    if not e & f and segments_cross(a, b, c, d))
    through = sum(1 for a, b, e in segments for n in names if n not in e and segment_enters_circle(a, b, pos[n], RADIUS))
    length = sum(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a, b, _ in segments)
    fx, fy = pos[feed]
    angles = sorted(math.atan2(q[1] - p[1], q[0] - p[0]) if p == (fx, fy) else math.atan2(p[1] - q[1], p[0] - q[0])
                    for p, q, e in segments if feed in e)
    narrowest = min((b - a for a, b in zip(angles, angles[1:])), default=math.pi)
    return (crossings + through, -round(narrowest, 6), round(length, 9))
