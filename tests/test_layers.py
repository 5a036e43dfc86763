"""The app-level import graph has no cycle (docs/ARCHITECTURE.md, "Layers").

Every module under pathways/ is read with `ast` (no import runs), each of its imports, at the top or inside a
function, becomes an arrow from its app (the top-level package or module under pathways/) to the imported
module's app. The graph of apps must have no cycle; when it has one, the test names it with one import
that makes each arrow. `lint-imports` (pyproject.toml) checks the finer rule, the order of the layers.
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

import pathways

ROOT = Path(pathways.__file__).resolve().parent

Graph = dict[str, dict[str, str]]  # app -> imported app -> one place that imports it ("module:line")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "pathways" and len(parts) > 1 else None


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target == "pathways":  # from pathways import forms: the names are modules
        return [f"pathways.{alias.name}" for alias in node.names]
    return [target]


def app_graph(root: Path = ROOT) -> Graph:
    graph: Graph = defaultdict(dict)
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path, root)
        source = _app(module)
        if source is None:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            for target in _imported(node, module, path.name == "__init__.py"):
                app = _app(target)
                if app is not None and app != source:
                    graph[source].setdefault(app, f"{module}:{node.lineno}")
    return dict(graph)


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle of the graph as the apps along it (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def visit(app: str) -> list[str] | None:
        state[app] = 1
        path.append(app)
        for nxt in sorted(graph.get(app, {})):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[app] = 2
        return None

    for app in sorted(graph):
        if app not in state and (found := visit(app)):
            return found
    return None


def describe(graph: Graph, cycle: list[str]) -> str:
    return " -> ".join(cycle) + "\n" + "\n".join(
        f"  {a} -> {b}: {graph[a][b]}" for a, b in itertools.pairwise(cycle)
    )


def test_the_apps_import_each_other_in_no_cycle() -> None:
    graph = app_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "the apps import each other in a cycle: " + describe(graph, cycle or [])


def test_the_graph_sees_the_arrows_the_layers_are_made_of() -> None:
    graph = app_graph()
    # a few arrows that must be there, so an empty graph cannot pass for an acyclic one
    assert "cases" in graph["today"]
    assert "arrangements" in graph["cases"]
    assert "audit" in graph["schools"]
    assert "portal" in graph["pages"]


def test_a_cycle_is_found_and_named(tmp_path: Path) -> None:
    package = tmp_path / "pathways"
    for app, body in {
        "schools": "from pathways.providers.views import x\n",
        "providers": "def f():\n    from pathways.arrangements import models\n",
        "arrangements": "from ..schools import models\n",
        "policy": "",
    }.items():
        (package / app).mkdir(parents=True)
        (package / app / "__init__.py").write_text("")
        (package / app / "mod.py").write_text(body)
    graph = app_graph(package)
    cycle = find_cycle(graph)
    assert cycle == ["arrangements", "schools", "providers", "arrangements"]
    assert "providers -> arrangements: pathways.providers.mod:2" in describe(graph, cycle)
    assert find_cycle({"a": {"b": "x"}, "b": {}}) is None
