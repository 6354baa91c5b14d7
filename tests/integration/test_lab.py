"""The lab end to end: the plugin's RPM deployed on emulated Fuel 9 controllers with the
real ZooKeeper, Pacemaker, Puppet and Ceilometer; then a redeploy, a crash, and down."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lab import control, faults, nodes, observe, recorded
from lab import state as lab_state
from project import AODH_TASK, ROOT, working_tasks

INTERVAL = 6
POLLED_RESOURCES = 120
# The lab leaves the alarm evaluator uncoordinated (aodh does not run there).
PLUGIN_TASKS = [t for t in working_tasks() if t != AODH_TASK]


def lab_cli(*args: str, timeout: float = 600, lab_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
    if lab_dir is not None:
        env["LAB_DIR"] = str(lab_dir)
    return subprocess.run([sys.executable, "-m", "lab", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def nothing_left() -> list[str]:
    """What a torn-down lab must not leave: namespaces, mounts, state, live recorded pids."""
    left = [f"namespace {ns}" for ns in nodes.lab_namespaces()]
    mounts = Path("/proc/mounts").read_text()
    left += [f"mount {line}" for line in mounts.splitlines() if str(lab_state.lab_dir()) in line]
    if lab_state.lab_dir().exists():
        left.append(f"folder {lab_state.lab_dir()}")
    # What the plugin's Puppet writes on a controller lands in the nodes' overlays, never
    # on the host (the host's /etc, /var and /usr are the nodes' read-only lower layers).
    left += [f"host file {p}" for p in HOST_PATHS_THE_PLUGIN_WRITES if Path(p).exists()]
    return left


HOST_PATHS_THE_PLUGIN_WRITES = ("/usr/local/lib/ceilometer-zookeeper", "/usr/local/bin/ceilometer-zookeeper-status",
                                "/etc/cron.d/ceilometer-zookeeper", "/etc/ceilometer-zookeeper")


def partitioned(status: observe.Status) -> bool:
    return status.partition_ok() and len(status.shares) == 3


@pytest.fixture(scope="module")
def lab(built_rpm: Path) -> Iterator[dict[str, Any]]:
    os.environ["LAB_DIR"] = str(ROOT / ".lab-tests" / "lab")
    assert not control.is_up()
    started = time.time()
    pids: list[int] = []
    try:
        report = control.up(control.Options(controllers=3, computes=1, resources=POLLED_RESOURCES,
                                             interval=INTERVAL), built_rpm)
        pids = [info["init_pid"] for info in lab_state.load()["nodes"].values()]
        pids += list(lab_state.load()["pids"].values())
        yield {"report": report, "seconds": time.time() - started, "pids": pids}
    finally:
        pids = pids or [info["init_pid"] for info in lab_state.load().get("nodes", {}).values()]
        control.down()
        assert nothing_left() == []
        for pid in pids:
            assert not nodes.pid_alive(pid), f"pid {pid} of the lab survived down"


def partitioned_among(agents: set[str], since: float, timeout: float,
                      ensemble: bool = False) -> observe.Status:
    """Waits until exactly these agents share every resource disjointly and, with
    ensemble, until their controllers' ZooKeeper has one leader and the rest followers
    (both in one status, since an election may still be under way); asserts it."""
    def settled(s: observe.Status) -> bool:
        zookeeper_ok = len(s.leaders) == 1 and len(s.followers) == len(agents) - 1
        return set(s.shares) == agents and s.partition_ok() and (zookeeper_ok or not ensemble)

    status = observe.wait_for(settled, timeout=timeout, interval=1, since=since)
    assert settled(status), observe.render(status)
    return status


def test_every_plugin_task_ran_on_every_controller(lab: dict) -> None:
    ran = {(r.step.node, r.step.task) for r in lab["report"].results if r.status in ("ok", "changed")}
    for node in ("node-1", "node-2", "node-3"):
        for task in PLUGIN_TASKS:
            assert (node, task) in ran, f"{task} did not run on {node}"
    assert not [r for r in lab["report"].results if r.step.node == "node-4" and r.step.task in PLUGIN_TASKS]
    print(f"\nlab up and deployed in {lab['seconds']:.1f}s")


def test_zookeeper_has_one_leader_and_two_followers(lab: dict) -> None:
    status = observe.collect()
    assert len(status.leaders) == 1, status.zookeeper
    assert len(status.followers) == 2, status.zookeeper


def test_the_lab_runs_the_zookeeper_line_of_fuel_9(lab: dict) -> None:
    """3.4, as on a Fuel 9 controller (Debian 11's 3.4.13 under the nodes' files)."""
    env = recorded.environment(lab_state.load())
    handles = recorded.handles(lab_state.load())
    for node in env.controllers:
        srvr = handles[node.name].run(f"printf srvr | nc -w 3 {node.address} 2181").stdout
        assert "Zookeeper version: 3.4.13" in srvr, f"{node.name}: {srvr[:120]!r}"


def test_zookeeper_listens_on_the_management_address_only(lab: dict) -> None:
    env = recorded.environment(lab_state.load())
    handles = recorded.handles(lab_state.load())
    for node in env.controllers:
        listening = handles[node.name].run("ss -Hltn").stdout.split("\n")
        java = handles[node.name].run("ss -Hltnp | grep '\"java\"'").stdout.strip().splitlines()
        assert java, f"{node.name}: ZooKeeper listens nowhere"
        for line in java:
            local = line.split()[3]
            assert node.address in local, f"{node.name}: ZooKeeper listens on {local} (JMX or a wildcard)"
        assert any(f"{node.address}]:2181" in s or f"{node.address}:2181" in s for s in listening)


def test_the_central_agent_clone_runs_on_every_controller(lab: dict) -> None:
    status = observe.collect()
    assert status.pacemaker.get("clone_p_ceilometer-agent-central") == ["node-1", "node-2", "node-3"]


def test_controllers_cloning_a_primitive_at_once_all_succeed(lab: dict) -> None:
    # The agents task runs on every controller at once: each tries the one CIB replace
    # that turns the primitive into a clone; one wins, the others must read the CIB again
    # and succeed. Two racers per controller, started together, over a few rounds.
    handles = recorded.handles(lab_state.load())
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


def quiet_moment(times: list[float], gap: float) -> float:
    """The middle of the latest pause of at least `gap` seconds between time stamps: a
    moment at which no agent was in the middle of a cycle."""
    ordered = sorted(times)
    for before, after in zip(reversed(ordered[:-1]), reversed(ordered[1:]), strict=True):
        if after - before >= gap:
            return (before + after) / 2
    raise AssertionError(f"no pause of {gap}s among {len(times)} time stamps")


def test_three_agents_share_the_resources_disjointly(lab: dict) -> None:
    status = observe.wait_for(partitioned, timeout=6 * INTERVAL + 20, interval=1)
    assert partitioned(status), observe.render(status)
    assert [len(m) for m in status.groups.values()] == [3] * len(status.groups), status.groups
    assert "central-global" in status.groups
    # The resource API's own log agrees with the agents' samples, both read up to one
    # quiet moment: read at different times, one record may hold a cycle the other has
    # not finished yet. The moment comes a whole cycle after the partition was seen, so
    # that every agent's last cycle before it used the settled ring.
    settled = time.time()
    time.sleep(3 * INTERVAL)
    env = recorded.environment(lab_state.load())
    samples = {n.name: observe.read_samples(n.name, settled) for n in env.controllers}
    requests = observe.api_requests(settled)
    cutoff = quiet_moment([e["at"] for e in requests] + [e["at"] for ss in samples.values() for e in ss], gap=1.0)
    assert cutoff > settled + INTERVAL, f"no quiet moment a cycle after {settled}"
    by_address = {n.address: n.name for n in env.controllers}
    api: dict[str, list[dict[str, Any]]] = {}
    for entry in requests:
        if entry["at"] <= cutoff and entry["client"] in by_address:
            api.setdefault(by_address[entry["client"]], []).append(entry)
    from_samples = {name: observe.last_cycle([e for e in ss if e["at"] <= cutoff], INTERVAL)
                    for name, ss in samples.items()}
    from_api = {name: observe.last_cycle(entries, INTERVAL) for name, entries in api.items()}
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
    together = f"together: {POLLED_RESOURCES} of {POLLED_RESOURCES} covered, 0 polled twice"
    assert f"{together} -> disjoint and complete" in result.stdout


def test_the_operators_status_command_names_every_members_host(lab: dict) -> None:
    handles = recorded.handles(lab_state.load())
    for name in ("node-1", "node-2", "node-3"):
        text = handles[name].run("ceilometer-zookeeper-status", timeout=60)
        assert text.returncode == 0, text.stdout + text.stderr
        assert f"Agent on {name}: running" in text.stdout and "Healthy" in text.stdout, text.stdout
        report = json.loads(handles[name].run("ceilometer-zookeeper-status --json", timeout=60).stdout)
        members = report["groups"]["central-global"]["members"]
        assert sorted(m["host"] for m in members) == ["node-1", "node-2", "node-3"], members
        assert report["local"]["member_of"] == ["central-global"]


def test_zookeeper_refuses_a_four_letter_word_outside_its_whitelist(lab: dict) -> None:
    env = recorded.environment(lab_state.load())
    handles = recorded.handles(lab_state.load())
    asker = handles["node-1"]  # the firewall admits only controllers to the client port
    for node in env.controllers:
        for word, answered in (("envi", False), ("stat", False), ("srvr", True), ("cons", True)):
            result = asker.run(f"printf {word} | nc -w 3 {node.address} 2181", timeout=30)
            refused = "is not executed because it is not in the whitelist" in result.stdout
            assert result.stdout and refused != answered, f"{node.name} {word}: {result.stdout[:200]!r}"


# Connects to address:port from inside a node: open, refused (the packet reached the
# host: nothing listens) or dropped (no answer: the firewall).
CONNECT = """python3 -c '
import socket, sys
s = socket.socket(); s.settimeout(2)
try:
    s.connect((sys.argv[1], int(sys.argv[2]))); print("open")
