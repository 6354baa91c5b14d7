"""Polling passes: how one agent's time-stamped polls fall into passes, and what each
agent's latest pass held at a moment.

The words (tests/README.md has the glossary): a *poll* is one agent asking for one
resource; a *pass* is one agent's round over its *share*, the resources it polls once per
interval; a *cycle* is what every live agent polled in its latest pass at a *quiet
moment*, one when no agent was polling. Pure functions of polls, for the lab's status,
the benchmark and the system tests alike."""

from __future__ import absolute_import, division, print_function

from collections import namedtuple

# One poll: when (seconds since the epoch), by which agent (a node name or an address),
# of which resource.
Poll = namedtuple('Poll', ['at', 'agent', 'resource'])

# Polls further apart than this many intervals leave a gap: an agent whose latest poll is
# older polls no more (it has no share), and a resource unpolled for longer was missed.
STALE_INTERVALS = 1.5


def pause_of(interval):
    """How long an agent that polls every `interval` seconds pauses at least between two
    passes: half an interval."""
    return interval / 2.0


def split(polls, pause, repeat_ends_pass=True):
    """One agent's polls as its passes, in time order. A pass ends where the agent pauses
    for `pause` seconds between two polls, or (repeat_ends_pass) comes to a resource it
    polled in that pass already: an agent whose pass outlasts the interval does not pause,
    it goes straight on with the next. Records that may name a resource twice in one pass
    (Ceilometer's "My subset" log lines) take repeat_ends_pass=False."""
    found = [[]]
    seen = set()
    for poll in sorted(polls, key=lambda p: p.at):
        current = found[-1]
        if current and ((repeat_ends_pass and poll.resource in seen) or poll.at - current[-1].at >= pause):
            current = []
            found.append(current)
            seen = set()
        current.append(poll)
        seen.add(poll.resource)
    return found if found[0] else []


def by_agent(polls):
    """{agent: [its polls]}."""
    out = {}
    for poll in polls:
        out.setdefault(poll.agent, []).append(poll)
    return out


def passes(polls, pause, repeat_ends_pass=True):
    """{agent: its passes in time order}."""
    return dict((agent, split(own, pause, repeat_ends_pass)) for agent, own in by_agent(polls).items())


def ended(ordered, pause, now):
    """Those of split()'s passes that have ended by `now`: the last one only once the agent
    has paused after it (it may be under way); every earlier one was ended by the next."""
    if ordered and now - ordered[-1][-1].at < pause:
        return ordered[:-1]
    return ordered


def resources(one):
    """The share one pass polled."""
    return set(p.resource for p in one)


def latest_pass(polls, pause, now):
    """One agent's latest pass that has ended by `now`, else the one under way."""
    found = split(polls, pause)
    done = ended(found, pause, now)
    return done[-1] if done else (found[-1] if found else [])


def live(polls, interval, now):
    """Whether an agent with these polls still polls at `now`."""
    return bool(polls) and max(p.at for p in polls) >= now - STALE_INTERVALS * interval


def shares_at(polls, moment, interval, repeat_ends_pass=True):
    """{agent: the share of its latest pass at or before `moment`}, for every agent live
    at that moment. Taken at a quiet moment, that is one cycle."""
    shares = {}
    for agent, own in by_agent(p for p in polls if p.at <= moment).items():
        if live(own, interval, moment):
            found = split(own, pause_of(interval), repeat_ends_pass)
            shares[agent] = resources(found[-1])
    return shares


def quiet_moments(times, gap):
    """Middles of the pauses of at least `gap` seconds between the sorted time stamps: the
    moments no agent was polling."""
    ordered = sorted(times)
    return [(a + b) / 2.0 for a, b in zip(ordered, ordered[1:]) if b - a >= gap]


def window_gap_spans(polls, since, until, universe):
    """{resource: (start, end, agent before, agent after) of the longest time between two
    polls of it (by any agent) inside the window [since, until]}, for every resource of
    `universe`; the window's ends count as polls (by no agent: None). Where a change left
    a resource unpolled, and whose poll ended the wait."""
    times = dict((name, [(since, None)]) for name in universe)
    for poll in polls:
        if since <= poll.at <= until and poll.resource in times:
            times[poll.resource].append((poll.at, poll.agent))
    spans = {}
    for name, seen in times.items():
        seen = sorted(seen, key=lambda s: s[0]) + [(until, None)]
        (a, before), (b, after) = max(zip(seen, seen[1:]), key=lambda pair: pair[1][0] - pair[0][0])
        spans[name] = (a, b, before, after)
    return spans


def window_gaps(polls, since, until, universe):
    """{resource: the longest time between two polls of it (by any agent) inside the window
    [since, until]; the window's ends count as polls}, for every resource of `universe`.
    What a change (a hot-plug, a redeployment) costs each resource, whatever its agent."""
    return dict((name, span[1] - span[0])
                for name, span in window_gap_spans(polls, since, until, universe).items())
