"""The system tests' own checks without any lab: polling cycles from time-stamped records,
elections in ensemble samples, the Puppet log reader of the fuel-qa backend, the readers
of the status command's report, and the scenario plan (groups, steps, order)."""

from __future__ import annotations

import ast
import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from model import status as reports
from project import ROOT
from system import puppet_log
from system.backend import Backend, CommandResult
from system.base import scenario_steps
from system.checks import alarms, coordination, elections, polling

INTERVAL = 10.0
RESOURCES = [f"r{i}" for i in range(30)]


class FakeBackend(Backend):
    """Agents that poll fixed shares at their own phase, every INTERVAL seconds."""

    def __init__(self, records: list[tuple[float, str, str]], now: float, expected: list[str] | None = None):
        self.records = records
        self.now = now
        self.expected = expected

    def clock(self) -> float:
        return self.now

    def polling_interval(self) -> float:
        return INTERVAL

    def polling_records(self, since: float) -> list[tuple[float, str, str]]:
        return [r for r in self.records if r[0] >= since]

    def expected_resources(self):
        return set(self.expected) if self.expected is not None else None

    def run(self, node: str, command: str, timeout: int = 60) -> CommandResult:
        raise AssertionError("no node here")


def polls(shares: dict[str, list[str]], phases: dict[str, float], start: float, end: float):
    """Each agent polls its share in a 0.5 s burst at start + phase + k * INTERVAL."""
    out = []
    for agent, share in shares.items():
        t = start + phases[agent]
        while t < end:
            out += [(t + i * 0.5 / len(share), agent, r) for i, r in enumerate(share)]
            t += INTERVAL
    return sorted(out)


SHARES = {"node-1": RESOURCES[:10], "node-2": RESOURCES[10:20], "node-3": RESOURCES[20:]}
PHASES = {"node-1": 1.0, "node-2": 4.0, "node-3": 8.5}


def test_steady_agents_make_a_partition_in_every_cycle() -> None:
    backend = FakeBackend(polls(SHARES, PHASES, 0, 100), now=100, expected=RESOURCES)
    cycles = polling.check_partition_over_cycles(backend, sorted(SHARES), cycles=5, since=0)
    assert len(cycles) == 5
    assert all(sorted(c.shares) == sorted(SHARES) for c in cycles)


def test_a_resource_polled_twice_in_a_cycle_is_not_a_partition() -> None:
    shares = dict(SHARES, **{"node-3": RESOURCES[19:]})  # r19 by node-2 and node-3
    backend = FakeBackend(polls(shares, PHASES, 0, 100), now=100, expected=RESOURCES)
    with pytest.raises(AssertionError, match="1 twice"):
        polling.check_partition_over_cycles(backend, sorted(SHARES), cycles=5, since=0)


def test_a_resource_nobody_polls_is_not_a_partition() -> None:
    shares = dict(SHARES, **{"node-3": RESOURCES[21:]})
    backend = FakeBackend(polls(shares, PHASES, 0, 100), now=100, expected=RESOURCES)
    with pytest.raises(AssertionError, match="29 of 30 covered"):
        polling.check_partition_over_cycles(backend, sorted(SHARES), cycles=5, since=0)


def test_an_agent_that_stopped_polling_has_no_share_after_one_and_a_half_intervals() -> None:
    records = [r for r in polls(SHARES, PHASES, 0, 100) if not (r[1] == "node-3" and r[0] > 50)]
    backend = FakeBackend(records, now=100, expected=RESOURCES)
    cycle = polling.current_cycle(backend, 60)
    assert sorted(cycle.shares) == ["node-1", "node-2"]
    assert cycle.missing() == set(RESOURCES[20:])
    assert not cycle.partition()


def test_without_an_expected_set_the_universe_is_what_was_polled() -> None:
    backend = FakeBackend(polls(SHARES, PHASES, 0, 100), now=100, expected=None)
    cycle = polling.current_cycle(backend, 0)
    assert cycle.universe == set(RESOURCES) and cycle.partition(sorted(SHARES))


