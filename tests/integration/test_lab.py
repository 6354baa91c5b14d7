"""The lab itself, end to end: brought up with the plugin's RPM, its two records of who
polled what agree, its CLI shows the result, its Pacemaker is opt-in as Fuel's, a
clone race against real Pacemaker, another LAB_DIR's `down` leaves it alone, and its own
`down` leaves nothing behind. What the plugin does in an environment (ZooKeeper, the
firewall, partitioning, failures, redeploys, scaling, settings) is checked by the system
scenarios in tests/system, which test_system_local.py runs on the local lab."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import labs
import pytest
from lab import nodes, observe
from lab import state as lab_state
from lab.options import Options
from model import meters, stacks
from project import ROOT

INTERVAL = 6
POLLED_RESOURCES = 120  # the lab's own; the stand-in cloud's are polled beside them


def lab_cli(*args: str, timeout: float = 600, lab_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
    if lab_dir is not None:
        env["LAB_DIR"] = str(lab_dir)
    return subprocess.run([sys.executable, "-m", "lab", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def partitioned(status: observe.Status) -> bool:
    return status.partition_ok() and len(status.shares) == 3


@pytest.fixture(scope="module")
def lab(built_rpm: Path) -> Iterator[dict[str, Any]]:
    with labs.brought_up("lab", Options(controllers=3, computes=1, resources=POLLED_RESOURCES, interval=INTERVAL),
                         built_rpm) as lab:
        yield lab


def test_controllers_cloning_a_primitive_at_once_all_succeed(lab: dict) -> None:
    # The agents task runs on every controller at once: each tries the one CIB patch
    # that turns the primitive into a clone; one applies, the others must read the CIB
    # again and succeed. Two racers per controller, started together, over a few rounds.
    handles = lab_state.load().handles()
    pcmk = "python3 /usr/local/lib/ceilometer-zookeeper/pcmk-resource"
    for round_ in range(3):
        primitive = f"p_lab_race{round_}"
        xml = f'<primitive id="{primitive}" class="ocf" provider="pacemaker" type="Dummy"/>'
        handles["node-1"].run(f"cibadmin --create -o resources --xml-text '{xml}'", check=True)
        start = time.time_ns() + 1_500_000_000
        racers = [subprocess.Popen([*handles[n].nsenter(), "/bin/sh", "-c",
                                    f"while [ $(date +%s%N) -lt {start} ]; do :; done; "
                                    f"{pcmk} clone {primitive} clone_{primitive}"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                  for n in ("node-1", "node-2", "node-3") * 2]
        outputs = [(r.wait(timeout=120), r.stdout.read() if r.stdout else "") for r in racers]
        try:
            assert [rc for rc, _ in outputs] == [0] * 6, outputs
            assert sum("is now clone" in out for _, out in outputs) == 1, outputs
            path = f"//clone[@id='clone_{primitive}']/primitive[@id='{primitive}']"
            assert handles["node-2"].run(f'cibadmin --query --xpath "{path}"').returncode == 0
        finally:
            handles["node-1"].run(f"cibadmin --delete --xml-text '<clone id=\"clone_{primitive}\"/>'; "
                                  f"cibadmin --delete --xml-text '<primitive id=\"{primitive}\"/>'")


def test_cloning_keeps_every_cib_change_made_meanwhile(lab: dict) -> None:
    """The clone step is a patch applied only to the CIB version it read: bans,
    constraints and resources written by others while controllers clone are all kept.
    (A whole-CIB replace with a raised epoch dropped them: a change made in between has
    the same epoch and a lower num_updates, so the replace was accepted over it.)"""
    handles = lab_state.load().handles()
    pcmk = "python3 /usr/local/lib/ceilometer-zookeeper/pcmk-resource"
    dummy = '<primitive id="{0}" class="ocf" provider="pacemaker" type="Dummy"/>'
    for round_ in range(3):
        primitive, other = f"p_lab_cas{round_}", f"p_lab_other{round_}"
        for rid in (primitive, other):
            handles["node-1"].run(f"cibadmin --create -o resources --xml-text '{dummy.format(rid)}'", check=True)
        start = time.time_ns() + 1_500_000_000
        wait = f"while [ $(date +%s%N) -lt {start} ]; do :; done; "
        # Writers: 10 location constraints, 10 primitives and a ban, spread over 2 s.
        writes = [f"cibadmin --create -o constraints --xml-text '<rsc_location id=\"lab-cas{round_}-{i}\" "
                  f"rsc=\"{other}\" node=\"node-3\" score=\"{i}\"/>'" for i in range(10)]
        writes += [f"cibadmin --create -o resources --xml-text '{dummy.format(f'p_lab_new{round_}_{i}')}'"
                   for i in range(10)]
        writes.append(f"crm_resource --ban --resource {other} --node node-2")
        writer = wait + "; sleep 0.1; ".join(writes)
        jobs = [(n, f"{wait}{pcmk} clone {primitive} clone_{primitive}") for n in ("node-1", "node-2", "node-3")]
        jobs += [("node-2", writer)]
        procs = [subprocess.Popen([*handles[n].nsenter(), "/bin/sh", "-c", cmd], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True) for n, cmd in jobs]
        outputs = [(p.wait(timeout=180), p.stdout.read() if p.stdout else "") for p in procs]
        try:
            assert [rc for rc, _ in outputs] == [0] * len(jobs), outputs
            xml = handles["node-3"].run("cibadmin --query --scope configuration").stdout
            assert f'<clone id="clone_{primitive}"' in xml
            lost = [f"lab-cas{round_}-{i}" for i in range(10) if f'id="lab-cas{round_}-{i}"' not in xml]
            lost += [f"p_lab_new{round_}_{i}" for i in range(10) if f'id="p_lab_new{round_}_{i}"' not in xml]
            lost += [] if f"cli-ban-{other}-on-node-2" in xml else [f"cli-ban-{other}-on-node-2"]
            assert lost == [], f"CIB changes lost while cloning: {lost}"
        finally:
            cleanup = [f"crm_resource --clear --resource {other}"]
            cleanup += [f"cibadmin --delete --xml-text '<rsc_location id=\"lab-cas{round_}-{i}\"/>'" for i in range(10)]
            cleanup += [f"cibadmin --delete --xml-text '<primitive id=\"p_lab_new{round_}_{i}\"/>'" for i in range(10)]
            cleanup += [f"cibadmin --delete --xml-text '<clone id=\"clone_{primitive}\"/>'",
                        f"cibadmin --delete --xml-text '<primitive id=\"{primitive}\"/>'",
                        f"cibadmin --delete --xml-text '<primitive id=\"{other}\"/>'"]
            handles["node-1"].run("; ".join(cleanup))


def pauses(times: list[float], gap: float) -> list[float]:
    """The middles of the pauses of at least `gap` seconds between time stamps, in order:
    moments at which an agent was not in the middle of a cycle."""
    ordered = sorted(times)
    return [(a + b) / 2 for a, b in pairwise(ordered) if b - a >= gap]


def test_the_api_log_agrees_with_the_agents_samples(lab: dict) -> None:
    """The lab's two records of who polled what (each agent's samples of the lab's meter,
    the resource API's request log) tell the same story; the system scenarios read the
    samples."""
    status = observe.wait_for(partitioned, timeout=stacks.settle_cycles() * INTERVAL + 30, interval=1)
    assert partitioned(status), observe.render(status)
    # Each agent's last whole cycle, as both records tell it: the entries between the
    # agent's last two pauses. Read at different times, one record may hold a cycle the
    # other has not finished yet; a pause on either side of the cycle makes that moot.
    # Each agent's own pauses: the agents' cycles overlap, so on a slow machine all of
    # them together may never pause. Three intervals hold at least two pauses per agent.
    settled = time.time()
    time.sleep(3 * INTERVAL)
    env = lab_state.load().env
    samples = {n.name: [e for e in observe.read_samples(n.name, settled) if e["meter"] == meters.LAB_METER]
               for n in env.controllers}
    requests = observe.api_requests(settled)
    by_address = {n.address: n.name for n in env.controllers}
    api: dict[str, list[dict[str, Any]]] = {name: [] for name in samples}
    for entry in requests:
        if entry["client"] in by_address:
            api[by_address[entry["client"]]].append(entry)
    from_samples, from_api = {}, {}
    for name, own in samples.items():
        found = pauses([e["at"] for e in own + api[name]], gap=1.0)
        assert len(found) >= 2, f"{name}: fewer than two pauses in {3 * INTERVAL} s"
        start, end = found[-2:]
        from_samples[name] = sorted(e["resource"] for e in own if start < e["at"] <= end)
        from_api[name] = sorted(e["resource"] for e in api[name] if start < e["at"] <= end)
    assert from_api == from_samples
    covered = set().union(*from_api.values())
    assert len(covered) == POLLED_RESOURCES and sum(map(len, from_api.values())) == POLLED_RESOURCES


def test_status_command_shows_the_result(lab: dict) -> None:
    result = lab_cli("status")
    assert result.returncode == 0, result.stderr
    assert "ZooKeeper: 1 leader, 2 follower(s)" in result.stdout
    assert "clone_p_ceilometer-agent-central" in result.stdout
    assert "running on node-1, node-2, node-3" in result.stdout
    assert "central-global" in result.stdout
    owed = len(meters.expected(POLLED_RESOURCES))
    together = f"together: {owed} of {owed} covered, 0 polled twice"
    assert f"{together} -> disjoint and complete" in result.stdout


def test_the_cluster_is_opt_in_as_on_fuel(lab: dict) -> None:
    """The lab's cluster stand-in sets Fuel 9's cluster properties (the location
    constraints it writes per controller are checked by the system scenarios)."""
    handle = lab_state.load().handles()["node-1"]
    for prop, value in (("symmetric-cluster", "false"), ("start-failure-is-fatal", "false")):
        got = handle.run(f"crm_attribute --type crm_config --name {prop} --query --quiet").stdout.strip()
        assert got == value, f"{prop}={got}"


def test_down_for_another_lab_dir_leaves_this_lab_alone(lab: dict, tmp_path: Path) -> None:
    before = nodes.lab_namespaces()
    result = lab_cli("down", lab_dir=tmp_path / "other")
    assert result.returncode == 0, result.stderr
    assert "belong to a lab of another LAB_DIR; left alone" in result.stdout
    assert nodes.lab_namespaces() == before
    assert all(nodes.pid_alive(pid) for pid in lab["pids"])
    assert lab_cli("status").returncode == 0