except ConnectionRefusedError:
    print("refused")
except OSError:
    print("dropped")
' {address} {port}"""


def reach(handle: nodes.NodeHandle, address: str, port: int) -> str:
    return handle.run(CONNECT.format(address=address, port=port), timeout=30).stdout.strip()


def test_the_firewall_admits_only_controllers_to_zookeeper(lab: dict) -> None:
    """Fuel's INPUT policy is DROP; the plugin opens 2181, 2888 and 3888 to the
    controllers only. The compute and the lab's client are refused, and the ensemble is
    healthy behind the firewall."""
    env = recorded.environment(lab_state.load())
    handles = recorded.handles(lab_state.load())
    for node in env.controllers:
        policy = handles[node.name].run("iptables -S INPUT | head -1").stdout.strip()
        assert policy == "-P INPUT DROP", f"{node.name}: {policy}"
        for port in (2181, 2888, 3888):
            assert reach(handles["node-4"], node.address, port) == "dropped", f"compute -> {node.name}:{port}"
            client = nodes.run_in_ns(nodes.CLIENT_NS, ["sh", "-c", CONNECT.format(address=node.address, port=port)],
                                     check=False, timeout=30).stdout.strip()
            assert client == "dropped", f"client -> {node.name}:{port}: {client}"
            for peer in env.controllers:
                if peer.name != node.name:
                    assert reach(handles[peer.name], node.address, port) in ("open", "refused"), \
                        f"{peer.name} -> {node.name}:{port} dropped"
    status = observe.collect()
    assert len(status.leaders) == 1 and len(status.followers) == 2, status.zookeeper