def test_a_cycle_holds_each_agents_latest_pass_at_a_quiet_moment() -> None:
    # The shares change: node-3 stops at 50 and node-1 and node-2 take its resources.
    after = {"node-1": RESOURCES[:15], "node-2": RESOURCES[15:]}
    records = polls(SHARES, PHASES, 0, 50) + polls(after, PHASES, 50, 100)
    backend = FakeBackend(records, now=100, expected=RESOURCES)
    cycles = polling.cycles_since(backend, 0)
    assert [sorted(c.shares) for c in cycles[:3]] == [sorted(SHARES)] * 3
    # While node-3's last pass is under 1.5 intervals old it still counts: a handover.
    assert all(c.partition() for c in cycles if c.moment < 50 or c.moment > 50 + 1.5 * INTERVAL)
    assert cycles[-1].shares == {"node-1": set(RESOURCES[:15]), "node-2": set(RESOURCES[15:])}


def test_quorum_of_a_sampled_ensemble() -> None:
    healthy = reports.Ensemble("node-1", {"node-1": "leader", "node-2": "follower", "node-3": "follower"}, [], 0)
    assert healthy.quorate() and healthy.healthy(["node-1", "node-2", "node-3"])
    one_down = reports.Ensemble("node-1", {"node-1": "leader", "node-2": "follower", "node-3": None}, [], 0)
    assert one_down.quorate() and not one_down.healthy(["node-1", "node-2", "node-3"])
    electing = reports.Ensemble("node-1", {"node-1": None, "node-2": None, "node-3": "follower"}, [], 0)
    assert not electing.quorate()
    five = {f"node-{i}": m for i, m in enumerate(["leader", "follower", None, None, None], 1)}
    assert not reports.Ensemble("node-1", five, [], 0).quorate()


PUPPET_LOG = """\
2016-06-01 10:00:00 +0000 Puppet (debug): Runtime environment: puppet_version=3.8.7
2016-06-01 10:00:00 +0000 Scope(Class[main]) (notice): MODULAR: netconfig/netconfig.pp
2016-06-01 10:00:01 +0000 /Stage[main]/L23network/File[/etc/network/interfaces]/content (notice): content changed
2016-06-01 10:00:02 +0000 Scope(Class[main]) (notice): MODULAR: ceilometer-zookeeper/server.pp
2016-06-01 10:00:03 +0000 /Stage[main]/Ceilometer_zookeeper::Server::Config/File[zoo.cfg]/content (notice): changed
2016-06-01 10:00:03 +0000 /Stage[main]/Ceilometer_zookeeper::Server::Service/Service[zookeeper] (info): Scheduling
2016-06-01 10:00:04 +0000 Puppet (notice): Finished catalog run in 2.00 seconds
2016-06-01 10:00:05 +0000 Scope(Class[main]) (notice): MODULAR: ceilometer-zookeeper/wait.pp
2016-06-01 10:00:06 +0000 /Stage[main]/Ceilometer_zookeeper::Wait/Exec[x] (debug): Executing check
2016-06-01 10:00:07 +0000 Puppet (notice): Finished catalog run in 1.00 seconds
2016-06-01 10:00:08 +0000 Scope(Class[main]) (notice): MODULAR: ceilometer-zookeeper/agents.pp
2016-06-01 10:00:09 +0000 Puppet (err): Could not find class ::nope
"""


def test_the_puppet_log_tells_which_plugin_task_changed_something() -> None:
    statuses, changes = puppet_log.plugin_tasks(PUPPET_LOG)
    assert statuses == {"ceilometer-zookeeper-server": "changed", "ceilometer-zookeeper-wait": "ok",
                        "ceilometer-zookeeper-agents": "failed"}
    assert len(changes["ceilometer-zookeeper-server"]) == 1


def test_the_scenario_plan_lists_every_scenario_with_steps() -> None:
    sys.path.insert(0, str(ROOT / "tests" / "system"))
    import run_system_tests
    from system.scenarios import common

    run_system_tests.load("local")
    found = [run_system_tests.scenario_of(c) for c in run_system_tests.plan([common.GROUP])]
    scenarios = [f for f in found if f is not None]
    groups = []
    for group, method in scenarios:
        if group not in groups:
            groups.append(group)
        steps = sorted(scenario_steps(method))
        assert steps and steps == list(range(1, len(steps) + 1)), f"{method.__name__}: steps {steps}"
        assert "Duration" in method.__doc__
    assert groups == common.ORDER


