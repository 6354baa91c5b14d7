"""The benchmark's entry point: for every controller count and resource count of the plan,
Fuel's default (one central agent, active/passive) and the plugin (one agent per
controller, partitioned) side by side on the same lab. For each: steady state over a
number of polling cycles, then trials of each fault at random phases of the cycle. With
the hot-plug in the plan, each plugin run starts as Fuel's default and enables the plugin
on that running cloud, measured as its first trial. The report is written after every
run; nothing is asserted (that is the tests' job)."""

from __future__ import annotations

import json
import random
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

from model import partition, passes
from model.passes import Poll

from .. import control, faults, folder, observe
from .. import state as lab_state
from ..errors import LabError
from ..nodes import NodeHandle
from ..options import Options
from ..state import LabState
from . import measure, report
from .plan import DEFAULT, HOT_PLUG, Plan, Run, Trial

# What a trial waits for at most: every resource polled again, then a settled partition.
RECOVERY_TIMEOUT = 240
SETTLE_TIMEOUT = 300
MNTR = ("import socket,sys\n"
        "s=socket.create_connection((sys.argv[1],int(sys.argv[2])),3)\n"
        "s.sendall(b'mntr')\n"
        "d=b''\n"
        "while True:\n"
        "    c=s.recv(65536)\n"
        "    if not c: break\n"
        "    d+=c\n"
        "print(d.decode())\n")


class RequestLog:
    """The resource API's request log as polls (the agent: the client's address), read
    incrementally; keeps a window of them."""

    def __init__(self) -> None:
        self.path = folder.lab_dir() / "logs" / "api-requests.jsonl"
        self.offset = 0
        self.polls: list[Poll] = []
        self.hold: float | None = None  # keep every poll from then on, however old (a hot-plug's window)

    def read(self, keep: float) -> list[Poll]:
        """Every poll of the last `keep` seconds, and of the held window."""
        if self.path.exists():
            with open(self.path) as log:
                log.seek(self.offset)
                chunk = log.read()
            whole = chunk[:chunk.rfind("\n") + 1]  # a line being written is read next time
            self.offset += len(whole.encode())
            for line in whole.splitlines():
                if line:
                    entry = json.loads(line)
                    self.polls.append(Poll(entry["at"], entry["client"], entry["resource"]))
        horizon = time.time() - keep
        if self.hold is not None:
            horizon = min(horizon, self.hold)
        self.polls = [p for p in self.polls if p.at >= horizon]
        return self.polls


def rss_mib(handle: NodeHandle, pattern: str) -> float:
    # [x]yz: the pattern does not match the shell that runs pgrep.
    pattern = f"[{pattern[0]}]{pattern[1:]}"
    result = handle.run(f"for p in $(pgrep -f '{pattern}'); do awk '/^VmRSS/{{print $2}}' /proc/$p/status; done")
    return sum(int(x) for x in result.stdout.split()) / 1024.0


def zookeeper_packets(state: LabState) -> int:
    """Packets every ZooKeeper server received and sent so far (`mntr`, asked from each
    controller of its own server: the firewall admits only controllers)."""
    handles = state.handles()
    total = 0
    for node in state.env.controllers:
        result = handles[node.name].run(f"{sys.executable} -c {shlex.quote(MNTR)} {node.address} {state.client_port}",
                                        timeout=30)
        for line in result.stdout.splitlines():
            key, _, value = line.partition("\t")
            if key in ("zk_packets_received", "zk_packets_sent"):
                total += int(value)
    return total


# The bridge's log on a controller, and the line each bridge writes as it starts polling.
BRIDGE_LOG = "/var/log/ceilometer-zookeeper-bridge.log"
BRIDGE_STARTED = "without coordination for"
# Seconds the bridge's watch may take to notice a restarted agent (it looks every 2 s).
BRIDGE_NOTICE = 6


def bridges_started(handle: NodeHandle) -> int:
    """How many bridges have started on the node so far (lines of the bridge's log)."""
    result = handle.run(f"grep -c '{BRIDGE_STARTED}' {BRIDGE_LOG} 2>/dev/null || true")
    return int(result.stdout.strip() or 0)