def location_constraints(handle: nodes.NodeHandle) -> set[str]:
    xml = handle.run("cibadmin --query --scope constraints").stdout
    return set(re.findall(r"<rsc_location [^>]*id=\"([^\"]+)\"", xml))


def test_the_cluster_is_opt_in_as_on_fuel(lab: dict) -> None:
    handle = recorded.handles(lab_state.load())["node-1"]
    for prop, value in (("symmetric-cluster", "false"), ("start-failure-is-fatal", "false")):
        got = handle.run(f"crm_attribute --type crm_config --name {prop} --query --quiet").stdout.strip()
        assert got == value, f"{prop}={got}"
    allowed = location_constraints(handle)
    print(f"\nlocation constraints: {sorted(allowed)}")
    for name in ("node-1", "node-2", "node-3"):
        assert f"p_ceilometer-agent-central-on-{name}" in allowed, allowed


def test_agents_outside_their_group_after_a_long_outage_are_restarted(lab: dict) -> None:
    """Every ZooKeeper down for OUTAGE s: the agents' clients back off for longer than
    their session timeout, so the sessions restored at the return expire, and Ceilometer
    27 does not rejoin. The cron job (repair after 60 s outside the group) must bring
    every agent back, with nobody touching them."""
    outage = 120
    handles = recorded.handles(lab_state.load())
    controllers = ("node-1", "node-2", "node-3")
    pids = {n: handles[n].run("pgrep -f ceilometer-polling | sort").stdout.split() for n in controllers}
    for name in controllers:
        handles[name].run("pkill -9 -f org.apache.zookeeper.server.quorum.QuorumPeerMain")
    time.sleep(outage)
    for name in controllers:
        assert handles[name].run("/etc/init.d/zookeeper start").returncode == 0
    back = time.time()
    # The expiry: some running agent is outside its group while the ensemble is healthy.
    expired = observe.wait_for(lambda s: bool(s.outsiders) and len(s.leaders) == 1, timeout=120, interval=2)
    assert expired.outsiders, "no session expired: the outage was too short to test the repair\n" + \
        observe.render(expired)
    print(f"\nafter the return: agents outside their group: {expired.outsiders} "
          f"({time.time() - back:.0f} s after)")
    # The repair: every agent in its group again and the resources partitioned, by a bound
    # of 60 s grace + up to 60 s to the next cron minute + the restart and a cycle.
    healed = partitioned_among(set(controllers), since=time.time(), timeout=240, ensemble=True)
    assert not healed.outsiders
    print(f"every agent back in its group {time.time() - back:.0f} s after the return")
    log = "cat /var/log/ceilometer-zookeeper-repair.log"
    restarted = [n for n in expired.outsiders if "asked Pacemaker to restart" in handles[n].run(log).stdout]
    assert restarted == expired.outsiders
    for name in expired.outsiders:
        assert handles[name].run("pgrep -f ceilometer-polling | sort").stdout.split() != pids[name]


