"""Every system scenario (tests/system, group ceilometer_zookeeper) on the local lab, run
in-process by the same runner QA uses on a fuel-qa lab; fails if any scenario fails and
prints proboscis's summary with each scenario's time."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from lab import nodes
from project import ROOT

sys.path.insert(0, str(ROOT / "tests" / "system"))
import run_system_tests


def test_every_scenario_passes_on_the_local_lab(built_rpm: Path) -> None:
    lab_dir = ROOT / ".lab-tests" / "system"
    os.environ["CEILOMETER_ZOOKEEPER_PLUGIN_PATH"] = str(built_rpm)
    code, summary = run_system_tests.run(["--backend=local", f"--lab-dir={lab_dir}"])
    print(summary)
    assert not lab_dir.exists(), f"{lab_dir} left behind"
    assert nodes.lab_namespaces() == [], "lab namespaces left behind"
    assert code == 0, summary
