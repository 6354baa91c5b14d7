"""Benchmarks, side by side in one run: Fuel's default (one central agent, active/passive)
against the plugin (one agent per controller, partitioned) with the default and a short
session timeout, on the same lab, one after the other. Prints numbers and ratios;
asserts nothing (that is the tests' job)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import control, faults, observe, recorded
from . import state as lab_state
from .errors import LabError
from .nodes import NodeHandle

POLLED_RESOURCES = 600  # resources the resource API serves and the agents poll
POLLING_INTERVAL = 10   # seconds


@dataclass
class Measures:
    up_seconds: float = 0.0
    agents: int = 0
    largest_share: int = 0
    cycle_seconds: float = 0.0        # longest time an agent spends polling its share
    polls_per_cycle: float = 0.0      # polls of a resource in one cycle of every agent (1 = none twice)
    agent_rss_mib: float = 0.0        # per controller, all processes of the agent
    zookeeper_rss_mib: float = 0.0    # per controller
    failover_seconds: float = 0.0     # crash of an agent's controller -> all resources polled again
    paused: int = 0                   # resources not polled for over 1.5 intervals around the crash
    longest_gap: float = 0.0          # longest time a resource went unpolled around the crash


def complete_cycles(requests: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per agent (client address), the requests of its last complete polling cycle: its
    requests split where they pause for half an interval, the last (maybe partial) dropped."""
    by_client: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(requests, key=lambda r: r["at"]):
        by_client.setdefault(r["client"], []).append(r)
    out = {}
    for client, entries in by_client.items():
        cycles: list[list[dict[str, Any]]] = [[entries[0]]]
        for e in entries[1:]:
            if e["at"] - cycles[-1][-1]["at"] > POLLING_INTERVAL / 2:
                cycles.append([])
            cycles[-1].append(e)
        if len(cycles) >= 3:  # the first and the last may be cut by the window
            out[client] = cycles[-2]
    return out


def rss_mib(handle: NodeHandle, pattern: str) -> float:
    # [x]yz: the pattern does not match the shell that runs pgrep.
    pattern = f"[{pattern[0]}]{pattern[1:]}"
    result = handle.run(f"for p in $(pgrep -f '{pattern}'); do awk '/^VmRSS/{{print $2}}' /proc/$p/status; done")
    return sum(int(x) for x in result.stdout.split()) / 1024.0


def measure(plugin: bool, rpm: Path, settings: dict[str, Any]) -> Measures:
    m = Measures()
    started = time.time()
    control.up(control.Options(controllers=3, computes=0, resources=POLLED_RESOURCES, interval=POLLING_INTERVAL,
                               plugin=plugin, settings=settings), rpm if plugin else None, echo=lambda _: None)
    status = observe.wait_for(lambda s: s.partition_ok(), timeout=6 * POLLING_INTERVAL, interval=1)
    m.up_seconds = time.time() - started
    # Steady state: at least two complete cycles of every agent.
    window_start = time.time()
    time.sleep(3 * POLLING_INTERVAL + 1)
    state = lab_state.load()
    env = recorded.environment(state)
    handles = recorded.handles(state)
    status = observe.collect(since=window_start)
    m.agents = len(status.shares)
    m.largest_share = max((len(s) for s in status.shares.values()), default=0)
    cycles = complete_cycles(observe.api_requests(window_start))
    m.polls_per_cycle = sum(len(c) for c in cycles.values()) / float(POLLED_RESOURCES)
    m.cycle_seconds = max((c[-1]["at"] - c[0]["at"] for c in cycles.values()), default=0.0)
    m.agent_rss_mib = max(rss_mib(handles[n.name], "ceilometer-polling") for n in env.controllers)
    m.zookeeper_rss_mib = max(rss_mib(handles[n.name], "QuorumPeerMain") for n in env.controllers)
    # Crash the controller whose agent polls the most, and time the recovery of coverage.
    victim = max(status.shares, key=lambda n: len(status.shares[n]))
    faults.node_action("kill", victim, echo=lambda _: None)
    killed = time.time()

    def recovered(s: observe.Status) -> bool:
        polled = {e["resource"] for e in observe.api_requests(killed + 0.5)}
        return len(polled) == POLLED_RESOURCES and victim not in s.shares

    observe.wait_for(recovered, timeout=120, interval=0.5, since=killed + 0.5)
    m.failover_seconds = time.time() - killed
    time.sleep(POLLING_INTERVAL)
    last_before: dict[str, float] = {}
    first_after: dict[str, float] = {}
    for entry in observe.api_requests(killed - 2 * POLLING_INTERVAL):
        if entry["at"] < killed:
            last_before[entry["resource"]] = max(entry["at"], last_before.get(entry["resource"], 0.0))
        elif entry["resource"] not in first_after:
            first_after[entry["resource"]] = entry["at"]
    gaps = [first_after.get(r, time.time()) - t for r, t in last_before.items()]
    m.paused = sum(1 for g in gaps if g > 1.5 * POLLING_INTERVAL)
    m.longest_gap = max(gaps, default=0.0)
    control.down(echo=lambda _: None)
    return m


ROWS = [
    ("lab up to a settled cycle (s)", "up_seconds", "{:.1f}"),
    ("agents polling", "agents", "{:d}"),
    ("resources of the busiest agent", "largest_share", "{:d}"),
    ("longest polling cycle of an agent (s)", "cycle_seconds", "{:.2f}"),
    ("polls of a resource per cycle of all agents", "polls_per_cycle", "{:.2f}"),
    ("agent RSS per controller (MiB)", "agent_rss_mib", "{:.0f}"),
    ("ZooKeeper RSS per controller (MiB)", "zookeeper_rss_mib", "{:.0f}"),
    ("crash -> every resource polled again (s)", "failover_seconds", "{:.1f}"),
    ("resources paused by the crash (>1.5 intervals)", "paused", "{:d}"),
    ("longest unpolled gap around the crash (s)", "longest_gap", "{:.1f}"),
]


def run(rpm: Path) -> None:
    if control.is_up() or lab_state.load():
        raise LabError("a lab is up; `down` it before benchmarking")
    print(f"bench: 3 controllers, {POLLED_RESOURCES} resources, interval {POLLING_INTERVAL}s; "
          "Fuel's default first, then the plugin, in this one run")
    base = measure(False, rpm, {})
    plug = measure(True, rpm, {})
    fast = measure(True, rpm, {"coordination_timeout": "4"})
    print(f"{'':<48}{'default':>9}{'plugin':>9}{'ratio':>7}{'plugin, 4 s':>13}{'ratio':>7}")
    for label, attr, fmt in ROWS:
        a, b, c = getattr(base, attr), getattr(plug, attr), getattr(fast, attr)
        rb = f"{b / a:.2f}" if a else "-"
        rc = f"{c / a:.2f}" if a else "-"
        print(f"{label:<48}{fmt.format(a):>9}{fmt.format(b):>9}{rb:>7}{fmt.format(c):>13}{rc:>7}")
    print("ratio: plugin / default. 'plugin, 4 s': coordination_timeout=4 (the tooz session timeout).")