def test_down_for_another_lab_dir_leaves_this_lab_alone(lab: dict, tmp_path: Path) -> None:
    before = nodes.lab_namespaces()
    result = lab_cli("down", lab_dir=tmp_path / "other")
    assert result.returncode == 0, result.stderr
    assert "belong to a lab of another LAB_DIR; left alone" in result.stdout
    assert nodes.lab_namespaces() == before
    assert all(nodes.pid_alive(pid) for pid in lab["pids"])
    assert lab_cli("status").returncode == 0


def test_a_second_deployment_changes_nothing(lab: dict) -> None:
    started = time.time()
    report = control.redeploy(None, {}, None, None)
    seconds = time.time() - started
    plugin = [r for r in report.results if r.step.task in PLUGIN_TASKS]
    assert len(plugin) == len(PLUGIN_TASKS) * 3
    changed = [f"{r.step.task}@{r.step.node}" for r in plugin if r.status != "ok"]
    assert changed == [], f"a redeploy with no change changed: {changed}"
    print(f"\nredeploy with no change in {seconds:.1f}s")


def agent_pids() -> dict[str, str]:
    handles = recorded.handles(lab_state.load())
    return {n: handles[n].run("cat /run/ceilometer/agent-central.pid").stdout.strip()
            for n in ("node-1", "node-2", "node-3")}


def test_a_changed_session_timeout_reaches_every_agent(lab: dict) -> None:
    before = agent_pids()
    report = control.redeploy(None, {"coordination_timeout": "6"}, None, None)
    changed = {r.step.node for r in report.results if r.step.task == "ceilometer-zookeeper-ceilometer"
               and r.status == "changed"}
    assert changed == {"node-1", "node-2", "node-3"}
    handles = recorded.handles(lab_state.load())
    for node in ("node-1", "node-2", "node-3"):
        conf = handles[node].run("grep '^backend_url' /etc/ceilometer/ceilometer.conf").stdout
        assert conf.strip().endswith("?timeout=6"), f"{node}: {conf}"
    after = agent_pids()
    assert all(after[n] and after[n] != before[n] for n in after), f"agents not restarted: {before} {after}"
    restarted = time.time()
    status = observe.wait_for(partitioned, timeout=6 * INTERVAL + 20, interval=1, since=restarted)
    assert partitioned(status), observe.render(status)


