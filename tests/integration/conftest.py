"""Integration tests bring the lab up for real; they need root and `make setup`."""

from __future__ import annotations

import os
import shutil

import pytest


def pytest_collection_modifyitems(items: list) -> None:
    if os.geteuid() != 0 or shutil.which("corosync") is None:
        skip = pytest.mark.skip(reason="needs root and the lab's packages (tools/setup-host all)")
        for item in items:
            if "integration" in str(item.fspath):
                item.add_marker(skip)
