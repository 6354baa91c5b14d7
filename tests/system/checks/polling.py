"""The partition of the polled resources, cycle by cycle (tests/model/passes.py says what
a pass and a cycle are), and what a change costs the resources it leaves unpolled.

The records a backend gives may name a resource twice in one pass (fuel-qa reads
Ceilometer's "My subset" lines), so a pass here ends only where its agent pauses.
Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import time

from model import passes
from model.partition import Cycle

from system.checks.waiting import wait_until


def polls_of(records):
    return [passes.Poll(*r) for r in records]


def universe_of(backend, polls):
    expected = backend.expected_resources()
    return set(expected) if expected is not None else set(p.resource for p in polls)


def quiet_gap(interval):
    """The shortest pause between two polls of anyone that counts as a quiet moment."""
    return min(1.0, interval / 4.0)


def cycle_at(polls, moment, interval, universe):
    return Cycle(moment, passes.shares_at(polls, moment, interval, repeat_ends_pass=False), universe)


def cycles_since(backend, since, records=None):
    """Every cycle (one per interval) whose moment lies after since + one interval (so
    that every agent had a whole pass in the window)."""
    interval = backend.polling_interval()
    polls = polls_of(backend.polling_records(since) if records is None else records)
    moments = passes.quiet_moments([p.at for p in polls], quiet_gap(interval))
    universe = universe_of(backend, polls)
    cycles = []
    next_at = since + interval
    for moment in moments:
        if moment >= next_at:
            cycles.append(cycle_at(polls, moment, interval, universe))
            next_at = moment + interval * 0.9
    return cycles


def current_cycle(backend, since):
    """The latest cycle completed by now (None when nobody polled after since)."""
    interval = backend.polling_interval()
    now = backend.clock()
    polls = polls_of(backend.polling_records(since))
    if not polls:
        return None
    times = [p.at for p in polls] + [now]
    moments = [m for m in passes.quiet_moments(times, quiet_gap(interval)) if m >= since]
    if not moments:
        return None
    return cycle_at(polls, moments[-1], interval, universe_of(backend, polls))


def check_partition_over_cycles(backend, agents, cycles=5, since=None):
    """Over `cycles` successive cycles every resource is polled once per cycle, by exactly
    one agent of `agents`, always the same one. Waits for the cycles to happen."""
    interval = backend.polling_interval()
    start = backend.clock() if since is None else since
    time.sleep(max(0.0, start + (cycles + 1.5) * interval - backend.clock()))
    found = cycles_since(backend, start)
    deadline = time.time() + 3 * interval
    while len(found) < cycles and time.time() < deadline:
        time.sleep(interval / 2.0)
        found = cycles_since(backend, start)
    assert len(found) >= cycles, 'only %d cycles seen in %.0fs: %s' % (
        len(found), backend.clock() - start, found)
    owner = {}
    for cycle in found[:cycles]:
        assert cycle.partition(agents), 'not a partition among %s: %r' % (agents, cycle)
        for agent, share in cycle.shares.items():
            for resource in share:
                assert owner.setdefault(resource, agent) == agent, \
                    '%s polled by %s, then by %s' % (resource, owner[resource], agent)
    return found[:cycles]


def wait_partition(backend, agents, since, timeout, covering=()):
    """Waits for a cycle after since that is a partition among exactly `agents` and covers
    `covering` (where the backend cannot tell every resource, a cycle's universe is what
    was polled: a share nobody took over yet would pass unseen); returns (cycle, seconds
    after since), and asserts it came within timeout."""
    started = backend.clock()

    def done(cycle):
        return cycle is not None and cycle.partition(agents) and not (set(covering) - cycle.covered())

    cycle, _ = wait_until(lambda: current_cycle(backend, since), done, timeout, interval=1)
    assert done(cycle), 'no partition among %s covering %d given within %ds: %r' % (
        sorted(agents), len(covering), timeout, cycle)
    return cycle, cycle.moment - since if cycle.moment > since else backend.clock() - started


def wait_partitioned(backend, agents, timeout=None):
    """Waits until the agents' passes from now on are a partition among exactly `agents`
    (within six intervals and 30 s unless told); returns the backend's clock then."""
    now = backend.clock()
    wait_partition(backend, agents, now, timeout or 6 * backend.polling_interval() + 30)
    return backend.clock()


def check_no_resource_twice(backend, since, cycles=2):
    """The next `cycles` cycles after since poll no resource twice."""
    interval = backend.polling_interval()
    time.sleep(max(0.0, since + (cycles + 1.5) * interval - backend.clock()))
    found = cycles_since(backend, since)[:cycles]
    assert len(found) >= cycles, 'only %d cycles after %.0f: %s' % (len(found), since, found)
    for cycle in found:
        assert not cycle.twice(), 'resources polled twice in one cycle: %r (%s)' % (
            cycle, sorted(cycle.twice())[:10])
    return found


def polling_gaps(records, since, until, universe):
    """{resource: the longest time between two polls of it (by any agent) in the window
    [since, until]; the window's ends count as polls} (model.passes.window_gaps). What a
    change costs the resources it leaves unpolled, whatever their agent."""
    return passes.window_gaps(polls_of(records), since, until, universe)


def polling_gap_spans(records, since, until, universe):
    """{resource: (start, end, agent before, agent after) of its longest time unpolled in
    [since, until]} (model.passes.window_gap_spans): where the wait that polling_gaps
    measures sat, and whose polls framed it."""
    return passes.window_gap_spans(polls_of(records), since, until, universe)


def describe_gap(spans, started, ended):
    """The longest of the spans in words, its times relative to a change that ran from
    started to ended (backend clock), and how many resources waited as long within 1 s."""
    resource, (a, b, before, after) = max(sorted(spans.items()), key=lambda item: item[1][1] - item[1][0])
    longest = b - a
    alike = len([s for s in spans.values() if s[1] - s[0] >= longest - 1.0])
    return '%s unpolled from %+.1f s to %+.1f s after the start (the change ended at %+.1f s), ' \
        'polled before by %s and after by %s; %d resource(s) within 1 s of that' % (
            resource, a - started, b - started, ended - started, before or 'nobody in the window',
            after or 'nobody in the window', alike)


def longest_gap(backend, since, until):
    """The longest time any resource went unpolled in [since, until] (seconds, see
    polling_gaps)."""
    records = backend.polling_records(since - backend.polling_interval())
    window = [r for r in records if r[0] <= until]
    return max(polling_gaps(window, since, until, universe_of(backend, records)).values())


def double_polls(records, interval):
    """[(time, resource, agents)] of every poll of a resource by an agent within half an
    interval of another agent's poll of it: both polled it in the same cycle."""
    by_resource = {}
    for poll in polls_of(records):
        by_resource.setdefault(poll.resource, []).append((poll.at, poll.agent))
    found = []
    for resource, seen in by_resource.items():
        seen.sort()
        for (a, first), (b, second) in zip(seen, seen[1:]):
            if first != second and b - a < passes.pause_of(interval):
                found.append((b, resource, (first, second)))
    return sorted(found)


def overlap_window(records, interval):
    """Seconds from the first to the last double poll (0.0 when none), and their count."""
    found = double_polls(records, interval)
    if not found:
        return 0.0, 0
    return found[-1][0] - found[0][0], len(found)


def busiest(cycle):
    """The agent (or evaluator) with the largest share of a cycle; of equals, the first by
    name."""
    return max(sorted(cycle.shares), key=lambda node: len(cycle.shares[node]))
