"""The layout contract: stages import only what lies below them, no import cycles, and files and
functions small enough to read (a file may say why it is longer in a comment at its top)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tenderlint"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

# What each package may not import: the language knows nothing of the engine or the readers;
# the engine nothing of reports or the CLI; readers nothing of rules.
FORBIDDEN = {
    "tenderlint.lang": ("tenderlint.engine", "tenderlint.read", "tenderlint.report",
                        "tenderlint.cli", "tenderlint.run", "tenderlint.annotate"),
    "tenderlint.engine": ("tenderlint.report", "tenderlint.cli", "tenderlint.run",
                          "tenderlint.annotate"),
    "tenderlint.read": ("tenderlint.lang", "tenderlint.engine", "tenderlint.report",
                        "tenderlint.cli", "tenderlint.run", "tenderlint.annotate"),
    "tenderlint.report": ("tenderlint.engine", "tenderlint.cli", "tenderlint.run"),
}  # fmt: skip


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of this package that ``name`` imports, at any depth in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:`` (imports for type hints only)."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        out.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {name: _imports(name, path, set(mods)) for name, path in mods.items()}


def test_no_import_cycles() -> None:
    graph = _graph()
    # A package's __init__ re-exporting its own modules is not a cycle between stages.
    edges = {
        a: {b for b in bs if not (b.startswith(a + ".") or a.startswith(b + "."))}
        for a, bs in graph.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                cycles.append([*stack[stack.index(m) :], m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(edges):
        if n not in state:
            visit(n)
    assert cycles == []


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers(package: str) -> None:
    graph = _graph()
    wrong = sorted(
        f"{a} imports {b}"
        for a, bs in graph.items()
        if a == package or a.startswith(package + ".")
        for b in bs
        if any(b == f or b.startswith(f + ".") for f in FORBIDDEN[package])
    )
    assert wrong == []


def _says_why(path: Path) -> bool:
    """A long file opens with a comment saying why it is long."""
    first = path.read_text(encoding="utf-8").lstrip().splitlines()[:1]
    return bool(first) and first[0].startswith("#")


def test_modules_are_short() -> None:
    long = [
        f"{p.relative_to(SRC)}: {n} lines"
        for p in _modules().values()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
        and not _says_why(p)
    ]
    assert long == []


def test_functions_are_short() -> None:
    long = []
    for path in _modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if isinstance(node, ast.ClassDef):
                    continue
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}: {n} lines")
    assert long == []


def test_every_module_says_what_it_owns() -> None:
    silent = [
        str(p.relative_to(SRC))
        for p in _modules().values()
        if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert silent == []