KNOWN_FAILURE_PROGRAM = """
import ast
import inspect
import os
import subprocess
import textwrap
import sys
sys.path[:0] = [{tests!r}, {system!r}]
from proboscis import TestProgram, test
import run_system_tests
from system import backend as backends
from system.base import RESULTS, SystemTest, known_failure, log_snapshot_after_test

backends.use(backends.Backend())

@test(groups=['demo'])
class Demo(SystemTest):
    @test(groups=['demo'])
    @log_snapshot_after_test
    @known_failure('issue 8', 'a demonstration')
    def marked(self):
        '''Marked

        Scenario:
            1. Assert
        '''
        self.show_step(1)
        assert {holds}, 'the known failure'

program = TestProgram(groups=['demo'], argv=['demo'], exit=False)
run_system_tests.mark_expected_failures(program.test_suite)
program.run_and_exit()
print('RESULT', program.result.wasSuccessful(), len(program.result.expectedFailures), RESULTS[0][2])
"""


@pytest.mark.parametrize(("holds", "successful", "outcome"), [
    (False, True, "known failure (issue 8: a demonstration)"),
    (True, False, "UNEXPECTED SUCCESS (issue 8: a demonstration)"),
])
def test_a_known_failure_is_expected_and_its_success_fails_the_run(holds: bool, successful: bool, outcome: str) -> None:
    code = KNOWN_FAILURE_PROGRAM.format(tests=str(ROOT / "tests"), system=str(ROOT / "tests" / "system"), holds=holds)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    line = [x for x in result.stdout.splitlines() if x.startswith("RESULT")]
    assert line, result.stdout + result.stderr
    assert line[0] == f"RESULT {successful} {0 if holds else 1} {outcome}"


def shown_steps(method, cls: type | None = None) -> list[int]:
    """The step numbers a scenario's code shows: show_step(n), deploy(self, n), and
    prepare_environment(..., first_step=n) (steps n to n + 2), also in a method of its
    class or a function of its module that it calls (scenarios that differ only in their
    layout share their steps)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(method))))
    steps = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        module = sys.modules[method.__module__]
        owner = getattr(node.func, "value", None)
        if cls is not None and isinstance(owner, ast.Name) and owner.id == "self" and \
                name != "show_step" and callable(getattr(cls, name, None)) and name in vars(cls):
            steps += shown_steps(getattr(cls, name))
        elif isinstance(node.func, ast.Name) and inspect.isfunction(getattr(module, name, None)) and \
                getattr(module, name).__module__ == module.__name__:
            steps += shown_steps(getattr(module, name))
        elif name == "show_step":
            steps.append(node.args[0].value)
        elif name == "deploy" and len(node.args) == 2 and isinstance(node.args[1], ast.Constant):
            steps.append(node.args[1].value)
        elif name == "prepare_environment":
            first = next(k.value.value for k in node.keywords if k.arg == "first_step")
            steps += [first, first + 1, first + 2]
    return sorted(steps)


def test_every_scenario_shows_each_step_of_its_docstring_once() -> None:
    sys.path.insert(0, str(ROOT / "tests" / "system"))
    import run_system_tests
    from system.scenarios import common

    run_system_tests.load("local")
    for case in run_system_tests.plan([common.GROUP, common.HOT_PLUG_5]):
        found = run_system_tests.scenario_of(case)
        if found is not None:
            method = found[1]
            cls = getattr(sys.modules[method.__module__], method.__qualname__.split(".")[0])
            assert sorted(shown_steps(method, cls)) == sorted(scenario_steps(method)), method.__name__


PY27_PROGRAM = """
from system import puppet_log
from system.backend import Backend
from system.checks import polling

class Steady(Backend):
    def clock(self): return 100.0
    def polling_interval(self): return 10.0
    def polling_records(self, since): return [r for r in RECORDS if r[0] >= since]
    def expected_resources(self): return set(r for _, _, r in RECORDS)

RECORDS = sorted((phase + k * 10 + i * 0.05, agent, '%s-%d' % (agent, i))
                 for agent, phase in (('node-1', 1.0), ('node-2', 4.0), ('node-3', 8.5))
                 for k in range(10) for i in range(10))
