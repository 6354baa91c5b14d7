"""Benchmarks, side by side in one run: Fuel's default (one central agent, active/passive)
against the plugin (one agent per controller, partitioned), on the same lab, for every
controller count and resource count of the plan. For each: steady state over a number of
polling cycles, then trials of each fault at random phases of the cycle. Writes the
results for bench_report; asserts nothing (that is the tests' job)."""

from __future__ import annotations

import json
import random
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import bench_measure as measure
from . import control, faults, observe, recorded
from . import state as lab_state
from .errors import LabError
from .nodes import NodeHandle

FAULTS = ("crash", "agent-kill", "leader-cut")
DEFAULT = "default"  # Fuel's own active/passive central agent
PLUGIN = "plugin"    # the plugin with its default settings
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


@dataclass
class Plan:
    sizes: tuple[int, ...] = (100, 1000, 5000)
    controllers: tuple[int, ...] = (3, 5)
    trials: int = 5
    faults: tuple[str, ...] = FAULTS
    cycles: int = 20
    interval: int = 10
    latency_ms: float = 1.0
    seed: int = 1
    results: Path = Path("bench-results")
    # More runs of the plugin, each a name and plugin settings, measured beside the others.
    variants: dict[str, dict[str, str]] = field(default_factory=dict)

    def modes(self) -> list[str]:
        return [DEFAULT, PLUGIN, *self.variants]

    def settings(self, mode: str) -> dict[str, str]:
        return self.variants.get(mode, {})

    def validate(self) -> None:
        unknown = sorted(set(self.faults) - set(FAULTS))
        if unknown:
            raise LabError(f"unknown fault(s) {', '.join(unknown)}; known: {', '.join(FAULTS)}")
        if any(c < 3 for c in self.controllers):
            raise LabError("--controllers: the plugin acts with 3 or more controllers")
        if self.trials < 0 or self.cycles < 2:
            raise LabError("--trials must be >= 0 and --cycles >= 2")
        taken = sorted({DEFAULT, PLUGIN} & set(self.variants))
        if taken:
            raise LabError(f"--variant: {', '.join(taken)} is the name of a built-in run; choose another")


@dataclass
class Trial:
    fault: str
    victim: str
    recovery: float | None        # fault -> every resource polled again (s)
    paused: int                   # resources unpolled for more than 1.5 intervals
    longest_gap: float            # s
    sessions_lost: int | None     # surviving agents whose session did not survive (plugin only)
    gaps: list[float] = field(repr=False)


@dataclass
class Run:
    mode: str                     # DEFAULT, PLUGIN or a variant's name
    settings: dict[str, str]      # the plugin settings of a variant
    controllers: int
    resources: int
    up_seconds: float
    steady: measure.Steady
    agent_rss_mib: float
    zookeeper_rss_mib: float | None
    zookeeper_packets_per_cycle: float | None
    trials: list[Trial]
    notes: list[str]


class RequestLog:
    """The resource API's request log, read incrementally; keeps a window of entries."""

    def __init__(self) -> None:
        self.path = lab_state.lab_dir() / "logs" / "api-requests.jsonl"
        self.offset = 0
        self.entries: list[dict[str, Any]] = []

    def read(self, keep: float) -> list[dict[str, Any]]:
        """Every entry of the last `keep` seconds."""
        if self.path.exists():
            with open(self.path) as log:
                log.seek(self.offset)
                chunk = log.read()
            whole = chunk[:chunk.rfind("\n") + 1]  # a line being written is read next time
            self.offset += len(whole.encode())
            self.entries.extend(json.loads(line) for line in whole.splitlines() if line)
        horizon = time.time() - keep
        self.entries = [e for e in self.entries if e["at"] >= horizon]
        return self.entries


def rss_mib(handle: NodeHandle, pattern: str) -> float:
    # [x]yz: the pattern does not match the shell that runs pgrep.
    pattern = f"[{pattern[0]}]{pattern[1:]}"
    result = handle.run(f"for p in $(pgrep -f '{pattern}'); do awk '/^VmRSS/{{print $2}}' /proc/$p/status; done")
    return sum(int(x) for x in result.stdout.split()) / 1024.0


