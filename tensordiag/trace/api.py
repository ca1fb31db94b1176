"""``trace(fn, *examples)``: run ``fn`` on tracers, compile the record into a spec, draw it and check it."""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..api import Drawing, draw
from ..check.verdicts import CheckResult
from .compile import Compiler, clean_index
from .graph import Graph, Tracer, TraceError
from .look import index_labels, leg_colors
from .streams import ungrouped_legs
from .numpy_ops import NumpyTracer
from .verify import compare

LegNames = str | Sequence[str]


@dataclass(frozen=True)
class Traced:
    """A traced function: its ``spec`` (a dict, editable and savable), its ``drawing`` and the trace's
    ``verdict`` (the figure against the function on random inputs)."""

    spec: dict[str, Any]
    drawing: Drawing
    verdict: CheckResult

    def save(self, *paths: str | Path) -> list[Path]:
        """Write the figure (``.tex .svg .png .pdf .json``) or the spec itself (``.yaml``)."""
        import yaml

        from ..api import save_all

        spec_paths = [Path(p) for p in paths if str(p).endswith((".yaml", ".yml"))]
        written = self.drawing.save(*[p for p in paths if not str(p).endswith((".yaml", ".yml"))])
        text = yaml.safe_dump(self.spec, sort_keys=False, allow_unicode=True, width=100).encode()
        return written + save_all([(p, text) for p in spec_paths])

    def check(self) -> CheckResult:
        """The usual check: the drawn network against the spec's einsum."""
        return self.drawing.check()

    def _repr_svg_(self) -> str:
        return self.drawing.svg()


def _is_torch(x: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(x, torch.Tensor)


def _leg_hints(text: LegNames | None, ndim: int, argument: str) -> list[tuple[str, int]]:
    if text is None:
        return [("", -1)] * ndim
    names = text.split() if isinstance(text, str) else list(text)
    if len(names) != ndim:
        raise TraceError(f"names['{argument}'] gives {len(names)} index names for an array of {ndim} axes")
    return [(clean_index(n), 3) for n in names]


def _tensor_name(text: str) -> str:
    name = re.sub(r"\W", "_", text)
    return name if name and not name[0].isdigit() and name[0] != "_" else f"T{name}"


def trace(fn: Callable[..., Any], *examples: Any, names: Mapping[str, LegNames] | None = None,
          rename: Mapping[str, str] | None = None, title: str | None = None, seed: int = 0,
          spec: Mapping[str, Any] | None = None, copies: str = "data") -> Traced:
    """Trace ``fn`` called on arrays of the examples' shapes (their values are never read). ``fn`` may be a
    PyTorch ``nn.Module``: its parameters are drawn as tensors named after them (:mod:`.modules`).

    ``names`` maps an argument to its axes' index names (``{"x": "seq hidden"}``); indices left unnamed take
    names from einops patterns and einsum letters, else ``d`` and their size. ``rename`` maps an index name
    to another (``{"d16": "hidden"}``). ``spec`` is merged into the traced spec (each tensor's properties into
    its own): labels, colours, a title. ``copies``: how an argument used more than once is drawn, ``data``
    (again, sharing its numbers: ``x'``, as the post's attention block) or ``node`` (through a copy node, as
    the post's MLP block).
    """
    if copies not in ("data", "node"):
        raise TraceError(f"copies: '{copies}' is not 'data' or 'node'")
    from .modules import as_function, is_module

    if is_module(fn):  # an nn.Module: a function of its inputs and its parameters, each drawn by its name
        fn, params, _, extra = as_function(fn, len(examples))
        examples = (*examples, *extra)
    else:
        params = [p.name for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)][: len(examples)]
        params += [f"T{k}" for k in range(len(params), len(examples))]
    torch_mode = any(_is_torch(x) for x in examples)
    unknown = sorted(set(names or {}) - set(params))
    if unknown:
        raise TraceError(f"names: '{unknown[0]}' is not an argument of {fn.__name__} ({', '.join(params)})")
    shapes = [tuple(int(n) for n in np.shape(x) if True) if not _is_torch(x) else tuple(x.shape) for x in examples]
    graph = Graph()
    if torch_mode:
        from .torch_ops import TorchTracer as cls  # type: ignore[assignment]
    else:
        cls = NumpyTracer  # type: ignore[assignment]
    tracers = [cls(graph, graph.add("leaf", (), shape, argument=k)) for k, shape in enumerate(shapes)]
    from .einops_ops import patched

    with patched(fn):
        try:
            result = fn(*tracers)
        except TraceError:
            raise
        except Exception as exc:  # the traced code failed on tracers: bad input, located at its line
            raise TraceError(f"{fn.__name__} raised {type(exc).__name__}: {exc}", where=failing_line(exc)) from None
    if not isinstance(result, Tracer):
        raise TraceError(f"{fn.__name__} returned {type(result).__name__}, not an array computed from its "
                         "arguments (the tracer draws one array)")
    hints = [_leg_hints((names or {}).get(p), len(s), p) for p, s in zip(params, shapes)]
    leaf_names = list(dict.fromkeys(_tensor_name(p) for p in params))
    if len(leaf_names) != len(params):
        raise TraceError("two arguments have one name")
    compiler = Compiler(graph, result.node, leaf_names, hints, copies)
    compiled, out_axes = compiler.run()
    ungrouped_legs(compiler, compiled.tensors, out_axes)
    built, data = build_spec(compiler, compiled, out_axes, title or f"{fn.__name__}, traced", rename or {})
    for key, value in (spec or {}).items():
        if key == "tensors":
            tensors = built.setdefault("tensors", {})
            for name, props in value.items():
                tensors[name] = {**tensors.get(name, {}), **props}
                for copy, own in tensors.items():  # a copy drawn again (W_Q') reads as its original
                    if own.get("data") == name and "label" in props and copy not in value:
                        own["label"] = props["label"]
        else:
            built[key] = value
    drawing = draw(built)
    if torch_mode:
        import torch

        def convert(x: np.ndarray) -> Any:
            return torch.from_numpy(x)

        def back(y: Any) -> np.ndarray:
            return y.detach().numpy()
    else:
        def convert(x: np.ndarray) -> Any:
            return x

        def back(y: Any) -> np.ndarray:
            return np.asarray(y)
    verdict = compare(drawing.figure, data, fn, shapes, convert, back, seed)  # type: ignore[arg-type]
    return Traced(built, drawing, verdict)


