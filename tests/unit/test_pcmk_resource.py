"""pcmk-resource fails closed and in bounded time, run for real with stand-ins for
Pacemaker's tools (scripts first on the PATH): an unreadable CIB is an error, never
"nothing to restart", and a hung tool is killed after --call-timeout. The lab runs it
against the real Pacemaker (its clone race, the agents task)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from project import MODULE_FILES

PCMK = MODULE_FILES / "pcmk-resource"


def tools(tmp_path: Path, **scripts: str) -> dict[str, str]:
    """An environment whose PATH starts with stand-ins: {tool: shell body}."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in scripts.items():
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)
    return dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")


def pcmk(env: dict[str, str], *args: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(PCMK), *args], capture_output=True, text=True, env=env, timeout=60)
    return result, time.monotonic() - started


@pytest.mark.parametrize("command", [["restart-local", "p_ceilometer-agent-central", "ceilometer-agent-central"],
                                     ["wait-local", "p_ceilometer-agent-central"],
                                     ["clone", "p_ceilometer-agent-central", "clone_p_ceilometer-agent-central"]])
def test_an_unreadable_cib_is_an_error(tmp_path: Path, command: list[str]) -> None:
    refusal = "echo 'Could not connect to the CIB: Transport endpoint is not connected' >&2; exit 107"
    env = tools(tmp_path, cibadmin=refusal)
    result, _ = pcmk(env, *command)
    assert result.returncode != 0, result.stdout
    assert "cibadmin --query failed (rc 107): Could not connect to the CIB" in result.stderr
    assert "nothing to restart" not in result.stdout


def test_a_hung_tool_is_killed_after_the_call_timeout(tmp_path: Path) -> None:
    env = tools(tmp_path, cibadmin="exec sleep 30")
    result, took = pcmk(env, "--call-timeout", "2", "restart-local", "p_ceilometer-agent-central",
                        "ceilometer-agent-central")
    assert result.returncode != 0
    assert "cibadmin --query did not finish within 2.0s" in result.stderr
    assert took < 10, f"took {took:.1f} s"


CLONED_CIB = ("<cib epoch='3' num_updates='0' admin_epoch='0'><configuration><resources>"
              "<clone id='clone_p_ceilometer-agent-central'><primitive id='p_ceilometer-agent-central' "
              "class='ocf' provider='fuel' type='ceilometer-agent-central'/></clone>"
              "</resources><constraints/></configuration><status/></cib>")


def test_wait_local_clears_a_start_failure_with_refresh_once(tmp_path: Path) -> None:
    """An instance kept off this node by a start that failed before the node was
    configured: wait-local clears its history once, with --refresh (Pacemaker 2.x's
    --cleanup passes over a "not installed" start in an opt-in cluster; 1.1.14 takes
    --refresh as --cleanup), and then finds it running."""
    calls = tmp_path / "calls"
    cleared = tmp_path / "cleared"
    crm_resource = f"""echo "crm_resource $*" >> {calls}
case "$*" in
  *--refresh*) touch {cleared} ;;
  *--locate*) echo " resource clone_p_ceilometer-agent-central is running on: node-1"
              [ -e {cleared} ] && echo " resource clone_p_ceilometer-agent-central is running on: node-4" ;;
esac
exit 0"""
    env = tools(tmp_path, cibadmin=f'echo "{CLONED_CIB}"', crm_node="echo node-4", crm_resource=crm_resource,
                crm_mon="echo 'Online: [ node-1 node-4 ]'")
    result, _ = pcmk(env, "wait-local", "p_ceilometer-agent-central", "--timeout", "40")
    assert result.returncode == 0, result.stderr
    assert "clone_p_ceilometer-agent-central runs on node-4" in result.stdout
    clears = [c for c in calls.read_text().splitlines() if "--locate" not in c]
    assert clears == ["crm_resource --refresh --resource clone_p_ceilometer-agent-central --node node-4"]
