"""Elections while the ensemble changes, read from an EnsembleSampler's samples: when it
had no leader and a quorum, whether each such run was the restart of the server that led,
and how many servers were down at once. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

from model.status import Ensemble

# A changed server list restarts every existing server at once (ZooKeeper 3.4 cannot
# change it live, and in turns the leader's restart makes servers with mixed lists elect
# at length): one election follows, which must stay this short.
ELECTION_BOUND = 15.0
# A leader that restarts within this many seconds of an election caused it: its
# followers lose it the moment it stops, and it starts again within seconds.
RESTART_WINDOW = 5.0


def elections(sampler):
    """[(first, last, leader before, restarted)] for each run of samples without a leader
    and a quorum: seconds after the first sample, the leader of the last sample before
    the run, and whether that server restarted: seen stopped in a sample of the run, or
    its running process started within RESTART_WINDOW of the run (a restart shorter than
    the gap between two samples is never seen down)."""
    origin = sampler.samples[0][0] if sampler.samples else 0
    started = getattr(sampler, 'started', {}) or {}
    lost = set(at for at, _ in sampler.losses())
    found_runs, run, leader = [], None, None
    for at, found in sampler.samples:
        if at in lost:
            if run is None:
                run = [at - origin, at - origin, leader, False]
            run[1] = at - origin
            if isinstance(found, Ensemble) and leader is not None and leader in found.stopped():
                run[3] = True
            continue
        if run is not None:
            found_runs.append(tuple(run))
            run = None
        if isinstance(found, Ensemble) and len(found.leaders) == 1:
            leader = found.leaders[0]
    if run is not None:
        found_runs.append(tuple(run))
    for index, (first, last, before, restarted) in enumerate(found_runs):
        at = started.get(before)
        if not restarted and at is not None and \
                origin + first - RESTART_WINDOW <= at <= origin + last + RESTART_WINDOW:
            found_runs[index] = (first, last, before, True)
    return found_runs


def outages(sampler):
    """[(first, last)] seconds after the first sample of each run of samples without a
    leader and a quorum."""
    return [(first, last) for first, last, _, _ in elections(sampler)]


def assert_one_short_election(samplers):
    """A changed server list restarts every server with the new list at once, but the
    restarts still land seconds apart, each taking the leader away: the leaderless
    samples of a change must lie within one window of at most ELECTION_BOUND seconds."""
    bad = []
    for what, sampler in samplers:
        runs = outages(sampler)
        if runs and runs[-1][1] - runs[0][0] > ELECTION_BOUND:
            bad.append('%s: leaderless %s (%s)' % (what, runs, sampler.summary()))
    assert samplers and not bad, 'more than one short election: %s' % '; '.join(bad)


def assert_one_server_down_at_most(samplers):
    """In every sample every server but one at most ran (a rolling restart: a majority
    always runs; electing counts as running), and no sample went unanswered."""
    bad = []
    for what, sampler in samplers:
        for at, found in sampler.samples:
            down = found.stopped() if isinstance(found, Ensemble) else None
            if down is None or len(down) > 1:
                bad.append('%s: %.1f s after the first sample: down %s' % (what, at - sampler.samples[0][0], down))
    assert samplers and not bad, 'more than one server down at once: %s' % '; '.join(bad)


def assert_elections_only_on_leader_restarts(samplers):
    """A rolling restart loses its leader only when the server that leads takes its turn
    (ZooKeeper 3.4 cannot hand leadership over), for at most ELECTION_BOUND seconds each
    time; never in an election among servers that kept running. The engine, like Astute's
    one_by_one, picks the order: when the leader goes first, the new leader's turn can
    come later and cost a second election."""
    bad = []
    for what, sampler in samplers:
        origin = sampler.samples[0][0] if sampler.samples else 0
        for first, last, leader, restarted in elections(sampler):
            if last - first > ELECTION_BOUND or not restarted:
                answered = any(isinstance(found, Ensemble) for at, found in sampler.samples
                               if first <= at - origin <= last)
                seen = 'restarted' if restarted else 'kept running' if answered else 'not seen (no sample answered)'
                bad.append('%s: no leader from %.1f to %.1f s; the leader before, %s, %s' % (
                    what, first, last, leader, seen))
    assert samplers and not bad, 'an election that was not a short one on a leader restart: %s' % '; '.join(bad)
