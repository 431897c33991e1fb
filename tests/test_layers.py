"""The layering, enforced: every import in ipcity (at module level or inside a function)
goes down the layers or stays within one, and no module imports itself back in a cycle.

    base/ (errors, periods, units, text, limits, paths, i18n) → plan/ → store/ | engine
          → status/ → io/ (sheets, importer, export) → render/ → cli/

The engine sits beside the store, on the same rank, and never imports it: it computes on plain
numbers handed to it, so it can be tested with the worked examples alone.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ipcity"

# layer of each top-level module or folder; a module may import its own layer or a lower one
LAYERS = {
    "base": 0,
    "plan": 1,
    "store": 2, "engine": 2,
    "status": 3,
    "io": 4,
    "render": 5,
    "cli": 6, "__main__": 6, "__init__": 6,
}
CORE = ("base", "plan", "store", "engine", "status", "io")
# pairs of rooms on one rank that must not import each other: (importer, imported)
APART = [("engine", "store"), ("store", "engine")]


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


@cache
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


def test_rooms_on_one_rank_stay_apart():
    """The engine computes on numbers it is given; it never reads the store (nor the store it)."""
    wrong = [f"{m} imports {t}" for m, targets in graph().items() for t in targets
             if (layer(m)[0], layer(t)[0]) in APART]
    assert not wrong, "\n".join(sorted(wrong))


def test_the_tree_has_the_layers():
    """Base modules live in base/, the spreadsheet code in io/; nothing loose at the top."""
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__", "engine"))
    assert not loose, f"modules at the top of ipcity/ (move them into their layer's folder): {loose}"


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


def test_the_checker_sees_the_engine_read_the_store(tmp_path, monkeypatch):
    """Engine and store share a rank, so the rank test alone would let the engine read the store."""
    fake = tmp_path / "ipcity"
    (fake / "store").mkdir(parents=True)
    (fake / "store" / "__init__.py").write_text('"""s"""\n')
    (fake / "engine.py").write_text('"""e"""\nfrom ipcity.store import Store\n')
    (fake / "__init__.py").write_text('"""p"""\n')
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    _graph.cache_clear()
    test_imports_only_go_down()  # the ranks allow it
    with pytest.raises(AssertionError, match="ipcity.engine imports ipcity.store"):
        test_rooms_on_one_rank_stay_apart()
