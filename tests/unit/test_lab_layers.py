"""The lab's modules depend one way: a module imports only modules of lower layers, never
one of its own layer or above (parsed with ast, so imports inside functions count too).
Modules of a subpackage are named with a dot (bench.run)."""

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
    ("bench.run",),                                          # the benchmark's entry point
    ("bench.publish",),                                      # its figures into the guide and README
    ("bench.report",),                                       # its tables and plots
    ("bench.plan",),                                         # what it measures, what it found
    ("control", "observe", "bench.measure"),                 # lifecycle; what the lab and its logs show
    ("faults",),                                             # node actions and the benchmark's faults
    ("engine",),                                             # Astute's part
    ("master",),                                             # the Fuel master's part
    ("state",),                                              # the lab's state (state.json)
    ("options",),                                            # what the lab is asked to be
    ("nodes", "environment", "graph", "conditions"),         # namespaces; Fuel's data, graphs, conditions
    ("history",),                                            # what the Fuel master remembers of deployments
    ("folder",),                                             # the lab folder
    ("errors",),                                             # error types
]
# Programs run inside the lab's namespaces (python -m lab.X, or a core task's script): they
# import no lab module, and no lab module imports them. Package markers import nothing.
STANDALONE = ("__init__", "bench.__init__", "resource_api", "openstack_api", "core.aodh-alarms")
# A standalone program's own parts, which only it imports: the stand-in cloud's routes.
PARTS = {"resource_api": ("openstack_api",)}

LAYER_OF = {module: index for index, layer in enumerate(LAYERS) for module in layer}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(LAB).with_suffix("").parts)


def lab_modules() -> list[str]:
    # The extensions Ceilometer loads (ceilometer_ext) are not the lab's modules.
    return sorted(module_name(p) for p in LAB.rglob("*.py")
                  if not any(part.startswith("ceilometer_ext") for part in p.parts))


def resolve(module: str, level: int, name: str | None) -> str:
    """A relative import's target as a lab module name ('' for the lab package itself)."""
    package = module.split(".")[:-1]
    base = package[:len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, *([name] if name else [])])


def lab_imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, statement, lab module) for every import of a lab module in path."""
    module = module_name(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            statement = ast.unparse(node)
            if node.level:
                target = resolve(module, node.level, node.module)
            elif node.module == "lab" or (node.module or "").startswith("lab."):
                target = node.module[len("lab."):] if node.module != "lab" else ""
            else:
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}" if target else alias.name
                found.append((node.lineno, statement, candidate if candidate in LAYER_OF or candidate in
                              STANDALONE or not target else target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, ast.unparse(node), alias.name[len("lab."):])
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
    for line, statement, imported in lab_imports(LAB / (module.replace(".", "/") + ".py")):
        where = f"tests/lab/{module}: line {line}: `{statement}`"
        if imported in PARTS.get(module, ()):
            continue
        if imported in STANDALONE or module in STANDALONE:
            problems.append(f"{where}: standalone programs and package markers neither import nor are imported")
        elif imported not in LAYER_OF:
            problems.append(f"{where}: {imported} is not a declared lab module")
        elif LAYER_OF[imported] <= LAYER_OF[module]:
            relation = "same layer as" if LAYER_OF[imported] == LAYER_OF[module] else "a higher layer than"
            problems.append(f"{where}: {imported} is in {relation} {module} "
                            f"({'/'.join(LAYERS[LAYER_OF[imported]])} vs {'/'.join(LAYERS[LAYER_OF[module]])})")
    assert problems == [], "\n".join(problems)


def test_relative_imports_resolve_to_lab_modules() -> None:
    assert resolve("bench.run", 2, "control") == "control"
    assert resolve("bench.run", 1, "measure") == "bench.measure"
    assert resolve("faults", 1, None) == ""
