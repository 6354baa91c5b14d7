"""What the benchmark reads from the resource API's request log: each agent's polling
passes, misses and double polls in steady state, and every resource's gap around a fault.
Pure functions of polls (model.passes.Poll, the agent being the client's address), so
that they are tested without a lab."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from model import passes
from model.passes import Poll


def complete_passes(polls: Iterable[Poll], pause: float) -> dict[str, list[list[Poll]]]:
    """Each agent's passes without its first and last, which the window may cut."""
    return {c: p[1:-1] for c, p in passes.passes(polls, pause).items() if len(p) > 2}


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


def steady(polls: list[Poll], resources: set[str], interval: float, start: float, end: float) -> Steady:
    inside = [p for p in polls if start <= p.at <= end]
    times_of: dict[str, list[float]] = {name: [] for name in resources}
    for poll in inside:
        times_of.setdefault(poll.resource, []).append(poll.at)
    missed = twice = 0
    for times in times_of.values():
        times.sort()
        edges = [start, *times, end]
        missed += sum(1 for a, b in pairwise(edges) if b - a > passes.STALE_INTERVALS * interval)
        twice += sum(1 for a, b in pairwise(times) if b - a < passes.pause_of(interval))
    full = complete_passes(inside, passes.pause_of(interval))
    last = [p[-1] for p in full.values() if p]
    cycles = (end - start) / interval
    largest = max((len(p) for p in last), default=0)
    return Steady(cycles=cycles, missed_per_cycle=missed / cycles, twice_per_cycle=twice / cycles,
                  longest_cycle=max((p[-1].at - p[0].at for ps in full.values() for p in ps), default=None),
                  largest_share=largest, agents=len(last),
                  balance=largest / (len(resources) / len(last)) if last and resources else None)


def last_shares(polls: list[Poll], since: float, interval: float, now: float) -> dict[str, set[str]]:
    """Per agent, the share of its latest pass that has ended by `now` (passes.ended), if
    that pass started at or after `since` (an agent that died keeps its old passes in the
    log). An agent's first pass in the log does not count: the log's window may cut it."""
    out = {}
    pause = passes.pause_of(interval)
    for agent, found in passes.passes(polls, pause).items():
        done = passes.ended(found, pause, now)[1:]
        if done and done[-1][0].at >= since:
            out[agent] = passes.resources(done[-1])
    return out


def live_shares(polls: list[Poll], interval: float, now: float) -> dict[str, set[str]]:
    """Per agent that still polls (passes.live), the share of its latest complete pass,
    however long ago that pass began (an agent whose pass outlasts the interval finishes
    one seldom)."""
    alive = {agent for agent, own in passes.by_agent(polls).items() if passes.live(own, interval, now)}
    return {c: share for c, share in last_shares(polls, float("-inf"), interval, now).items() if c in alive}


@dataclass
class Gaps:
    """Every resource's gap around a fault at `at`: from its last poll before to its first after."""
    recovery: float | None   # fault -> every resource polled again (s); None: not within the log
    paused: int              # resources whose gap exceeds passes.STALE_INTERVALS intervals
    longest_gap: float
    gaps: list[float]        # per resource, sorted (the plots' curve)


def around(polls: list[Poll], at: float, resources: set[str], interval: float, now: float) -> Gaps:
    last_before: dict[str, float] = {}
    first_after: dict[str, float] = {}
    for poll in sorted(polls, key=lambda p: p.at):
        if poll.at < at:
            last_before[poll.resource] = poll.at
        elif poll.resource not in first_after:
            first_after[poll.resource] = poll.at
    gaps = sorted(first_after.get(name, now) - last_before.get(name, at) for name in resources)
    recovery = None
    if resources and all(name in first_after for name in resources):
        recovery = max(first_after[name] for name in resources) - at
    return Gaps(recovery=recovery, paused=sum(1 for g in gaps if g > passes.STALE_INTERVALS * interval),
                longest_gap=max(gaps, default=0.0), gaps=gaps)
