"""The layers import one way: no module imports one that imports it back, models stand alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src"
PACKAGE = SRC / "papercorpus"
MAX_LINES = 350


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(target: str) -> str | None:
    # "papercorpus.export._text.write_jsonl" -> the longest prefix that is one of our modules.
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


def _imported(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    """The dotted names an import statement brings in, relative imports resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        base = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [node.module])])
    return [f"{base}.{alias.name}" for alias in node.names]


def imports_of(name: str) -> set[str]:
    """The papercorpus modules `name` imports at run time: in functions too, not TYPE_CHECKING."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for_type_checkers = {
        id(inner)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and _is_type_checking(block)
        for statement in block.body
        for inner in ast.walk(statement)
    }
    found = {
        module
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in for_type_checkers
        for target in _imported(node, package)
        if (module := _resolve(target)) is not None
    }
    found.discard(name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def reaches(start: str, goal: str) -> list[str] | None:
    """A path of imports from `start` to `goal`, or None."""
    stack, seen = [[start]], {start}
    while stack:
        path = stack.pop()
        for nxt in sorted(GRAPH[path[-1]]):
            if nxt == goal:
                return [*path, nxt]
            if nxt not in seen:
                seen.add(nxt)
                stack.append([*path, nxt])
    return None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_one_that_imports_it_back(name: str) -> None:
    """Following imports from a module never leads back to it."""
    assert reaches(name, name) is None, " -> ".join(reaches(name, name) or [])


def test_models_stand_on_the_ground() -> None:
    """models.py imports only the ground floor: ids, errors, text helpers, derived values."""
    allowed = {
        "papercorpus.ids",
        "papercorpus.errors",
        "papercorpus._text",
        "papercorpus._html",
        "papercorpus._trusted",
        "papercorpus.derive",
        "papercorpus.dois",
        "papercorpus._parts",
        "papercorpus._entry",
    }
    assert {m for m in GRAPH["papercorpus.models"] if not m.startswith("papercorpus.derive.")} <= (
        allowed
    )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    """No module is over 350 lines: a module a newcomer reads in one sitting."""
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_import_loads_no_heavy_module() -> None:
    """`import papercorpus` loads neither the HTTP stack, LaTeX rendering, nor table libraries."""
    code = (
        "import sys, papercorpus\n"
        "heavy = ['arxiv', 'requests', 'requests_cache', 'lxml', 'pylatexenc', 'tqdm',\n"
        "         'pandas', 'pyarrow', 'polars', 'duckdb', 'platformdirs', 'difflib', 'csv']\n"
        "print(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


def test_the_command_line_loads_http_only_for_commands_that_need_it() -> None:
    """`papercorpus parse` starts without the HTTP stack: only enrich and search load it."""
    code = (
        "import sys, papercorpus.cli\n"
        "print(' '.join(m for m in ('requests', 'requests_cache', 'arxiv') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


def _package_of(name: str) -> str:
    path = MODULES[name]
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _private_reach(importer: str, target: str) -> str | None:
    """What `target` (a dotted name `importer` imports) reaches of another package's insides.

    A private module (`_name`) or a private name belongs to its package: a module of that
    package may import it, no other. The root package's own helpers (`papercorpus._text`)
    belong to the root, which holds every module.
    """
    parts = target.split(".")
    here = _package_of(importer)
    for end in range(2, len(parts) + 1):
        if parts[end - 1].startswith("_") and not parts[end - 1].startswith("__"):
            owner = ".".join(parts[: end - 1])
            if owner in MODULES and MODULES[owner].name != "__init__.py":
                owner = _package_of(owner)
            if not (here == owner or here.startswith(owner + ".")):
                return ".".join(parts[:end])
            break
    return None


def private_imports(name: str) -> list[str]:
    """Each private module or name of another package that `name` imports (typing too)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _package_of(name)
    return sorted(
        reached
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for target in _imported(node, package)
        if target.startswith("papercorpus.")
        and (reached := _private_reach(name, target)) is not None
    )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_reaches_into_another_package(name: str) -> None:
    """Packages meet through their public names: no private module or name across them."""
    assert private_imports(name) == []


TESTS = Path(__file__).parent


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _test_modules(tree: ast.AST) -> tuple[set[str], list[str]]:
    """The names a test binds to our modules, and the private names it imports."""
    modules = {"papercorpus"}
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("papercorpus"):
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    modules.add(alias.asname or alias.name)
                elif _private(alias.name):
                    found.append(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    return modules, found


def _patched_name(node: ast.Call) -> str | None:
    """The attribute `setattr(x, "NAME", ...)` or `monkeypatch.setattr(x, "NAME", ...)` sets."""
    function = node.func
    named = (isinstance(function, ast.Name) and function.id == "setattr") or (
        isinstance(function, ast.Attribute) and function.attr == "setattr"
    )
    if not named or len(node.args) < 2:  # an object and a name
        return None
    target = node.args[1]
    if isinstance(target, ast.Constant) and isinstance(target.value, str):
        return target.value
    return None


def private_names_used(path: Path) -> list[str]:
    """The private names of papercorpus a test file imports, reads or patches.

    A private module (`papercorpus.parsing._lines`) may be imported: its tests sit beside
    it. Its private names (`_READ`, `_Renderer`) may not: tests go through public ones.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules, found = _test_modules(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Call) and _private(_patched_name(node) or ""):
            found.append(f"setattr(..., {_patched_name(node)!r})")
    return sorted(found)


@pytest.mark.parametrize("path", sorted(TESTS.rglob("test_*.py")), ids=lambda p: p.name)
def test_tests_use_public_names(path: Path) -> None:
    """Tests sit beside their module and reach it through public names, patch none private."""
    assert private_names_used(path) == []


def test_the_private_name_check_sees_what_it_should(tmp_path: Path) -> None:
    """The check above finds each way a test can reach a private name."""
    test = tmp_path / "test_x.py"
    test.write_text(
        "import papercorpus.derive._latex as latex\n"
        "from papercorpus.derive._latex import _Renderer, render\n"
        "from papercorpus.parsing import _lines\n"
        "_lines._READ\n"
        "latex.render\n"
        "def t(monkeypatch):\n"
        "    monkeypatch.setattr(_lines, '_READ', 1)\n"
        "    monkeypatch.setattr(_lines, 'MAX_LINE', 1)\n",
        encoding="utf-8",
    )
    assert private_names_used(test) == [
        "_lines._READ",
        "papercorpus.derive._latex._Renderer",
        "setattr(..., '_READ')",
    ]
