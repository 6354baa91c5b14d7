"""Paths of the repository for the Python 3 side of the tests (the lab, the unit and
integration tests), as pathlib Paths, and a loader for the module's helper scripts. The
project's facts themselves (name, version, tasks, settings, the HA rule) live in
model/project.py, their one home."""

from __future__ import annotations

import importlib.machinery
from pathlib import Path
from types import ModuleType

from model import project as facts

ROOT = Path(facts.ROOT)
VENV_BIN = ROOT / ".venv" / "bin"
PUPPET = ROOT / "deployment_scripts" / "puppet"
MODULE = PUPPET / "modules" / "ceilometer_zookeeper"
MODULE_FILES = MODULE / "files"
# The package `make build` leaves in the repository.
RPM = ROOT / facts.rpm_name()


def load_tool(name: str) -> ModuleType:
    """A Python tool of tools/ (tools/<name>.py) as a module, for tests that read its rules
    (fuel9_packages: the sources file and the .deb revision); a fresh module on every call."""
    path = ROOT / "tools" / f"{name}.py"
    loader = importlib.machinery.SourceFileLoader(name, str(path))
    module = ModuleType(loader.name)
    module.__file__ = str(path)
    loader.exec_module(module)
    return module


def load_module_file(name: str) -> ModuleType:
    """A helper script of the module's files/ (a Python script without .py) as a module,
    for tests of its functions; a fresh module on every call."""
    path = MODULE_FILES / name
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), str(path))
    module = ModuleType(loader.name)
    module.__file__ = str(path)
    loader.exec_module(module)
    return module
