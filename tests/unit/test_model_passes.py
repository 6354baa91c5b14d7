"""tests/model: polling passes and the partition rule, the readers of the status command's
report and of zoo.cfg, and the project's facts, on made-up data."""

from __future__ import annotations

import pytest
from model import partition, passes, project
from model import status as reports
from model.passes import Poll

SHARE = [f"r{i}" for i in range(600)]  # 12 batches


def samples(start: float, seconds: float, batch: int = 50, agent: str = "node-1") -> list[Poll]:
    """One pass over SHARE lasting `seconds`, its polls logged a batch at a time (as
    Ceilometer writes its samples)."""
    out = []
    for first in range(0, len(SHARE), batch):
        at = start + seconds * min(first + batch, len(SHARE)) / len(SHARE)
        out += [Poll(at, agent, name) for name in SHARE[first:first + batch]]
    return out


def latest(polls: list[Poll], interval: float, now: float) -> set[str]:
    return passes.resources(passes.latest_pass(polls, passes.pause_of(interval), now))


def test_a_pass_that_outlasts_the_interval_is_read_whole() -> None:
    # 5,000 resources on 5 controllers: passes of 13 s, back to back, 10 s interval.
    log = samples(0.0, 13.0) + samples(13.0, 13.0) + samples(26.0, 13.0)[:300]
    assert latest(log, 10.0, now=33.0) == set(SHARE)


def test_a_pass_under_way_gives_way_to_the_one_before() -> None:
    log = samples(0.0, 1.0) + samples(10.0, 1.0)[:50]
    assert latest(log, 10.0, now=10.6) == set(SHARE)
    assert latest(log[:650], 10.0, now=16.0) == set(SHARE[:50])


def test_a_short_pass_then_a_pause_is_the_latest_pass() -> None:
    log = samples(0.0, 1.0) + [Poll(10.5, "node-1", name) for name in SHARE[:300]]
    assert latest(log, 10.0, now=16.0) == set(SHARE[:300])
    assert latest([], 10.0, now=1.0) == set()


def test_a_repeated_resource_ends_a_pass_unless_the_records_may_repeat_it() -> None:
    polls = [Poll(0.0, "a", "x"), Poll(0.1, "a", "y"), Poll(0.2, "a", "x"), Poll(0.3, "a", "z")]
    assert [passes.resources(p) for p in passes.split(polls, 5.0)] == [{"x", "y"}, {"x", "z"}]
    assert [passes.resources(p) for p in passes.split(polls, 5.0, repeat_ends_pass=False)] == [{"x", "y", "z"}]


def test_shares_at_a_moment_leave_out_an_agent_that_stopped_polling() -> None:
    polls = samples(0.0, 1.0, agent="a") + samples(10.0, 1.0, agent="a") + samples(2.0, 1.0, agent="b")
    shares = passes.shares_at(polls, 19.0, 10.0)
    assert shares == {"a": set(SHARE)}   # b's latest poll is 16 s old: more than 1.5 intervals
    assert sorted(passes.shares_at(polls, 9.0, 10.0)) == ["a", "b"]


def test_quiet_moments_lie_in_the_pauses() -> None:
    assert passes.quiet_moments([0.0, 0.5, 4.0, 4.2, 9.0], gap=1.0) == [2.25, 6.6]


@pytest.mark.parametrize(("shares", "agents", "expected"), [
    ({"a": {"1", "2"}, "b": {"3"}}, None, True),
    ({"a": {"1", "2"}, "b": {"2", "3"}}, None, False),          # 2 twice
    ({"a": {"1"}, "b": {"3"}}, None, False),                    # 2 missing
    ({"a": {"1", "2"}, "b": {"3"}}, ["a", "b", "c"], False),    # c has no share
    ({}, None, False),
])
def test_the_partition_rule(shares: dict[str, set[str]], agents: list[str] | None, expected: bool) -> None:
    universe = {"1", "2", "3"} if shares else set()
    assert partition.is_partition(shares, universe, agents) is expected


