"""Python gates: ruff over the whole project, and Python 2.7 validity (checked with vermin)
of the code that runs on Fuel 9 nodes, whose Python is 2.7."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from project import ROOT, VENV_BIN

# Code that runs under Python 2.7 somewhere: the helper scripts Puppet installs on nodes.
PYTHON27 = [ROOT / "deployment_scripts/puppet/modules/ceilometer_zookeeper/files"]


def vermin(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "vermin"), "-t=2.7-", "-t=3.4-", "--no-tips", "--violations",
                           "--no-parse-comments", *map(str, paths)], capture_output=True, text=True)


def test_ruff_is_clean() -> None:
    result = subprocess.run([str(VENV_BIN / "ruff"), "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_node_side_python_is_valid_python27() -> None:
    files = [f for d in PYTHON27 for f in d.iterdir() if f.read_text().startswith("#!/usr/bin/env python")]
    assert files, "no Python helper found"
    result = vermin(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    for f in files:
        compile(f.read_text(), str(f), "exec")


@pytest.mark.parametrize("code", ['x = f"{1}"\n', "def f(*, a): pass\n", "print(x := 1)\n"])
def test_the_python27_gate_fails_on_python3_only_code(tmp_path: Path, code: str) -> None:
    (tmp_path / "new.py").write_text(code)
    assert vermin(tmp_path / "new.py").returncode != 0