cycles = polling.check_partition_over_cycles(Steady(), ['node-1', 'node-2', 'node-3'], cycles=5, since=0)
statuses, _ = puppet_log.plugin_tasks(PUPPET_LOG)
print('PY27 %d %s' % (len(cycles), sorted(statuses.items())))
"""


def test_the_checks_run_under_a_real_python27(tmp_path: Path) -> None:
    """What fuel-qa would run on Python 2.7: the cycle and Puppet log logic (PyYAML, which
    fuel-qa has, stubbed: these checks do not read YAML)."""
    from test_python_code import python27

    interpreter = python27()
    if interpreter is None:
        pytest.skip("no Python 2.7 on this host")
    (tmp_path / "yaml").mkdir()
    (tmp_path / "yaml" / "__init__.py").write_text("def safe_load(stream):\n    raise NotImplementedError\n")
    code = f"PUPPET_LOG = {PUPPET_LOG!r}\n" + PY27_PROGRAM
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}:{ROOT / 'tests'}")
    result = subprocess.run([interpreter, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "PY27 5 [('ceilometer-zookeeper-agents', 'failed'), ('ceilometer-zookeeper-server', 'changed')," \
        in result.stdout, result.stdout


class Samples:
    """A stand-in for the scenarios' ensemble sampler: (time, sample) pairs and the losses."""

    def __init__(self, lost_at: list[float], until: float) -> None:
        self.samples = [(float(t), None) for t in range(int(until) + 1)]
        self.lost = set(lost_at)

    def losses(self) -> list[tuple[float, None]]:
        return [(t, s) for t, s in self.samples if t in self.lost]

    def summary(self) -> str:
        return f"{len(self.lost)} lost"


def test_a_change_of_the_server_list_may_lose_its_leader_in_one_burst_only() -> None:
    burst = [("3 -> 5", Samples([52.0, 55.0], until=90))]   # two restarts landing 3 s apart
    elections.assert_one_short_election(burst)
    spread = [("5 -> 4", Samples([10.0, 40.0], until=90))]    # 30 s apart: not one burst
    with pytest.raises(AssertionError, match="more than one short election"):
        elections.assert_one_short_election(spread)


class Rolling:
    """A sampler of a rolling restart: each second's modes, from a list of
    (seconds, {server: mode or None}) changes; a None mode is a server that is down."""

    def __init__(self, changes: list[tuple[int, dict[str, str | None]]], until: int) -> None:
        modes = {"node-1": "follower", "node-2": "follower", "node-3": "leader"}
        steps = dict(changes)
        self.samples = []
        for t in range(until + 1):
            modes = {**modes, **steps.get(t, {})}
            self.samples.append((float(t), reports.Ensemble("node-1", dict(modes), [], float(t))))

    def losses(self) -> list[tuple[float, reports.Ensemble]]:
        return [(t, e) for t, e in self.samples if not e.quorate()]

    def summary(self) -> str:
        return f"{len(self.losses())} lost"


def test_a_rolling_restart_may_elect_each_time_the_server_that_leads_restarts() -> None:
    # CI's order: node-3 (the leader) first, node-2 (elected meanwhile) last: two elections.
    twice = Rolling([(30, {"node-3": None, "node-1": None, "node-2": None}),
                     (31, {"node-2": "leader", "node-1": "follower"}),
                     (36, {"node-3": "follower"}),
                     (52, {"node-2": None, "node-1": None, "node-3": None}),
                     (53, {"node-3": "leader", "node-1": "follower"}),
                     (58, {"node-2": "follower"})], until=70)
    assert [(first, leader, restarted) for first, _, leader, restarted in elections.elections(twice)] == [
        (30.0, "node-3", True), (52.0, "node-2", True)]
    elections.assert_elections_only_on_leader_restarts([("settings change", twice)])
    # An election while the leader kept running (its followers lost it): refused.
    spurious = Rolling([(20, {"node-1": None, "node-2": None}), (22, {"node-1": "follower", "node-2": "follower"})],
                       until=40)
    with pytest.raises(AssertionError, match="the leader before, node-3, kept running"):
        elections.assert_elections_only_on_leader_restarts([("settings change", spurious)])
    # The leader's restart, but without a leader for longer than the bound: refused.
    slow = Rolling([(10, {"node-3": None, "node-1": None, "node-2": None}),
                    (30, {"node-2": "leader", "node-1": "follower", "node-3": "follower"})], until=40)
    with pytest.raises(AssertionError, match=r"no leader from 10\.0 to 29\.0 s"):
        elections.assert_elections_only_on_leader_restarts([("settings change", slow)])


