"""The lab's CLI on bad input and on a failed deployment: clear errors, nothing left."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab import control, nodes, recorded
from lab import state as lab_state
from lab.errors import DeployError
from project import ROOT


@pytest.fixture
def lab_dir() -> Iterator[Path]:
    path = ROOT / ".lab-tests" / "cli"
    os.environ["LAB_DIR"] = str(path)
    yield path
    control.down()


def lab_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
    return subprocess.run([sys.executable, "-m", "lab", *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("args,message", [
    (["--controllers", "0"], "--controllers must be from 1 to 9, got 0"),
    (["--resources", "0"], "--resources must be from 1 to 20000"),
    (["--set", "no_such_setting=1"], "--set no_such_setting: unknown setting"),
    (["--set", "novalue"], "--set takes KEY=VALUE"),
    (["--rpm", "/nonexistent.rpm"], "run `make build` first"),
])
def test_bad_options_say_what_to_fix_and_create_nothing(lab_dir: Path, args: list[str], message: str) -> None:
    result = lab_cli("up", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert not lab_dir.exists()
    assert nodes.lab_namespaces() == []


def test_a_failed_deployment_names_the_setting_and_down_cleans_up(lab_dir: Path, built_rpm: Path) -> None:
    options = control.Options(controllers=3, computes=0, resources=10, interval=5,
                              settings={"zookeeper_client_port": "35357"})
    with pytest.raises(DeployError) as failure:
        control.up(options, built_rpm)
    assert "ceilometer-zookeeper-check" in str(failure.value)
    assert "(zookeeper_client_port) 35357 is already used by Keystone admin" in str(failure.value)
    pids = [info["init_pid"] for info in lab_state.load()["nodes"].values()]
    control.down()
    assert nodes.lab_namespaces() == []
    assert not lab_dir.exists()
    assert not [p for p in pids if nodes.pid_alive(p)]


def test_outside_ha_the_plugin_changes_nothing_and_says_why(lab_dir: Path, built_rpm: Path) -> None:
    report = control.up(control.Options(controllers=1, computes=0, resources=10, interval=5), built_rpm)
    plugin = {r.step.task: r.status for r in report.results if r.step.task.startswith("ceilometer-zookeeper")}
    assert plugin.pop("ceilometer-zookeeper-not-ha") == "ok"
    assert set(plugin.values()) == {"skipped"}, plugin
    log = (lab_dir / "logs/tasks/node-1/ceilometer-zookeeper-not-ha.log").read_text()
    assert "acts only with 3 or more controllers" in log
    handle = recorded.handles(lab_state.load())["node-1"]
    conf = handle.run("cat /etc/ceilometer/ceilometer.conf").stdout
    assert "backend_url" not in conf
    # The packaged zoo.cfg stays as shipped: no ensemble was rendered.
    assert handle.run("grep -q '^server\\.' /etc/zookeeper/conf/zoo.cfg").returncode != 0
