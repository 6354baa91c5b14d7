"""Shared fixtures, and the markers that split the suite into lanes:

- ``lab``: brings the emulated controllers up (tests/integration); needs root.
- ``package``: builds or reads the plugin's RPM (``make build``).
- ``java``: starts a real ZooKeeper server, a Java process of its own: each test that
  uses one of the fixtures in ``JAVA_FIXTURES`` (a fixture that starts one belongs there).

``make check`` runs everything else: lint, unit tests, Puppet specs, docs. ``make test``
runs every lane."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from project import ROOT, RPM

# The fixtures that start a ZooKeeper server in a JVM (tests/unit/test_status_command.py).
JAVA_FIXTURES = frozenset({"zookeeper", "zookeeper_without_cons"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "integration" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.lab)
        if "built_rpm" in fixtures:
            item.add_marker(pytest.mark.package)
        if fixtures & JAVA_FIXTURES:
            item.add_marker(pytest.mark.java)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_rpm() -> Path:
    """The plugin package as `make build` produces it (built now if it is missing)."""
    if not RPM.exists():
        subprocess.run(["make", "-C", str(ROOT), "build"], check=True)
    return RPM
