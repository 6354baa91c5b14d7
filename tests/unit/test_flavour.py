"""The RPM's flavour (PLUGIN_TARGET): the lab installs only the lab flavour, and the Makefile
passes the flavour to the build (lab, test and bench ask for the lab one)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from lab.errors import LabError
from lab.master import FLAVOUR_FILE, check_flavour
from project import ROOT, RPM


def extracted_plugin(tmp_path: Path, flavour: str | None) -> Path:
    """A plugin root as the lab unpacks it from the RPM: metadata and, maybe, the flavour."""
    root = tmp_path / "var/www/nailgun/plugins/ceilometer-zookeeper-1.0"
    root.mkdir(parents=True)
    (root / "metadata.yaml").write_text((ROOT / "metadata.yaml").read_text())
    if flavour is not None:
        (root / FLAVOUR_FILE).write_text(f"{flavour}\n")
    return root


def test_the_lab_installs_the_lab_flavour(tmp_path: Path) -> None:
    check_flavour(extracted_plugin(tmp_path, "lab"), RPM)


def test_the_lab_refuses_a_fuel9_rpm_and_says_how_to_build_its_own(tmp_path: Path) -> None:
    with pytest.raises(LabError) as refused:
        check_flavour(extracted_plugin(tmp_path, "fuel9"), RPM)
    message = str(refused.value)
    assert f"{RPM} is the fuel9 flavour (packages for Fuel 9 nodes (Ubuntu 14.04))" in message
    assert "PLUGIN_TARGET=lab make build" in message


@pytest.mark.parametrize("flavour", [None, "", "debian"])
def test_the_lab_refuses_an_rpm_of_no_known_flavour(tmp_path: Path, flavour: str | None) -> None:
    with pytest.raises(LabError, match="PLUGIN_TARGET=lab make build"):
        check_flavour(extracted_plugin(tmp_path, flavour), RPM)


def make_dry_run(*args: str, env: dict[str, str] | None = None) -> str:
    """What `make -n` would run (nothing runs)."""
    result = subprocess.run(["make", "-n", "-C", str(ROOT), *args], capture_output=True, text=True,
                            env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def stamped(dry_run: str) -> str:
    """The flavour the dry run writes to the Makefile's stamp (the RPM's flavour)."""
    line = next(line for line in dry_run.splitlines() if "> .cache/plugin-target" in line)
    return line.split("echo ")[1].split()[0].strip('"')


@pytest.mark.parametrize(("args", "environment", "flavour"), [
    (["build"], {}, "fuel9"),
    (["build"], {"PLUGIN_TARGET": "lab"}, "lab"),
    (["build", "PLUGIN_TARGET=lab"], {}, "lab"),
    (["lab"], {}, "lab"),
    (["test"], {}, "lab"),
    (["bench"], {"PLUGIN_TARGET": "fuel9"}, "lab"),
])
def test_the_makefile_passes_the_flavour(args: list[str], environment: dict[str, str], flavour: str) -> None:
    # Nothing of an enclosing make (`make test` exports PLUGIN_TARGET=lab) may leak in.
    outer = {"PLUGIN_TARGET", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}
    env = {k: v for k, v in os.environ.items() if k not in outer} | environment
    assert stamped(make_dry_run(*args, env=env)) == flavour


def test_the_makefile_names_the_rpm_fpb_builds() -> None:
    """The Makefile's RPM is the name fpb gives (read from metadata.yaml in project.py)."""
    declared = [line.split(":=", 1)[1].strip() for line in (ROOT / "Makefile").read_text().splitlines()
                if line.startswith("RPM :=")]
    assert declared == [RPM.name]
