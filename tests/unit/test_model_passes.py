"""The lab's status reads each agent's latest polling pass from its samples, which
Ceilometer writes in batches of 50 as the pass goes."""

from __future__ import annotations

from lab import observe

SHARE = [f"r{i}" for i in range(600)]  # 12 batches


def samples(start: float, seconds: float, batch: int = 50) -> list[dict]:
    """One pass over SHARE lasting `seconds`, its samples written a batch at a time."""
    out = []
    for first in range(0, len(SHARE), batch):
        at = start + seconds * min(first + batch, len(SHARE)) / len(SHARE)
        out += [{"at": at, "resource": name} for name in SHARE[first:first + batch]]
    return out


def test_a_pass_that_outlasts_the_interval_is_read_whole() -> None:
    # 5,000 resources on 5 controllers: passes of 13 s, back to back, 10 s interval.
    log = samples(0.0, 13.0) + samples(13.0, 13.0) + samples(26.0, 13.0)[:300]
    assert observe.last_cycle(log, 10.0, now=33.0) == set(SHARE)


def test_a_pass_under_way_gives_way_to_the_one_before() -> None:
    log = samples(0.0, 1.0) + samples(10.0, 1.0)[:50]
    assert observe.last_cycle(log, 10.0, now=10.6) == set(SHARE)
    assert observe.last_cycle(log[:650], 10.0, now=16.0) == set(SHARE[:50])


def test_a_short_pass_then_a_pause_is_the_latest_cycle() -> None:
    log = samples(0.0, 1.0) + [{"at": 10.5, "resource": name} for name in SHARE[:300]]
    assert observe.last_cycle(log, 10.0, now=16.0) == set(SHARE[:300])
    assert observe.last_cycle([], 10.0, now=1.0) == set()
