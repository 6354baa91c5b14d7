"""pcmk-resource fails closed and in bounded time, run for real with stand-ins for
Pacemaker's tools (scripts first on the PATH): an unreadable CIB is an error, never
"nothing to restart", and a hung tool is killed after --call-timeout. wait-local runs in
this process on a fake clock, with the same stand-ins. The CIB transform of `clone` has
its own tests (test_pcmk_cloned.py); the lab runs the script against the real Pacemaker
(its clone race, the agents task)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from project import MODULE_FILES, load_module_file

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
    result, took = pcmk(env, "--call-timeout", "0.5", "restart-local", "p_ceilometer-agent-central",
                        "ceilometer-agent-central")
    assert result.returncode != 0
    assert "cibadmin --query did not finish within 0.5s" in result.stderr
    assert took < 10, f"took {took:.1f} s"


CLONED_CIB = ("<cib epoch='3' num_updates='0' admin_epoch='0'><configuration><resources>"
              "<clone id='clone_p_ceilometer-agent-central'><primitive id='p_ceilometer-agent-central' "
              "class='ocf' provider='fuel' type='ceilometer-agent-central'/></clone>"
              "</resources><constraints/></configuration><status/></cib>")


class Clock:
    """time.time and time.sleep for the script: a sleep moves the clock on at once."""

    def __init__(self) -> None:
        self.start = self.now = 1_000_000.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_wait_local_clears_a_start_failure_with_refresh_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """An instance kept off this node by a start that failed before the node was
    configured: after 10 s of waiting, wait-local clears its history once, with --refresh
    (Pacemaker 2.x's --cleanup passes over a "not installed" start in an opt-in cluster;
    1.1.14 takes --refresh as --cleanup), and then finds it running."""
    cleared = tmp_path / "cleared"
    crm_resource = f"""case "$*" in
  *--refresh*) touch {cleared} ;;
  *--locate*) echo " resource clone_p_ceilometer-agent-central is running on: node-1"
              [ -e {cleared} ] && echo " resource clone_p_ceilometer-agent-central is running on: node-4" ;;
esac
exit 0"""
    env = tools(tmp_path, cibadmin=f'echo "{CLONED_CIB}"', crm_node="echo node-4", crm_resource=crm_resource,
                crm_mon="echo 'Online: [ node-1 node-4 ]'")
    monkeypatch.setenv("PATH", env["PATH"])
    script = load_module_file("pcmk-resource")
    clock = Clock()
    monkeypatch.setattr(script, "time", clock)
    calls: list[tuple[float, list[str]]] = []  # (seconds since the start, command)
    run_full = script.run_full

    def recorded(cmd: list[str], timeout: float | None = None) -> tuple[int, str, str]:
        calls.append((clock.now - clock.start, cmd))
        return run_full(cmd, timeout)

    monkeypatch.setattr(script, "run_full", recorded)
    assert script.main(["wait-local", "p_ceilometer-agent-central", "--timeout", "40"]) == 0
    assert "clone_p_ceilometer-agent-central runs on node-4" in capsys.readouterr().out
    clears = [(at, cmd) for at, cmd in calls if cmd[0] == "crm_resource" and "--locate" not in cmd]
    assert [cmd for _, cmd in clears] == [
        ["crm_resource", "--refresh", "--resource", "clone_p_ceilometer-agent-central", "--node", "node-4"]]
    [(cleared_at, _)] = clears
    assert 10 < cleared_at <= 12, f"cleared after {cleared_at} s of waiting"
    looked = [at for at, cmd in calls if "--locate" in cmd]
    assert looked[-1] - cleared_at <= 1, "found running at the first look after the clearing"


def test_restart_local_bridges_ahead_and_again_as_soon_as_the_instance_runs_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The bridge starts ahead of the ban (its first pass does not wait for the restart),
    and `start` runs again once this node's instance runs, before crm_resource --wait has
    seen every other node's pending actions settle (20 s here): should the bridge started
    ahead be gone, an agent left unbridged for a polling interval gets none (its plan)."""
    cleared = tmp_path / "cleared"
    crm_resource = f"""case "$*" in
  *--clear*) touch {cleared} ;;
  *--locate*) if [ -e {cleared} ] || [ ! -e {tmp_path / "banned"} ]; then
                echo " resource clone_p_ceilometer-agent-central is running on: node-1"; fi ;;
  *--ban*) touch {tmp_path / "banned"} ;;
esac
exit 0"""
    env = tools(tmp_path, cibadmin=f'echo "{CLONED_CIB}"', crm_node="echo node-1", crm_resource=crm_resource,
                pgrep="echo 4242", ps="echo '      1'")
    monkeypatch.setenv("PATH", env["PATH"])
    script = load_module_file("pcmk-resource")
    clock = Clock()
    monkeypatch.setattr(script, "time", clock)
    events: list[tuple[float, str]] = []  # (seconds since the start, what)
    run_full = script.run_full

    def recorded(cmd: list[str], timeout: float | None = None) -> tuple[int, str, str]:
        if cmd[:2] == ["crm_resource", "--wait"]:
            events.append((clock.now - clock.start, "wait"))
            clock.sleep(20)
        elif cmd[:2] == ["crm_resource", "--clear"]:
            events.append((clock.now - clock.start, "clear"))
        return run_full(cmd, timeout)

    def bridge(pattern: str, config: str, service: str, ahead: bool = False) -> int:
        events.append((clock.now - clock.start, "bridge ahead" if ahead else "bridge"))
        return 0

    monkeypatch.setattr(script, "run_full", recorded)
    monkeypatch.setattr(script, "start_bridge", bridge)
    assert script.main(["restart-local", P, "ceilometer-agent-central", "--bridge-process", "ceilometer-polling",
                        "--bridge-config", "/etc/ceilometer/ceilometer.conf"]) == 0
    assert [what for _, what in events] == ["bridge ahead", "wait", "clear", "bridge", "wait"]
    assert events[3][0] - events[2][0] <= 1, events
    assert "started on node-1" in capsys.readouterr().out


