"""ceilometer-zookeeper-repair's decisions, run for real with stand-ins for what it asks:
the status command (a script printing a given JSON status) and Pacemaker's crm_node and
crm_resource (scripts that record their arguments). The lab runs it against the real
ones (tests/integration: a long ZooKeeper outage healed by the cron job)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from project import MODULE_FILES

HEALTHY = {"healthy": True, "exit_code": 0, "ensemble": {"healthy": True, "quorate": True}, "groups_error": None,
           "local": {"agent_running": True, "missing_from": []}}
OUTSIDE = {"healthy": False, "exit_code": 3, "ensemble": {"healthy": True, "quorate": True}, "groups_error": None,
           "local": {"agent_running": True, "missing_from": ["central-global"]}}
ENSEMBLE_DOWN = {"healthy": False, "exit_code": 1, "ensemble": {"healthy": False, "quorate": False},
                 "groups_error": None, "local": {"agent_running": True, "missing_from": ["central-global"]}}
# A controller lost: 2 of 3 servers serve, so the ensemble is not whole (exit 1) but quorate.
ONE_SERVER_LOST = {"healthy": False, "exit_code": 1, "ensemble": {"healthy": False, "quorate": True},
                   "groups_error": None, "local": {"agent_running": True, "missing_from": ["central-global"]}}


class Node:
    """A folder with the repair script, a stand-in status command and Pacemaker tools."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        shutil.copy(MODULE_FILES / "ceilometer-zookeeper-repair", root / "ceilometer-zookeeper-repair")
        self.calls = root / "calls"
        for tool in ("crm_node", "crm_resource"):
            script = self.bin / tool
            script.write_text(f"#!/bin/sh\necho {tool} \"$@\" >> {self.calls}\n"
                              f"[ {tool} = crm_node ] && echo node-2\nexit 0\n")
            script.chmod(0o755)
        self.state = root / "state" / "repair.json"

    def status(self, report: dict) -> None:
        script = self.root / "ceilometer-zookeeper-status"
        script.write_text(f"import sys\nprint({json.dumps(json.dumps(report))})\nsys.exit({report['exit_code']})\n")

    def repair(self, after: float = 60) -> subprocess.CompletedProcess:
        env = dict(os.environ, PATH=f"{self.bin}:{os.environ['PATH']}")
        return subprocess.run([sys.executable, str(self.root / "ceilometer-zookeeper-repair"), "--after", str(after),
                               "--state", str(self.state), "--timeout", "10"],
                              capture_output=True, text=True, env=env, timeout=60)

    def pacemaker_calls(self) -> list[str]:
        return self.calls.read_text().splitlines() if self.calls.exists() else []


@pytest.fixture
def node(tmp_path: Path) -> Node:
    return Node(tmp_path)


def test_a_healthy_agent_is_left_alone(node: Node) -> None:
    node.status(HEALTHY)
    result = node.repair()
    assert result.returncode == 0 and result.stdout == ""
    assert node.pacemaker_calls() == [] and not node.state.exists()


def test_an_agent_outside_its_group_is_restarted_only_after_the_grace(node: Node) -> None:
    node.status(OUTSIDE)
    first = node.repair(after=60)
    assert "restart in 60.0s if it stays out" in first.stdout
    assert node.pacemaker_calls() == []
    assert node.repair(after=60).returncode == 0 and node.pacemaker_calls() == []  # still in the grace
    restarted = node.repair(after=0)
    assert "asked Pacemaker to restart p_ceilometer-agent-central here: rc 0" in restarted.stdout
    assert node.pacemaker_calls() == ["crm_node --name",
                                      "crm_resource --fail --resource p_ceilometer-agent-central --node node-2"]
    # Back in its group: the failure the restart recorded is cleared, once.
    node.status(HEALTHY)
    back = node.repair()
    assert "cleared the failure" in back.stdout
    assert node.pacemaker_calls()[-1] == "crm_resource --refresh --resource p_ceilometer-agent-central --node node-2"
    assert not node.state.exists()
    assert node.repair().stdout == ""


def test_the_next_cron_run_restarts_even_if_it_starts_a_little_early(node: Node) -> None:
    """Cron's runs are a minute apart give or take a second, and the status command takes
    its time: a run that sees 58 s since the first sighting restarts the agent rather than
    leaving it idle for another minute."""
    node.status(OUTSIDE)
    node.repair(after=60)
    state = json.loads(node.state.read_text())
    state["since"] -= 58
    node.state.write_text(json.dumps(state))
    restarted = node.repair(after=60)
    assert "outside central-global for 58s; asked Pacemaker to restart" in restarted.stdout
    # The next run, the agent still outside: the grace starts again from the restart.
    assert "restart in 60.0s if it stays out" in node.repair(after=60).stdout
    assert len(node.pacemaker_calls()) == 2


def test_nothing_is_restarted_while_the_ensemble_is_not_healthy(node: Node) -> None:
    node.status(ENSEMBLE_DOWN)
    for _ in range(2):
        assert node.repair(after=0).returncode == 0
    assert node.pacemaker_calls() == [] and not node.state.exists()


def test_no_status_is_an_error_and_changes_nothing(node: Node) -> None:
    (node.root / "ceilometer-zookeeper-status").write_text("import sys\nprint('boom')\nsys.exit(2)\n")
    result = node.repair(after=0)
    assert result.returncode == 1 and "no status (rc 2): boom" in result.stdout
    assert node.pacemaker_calls() == []


def test_an_agent_outside_its_group_is_restarted_while_a_controller_is_lost(node: Node) -> None:
    """With one server of three down the ensemble keeps a quorum: an agent whose session
    expired in the election is repaired all the same (seen in the lab: a silent cut of the
    leader's controller, a survivor outside its group, never restarted)."""
    node.status(ONE_SERVER_LOST)
    assert "restart in 0.0s if it stays out" in node.repair(after=0).stdout
    restarted = node.repair(after=0)
    assert "asked Pacemaker to restart p_ceilometer-agent-central here: rc 0" in restarted.stdout