def test_a_leader_restart_between_two_samples_is_told_by_its_start_time() -> None:
    """The leader's stop and start fell between two samples: in the one sample without a
    leader every server answers "not serving" (electing), none is seen down. Its
    process's start time says it restarted then; a leader that started long before did
    not, and that election is still refused."""
    electing = reports.Ensemble("node-1", {"node-1": None, "node-2": None, "node-3": None}, [], 42.0,
                                running=["node-1", "node-2", "node-3"])
    sampler = Rolling([], until=60)
    sampler.samples[42] = (42.0, electing)
    sampler.samples[43] = (43.0, reports.Ensemble("node-1", {"node-1": "leader", "node-2": "follower",
                                                            "node-3": "follower"}, [], 43.0))
    with pytest.raises(AssertionError, match="the leader before, node-3, kept running"):
        elections.assert_elections_only_on_leader_restarts([("settings change", sampler)])
    sampler.started = {"node-1": 5.0, "node-2": 20.0, "node-3": 41.5}
    assert [(leader, restarted) for _, _, leader, restarted in elections.elections(sampler)] == [("node-3", True)]
    elections.assert_elections_only_on_leader_restarts([("settings change", sampler)])
    sampler.started = {"node-1": 5.0, "node-2": 20.0, "node-3": 12.0}
    with pytest.raises(AssertionError, match="the leader before, node-3, kept running"):
        elections.assert_elections_only_on_leader_restarts([("settings change", sampler)])


def test_a_sample_that_failed_counts_as_leaderless_without_breaking_the_rules() -> None:
    """The sampler keeps a failed status call as an 'error: ...' string; the rules read it
    as a sample without a leader (and a server list change tolerates it in its burst)."""
    failed = Rolling([], until=20)
    failed.samples[5] = (5.0, "error: BackendError: status command timed out")
    failed.losses = lambda: [(t, e) for t, e in failed.samples if not isinstance(e, reports.Ensemble)]  # type: ignore[method-assign]
    assert elections.outages(failed) == [(5.0, 5.0)]
    elections.assert_one_short_election([("scale", failed)])
    with pytest.raises(AssertionError, match=r"the leader before, node-3, not seen \(no sample answered\)"):
        elections.assert_elections_only_on_leader_restarts([("settings change", failed)])
    with pytest.raises(AssertionError, match="down None"):
        elections.assert_one_server_down_at_most([("settings change", failed)])


STATUS_REPORT = {"groups": {"central-global": {"members": [
    {"host": "node-1", "id": "node-1-a", "session": 7},
    {"host": "node-2", "id": "node-2-a", "session": 9},
    {"host": "node-1", "id": "node-1-b", "session": 8}]},
    "alarm_evaluator": {"members": [{"host": "node-1", "id": "node-1-e", "session": 11}]}},
    "local": {"agent_running": True, "missing_from": []}}


def test_an_agents_sessions_are_those_of_its_members_in_every_group_but_the_evaluators() -> None:
    backend = FakeBackend([], now=0)
    backend.status = lambda node, timeout=10: dict(STATUS_REPORT)  # type: ignore[method-assign]
    assert coordination.agent_sessions(backend, "node-1") == {7, 8}
    assert coordination.agent_sessions(backend, "node-3") == set()


def test_polling_gaps_count_from_the_window_and_across_agents() -> None:
    """A resource polled at 10 s by node-1 and at 25 s by node-2 in a window of 0-30 s has
    a longest gap of 15 s; one never polled has the whole window."""
    records = [(10.0, "node-1", "a"), (25.0, "node-2", "a"), (2.0, "node-1", "b"), (28.0, "node-1", "b")]
    gaps = polling.polling_gaps(records, 0.0, 30.0, {"a", "b", "c"})
    assert gaps == {"a": 15.0, "b": 26.0, "c": 30.0}


def test_describe_gap_names_the_longest_wait_relative_to_the_change() -> None:
    """The longest wait is named with its resource, its ends relative to the change's start
    and the agents whose polls framed it, beside how many resources waited as long."""
    records = [(110.0, "node-1", "a"), (125.0, "node-2", "a"), (102.0, "node-1", "b"), (108.0, "node-1", "b")]
    spans = polling.polling_gap_spans(records, 100.0, 130.0, {"a", "b"})
    said = polling.describe_gap(spans, 100.0, 120.0)
    assert said == ("b unpolled from +8.0 s to +30.0 s after the start (the change ended at +20.0 s), "
                    "polled before by node-1 and after by nobody in the window; 1 resource(s) within 1 s of that")


