"""Our modules import each other one way: no cycles, and no demo or benchmark code in the running app.

The graph is read from the source with ``ast``. Imports inside functions count too: a local import is the
usual way a cycle gets hidden (``reference/versioning.py`` and ``reference/models/`` used to import each
other like that), and it still ties the two modules together. Imports under ``if TYPE_CHECKING:`` do not
run, so they do not count.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bench", "clinic", "records", "reference")
# Generated data for a first look and for the benchmarks: only these commands, the load benchmark's own
# package (bench/) and tests may import it.
DEMO_AND_BENCH = ("records.demo", "records.bench", "bench")
MAY_IMPORT_DEMO_AND_BENCH = {
    "records.management.commands.load_demo",
    "records.management.commands.bench_clients",
    "records.management.commands.bench_load",
    "records.management.commands.bench_access_log",
    "records.management.commands.bench_outcomes",
}


def our_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of ours that ``path`` imports, at module level or inside functions."""
    found = set()

    def ours(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit_else(child)
                continue
            if isinstance(child, ast.Import):
                found.update(filter(None, (ours(alias.name) for alias in child.names)))
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                for alias in child.names:
                    submodule = f"{child.module}.{alias.name}"
                    found.add(submodule if submodule in modules else ours(child.module))
            visit(child)

    def visit_else(node: ast.If) -> None:
        for statement in node.orelse:
            visit(ast.Module(body=[statement], type_ignores=[]))

    visit(ast.parse(path.read_text(), filename=str(path)))
    found.discard(None)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = our_modules()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan): modules in a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            connect(module)
    return found


def test_the_cycle_finder_finds_a_cycle_through_three_modules():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from records.models import Client\n"
        "def f():\n    from reference.models import LibraryVersion\n"
    )
    modules = {"records.models": source, "reference.models": source, "reference.models.library": source}
    assert imports_of(source, modules) == {"reference.models"}


def test_our_modules_import_each_other_without_a_cycle():
    assert cycles(import_graph()) == []


def test_the_reference_models_never_import_the_versioning_module():
    graph = import_graph()
    models = [name for name in graph if name == "reference.models" or name.startswith("reference.models.")]
    assert [name for name in models if "reference.versioning" in graph[name]] == []


def test_only_their_commands_import_the_demo_and_benchmark_data():
    graph = import_graph()
    importers = {
        name
        for name, targets in graph.items()
        if not name.startswith(DEMO_AND_BENCH)
        and any(target.startswith(DEMO_AND_BENCH) for target in targets)
    }
    assert importers == MAY_IMPORT_DEMO_AND_BENCH
