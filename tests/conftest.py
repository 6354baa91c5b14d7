"""Shared paths and fixtures."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from project import ROOT, RPM


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_rpm() -> Path:
    """The plugin package as `make build` produces it (built now if it is missing)."""
    if not RPM.exists():
        subprocess.run(["make", "-C", str(ROOT), "build"], check=True)
    return RPM
