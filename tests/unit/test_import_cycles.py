"""No import cycles in the core (annotations/) or the command line (tui/cli/).

Every import counts, including those inside functions (the lazy ones): a cycle that only closes
when a function runs is still two modules that cannot be understood apart.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("annotations", "tui.cli")


def module_files() -> dict[str, Path]:
    """Every module of the checked packages, by dotted name."""
    modules: dict[str, Path] = {}
    for package in CHECKED:
        for path in (ROOT / package.replace(".", "/")).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The modules ``name`` imports anywhere in its file (``from P import M`` names P.M)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                yield submodule if submodule in known else source


def import_graph() -> dict[str, set[str]]:
    """Each checked module and the checked modules it imports."""
    files = module_files()
    known = set(files)
    return {
        name: {target for target in imported_names(name, path, known) if target in known} - {name}
        for name, path in files.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph (its modules, the first repeated at the end), or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" after
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_graph_sees_the_modules_and_their_lazy_imports() -> None:
    graph = import_graph()
    assert "annotations.documents.document" in graph
    assert "tui.cli.summary" in graph
    # a function-level import: document.py imports its importers only for an HTML, Word or PDF file
    assert "annotations.documents.importers" in graph["annotations.documents.document"]


def test_there_are_no_import_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_would_notice_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
