"""No import cycles in tw_py: modules form a layered graph (cli -> api -> config/output/errors), with every
import counted, top-level or inside a function, except TYPE_CHECKING blocks."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tw_py

PACKAGE_ROOT = Path(tw_py.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE_ROOT.rglob("*.py")}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    return skipped


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The tw_py modules `name` imports (a `from package import module` counts as the module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {target for target in found if target in modules and target != name}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    # A package importing its own submodules is how a package is put together, not a cycle, as long as the
    # submodules do not import the package back (which the graph then shows).
    for name in graph:
        graph[name] = {target for target in graph[name] if not target.startswith(name + ".")}
    return graph


def test_finder_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_graph_reads_function_level_imports():
    graph = import_graph()
    assert "tw_py.api.launch" in graph["tw_py.cli.launch"]   # imported inside the command body


def test_tw_py_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("layer, forbidden", [
    ("tw_py.api", ("tw_py.cli", "tw_py.output", "tw_py.sandbox")),
    ("tw_py.config", ("tw_py.cli", "tw_py.output", "tw_py.api", "tw_py.sandbox")),
    ("tw_py.output", ("tw_py.cli", "tw_py.api", "tw_py.sandbox")),
    ("tw_py.sandbox", ("tw_py.cli", "tw_py.api", "tw_py.config", "tw_py.output")),
])
def test_layers_import_only_downwards(layer, forbidden):
    """cli -> api -> config; output is display only; the sandbox is independent of the client."""
    wrong = sorted(f"{name} imports {target}" for name, targets in import_graph().items()
                   if name == layer or name.startswith(layer + ".")
                   for target in targets if target.startswith(forbidden))
    assert wrong == []
