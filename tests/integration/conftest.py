"""Integration tests bring the lab up for real; they need root and `make setup`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable

import pytest


def pytest_collection_modifyitems(items: list) -> None:
    if os.geteuid() != 0 or shutil.which("corosync") is None:
        skip = pytest.mark.skip(reason="needs root and the lab's packages (tools/setup-host all)")
        for item in items:
            if "integration" in str(item.fspath):
                item.add_marker(skip)


# Each system-scenario run records its summary (every scenario and its time) under this
# key: `make test` prints it at the end, passed or failed, so a CI log says where the
# time went.
SUMMARY_KEY = "scenario summary"


@pytest.fixture
def scenario_summary(record_property) -> Callable[[str], None]:
    """Keeps a system-scenario run's summary for the end of the session."""
    return lambda text: record_property(SUMMARY_KEY, text)


def pytest_terminal_summary(terminalreporter) -> None:
    for report in terminalreporter.getreports("passed") + terminalreporter.getreports("failed"):
        for key, value in getattr(report, "user_properties", ()):
            if key == SUMMARY_KEY and report.when == "call":
                terminalreporter.write_sep("-", f"scenarios of {report.nodeid}")
                terminalreporter.write_line(str(value))
