"""Shared fixtures, and the markers that split the suite into lanes:

- ``lab``: brings the emulated controllers up (tests/integration); needs root.
- ``package``: builds or reads the plugin's RPM (``make build``).

``make check`` runs everything else: lint, unit tests, Puppet specs, docs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from project import ROOT, RPM


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "integration" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.lab)
        if "built_rpm" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.package)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_rpm() -> Path:
    """The plugin package as `make build` produces it (built now if it is missing)."""
    if not RPM.exists():
        subprocess.run(["make", "-C", str(ROOT), "build"], check=True)
    return RPM
