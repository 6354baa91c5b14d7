"""What the benchmark reads from the resource API's request log: each agent's polling
passes, misses and double polls in steady state, and every resource's gap around a fault.
Pure functions of time-stamped requests ({"at": seconds, "client": address, "resource": name}),
so that they are tested without a lab."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from . import polling_passes
from .polling_passes import Entry as Request  # with a "client": the agent's address


def passes(requests: Iterable[Request], pause: float) -> dict[str, list[list[Request]]]:
    """Per client, its polling passes in time order (polling_passes.split)."""
    mine: dict[str, list[Request]] = {}
    for r in requests:
        mine.setdefault(r["client"], []).append(r)
    return {client: polling_passes.split(own, pause) for client, own in mine.items()}


def complete_passes(requests: Iterable[Request], pause: float) -> dict[str, list[list[Request]]]:
    """passes() without each client's first and last pass, which the window may cut."""
    return {c: p[1:-1] for c, p in passes(requests, pause).items() if len(p) > 2}


@dataclass
class Steady:
    """Steady state over a window of `cycles` polling intervals."""
    cycles: float
    missed_per_cycle: float   # resource-gaps longer than 1.5 intervals, per cycle
    twice_per_cycle: float    # polls within half an interval of the resource's previous poll, per cycle
    longest_cycle: float | None   # longest complete pass of an agent (s); None: no agent had one
    largest_share: int            # resources in the largest complete pass
    agents: int                   # clients with a complete pass
    balance: float | None         # largest share / ideal share (resources / agents); None as above


def steady(requests: list[Request], resources: set[str], interval: float, start: float, end: float) -> Steady:
    inside = [r for r in requests if start <= r["at"] <= end]
    polls: dict[str, list[float]] = {name: [] for name in resources}
    for r in inside:
        polls.setdefault(r["resource"], []).append(r["at"])
    missed = twice = 0
    for times in polls.values():
        times.sort()
        edges = [start, *times, end]
        missed += sum(1 for a, b in pairwise(edges) if b - a > 1.5 * interval)
        twice += sum(1 for a, b in pairwise(times) if b - a < 0.5 * interval)
    full = complete_passes(inside, polling_passes.pause_of(interval))
    last = [p[-1] for p in full.values() if p]
    cycles = (end - start) / interval
    largest = max((len(p) for p in last), default=0)
    return Steady(cycles=cycles, missed_per_cycle=missed / cycles, twice_per_cycle=twice / cycles,
                  longest_cycle=max((p[-1]["at"] - p[0]["at"] for ps in full.values() for p in ps), default=None),
                  largest_share=largest, agents=len(last),
                  balance=largest / (len(resources) / len(last)) if last and resources else None)


def last_shares(requests: list[Request], since: float, interval: float, now: float) -> dict[str, set[str]]:
    """Per client, the resources of its latest pass that has ended by `now`
    (polling_passes.ended), if that pass started at or after `since` (an agent that died
    keeps its old passes in the log). A client's first pass in the log does not count:
    the log's window may cut it."""
    out = {}
    pause = polling_passes.pause_of(interval)
    for client, walks in passes(requests, pause).items():
        done = polling_passes.ended(walks, pause, now)[1:]
        if done and done[-1][0]["at"] >= since:
            out[client] = {r["resource"] for r in done[-1]}
    return out


def live_shares(requests: list[Request], interval: float, now: float) -> dict[str, set[str]]:
    """Per client that polled within the last interval, the resources of its latest
    complete pass, however long ago that pass began (an agent whose cycle outlasts the
    interval finishes a pass seldom)."""
    alive = {r["client"] for r in requests if r["at"] >= now - interval}
    return {c: share for c, share in last_shares(requests, float("-inf"), interval, now).items() if c in alive}


def is_partition(shares: dict[str, set[str]], resources: set[str]) -> bool:
    """The shares are disjoint and cover every resource."""
    return sum(map(len, shares.values())) == len(resources) and set().union(*shares.values()) == resources


@dataclass
class Fault:
    """Every resource's gap around a fault at `at`: from its last poll before to its first after."""
    recovery: float | None   # fault -> every resource polled again (s); None: not within the log
    paused: int              # resources whose gap exceeds 1.5 intervals
    longest_gap: float
    gaps: list[float]        # per resource, sorted (the plots' curve)


def around(requests: list[Request], at: float, resources: set[str], interval: float, now: float) -> Fault:
    last_before: dict[str, float] = {}
    first_after: dict[str, float] = {}
    for r in sorted(requests, key=lambda r: r["at"]):
        name = r["resource"]
        if r["at"] < at:
            last_before[name] = r["at"]
        elif name not in first_after:
            first_after[name] = r["at"]
    gaps = sorted(first_after.get(name, now) - last_before.get(name, at) for name in resources)
    recovery = None
    if resources and all(name in first_after for name in resources):
        recovery = max(first_after[name] for name in resources) - at
    return Fault(recovery=recovery, paused=sum(1 for g in gaps if g > 1.5 * interval),
                 longest_gap=max(gaps, default=0.0), gaps=gaps)
