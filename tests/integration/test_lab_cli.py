"""The lab's CLI on bad input and on a failed deployment: clear errors, nothing left."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab import control, nodes
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


def test_up_removes_the_empty_namespaces_of_a_lab_whose_processes_are_gone(lab_dir: Path) -> None:
    """A session stopped with a lab up: its processes were ended from outside, its named
    namespaces stayed (CI saw every lab test refused with 'another lab is running')."""
    leftovers = [nodes.BRIDGE_NS, nodes.CLIENT_NS, nodes.NS_PREFIX + "node-1"]
    for ns in leftovers:
        nodes.sh("ip", "netns", "add", ns)
    result = lab_cli("up", "--rpm", "/nonexistent.rpm")
    assert "removed the empty namespaces of a lab whose processes are gone" in result.stdout, result.stdout
    assert "run `make build` first" in result.stderr
    assert nodes.lab_namespaces() == []


def test_up_leaves_a_namespace_that_holds_a_process_alone(lab_dir: Path) -> None:
    """A namespace with a live process is a running lab (another LAB_DIR's): never removed."""
    ns = nodes.NS_PREFIX + "node-1"
    nodes.sh("ip", "netns", "add", ns)
    holder = subprocess.Popen(["ip", "netns", "exec", ns, "sleep", "60"])
    try:
        result = lab_cli("up", "--rpm", "/nonexistent.rpm")
        assert result.returncode == 1
        assert "another lab is running" in result.stderr, result.stderr
        assert ns in nodes.lab_namespaces()
    finally:
        holder.kill()
        holder.wait()
        nodes.delete_namespace(ns)
        nodes.wait_namespaces_gone({ns})


def test_going_below_three_controllers_is_refused_with_a_message(lab_dir: Path, built_rpm: Path) -> None:
    """3 -> 2 controllers would skip every plugin task and leave the ensemble, the clone
    and a backend_url naming the removed controller behind: the deployment fails, saying
    why, on the controllers that ran the ensemble."""
    control.up(control.Options(controllers=3, computes=0, resources=10, interval=5), built_rpm)
    with pytest.raises(DeployError) as failure:
        control.redeploy(2, {}, None, None)
    assert "ceilometer-zookeeper-not-ha" in str(failure.value)
    assert "The plugin cannot be taken below 3 controllers: keep 3 or more." in str(failure.value)