def zookeeper_packets(handles: dict[str, NodeHandle], port: str) -> int:
    """Packets every ZooKeeper server received and sent so far (`mntr`, asked from each
    controller of its own server: the firewall admits only controllers)."""
    env = recorded.environment(lab_state.load())
    total = 0
    for node in env.controllers:
        result = handles[node.name].run(f"{sys.executable} -c {shlex.quote(MNTR)} {node.address} {port}", timeout=30)
        for line in result.stdout.splitlines():
            key, _, value = line.partition("\t")
            if key in ("zk_packets_received", "zk_packets_sent"):
                total += int(value)
    return total


class Bench:
    """One lab at a time: brought up for a mode, size and controller count, measured, downed."""

    def __init__(self, plan: Plan, rpm: Path, echo: Callable[[str], None]) -> None:
        self.plan = plan
        self.rpm = rpm
        self.echo = echo
        self.rng = random.Random(plan.seed)
        self.log = RequestLog()
        self.resources: set[str] = set()

    def keep(self) -> float:
        return (self.plan.cycles + 4) * self.plan.interval

    def expected_agents(self, mode: str) -> int:
        env = recorded.environment(lab_state.load())
        return 1 if mode == DEFAULT else len(env.controllers)

    def settled(self, mode: str, timeout: float) -> bool:
        """Waits until the agents' passes begun from now on are a partition of every resource."""
        since = time.time()
        deadline = since + timeout
        agents = self.expected_agents(mode)
        while time.time() < deadline:
            entries = self.log.read(self.keep())
            shares = measure.last_shares(entries, since, self.plan.interval, time.time())
            if len(shares) == agents and measure.is_partition(shares, self.resources):
                return True
            time.sleep(1)
        return False

    def up(self, mode: str, controllers: int, size: int) -> float:
        started = time.time()
        options = control.Options(controllers=controllers, computes=0, resources=size, interval=self.plan.interval,
                                  plugin=mode != DEFAULT, settings=dict(self.plan.settings(mode)),
                                  latency_ms=self.plan.latency_ms)
        control.up(options, None if mode == DEFAULT else self.rpm, echo=lambda _: None)
        self.log = RequestLog()
        deadline = time.time() + SETTLE_TIMEOUT
        while len(self.resources) < size and time.time() < deadline:
            self.resources |= {e["resource"] for e in self.log.read(self.keep())}
            time.sleep(1)
        if len(self.resources) < size or not self.settled(mode, deadline - time.time()):
            raise LabError(f"{mode}, {controllers} controllers, {size} resources: the agents never settled")
        return time.time() - started

    def measure(self, mode: str, controllers: int, size: int) -> Run:
        self.resources = set()
        self.echo(f"bench: {mode}, {controllers} controllers, {size} resources: up")
        try:
            up_seconds = self.up(mode, controllers, size)
            return self.measure_up(mode, controllers, size, up_seconds)
        finally:
            control.down(echo=lambda _: None)

    def measure_up(self, mode: str, controllers: int, size: int, up_seconds: float) -> Run:
        state = lab_state.load()
        env = recorded.environment(state)
        handles = recorded.handles(state)
        port = str(env.settings.get("zookeeper_client_port", "2181"))
        plugin = mode != DEFAULT
        packets = zookeeper_packets(handles, port) if plugin else 0
        start = time.time()
        self.echo(f"bench: {mode}: steady state over {self.plan.cycles} cycles")
        time.sleep(self.plan.cycles * self.plan.interval)
        end = time.time()
        steady = measure.steady(self.log.read(self.keep()), self.resources, self.plan.interval, start, end)
        per_cycle = (zookeeper_packets(handles, port) - packets) / steady.cycles if plugin else None
        run = Run(mode=mode, settings=self.plan.settings(mode), controllers=controllers, resources=size,
                  up_seconds=up_seconds, steady=steady,
                  agent_rss_mib=max(rss_mib(handles[n.name], "ceilometer-polling") for n in env.controllers),
                  zookeeper_rss_mib=max(rss_mib(handles[n.name], "QuorumPeerMain") for n in env.controllers)
                  if plugin else None,
                  zookeeper_packets_per_cycle=per_cycle, trials=[], notes=[])
        if not steady.agents:
            run.notes.append(f"no agent polled a whole pass between two others inside the {self.plan.cycles}-cycle "
                             "steady window (a pass longer than a third of it, or no polls): longest cycle and "
                             "balance not measured; more --cycles would measure them")
            self.echo(f"bench: {mode}: {run.notes[-1]}")
        for fault in self.plan.faults:
            for number in range(self.plan.trials):
                try:
                    trial = self.trial(mode, fault)
                except LabError as exc:
                    run.notes.append(f"{fault} trial {number + 1}: {exc}; the remaining trials were skipped")
                    self.echo(f"bench: {mode}: {run.notes[-1]}")
                    return run
                run.trials.append(trial)
                self.echo(f"bench: {mode}: {fault} {number + 1}/{self.plan.trials} on {trial.victim}: "
                          f"recovered {'-' if trial.recovery is None else f'{trial.recovery:.1f}'} s, "
                          f"{trial.paused} paused")
                if not self.settled(mode, SETTLE_TIMEOUT):
                    run.notes.append(f"after {fault} trial {number + 1} the agents never settled again; "
                                     "the remaining trials of this run were skipped")
                    self.echo(f"bench: {mode}: {run.notes[-1]}")
                    return run
        return run

    def trial(self, mode: str, fault: str) -> Trial:
        interval = self.plan.interval
        time.sleep(self.rng.uniform(0, interval))  # a random phase of the agents' cycles
        state = lab_state.load()
        env = recorded.environment(state)
        handles = recorded.handles(state)
        by_address = {n.address: n.name for n in env.controllers}
        entries = self.log.read(self.keep())
        shares = measure.live_shares(entries, interval, time.time())
        if not shares:
            raise LabError(f"before the {fault} trial no agent polled with a finished pass in the last "
                           f"{self.keep():.0f} s")
        busiest = by_address[max(shares, key=lambda c: len(shares[c]))]
        plugin = mode != DEFAULT
        victim = busiest
        if fault == "leader-cut" and plugin:
            port = str(env.settings.get("zookeeper_client_port", "2181"))
            modes = observe.zookeeper_modes(handles, env, port, state.get("cut", []))
            victim = next(n for n, m in modes.items() if m == "leader")
        survivors = [n.name for n in env.controllers if n.name != victim]
        before = observe.agent_sessions(handles[survivors[0]]) if plugin else {}
        at = time.time()
        if fault == "crash":
            faults.node_action("kill", victim, echo=lambda _: None)
        elif fault == "leader-cut":
            faults.node_action("cut", victim, echo=lambda _: None)
        else:
            faults.kill_agent(handles[victim])
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
        if fault == "crash":
            faults.node_action("start", victim, echo=lambda _: None)
        elif fault == "leader-cut":
            faults.node_action("heal", victim, echo=lambda _: None)
        # Pacemaker may move or restart the agent once the victim is back: let it finish
        # before the agents count as settled.
        handles[survivors[0]].run("crm_resource --wait --timeout 120s", timeout=150)
        return Trial(fault=fault, victim=victim, recovery=found.recovery, paused=found.paused,
                     longest_gap=found.longest_gap, sessions_lost=lost, gaps=found.gaps)


def run(plan: Plan, rpm: Path, echo: Callable[[str], None] = print,
        measured: Callable[[list[Run], list[str]], None] = lambda runs, failures: None) -> tuple[list[Run], list[str]]:
    """Every run of the plan, default and plugin side by side, and what could not be
    measured: a run whose agents never settle is reported, and the others still run.
    `measured` hears the runs so far after each one (the whole plan takes hours)."""
    plan.validate()
    if control.is_up() or lab_state.load():
        raise LabError("a lab is up; `down` it before benchmarking")
    echo(f"bench: controllers {list(plan.controllers)}, resources {list(plan.sizes)}, interval {plan.interval} s, "
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
