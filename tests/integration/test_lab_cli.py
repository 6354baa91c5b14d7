"""The lab's CLI on bad input and on a failed deployment: clear errors, nothing left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab import control, nodes, observe
from lab import state as lab_state
from lab.errors import DeployError
from lab.options import Options
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
    options = Options(controllers=3, computes=0, resources=10, interval=5,
                              settings={"zookeeper_client_port": "35357"})
    with pytest.raises(DeployError) as failure:
        control.up(options, built_rpm)
    assert "ceilometer-zookeeper-check" in str(failure.value)
    assert "(zookeeper_client_port) 35357 is already used by Keystone admin" in str(failure.value)
    pids = [r.init_pid for r in lab_state.load().nodes.values()]
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
    control.up(Options(controllers=3, computes=0, resources=10, interval=5), built_rpm)
    with pytest.raises(DeployError) as failure:
        control.redeploy(2, {}, None, None)
    assert "ceilometer-zookeeper-check" in str(failure.value)
    assert "The plugin cannot be taken below 3 controllers: keep 3 or more." in str(failure.value)


# Reads every coordination group's members through one ZooKeeper server only (with the
# kazoo the plugin installs on the node, from the agents' Python 2.7): {group: [member, ...]}
# as JSON.
GROUPS_THROUGH = """
import json, sys
from kazoo.client import KazooClient
client = KazooClient(hosts=sys.argv[1], read_only=False)
client.start(timeout=15)
client.sync("/tooz")
print(json.dumps({g: sorted(client.get_children("/tooz/" + g)) for g in sorted(client.get_children("/tooz"))}))
client.stop()
"""


def groups_through(handle: nodes.NodeHandle, server: str) -> dict[str, list[str]]:
    result = handle.run(f"{control.CEILOMETER_VENV}/bin/python -c '{GROUPS_THROUGH}' {server}", timeout=60)
    assert result.returncode == 0, f"reading the groups through {server}: {result.stderr[-800:]}"
    return json.loads(result.stdout)


def test_a_controller_added_back_under_its_old_id_rejoins_as_an_empty_server(lab_dir: Path, built_rpm: Path) -> None:
    """The ZooKeeper server id is the Fuel node id. Fuel gives a deleted node a new id,
    but a node keeps its id through an environment reset or a failed removal, and the lab
    gives a removed controller's id to the next one it adds: that controller comes back
    under its old server id with an erased disk, and must sync from the ensemble as a
    follower (not disturb it), with a session of its own for its agent."""
    control.up(Options(controllers=3, computes=0, resources=30, interval=5), built_rpm)
    control.redeploy(4, {}, None, None)
    state = lab_state.load()
    handles = state.handles()
    first = state.env.node("node-4")
    marker = "/var/lib/zookeeper/left-by-the-first-node-4"
    assert handles["node-4"].run(f"touch {marker}").returncode == 0
    control.redeploy(3, {}, None, None)
    assert "node-4" not in lab_state.load().nodes
    control.redeploy(4, {}, None, None)

    state = lab_state.load()
    env = state.env
    handles = state.handles()
    back = env.node("node-4")
    assert back.address == first.address, "the lab must give node-4 its old id and address back"
    assert handles["node-4"].run(f"test -e {marker}").returncode == 1, "node-4 came back with its old disk"
    assert handles["node-4"].run("cat /var/lib/zookeeper/myid").stdout.strip() == "4"
    for node in env.controllers:
        listed = observe.zoo_cfg_servers(handles[node.name])
        assert listed == sorted((str(n.uid), n.address) for n in env.controllers), f"{node.name}: {listed}"

    status = observe.wait_for(lambda s: len(s.leaders) == 1 and len(s.followers) == 3 and s.partition_ok()
                              and len(s.shares) == 4, timeout=180)
    assert status.zookeeper["node-4"] == "follower", status.zookeeper
    assert status.partition_ok() and sorted(status.shares) == [n.name for n in env.controllers], observe.render(status)
    # Through node-4's own server the groups are those the leader serves: it synced.
    port = str(env.settings.get("zookeeper_client_port", "2181"))
    leader = env.node(status.leaders[0])
    through_leader = groups_through(handles["node-4"], f"{leader.address}:{port}")
    assert groups_through(handles["node-4"], f"{back.address}:{port}") == through_leader
    assert max(len(members) for members in through_leader.values()) == 4, through_leader
    # Every agent holds a session of its own (a session id whose server byte collided
    # would be shared).
    sessions = observe.agent_sessions(handles["node-1"])
    assert sorted(sessions) == [n.name for n in env.controllers], sessions
    assert all(len(held) == 1 for held in sessions.values()), sessions
    assert sum(len(held) for held in sessions.values()) == len(set().union(*sessions.values())), sessions
