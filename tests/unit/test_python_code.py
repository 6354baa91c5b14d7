"""Python gates: ruff over the whole project, and Python 2.7 validity (checked with vermin)
of the code that runs on Fuel 9 nodes, whose Python is 2.7, and of the system tests, which
fuel-qa 9.x runs under Python 2.7."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from project import ROOT, VENV_BIN

# Code that runs under Python 2.7 somewhere: the helper scripts Puppet installs on nodes.
PYTHON27 = [ROOT / "deployment_scripts/puppet/modules/ceilometer_zookeeper/files"]
# The system tests (scenarios, checks, both backends and the runner) and the model they
# import: fuel-qa 9.x is Python 2.7; the local lab runs them under 3.11.
SYSTEM_TESTS = ROOT / "tests" / "system"
MODEL = ROOT / "tests" / "model"
# The lab's extension that Ceilometer 8.1.5 loads under Python 2.7 (the lab's pollster,
# discovery and notifier driver).
EXTENSION = ROOT / "tests" / "lab" / "ceilometer_ext"
# The lab's alarm maker, which aodh 2.0.6's Python 2.7 runs inside a node.
AODH_ALARMS = ROOT / "tests" / "lab" / "core" / "aodh-alarms.py"


def python27_sources() -> list[Path]:
    return sorted([*SYSTEM_TESTS.rglob("*.py"), *MODEL.rglob("*.py")])


def vermin(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "vermin"), "-t=2.7-", "-t=3.4-", "--no-tips", "--violations",
                           "--no-parse-comments", *map(str, paths)], capture_output=True, text=True)


def node_helpers() -> list[Path]:
    """The Python helpers Puppet installs on nodes: extensionless files, by their shebang."""
    return [f for d in PYTHON27 for f in sorted(d.iterdir()) if f.read_text().startswith("#!/usr/bin/env python")]


def ruff(*args: str) -> subprocess.CompletedProcess:
    # The node helpers have no .py ending: ruff skips them in a folder walk, so they are
    # named one by one (their per-file ignores in ruff.toml still apply by path).
    return subprocess.run([str(VENV_BIN / "ruff"), "check", *args, str(ROOT), *map(str, node_helpers())],
                          capture_output=True, text=True, cwd=ROOT)


def test_ruff_is_clean() -> None:
    result = ruff()
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_reads_every_python_file_it_is_meant_to() -> None:
    shown = {Path(line).resolve() for line in ruff("--show-files").stdout.split()}
    helpers = node_helpers()
    assert len(helpers) >= 4, helpers
    missed = [f for f in helpers if f.resolve() not in shown]
    assert missed == [], f"ruff does not check {missed}"


def test_node_side_python_is_valid_python27() -> None:
    files = node_helpers()
    assert files, "no Python helper found"
    result = vermin(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    for f in files:
        compile(f.read_text(), str(f), "exec")


def test_the_system_tests_and_the_model_are_valid_python27() -> None:
    files = python27_sources()
    assert len(files) >= 15 and any(f.parent == MODEL for f in files), files
    result = vermin(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_mitaka_agents_extension_is_valid_python27() -> None:
    files = [*sorted(EXTENSION.rglob("*.py")), AODH_ALARMS]
    assert len(files) >= 4 and (EXTENSION / "lab_samples.py").is_file() and AODH_ALARMS.is_file(), files
    result = vermin(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def python27() -> str | None:
    """A Python 2.7 interpreter, if this host has one (on PATH or under pyenv)."""
    candidates = ["python2.7", "python2", *map(str, Path.home().glob(".pyenv/versions/2.7*/bin/python2.7"))]
    for candidate in candidates:
        try:
            out = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2] == (2, 7))"],
                                 capture_output=True, text=True, timeout=30).stdout
        except OSError:
            continue
        if out.strip() == "True":
            return candidate
    return None


def test_the_system_tests_compile_under_a_real_python27() -> None:
    """Beyond vermin's verdict, where a Python 2.7 exists: it compiles every module."""
    interpreter = python27()
    if interpreter is None:
        pytest.skip("no Python 2.7 on this host (vermin's gate above still holds)")
    files = [str(f) for f in python27_sources()]
    code = "import sys\nfor f in sys.argv[1:]: compile(open(f).read(), f, 'exec')"
    result = subprocess.run([interpreter, "-c", code, *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", ['x = f"{1}"\n', "def f(*, a): pass\n", "print(x := 1)\n"])
def test_the_python27_gate_fails_on_python3_only_code(tmp_path: Path, code: str) -> None:
    (tmp_path / "new.py").write_text(code)
    assert vermin(tmp_path / "new.py").returncode != 0