PRIMITIVE_CIB = ("<cib epoch='3' num_updates='7' admin_epoch='0'><configuration><resources>"
                 "<primitive id='p_ceilometer-agent-central' class='ocf' provider='fuel' "
                 "type='ceilometer-agent-central'/>"
                 "</resources><constraints><rsc_location id='p_ceilometer-agent-central-on-node-1' "
                 "rsc='p_ceilometer-agent-central' node='node-1' score='100'/></constraints></configuration>"
                 "<status/></cib>")
P = "p_ceilometer-agent-central"


def test_restart_local_clones_only_leaves_a_primitive_alone(tmp_path: Path) -> None:
    """Still active/passive: no ban that could move the agent to a controller whose
    configuration is not written yet."""
    calls = tmp_path / "calls"
    env = tools(tmp_path, cibadmin=f'echo "{PRIMITIVE_CIB}"', crm_node="echo node-1",
                crm_resource=f'echo "crm_resource $*" >> {calls}; '
                             'echo " resource p_ceilometer-agent-central is running on: node-1"')
    result, _ = pcmk(env, "restart-local", P, "ceilometer-agent-central", "--clones-only")
    assert result.returncode == 0, result.stderr
    assert "not cloned yet" in result.stdout
    assert not calls.exists() or "--ban" not in calls.read_text()


@pytest.mark.parametrize(("age", "stale"), [(30, False), (500, True)])
def test_restart_stale_compares_the_process_with_its_configuration(tmp_path: Path, age: int, stale: bool) -> None:
    config = tmp_path / "ceilometer.conf"
    config.write_text("[coordination]\n")
    written = time.time() - 100
    os.utime(config, (written, written))
    env = tools(tmp_path, pgrep="echo 4242", ps=f"echo {age}")
    result, _ = pcmk(env, "restart-stale", P, "ceilometer-agent-central", "--process", "bin/ceilometer-polling",
                     "--config", str(config), "--check")
    assert result.returncode == (1 if stale else 0), result.stdout + result.stderr
    assert ("before" in result.stdout) == stale


def agent_patterns() -> dict[str, str]:
    params = (MODULE_FILES.parent / "manifests" / "params.pp").read_text()
    return dict(re.findall(r"\$(\w+_process)\s*= '([^']+)'", params))


@pytest.mark.parametrize(("command", "central"), [
    ("/usr/bin/python /usr/bin/ceilometer-polling --polling-namespaces central --config-file x", True),
    ("/srv/.venv-ceilometer/bin/ceilometer-polling --polling-namespaces central --config-file x", True),
    ("/usr/bin/python /usr/bin/ceilometer-agent-central --config-file x", True),
    ("/usr/bin/python /usr/bin/ceilometer-polling --polling-namespaces compute", False),
    ("/bin/sh /usr/lib/ocf/resource.d/fuel/ceilometer-agent-central start", False),
    ("python pcmk-resource restart-stale p ceilometer-agent-central --process "
     "'[b]in/ceilometer-(agent-central|polling .*--polling-namespaces[ =]central)'", False),
])
def test_the_central_agent_pattern_finds_the_central_agent_only(command: str, central: bool) -> None:
    """restart-stale compares this process's age with ceilometer.conf: not a compute
    agent's on a controller that is also a compute, not a command line quoting it."""
    assert bool(re.search(agent_patterns()["central_agent_process"], command)) == central


def test_the_evaluator_pattern_does_not_find_a_command_line_quoting_it() -> None:
    pattern = agent_patterns()["alarm_evaluator_process"]
    assert re.search(pattern, "/usr/bin/python /usr/bin/aodh-evaluator --config-file /etc/aodh/aodh.conf")
    assert not re.search(pattern, "pcmk-resource restart-stale p aodh-evaluator --process '[b]in/aodh-evaluator'")
