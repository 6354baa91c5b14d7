"""The lab's modules depend one way: a module imports only modules of lower layers, never
one of its own layer or above (parsed with ast, so imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from project import ROOT

LAB = ROOT / "tests" / "lab"

# Highest first. A module may import modules of the layers below its own only, not its
# own layer's: observe, control and faults know nothing of each other.
LAYERS: list[tuple[str, ...]] = [
    ("__main__",),
    ("cli",),                                                # the command line
    ("bench_report",),                                       # the benchmark's tables and plots
    ("bench",),                                              # benchmarks: lifecycle, faults and observation
    ("control", "faults", "observe", "bench_measure"),       # lifecycle; faults; what the lab and its logs show
    ("engine",),                                             # Astute's part
    ("master",),                                             # the Fuel master's part
    ("recorded",),                                           # state.json <-> environment and node handles
    ("nodes", "environment", "graph", "conditions"),         # namespaces; Fuel's data, graphs, conditions
    ("history",),                                            # what the Fuel master remembers of deployments
    ("polling_passes",),                                     # an agent's passes in a log
    ("state",),                                              # the lab folder and state.json
    ("errors",),                                             # error types
]
# Programs run inside the lab's namespaces (python -m lab.X): they import no lab module,
# and no lab module imports them.
STANDALONE = ("__init__", "resource_api")

LAYER_OF = {module: index for index, layer in enumerate(LAYERS) for module in layer}


def lab_modules() -> list[str]:
    return sorted(p.stem for p in LAB.glob("*.py"))


def lab_imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, statement, lab module) for every import of a lab module in path."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            statement = ast.unparse(node)
            if node.level == 1 and node.module is None:      # from . import a, b
                found += [(node.lineno, statement, alias.name) for alias in node.names]
            elif node.level == 1 and node.module:            # from .a import x
                found.append((node.lineno, statement, node.module.split(".")[0]))
            elif node.level == 0 and node.module == "lab":   # from lab import a
                found += [(node.lineno, statement, alias.name) for alias in node.names]
            elif node.level == 0 and node.module and node.module.startswith("lab."):
                found.append((node.lineno, statement, node.module.split(".")[1]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, ast.unparse(node), alias.name.split(".")[1])
                      for alias in node.names if alias.name.startswith("lab.")]
    return sorted(found)


def test_every_lab_module_has_a_layer() -> None:
    undeclared = [m for m in lab_modules() if m not in LAYER_OF and m not in STANDALONE]
    assert undeclared == [], f"declare the layer of {undeclared} in LAYERS (or STANDALONE) of this test"
    gone = [m for m in [*LAYER_OF, *STANDALONE] if m not in lab_modules()]
    assert gone == [], f"{gone} are declared here but no longer exist in tests/lab"


@pytest.mark.parametrize("module", lab_modules())
def test_imports_only_lower_layers(module: str) -> None:
    problems = []
    for line, statement, imported in lab_imports(LAB / f"{module}.py"):
        where = f"tests/lab/{module}.py:{line}: `{statement}`"
        if imported in STANDALONE or module in STANDALONE:
            problems.append(f"{where}: standalone programs and the package root neither import nor are imported")
        elif imported not in LAYER_OF:
            problems.append(f"{where}: {imported} is not a declared lab module")
        elif LAYER_OF[imported] <= LAYER_OF[module]:
            relation = "same layer as" if LAYER_OF[imported] == LAYER_OF[module] else "a higher layer than"
            problems.append(f"{where}: {imported} is in {relation} {module} "
                            f"({'/'.join(LAYERS[LAYER_OF[imported]])} vs {'/'.join(LAYERS[LAYER_OF[module]])})")
    assert problems == [], "\n".join(problems)