def test_a_zookeeper_setting_restarts_every_server_and_keeps_the_partition(lab: dict) -> None:
    handles = recorded.handles(lab_state.load())
    pids = {n: handles[n].run("pgrep -f '[Q]uorumPeerMain'").stdout.strip() for n in ("node-1", "node-2", "node-3")}
    report = control.redeploy(None, {"zookeeper_heap_mb": "256"}, None, None)
    servers = {r.step.node: r.status for r in report.results if r.step.task == "ceilometer-zookeeper-server"}
    assert servers == {"node-1": "changed", "node-2": "changed", "node-3": "changed"}
    for node, before in pids.items():
        now = handles[node].run("pgrep -f '[Q]uorumPeerMain'").stdout.strip()
        assert now and now != before, f"{node}: ZooKeeper was not restarted"
        assert "-Xmx256m" in handles[node].run(f"cat /proc/{now}/cmdline | tr '\\0' ' '").stdout
    # Every server restarted at once; the agents' sessions survive and they keep sharing.
    restarted = time.time()
    status = observe.wait_for(partitioned, timeout=6 * INTERVAL + 20, interval=1, since=restarted)
    assert partitioned(status), observe.render(status)
    assert all(len(m) == 3 for m in status.groups.values()), status.groups


def controllers() -> set[str]:
    return {n.name for n in recorded.environment(lab_state.load()).controllers}


def test_an_added_controller_joins_the_ensemble_and_takes_a_share(lab: dict) -> None:
    control.redeploy(4, {}, None, None)
    added = controllers() - {"node-1", "node-2", "node-3"}
    assert len(added) == 1
    status = partitioned_among(controllers(), since=time.time(), timeout=6 * INTERVAL + 30, ensemble=True)
    assert status.pacemaker["clone_p_ceilometer-agent-central"] == sorted(controllers())
    assert all(len(m) == 4 for m in status.groups.values()), status.groups
    # The opt-in cluster allows the agent on the new controller too.
    (new,) = added
    allowed = location_constraints(recorded.handles(lab_state.load())["node-1"])
    print(f"\nlocation constraints with {new}: {sorted(allowed)}")
    assert f"p_ceilometer-agent-central-on-{new}" in allowed


def test_a_cut_off_controller_stops_polling_and_returns_when_healed(lab: dict) -> None:
    # A ZooKeeper follower: cutting the leader's controller makes the others elect anew for
    # about syncLimit x tickTime (10 s), long enough for agents' sessions to expire, and the
    # lab's Ceilometer 27 agents do not rejoin after that (Mitaka's, on Fuel 9, do).
    modes = observe.collect().zookeeper
    victim = sorted(n for n in controllers() - {"node-1"} if modes.get(n) == "follower")[0]
    faults.node_action("cut", victim)
    cut = time.time()
    rest = controllers() - {victim}
    try:
        status = partitioned_among(rest, since=cut + 15, timeout=6 * INTERVAL + 30)
        assert status.zookeeper[victim].startswith("down"), status.zookeeper
    finally:
        faults.node_action("heal", victim)  # the next tests need every controller
    healed = time.time()
    status = partitioned_among(controllers(), since=healed, timeout=10 * INTERVAL + 60)
    print(f"\nhealed controller back in the partition {time.time() - healed:.1f}s after the heal")


def test_a_removed_controller_leaves_the_ensemble_and_the_cluster(lab: dict) -> None:
    added = controllers() - {"node-1", "node-2", "node-3"}
    control.redeploy(3, {}, None, None)
    assert controllers() == {"node-1", "node-2", "node-3"}
    assert not [ns for ns in nodes.lab_namespaces() if any(ns.endswith(n) for n in added)]
    status = partitioned_among(controllers(), since=time.time(), timeout=6 * INTERVAL + 30, ensemble=True)
    assert status.pacemaker["clone_p_ceilometer-agent-central"] == ["node-1", "node-2", "node-3"]
    handle = recorded.handles(lab_state.load())["node-1"]
    members = handle.run("crm_node --list").stdout
    assert not [n for n in added if n in members], members
    zoo = handle.run("grep '^server\\.' /etc/zookeeper/conf/zoo.cfg").stdout.split()
    assert len(zoo) == 3, zoo
    print(f"\nlocation constraints after the removal: {sorted(location_constraints(handle))}")


def test_a_crashed_controller_share_is_taken_over(lab: dict) -> None:
    # The ZooKeeper leader's controller: the harder crash, since the survivors must also
    # elect a new leader before the victim's session can expire.
    victim = observe.collect().leaders[0]
    faults.node_action("kill", victim)
    killed = time.time()
    partitioned_among(controllers() - {victim}, since=killed + 1, timeout=4 * INTERVAL + 30, ensemble=True)
    print(f"\nsurvivors cover every resource {time.time() - killed:.1f}s after the crash")