def test_double_polls_are_two_agents_in_one_cycle() -> None:
    """Two agents within half an interval poll the same resource twice; the same agent
    twice, or two agents an interval apart, do not."""
    records = [(0.0, "node-1", "a"), (1.0, "node-2", "a"),     # twice in one cycle
               (10.0, "node-1", "a"), (20.0, "node-2", "a"),   # a handover, a cycle apart
               (0.0, "node-1", "b"), (2.0, "node-1", "b"),
               (30.0, "node-1", "c"), (33.0, "node-3", "c")]
    found = polling.double_polls(records, 10.0)
    assert [(at, r) for at, r, _ in found] == [(1.0, "a"), (33.0, "c")]
    assert polling.overlap_window(records, 10.0) == (32.0, 2)
    assert polling.overlap_window([], 10.0) == (0.0, 0)


class FakeAodhBackend(FakeBackend):
    """The agents steady, and evaluators whose records are given apart."""

    def __init__(self, evaluations: list[tuple[float, str, str]], now: float, alarms: set[str] | None):
        super().__init__(polls(SHARES, PHASES, 0, now), now, expected=RESOURCES)
        self.evaluations = evaluations
        self.alarms = alarms

    def evaluation_interval(self) -> float:
        return INTERVAL / 2

    def evaluation_records(self, since: float) -> list[tuple[float, str, str]]:
        return [r for r in self.evaluations if r[0] >= since]

    def expected_alarms(self):
        return self.alarms


ALARM_NAMES = [f"a{i}" for i in range(9)]


def evaluations(shares: dict[str, list[str]], start: float, end: float) -> list[tuple[float, str, str]]:
    """Each evaluator evaluates its alarms in a burst every INTERVAL / 2 seconds."""
    out = []
    for number, (node, share) in enumerate(sorted(shares.items())):
        t = start + number
        while t < end:
            out += [(t + i * 0.01, node, a) for i, a in enumerate(share)]
            t += INTERVAL / 2
    return sorted(out)


def test_the_evaluators_are_checked_by_the_polling_rules_on_their_own_records() -> None:
    shares = {"node-1": ALARM_NAMES[:3], "node-2": ALARM_NAMES[3:6], "node-3": ALARM_NAMES[6:]}
    backend = FakeAodhBackend(evaluations(shares, 0, 60), now=60, alarms=set(ALARM_NAMES))
    view = alarms.Evaluations(backend)
    assert view.polling_interval() == INTERVAL / 2 and view.expected_resources() == set(ALARM_NAMES)
    found = polling.check_partition_over_cycles(view, sorted(shares), cycles=3, since=0)
    assert all(c.universe == set(ALARM_NAMES) for c in found)
    assert polling.busiest(found[0]) == "node-1"  # all equal: the first by name
    assert alarms.evaluators_run(backend)
    assert not alarms.evaluators_run(FakeAodhBackend([], now=60, alarms=set()))


def test_an_alarm_two_evaluators_evaluate_in_one_cycle_fails_the_check() -> None:
    shares = {"node-1": ALARM_NAMES[:4], "node-2": ALARM_NAMES[3:6], "node-3": ALARM_NAMES[6:]}
    backend = FakeAodhBackend(evaluations(shares, 0, 60), now=60, alarms=set(ALARM_NAMES))
    with pytest.raises(AssertionError, match="1 twice"):
        polling.check_partition_over_cycles(alarms.Evaluations(backend), sorted(shares), cycles=3, since=0)
    busiest = polling.current_cycle(alarms.Evaluations(backend), 0)
    assert polling.busiest(busiest) == "node-1"


def test_a_process_start_is_the_clock_less_the_age_of_the_oldest_match() -> None:
    from system.checks import processes

    class Nodes(FakeBackend):
        def run(self, node: str, command: str, timeout: int = 60) -> CommandResult:
            assert "pgrep -o -f 'ceilometer-polling'" in command, command
            ages = {"node-1": " 42\n", "node-2": ""}
            return CommandResult(0 if ages[node] else 1, ages[node], "")

    started = processes.started(Nodes([], now=1000.0), ["node-1", "node-2"], "ceilometer-polling")
    assert started == {"node-1": 958.0, "node-2": None}
