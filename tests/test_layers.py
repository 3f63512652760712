"""The house rules, read off the source: layers import downward, no cycles, no private names
across packages, and an import inside a function only where it says why.

The layers, bottom first (README, "Development"); a module may import its own
layer and the ones below it, never one above.
"""

import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"

LAYERS = [
    ("tree", "tracer"),                              # pytrees; traced values, primitives
    ("reverse", "forward"),                          # the tape and its sweep; tangents
    ("numpy",),                                      # the rules table, broadcasting
    ("extend",),                                     # the public face of the rule-writing tools
    ("scipy", "transforms", "jit"),                  # more rules; grad, jvp, hessian...; compiling
    ("checks", "explain", "expr", "optim"),          # built on the transforms; optimizers
    ("minimize", "problems"),                        # the driver; test functions
    ("compare", "models"),                           # comparisons; estimators and curve_fit
    ("plot",),                                       # figures of comparisons
    ("cli",),                                        # the `wengert` command
    ("__init__",),                                   # `import wengert` re-exports the layers
]
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def _module_name(path):
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts), parts[-1] == "__init__"


def _modules():
    """{module name: (path, is_package)} for every module of wengert."""
    return {name: (path, is_pkg) for path in sorted((SRC / "wengert").rglob("*.py"))
            for name, is_pkg in [_module_name(path)]}


MODULES = _modules()


def _imports(name):
    """(target module, imported name or None, line, inside a function) for each wengert import."""
    path, is_pkg = MODULES[name]
    package = name if is_pkg else name.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    nested = {id(n) for f in functions for n in ast.walk(f) if n is not f}
    found = []
    for node in ast.walk(tree):
        lazy = id(node) in nested
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno, lazy) for a in node.names if a.name.startswith("wengert")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("wengert"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:      # `from . import numpy`: the submodule itself
                    found.append((sub, None, node.lineno, lazy))
                else:
                    found.append((target, alias.name, node.lineno, lazy))
    return found


def _unit(name):
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_unit_has_a_layer():
    assert sorted({_unit(m) for m in MODULES} - set(RANK)) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down(name):
    upward = [f"line {line}: {target}" for target, _, line, _ in _imports(name)
              if RANK[_unit(target)] > RANK[_unit(name)]]
    assert upward == [], f"{name} imports a layer above its own"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_is_imported_across_packages(name):
    own = name if MODULES[name][1] else name.rpartition(".")[0]
    private = [f"line {line}: {target}.{what}" for target, what, line, _ in _imports(name)
               if what and what.startswith("_") and what != "__version__"
               and (target if MODULES.get(target, (None, False))[1] else target.rpartition(".")[0]) != own]
    assert private == []


# An import inside a function needs a reason, said next to it in a comment.
LAZY_WITH_A_REASON = {("wengert.cli.compare", "wengert.plot")}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_are_at_the_top_unless_they_say_why(name):
    lazy = {(name, target) for target, _, _, inside in _imports(name) if inside}
    assert lazy <= LAZY_WITH_A_REASON


def test_there_is_no_import_cycle():
    """Module-level imports only; `from package import name` depends on the package's __init__."""
    graph = {name: {t for t, _, _, inside in _imports(name) if not inside and t != name}
             for name in MODULES}
    # a package's __init__ importing its own submodules, which import siblings, is the usual
    # shape; a cycle is a submodule needing its package's __init__ (or another module) back
    state = {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in graph.get(node, ()):
            if nxt not in MODULES:
                continue
            if state.get(nxt) == "open":
                cycle = stack[stack.index(nxt):] + [nxt]
                if not _package_and_its_own_submodule(cycle):
                    raise AssertionError("import cycle: " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for name in sorted(MODULES):
        if name not in state:
            visit(name, [name])


def _package_and_its_own_submodule(cycle):
    """A package's __init__ -> its submodule -> the package (`from . import sibling`), the one
    two-step cycle Python resolves by design: the submodule asks only for modules."""
    return len(cycle) == 3 and cycle[0] == cycle[2] and cycle[1].startswith(cycle[0] + ".")
