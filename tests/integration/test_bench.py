"""`make bench` at its smallest size, so that it keeps working: Fuel's default and the
plugin side by side on Mitaka's agents, one crash each and the plugin's hot-plug, through
the same command line. It checks that the
benchmark measures and reports, not what the figures are (the benchmark asserts nothing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lab import nodes
from project import ROOT


def test_the_benchmark_at_its_smallest_size_prints_and_writes_its_report(built_rpm: Path, tmp_path: Path) -> None:
    lab_dir = ROOT / ".lab-tests" / "bench"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"), LAB_DIR=str(lab_dir))
    result = subprocess.run(
        [sys.executable, "-m", "lab", "bench", "--rpm", str(built_rpm), "--sizes", "100", "--controllers", "3",
         "--trials", "1", "--faults", "crash,hot-plug", "--cycles", "3", "--interval", "6", "--results", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert not lab_dir.exists() and nodes.lab_namespaces() == [], "the benchmark left its lab behind"
    assert "| 3 | 100 | default |" in result.stdout and "| 3 | 100 | plugin |" in result.stdout
    assert "| 3 | 100 | crash | plugin |" in result.stdout and "| 3 | 100 | hot-plug | plugin |" in result.stdout
    assert "Mitaka's agents" in result.stdout
    folder = tmp_path / "latest"
    report = json.loads((folder / "results.json").read_text())
    assert report["pending"] == 0 and report["failures"] == []
    runs = report["runs"]
    assert [r["mode"] for r in runs] == ["default", "plugin"]
    for run in runs:
        assert run["steady"]["agents"] == (1 if run["mode"] == "default" else 3), run["steady"]
        assert run["steady"]["longest_cycle"] > 0
        trials = {t["fault"]: t for t in run["trials"]}
        assert sorted(trials) == (["crash"] if run["mode"] == "default" else ["crash", "hot-plug"]), trials
        for trial in trials.values():
            assert trial["recovery"] is not None and len(trial["gaps"]) == 100, trial
    assert runs[1]["zookeeper_packets_per_cycle"] > 0 and runs[1]["zookeeper_rss_mib"] > 0
    for plot in ("cycle-time.png", "crash-gaps.png"):
        assert (folder / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
