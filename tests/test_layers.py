"""The layering, enforced: every import in ipcity (at module level or inside a function)
goes down the layers or stays within one, and no module imports itself back in a cycle.

    base (errors, periods, units, text) → plan → store → engine → status → importer → render → cli
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ipcity"

# layer of each top-level module or folder; a module may import its own layer or a lower one
LAYERS = {
    "errors": 0, "periods": 0, "units": 0, "text": 0, "limits": 0, "paths": 0, "i18n": 0,
    "plan": 1,
    "store": 2,
    "engine": 3,
    "status": 4,
    "importer": 5, "sheets": 5,
    "render": 6,
    "cli": 7, "__main__": 7, "__init__": 7,
}
CORE = ("plan", "store", "engine", "status", "importer", "sheets")


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every ipcity module a file imports, wherever the import statement is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "ipcity":  # from ipcity import engine
                found.update(f"ipcity.{alias.name}" for alias in node.names)
            elif node.module.startswith("ipcity."):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)  # a submodule, if it is one
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("ipcity."))
    return found


def graph() -> dict[str, set[str]]:
    return _graph(PACKAGE)


@lru_cache(maxsize=None)
def _graph(package: Path) -> dict[str, set[str]]:
    files = {module_name(p, package): p for p in package.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in files and m != name} for name, path in files.items()}


def layer(module: str) -> tuple[str, int]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    assert top in LAYERS, f"{module}: a new top-level module needs a layer in tests/test_layers.py"
    return top, LAYERS[top]


def test_every_module_says_what_it_holds():
    missing = [module_name(p, PACKAGE) for p in PACKAGE.rglob("*.py")
               if p.name != "__main__.py" and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert not missing, f"modules without a docstring: {missing}"


def test_imports_only_go_down():
    wrong = []
    for module, targets in graph().items():
        top, rank = layer(module)
        for target in targets:
            target_top, target_rank = layer(target)
            if target_rank > rank:
                wrong.append(f"{module} imports {target} ({target_top} is above {top})")
    assert not wrong, "\n".join(sorted(wrong))


@pytest.mark.parametrize("core", CORE)
def test_core_never_imports_render_or_cli(core):
    offending = [f"{m} imports {t}" for m, targets in graph().items() if layer(m)[0] == core
                 for t in targets if layer(t)[0] in ("render", "cli")]
    assert not offending, offending


def test_no_import_cycles():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join(path[path.index(target):] + [node, target]) if target in path
                              else f"{node} → {target}")
            elif target not in state:
                visit(target, path + [node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    assert not cycles, "\n".join(cycles)


def test_the_checker_sees_a_wrong_import(tmp_path, monkeypatch):
    """The rule is not vacuous: an engine that imports render is caught."""
    fake = tmp_path / "ipcity"
    (fake / "render").mkdir(parents=True)
    (fake / "render" / "__init__.py").write_text('"""r"""\n')
    (fake / "render" / "table.py").write_text('"""t"""\n')
    (fake / "engine.py").write_text('"""e"""\n\ndef f():\n    from ipcity.render.table import x\n')
    (fake / "__init__.py").write_text('"""p"""\n')
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    with pytest.raises(AssertionError, match="engine imports ipcity.render.table"):
        test_imports_only_go_down()
    (fake / "render" / "table.py").write_text('"""t"""\nfrom ipcity.engine import f\n')
    _graph.cache_clear()
    with pytest.raises(AssertionError, match="ipcity.engine"):
        test_no_import_cycles()