def current() -> LabState:
    state = lab_state.load()
    if state is None:
        raise LabError("the lab is gone")
    return state


class Bench:
    """One lab at a time: brought up for a mode, size and controller count, measured, downed."""

    def __init__(self, plan: Plan, rpm: Path, echo: Callable[[str], None]) -> None:
        self.plan = plan
        self.rpm = rpm
        self.echo = echo
        self.rng = random.Random(plan.seed)
        self.log = RequestLog()
        self.resources: set[str] = set()
        self.hot_plugged: Trial | None = None
        self.deployed = 0.0  # the hot-plug's deployment (s)

    def keep(self) -> float:
        return (self.plan.cycles + 4) * self.plan.interval

    def expected_agents(self, mode: str) -> int:
        return 1 if mode == DEFAULT else len(current().env.controllers)

    def partitioned(self, mode: str, timeout: float) -> bool:
        """Waits until the agents' passes begun from now on are a partition of every
        resource; whether they were within timeout."""
        since = time.time()
        deadline = since + timeout
        agents = self.expected_agents(mode)
        while time.time() < deadline:
            shares = measure.last_shares(self.log.read(self.keep()), since, self.plan.interval, time.time())
            if len(shares) == agents and partition.is_partition(shares, self.resources):
                return True
            time.sleep(1)
        return False

    def up(self, mode: str, controllers: int, size: int) -> float:
        """Brings the lab up for `mode` and waits until its agents share every resource;
        a plugin run with the hot-plug in the plan comes up as Fuel's default and gets the
        plugin deployed on it (self.hot_plugged). The seconds it took."""
        started = time.time()
        hot_plug = mode != DEFAULT and HOT_PLUG in self.plan.faults
        plugin = mode != DEFAULT and not hot_plug
        options = Options(controllers=controllers, computes=0, resources=size, interval=self.plan.interval,
                          plugin=plugin, settings=dict(self.plan.settings(mode)) if plugin else {},
                          latency_ms=self.plan.latency_ms)
        control.up(options, self.rpm if plugin else None, echo=lambda _: None)
        self.log = RequestLog()
        deadline = time.time() + SETTLE_TIMEOUT
        while len(self.resources) < size and time.time() < deadline:
            self.resources |= {p.resource for p in self.log.read(self.keep())}
            time.sleep(1)
        first = mode if plugin else DEFAULT
        if len(self.resources) < size or not self.partitioned(first, deadline - time.time()):
            raise LabError(f"{first}, {controllers} controllers, {size} resources: the agents never settled")
        self.hot_plugged = self.hot_plug(mode) if hot_plug else None
        return time.time() - started

    def hot_plug(self, mode: str) -> Trial:
        """Enables the plugin (with the mode's settings) on the running default lab and
        deploys, as an operator's "Deploy changes". Its gaps: every resource's longest
        from the deployment's start until the agents share the resources again; its
        recovery: from the deployment's end until then (what the operator waits for after
        the deployment, which itself takes the same time whatever the agents do)."""
        time.sleep(self.rng.uniform(0, self.plan.interval))  # a random phase of the agent's cycle
        at = self.log.hold = time.time()
        try:
            self.echo(f"bench: {mode}: hot-plug")
            control.redeploy(None, dict(self.plan.settings(mode)), True, self.rpm, echo=lambda _: None)
            deployed = time.time()
            if not self.partitioned(mode, SETTLE_TIMEOUT):
                raise LabError(f"{mode}: after the hot-plug the agents never settled")
            until = time.time()
            gaps = sorted(passes.window_gaps(self.log.read(self.keep()), at, until, self.resources).values())
        finally:
            self.log.hold = None
        trial = Trial(fault=HOT_PLUG, victim="every controller", recovery=until - deployed,
                      paused=sum(1 for g in gaps if g > passes.STALE_INTERVALS * self.plan.interval),
                      longest_gap=max(gaps, default=0.0), sessions_lost=None, gaps=gaps)
        self.deployed = deployed - at
        self.echo(f"bench: {mode}: hot-plug: deployment {deployed - at:.1f} s, shared by every agent "
                  f"{trial.recovery:.1f} s later, longest gap {trial.longest_gap:.1f} s, {trial.paused} paused")
        return trial

    def measure(self, mode: str, controllers: int, size: int) -> Run:
        self.resources = set()
        self.echo(f"bench: {mode}, {controllers} controllers, {size} resources: up")
        try:
            up_seconds = self.up(mode, controllers, size)
            return self.measure_up(mode, controllers, size, up_seconds)
        finally:
            control.down(echo=lambda _: None)

    def measure_up(self, mode: str, controllers: int, size: int, up_seconds: float) -> Run:
        state = current()
        handles = state.handles()
        plugin = mode != DEFAULT
        packets = zookeeper_packets(state) if plugin else 0
        start = time.time()
        self.echo(f"bench: {mode}: steady state over {self.plan.cycles} cycles")
        time.sleep(self.plan.cycles * self.plan.interval)
        end = time.time()
        steady = measure.steady(self.log.read(self.keep()), self.resources, self.plan.interval, start, end)
        per_cycle = (zookeeper_packets(state) - packets) / steady.cycles if plugin else None
        run = Run(mode=mode, settings=self.plan.settings(mode), controllers=controllers, resources=size,
                  up_seconds=up_seconds, steady=steady,
                  agent_rss_mib=max(rss_mib(handles[n.name], "ceilometer-polling") for n in state.env.controllers),
                  zookeeper_rss_mib=max(rss_mib(handles[n.name], "QuorumPeerMain") for n in state.env.controllers)
                  if plugin else None,
                  zookeeper_packets_per_cycle=per_cycle,
                  trials=[self.hot_plugged] if self.hot_plugged else [], notes=[])
        if self.hot_plugged:
            run.notes.append(f"hot-plug: the deployment took {self.deployed:.0f} s; its recovery counts from "
                             "its end, its gaps from its start")
        if not steady.agents:
            run.notes.append(f"no agent polled a whole pass between two others inside the {self.plan.cycles}-cycle "
                             "steady window (a pass longer than a third of it, or no polls): longest cycle and "
                             "balance not measured; more --cycles would measure them")
            self.echo(f"bench: {mode}: {run.notes[-1]}")
        for name in (f for f in self.plan.faults if f != HOT_PLUG):
            for number in range(self.plan.trials):
                try:
                    trial = self.trial(mode, faults.FAULTS[name])
                except LabError as exc:
                    run.notes.append(f"{name} trial {number + 1}: {exc}; the remaining trials were skipped")
                    self.echo(f"bench: {mode}: {run.notes[-1]}")
                    return run
                run.trials.append(trial)
                if trial.bridged is False:
                    run.notes.append(f"{name} trial {number + 1}: the agent restarted on {trial.victim} got no bridge "
                                     "(its share waited for the agent's own first poll)")
                self.echo(f"bench: {mode}: {name} {number + 1}/{self.plan.trials} on {trial.victim}: "
                          f"recovered {'-' if trial.recovery is None else f'{trial.recovery:.1f}'} s, "
                          f"{trial.paused} paused")
                if not self.partitioned(mode, SETTLE_TIMEOUT):
                    run.notes.append(f"after {name} trial {number + 1} the agents never settled again; "
                                     "the remaining trials of this run were skipped")
                    self.echo(f"bench: {mode}: {run.notes[-1]}")
                    return run
        return run

    def scene(self, state: LabState, plugin: bool) -> faults.Scene:
        """The busiest agent's controller and, with the plugin, the ZooKeeper leader's."""
        by_address = {n.address: n.name for n in state.env.controllers}
        shares = measure.live_shares(self.log.read(self.keep()), self.plan.interval, time.time())
        if not shares:
            raise LabError(f"no agent polled with a finished pass in the last {self.keep():.0f} s")
        busiest = by_address[max(shares, key=lambda c: len(shares[c]))]
        leader = None
        if plugin:
            modes = observe.zookeeper_modes(state.handles(), state.env, state.client_port, state.cut)
            leader = next((n for n, m in modes.items() if m == "leader"), None)
        return faults.Scene(busiest=busiest, leader=leader)

    def trial(self, mode: str, fault: faults.Fault) -> Trial:
        interval = self.plan.interval
        time.sleep(self.rng.uniform(0, interval))  # a random phase of the agents' cycles
        state = current()
        plugin = mode != DEFAULT
        victim = fault.victim(self.scene(state, plugin))
        survivors = [n.name for n in state.env.controllers if n.name != victim]
        handles = state.handles()
        before = observe.agent_sessions(handles[survivors[0]]) if plugin else {}
        restarted = plugin and isinstance(fault, faults.AgentKill)
        bridges = bridges_started(handles[victim]) if restarted else 0
        at = time.time()
        fault.inject(state, victim)
        deadline = at + RECOVERY_TIMEOUT
        while True:
            found = measure.around(self.log.read(self.keep()), at, self.resources, interval, time.time())
            if found.recovery is not None or time.time() > deadline:
                break
            time.sleep(0.5)
        lost = None
        if plugin:
            after = observe.agent_sessions(handles[survivors[0]])
            lost = sum(1 for n in survivors if before.get(n) and not (before[n] & after.get(n, set())))
        fault.undo(state, victim)
        # Pacemaker may move or restart the agent once the victim is back: let it finish
        # before the agents count as settled.
        handles[survivors[0]].run("crm_resource --wait --timeout 120s", timeout=150)
        bridged = None
        if restarted:  # whether the agent Pacemaker restarted got its bridge
            time.sleep(BRIDGE_NOTICE)
            bridged = bridges_started(handles[victim]) > bridges
        return Trial(fault=fault.name, victim=victim, recovery=found.recovery, paused=found.paused,
                     longest_gap=found.longest_gap, sessions_lost=lost, gaps=found.gaps, bridged=bridged)