def test_a_cycle_reports_what_is_twice_and_missing() -> None:
    cycle = partition.Cycle(0.0, {"a": {"1", "2"}, "b": {"2"}}, {"1", "2", "3"})
    assert cycle.twice() == {"2"} and cycle.missing() == {"3"} and not cycle.partition()
    assert "2 of 3 covered, 1 twice" in repr(cycle)


REPORT = {
    "problems": ["node-3 (203.0.113.4:2181): not serving (...)"],
    "ensemble": {"servers": [
        {"name": "node-1", "mode": "leader", "problem": None, "running": True},
        {"name": "node-2", "mode": None, "problem": "connection refused", "running": False},
        {"name": "node-3", "mode": None, "problem": "not serving (...)", "running": True}]},
    "groups": {"central-global": {"members": [
        {"host": "node-1", "id": "node-1-a", "session": 7},
        {"host": None, "id": "stray", "session": 9},
        {"host": "node-1", "id": "node-1-b", "session": 8}]}},
    "local": {"agent_running": True, "missing_from": ["central-global"], "member_of": []},
    "exit_code": 3,
}


def test_the_status_report_readers() -> None:
    found = reports.ensemble("node-1", REPORT, 5.0)
    assert found.leaders == ["node-1"] and found.stopped() == ["node-2"] and not found.quorate()
    assert reports.groups(REPORT) == {"central-global": ["node-1", "node-1", "stray"]}
    assert reports.sessions_by_host(REPORT) == {"node-1": {7, 8}, None: {9}}
    assert reports.outside_its_group(REPORT)
    assert reports.local(REPORT)["exit_code"] == 3


def test_zoo_cfg_servers_are_read_in_order_and_a_repeat_is_kept() -> None:
    text = "tickTime=2000\nserver.4=10.20.0.6:2888:3888\n server.1=10.20.0.3:2888:3888\nserver.1=10.20.0.3:2888:3888\n"
    assert reports.zoo_cfg_servers(text) == [("1", "10.20.0.3"), ("1", "10.20.0.3"), ("4", "10.20.0.6")]
    assert reports.zoo_cfg_servers("") == []


def test_the_ha_rule_is_read_from_the_task_graph() -> None:
    assert project.min_controllers() == 3
    assert project.acts(3) and not project.acts(2)
    assert not project.acts(5, ceilometer_enabled=False) and not project.acts(5, plugin_enabled=False)


def test_every_task_works_in_ha_and_only_the_check_has_no_condition() -> None:
    assert project.working_tasks() == project.task_ids()
    unconditioned = [t["id"] for t in project.tasks() if not t.get("condition")]
    assert unconditioned == [project.CHECK_TASK]


def test_window_gaps_count_the_window_ends_as_polls_and_any_agent_as_a_poll() -> None:
    polls = [Poll(12.0, "a", "r0"), Poll(30.0, "b", "r0"), Poll(5.0, "a", "r1"), Poll(41.0, "c", "r1"),
             Poll(25.0, "a", "other")]
    gaps = passes.window_gaps(polls, 10.0, 40.0, {"r0", "r1", "r2"})
    # r0: 10-12-30-40 -> 18; r1: its polls fall outside the window -> 30; r2: never -> 30.
    assert gaps == {"r0": 18.0, "r1": 30.0, "r2": 30.0}


def test_window_gap_spans_name_where_the_longest_wait_was_and_who_ended_it() -> None:
    polls = [Poll(12.0, "a", "r0"), Poll(30.0, "b", "r0"), Poll(33.0, "c", "r0"), Poll(20.0, "c", "r1")]
    spans = passes.window_gap_spans(polls, 10.0, 40.0, {"r0", "r1", "r2"})
    assert spans == {"r0": (12.0, 30.0, "a", "b"), "r1": (20.0, 40.0, "c", None), "r2": (10.0, 40.0, None, None)}