def failing_line(exc: BaseException) -> str:
    """``file:line`` of the innermost frame of the traced code in ``exc``'s traceback."""
    own = str(Path(__file__).resolve().parents[1])
    line, tb = "", exc.__traceback__
    while tb is not None:
        path = tb.tb_frame.f_code.co_filename
        if not path.startswith(own) and "site-packages" not in path and "<frozen" not in path:
            line = f"{Path(path).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return line or "<unknown line>"


def legs_text(groups: Sequence[tuple[int, ...]], name: Mapping[int, str]) -> str:
    return " ".join(name[g[0]] if len(g) == 1 else "(" + " ".join(name[w] for w in g) + ")" for g in groups)


def build_spec(compiler: Compiler, compiled: Any, out_axes: list[tuple[int, ...]], title: str,
               rename: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    order = [w for t in compiled.tensors for g in t["legs"] for w in g] + [w for g in out_axes for w in g]
    name = compiler.names(order)
    if rename:
        known = set(name.values())
        for old in rename:
            if old not in known:
                raise TraceError(f"rename: no index is named '{old}' (the indices: {', '.join(sorted(known))})")
        name = {w: rename.get(n, rename.get(n.split(".")[0], n.split(".")[0]) + ("." + n.split(".")[1]
                                                                             if "." in n else ""))
                for w, n in name.items()}
    tensors = compiled.tensors
    body = ", ".join(legs_text(t["legs"], name) for t in tensors)
    operands = ", ".join(t.get("data", t["name"]) for t in tensors)  # a name used again is its copy: x', x''
    einsum = f'einsum({operands}, "{body} -> {legs_text(out_axes, name)}")'
    props: dict[str, Any] = {}
    for t in tensors:
        extra = {k: v for k, v in t.items() if k not in ("name", "legs")}
        what = compiled.data.get(t["name"], ("", 0))
        argument = what[1] if what[0] == "leaf" else what[1][0] if what[0] == "view" else None
        if argument is not None and "data" not in extra:
            extra["role"] = "activation" if argument == 0 else "weight"
        if extra:
            props[t["name"]] = extra
    spec: dict[str, Any] = {"title": title, "einsum": einsum}
    if props:
        spec["tensors"] = props
    if compiled.bubbles:
        spec["bubbles"] = [{**b, "over": name[b["over"]]} if "over" in b else dict(b) for b in compiled.bubbles]
    spec["dims"] = {name[w]: compiler.size[w] for w in order if name[w] not in ()}
    if leg_colors(spec["dims"]):
        spec["leg_colors"] = leg_colors(spec["dims"])
    if index_labels(spec["dims"]):
        spec["index_labels"] = index_labels(spec["dims"])
    return spec, compiled.data


def trace_file(target: str, shapes: Mapping[str, Sequence[int]], *, names: Mapping[str, LegNames] | None = None,
               rename: Mapping[str, str] | None = None, torch: bool = False,
               spec: Mapping[str, Any] | None = None, copies: str = "data") -> Traced:
    """``module.py:function`` traced with arrays of the given shapes (zeros; by argument name)."""
    path_text, _, func_name = target.rpartition(":")
    if not path_text or not func_name:
        raise TraceError(f"'{target}' is not FILE.py:FUNCTION")
    path = Path(path_text)
    if not path.is_file():
        raise TraceError(f"no such file: '{path_text}'")
    module = import_file(path, lambda missing: f"'{path_text}' imports '{missing}', which is not installed")
    return trace_module(module, path_text, func_name, shapes, names=names, rename=rename, torch=torch, spec=spec,
                        copies=copies)


def import_file(path: Path, not_installed: Callable[[str], str]) -> Any:
    """The Python file ``path``, run as a module of its own; a module it imports that is missing is a
    :class:`TraceError` worded by ``not_installed(name)``."""
    loader = importlib.util.spec_from_file_location(f"tensordiag_traced_{path.stem.replace('-', '_')}", path)
    if loader is None or loader.loader is None:
        raise TraceError(f"cannot import '{path}'")
    module = importlib.util.module_from_spec(loader)
    try:
        loader.loader.exec_module(module)
    except ModuleNotFoundError as exc:
        raise TraceError(not_installed(str(exc.name))) from None
    return module


def trace_module(module: Any, path_text: str, func_name: str, shapes: Mapping[str, Sequence[int]], *,
                 names: Mapping[str, LegNames] | None = None, rename: Mapping[str, str] | None = None,
                 torch: bool = False, spec: Mapping[str, Any] | None = None, copies: str = "data") -> Traced:
    """``module``'s function ``func_name`` traced with arrays of the given shapes (zeros; by argument name)."""
    fn = getattr(module, func_name, None)
    if not callable(fn):
        raise TraceError(f"'{path_text}' has no function '{func_name}'")
    from .modules import is_module

    signature = inspect.signature(fn.forward if is_module(fn) else fn)  # a module: shapes of its inputs only
    params = [p.name for p in signature.parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    missing = [p for p in params if p not in shapes]
    if missing or set(shapes) - set(params):
        extra = sorted(set(shapes) - set(params))
        raise TraceError(f"--shape: {fn.__name__}({', '.join(params)}) needs a shape for "
                         + (f"'{missing[0]}'" if missing else f"its arguments, not '{extra[0]}'"))
    arrays: list[Any] = [np.zeros(tuple(shapes[p])) for p in params]
    if torch or getattr(module, "torch", None) is not None or is_module(fn):
        import torch as torch_module

        arrays = [torch_module.zeros(tuple(shapes[p]), dtype=torch_module.float64) for p in params]
    return trace(fn, *arrays, names=names, rename=rename, spec=spec, copies=copies)