def run(plan: Plan, rpm: Path, echo: Callable[[str], None] = print,
        measured: Callable[[list[Run], list[str]], None] = lambda runs, failures: None) -> tuple[list[Run], list[str]]:
    """Every run of the plan, default and plugin side by side, and what could not be
    measured: a run whose agents never settle is reported, and the others still run.
    `measured` hears the runs so far after each one (the whole plan takes hours)."""
    plan.validate()
    if not rpm.is_file():
        raise LabError(f"--rpm {rpm}: no such file; build it with `make build PLUGIN_TARGET=lab`")
    if control.is_up() or lab_state.exists():
        raise LabError("a lab is up; `down` it before benchmarking")
    echo(f"bench: controllers {list(plan.controllers)}, resources {list(plan.sizes)}, "
         f"interval {plan.interval} s, "
         f"API latency {plan.latency_ms} ms, {plan.cycles} steady cycles, {plan.trials} trial(s) of "
         f"{', '.join(plan.faults)}; Fuel's default and the plugin side by side")
    runs, failures = [], []
    bench = Bench(plan, rpm, echo)
    for controllers in plan.controllers:
        for size in plan.sizes:
            for mode in plan.modes():
                try:
                    runs.append(bench.measure(mode, controllers, size))
                except LabError as exc:
                    failures.append(str(exc))
                    echo(f"bench: not measured: {exc}")
                measured(runs, failures)
    return runs, failures


def main(plan: Plan, rpm: Path, echo: Callable[[str], None] = print) -> Path:
    """Runs the plan, writes the report and prints its table. The report is written anew
    after every run, so that a benchmark stopped after hours keeps what it measured."""
    started = time.time()
    out = plan.results / time.strftime("%Y%m%d-%H%M%S", time.gmtime(started))
    total = len(plan.controllers) * len(plan.sizes) * len(plan.modes())

    def measured(runs: list[Run], failures: list[str]) -> None:
        try:
            report.write(plan, runs, tuple(failures), out, pending=total - len(runs) - len(failures), started=started)
        except Exception as exc:  # a report that cannot be written must not end hours of runs
            echo(f"bench: the report after {len(runs)} run(s) could not be written ({exc}); the runs go on")

    runs, failures = run(plan, rpm, echo, measured)
    report.write(plan, runs, tuple(failures), out, started=started)
    echo((out / "report.md").read_text())
    echo(f"bench: results, table and plots in {out}")
    return out
