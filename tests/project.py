"""Paths of the repository for the Python 3 side of the tests (the lab, the unit and
integration tests), as pathlib Paths. The project's facts themselves (name, version,
tasks, settings, the HA rule) live in model/project.py, their one home."""

from __future__ import annotations

from pathlib import Path

from model import project as facts

ROOT = Path(facts.ROOT)
VENV_BIN = ROOT / ".venv" / "bin"
PUPPET = ROOT / "deployment_scripts" / "puppet"
MODULE = PUPPET / "modules" / "ceilometer_zookeeper"
MODULE_FILES = MODULE / "files"
# The package `make build` leaves in the repository.
RPM = ROOT / facts.rpm_name()
