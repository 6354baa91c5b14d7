"""The benchmark's reading of the request log (tests/lab/bench/measure.py) on made-up logs
whose right answers are known, and its report (tables and plots) on made-up runs."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from lab.bench import measure, publish, report
from lab.bench import plan as bench_plan
from lab.bench import run as bench_run
from lab.bench.plan import HOT_PLUG, Plan, Run, Trial
from lab.errors import LabError
from model import partition, passes
from model.passes import Poll
from project import ROOT

RESOURCES = {f"r{i}" for i in range(6)}


def cycle(client: str, names: list[str], at: float, step: float = 0.1) -> list[Poll]:
    return [Poll(at + i * step, client, n) for i, n in enumerate(names)]


def two_agents(cycles: int, interval: float = 10.0) -> list[Poll]:
    """a polls r0-r2 at 0, 10, 20, ...; b polls r3-r5 at 5, 15, 25, ..."""
    log = []
    for k in range(cycles):
        log += cycle("a", ["r0", "r1", "r2"], k * interval)
        log += cycle("b", ["r3", "r4", "r5"], k * interval + 5)
    return log


def test_a_pass_ends_where_a_resource_comes_again_even_without_a_pause() -> None:
    # An agent whose cycle outlasts the interval polls without pausing.
    log = cycle("a", ["r0", "r1", "r2", "r0", "r1", "r2", "r0"], 0.0, step=2.0)
    found = passes.passes(log, pause=5.0)["a"]
    assert [[r.resource for r in p] for p in found] == [["r0", "r1", "r2"], ["r0", "r1", "r2"], ["r0"]]
    assert [[r.resource for r in p] for p in measure.complete_passes(log, pause=5.0)["a"]] == [["r0", "r1", "r2"]]


def test_a_pass_ends_at_a_pause_even_if_the_window_starts_in_mid_cycle() -> None:
    # The window opens in the middle of a cycle: r1 r2, then the next cycles r0 r1 r2.
    log = cycle("a", ["r1", "r2"], 0.0) + cycle("a", ["r0", "r1", "r2"], 10.0) + cycle("a", ["r0", "r1", "r2"], 20.0)
    found = passes.passes(log, pause=5.0)["a"]
    assert [[r.resource for r in p] for p in found] == [["r1", "r2"], ["r0", "r1", "r2"], ["r0", "r1", "r2"]]


def test_steady_state_of_a_clean_partition() -> None:
    found = measure.steady(two_agents(10), RESOURCES, 10.0, 0.0, 100.0)
    assert found.cycles == 10
    assert found.missed_per_cycle == 0 and found.twice_per_cycle == 0
    assert found.agents == 2 and found.largest_share == 3 and found.balance == 1.0
    assert found.longest_cycle == pytest.approx(0.2)


def test_steady_state_counts_misses_and_double_polls() -> None:
    log = [e for e in two_agents(10) if not (e.resource == "r4" and 30 <= e.at <= 50)]  # r4 missed twice
    log += cycle("c", ["r0"], 61.0)  # r0 polled 1 s after a's poll at 60
    found = measure.steady(log, RESOURCES, 10.0, 0.0, 100.0)
    assert found.missed_per_cycle == pytest.approx(1 / 10)  # one gap of 30 s
    assert found.twice_per_cycle == pytest.approx(1 / 10)


def test_a_resource_never_polled_is_missed() -> None:
    log = [e for e in two_agents(10) if e.resource != "r5"]
    assert measure.steady(log, RESOURCES, 10.0, 0.0, 100.0).missed_per_cycle == pytest.approx(1 / 10)


def test_gaps_around_a_fault() -> None:
    # b dies at 17; a takes r3-r5 over from its cycle at 40.
    log = [e for e in two_agents(6) if not (e.agent == "b" and e.at > 17)]
    log += cycle("a", ["r3", "r4", "r5"], 40.3)
    found = measure.around(log, 17.0, RESOURCES, 10.0, now=60.0)
    assert found.recovery == pytest.approx(40.5 - 17.0)
    assert found.paused == 3  # r3-r5: from 15.x to 40.x
    assert found.longest_gap == pytest.approx(25.3)
    assert found.gaps == sorted(found.gaps) and len(found.gaps) == 6


def test_no_recovery_while_a_resource_is_unpolled() -> None:
    log = [e for e in two_agents(6) if not (e.agent == "b" and e.at > 17)]
    found = measure.around(log, 17.0, RESOURCES, 10.0, now=60.0)
    assert found.recovery is None and found.longest_gap == pytest.approx(60.0 - 15.0)


def test_last_shares_and_partitions() -> None:
    log = two_agents(5)  # the last polls: a's at 40.2, b's at 45.2
    # At 45.3 a's pass at 40 has ended (a paused 5.1 s after it), b's at 45 may be under way.
    shares = measure.last_shares(log, since=30.0, interval=10.0, now=45.3)
    assert shares == {"a": {"r0", "r1", "r2"}, "b": {"r3", "r4", "r5"}}
    assert measure.last_shares(log, since=36.0, interval=10.0, now=45.3) == {"a": {"r0", "r1", "r2"}}
    # At 44 a's pass at 40 may still be under way: its latest ended pass began at 30.
    assert measure.last_shares(log, since=36.0, interval=10.0, now=44.0) == {}
    assert partition.is_partition(shares, RESOURCES)
    assert not partition.is_partition({"a": {"r0", "r1", "r2", "r3"}, "b": {"r3", "r4", "r5"}}, RESOURCES)
    assert measure.last_shares(log, since=100.0, interval=10.0, now=100.0) == {}


def test_a_clients_first_pass_in_the_log_is_not_its_share() -> None:
    # The log's window may cut an agent's first pass: only r2 of it is left.
    log = cycle("a", ["r2"], 0.0) + cycle("a", ["r0", "r1", "r2"], 10.0)
    assert measure.last_shares(log, since=0.0, interval=10.0, now=11.0) == {}
    assert measure.last_shares(log, since=0.0, interval=10.0, now=16.0) == {"a": {"r0", "r1", "r2"}}


def test_live_shares_keep_a_slow_agent_and_drop_a_dead_one() -> None:
    # a walks r0-r5 in 24 s passes without a pause (it outlasts the interval); b stopped at 35.
    log = [Poll(4.0 * i, "a", f"r{i % 6}") for i in range(25)]
    log += [e for e in two_agents(4) if e.agent == "b"]  # b's last poll at 35
    # a's latest complete pass began at 72: not within the last 25 s.
    assert measure.last_shares(log, since=75.0, interval=10.0, now=100.0) == {}
    assert measure.live_shares(log, 10.0, now=100.0) == {"a": RESOURCES}


def made_up_runs() -> list[Run]:
    runs = []
    for size in (100, 1000):
        for mode, cycle_s, recovery in (("default", 0.01 * size, 7.0), ("plugin", 0.004 * size, 12.0)):
            steady = measure.Steady(cycles=20, missed_per_cycle=0, twice_per_cycle=0, longest_cycle=cycle_s,
                                    largest_share=size // (3 if mode == "plugin" else 1),
                                    agents=3 if mode == "plugin" else 1, balance=1.1 if mode == "plugin" else 1.0)
            trials = [Trial(fault="crash", victim="node-2", recovery=recovery + k, paused=size // 3, longest_gap=20.0,
                            sessions_lost=0 if mode == "plugin" else None, gaps=[1.0, 5.0, 20.0]) for k in range(3)]
            runs.append(Run(mode=mode, settings={}, controllers=3, resources=size, up_seconds=60, steady=steady,
                            agent_rss_mib=100, zookeeper_rss_mib=80 if mode == "plugin" else None,
                            zookeeper_packets_per_cycle=50 if mode == "plugin" else None, trials=trials, notes=[]))
    return runs


def test_the_report_holds_ratios_medians_and_ranges(tmp_path: Path) -> None:
    plan = Plan(sizes=(100, 1000), controllers=(3,), trials=3, faults=("crash",), results=tmp_path)
    folder = report.write(plan, made_up_runs())
    text = (folder / "report.md").read_text()
    # 1000 resources: cycles 10 s against 4 s; crash recovery 7, 8, 9 against 12, 13, 14.
    assert "| 3 | 1000 | default | 10.00 | 1.00 | 1.00 |" in text
    assert "| 3 | 1000 | plugin | 4.00 | 0.40 | 1.10 |" in text
    assert ("| 3 | 1000 | crash | default | 8.0 [7.0-9.0] | 1.00 | 333.0 [333.0-333.0] | 20.0 [20.0-20.0] "
            "| 2.0 [2.0-2.0] | - |") in text
    assert "| 3 | 1000 | crash | plugin | 13.0 [12.0-14.0] | 1.62 |" in text and "| 0 of 6 |" in text
    data = json.loads((folder / "results.json").read_text())
    assert [r["mode"] for r in data["runs"]] == ["default", "plugin", "default", "plugin"]
    assert (folder / "cycle-time.png").stat().st_size > 1000 and (folder / "crash-gaps.png").stat().st_size > 1000
    assert (tmp_path / "latest").resolve() == folder.resolve()
    with open(folder / "faults.csv") as table:
        rows = list(csv.reader(table))
    assert rows[0] == report.FAULT and rows[2][:5] == ["3", "100", "crash", "plugin", "13.0 [12.0-14.0]"]


def test_a_variant_is_reported_with_its_settings_beside_the_others(tmp_path: Path) -> None:
    runs = made_up_runs()
    fast = dataclasses.replace(runs[-1], mode="fast", settings={"coordination_timeout": "5"},
                               trials=[dataclasses.replace(t, recovery=4.0) for t in runs[-1].trials])
    text = report.table(Plan(), [*runs, fast], "now", ("plugin, 5 controllers, 5000 resources: never settled",))
    assert "- not measured: plugin, 5 controllers, 5000 resources: never settled" in text
    assert "| 3 | 1000 | crash | fast (coordination_timeout=5) | 4.0 [4.0-4.0] | 0.50 |" in text


def test_a_cycle_longer_than_the_steady_window_is_not_reported_as_zero() -> None:
    # Fuel's default at 5,000 resources: one agent whose pass outlasts a 4-cycle window
    # has no complete pass in it; its cycle, balance and the plugin's ratio are unknown.
    runs = made_up_runs()
    slow = dataclasses.replace(runs[2].steady, longest_cycle=None, largest_share=0, agents=0, balance=None)
    runs[2] = dataclasses.replace(runs[2], steady=slow, notes=["no agent finished a whole pass"])
    rows = {(r[1], r[2]): r for r in report.steady_rows(runs)}
    assert rows[("1000", "default")][3:6] == ["-", "-", "-"]
    assert rows[("1000", "plugin")][3:5] == ["4.00", "-"]
    assert rows[("100", "plugin")][3:5] == ["0.40", "0.40"]


def test_a_window_without_a_whole_pass_measures_no_cycle_rather_than_zero() -> None:
    # One agent walking r0-r5 in a 24 s pass: a 20 s window holds no pass between two others.
    log = [Poll(4.0 * i, "a", f"r{i % 6}") for i in range(12)]
    found = measure.steady(log, RESOURCES, 10.0, start=10.0, end=30.0)
    assert found.agents == 0 and found.longest_cycle is None and found.balance is None
    assert json.loads(json.dumps(dataclasses.asdict(found)))["longest_cycle"] is None


def test_the_report_is_written_after_every_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The whole plan takes hours: a benchmark stopped midway keeps the runs it measured.
    plan = Plan(sizes=(100, 1000), controllers=(3,), trials=3, faults=("crash",), results=tmp_path)
    runs = made_up_runs()
    seen: list[str] = []

    def two_runs_then_stopped(plan: Plan, rpm: Path, echo, measured) -> tuple[list[Run], list[str]]:
        measured(runs[:1], [])
        seen.append((tmp_path / "latest" / "report.md").read_text())
        measured(runs[:2], ["default, 3 controllers, 1000 resources: the agents never settled"])
        seen.append((tmp_path / "latest" / "report.md").read_text())
        raise KeyboardInterrupt

    monkeypatch.setattr(bench_run, "run", two_runs_then_stopped)
    with pytest.raises(KeyboardInterrupt):
        bench_run.main(plan, Path("plugin.rpm"), echo=lambda _: None)
    assert "| 3 | 100 | default |" in seen[0] and "- unfinished: 3 more run(s) of the plan" in seen[0]
    assert "| 3 | 100 | plugin | 0.40 | 0.40 |" in seen[1]
    assert "- not measured: default, 3 controllers, 1000 resources" in seen[1]
    assert "- unfinished: 1 more run(s) of the plan" in seen[1] and "Measured from " in seen[1]
    assert json.loads((tmp_path / "latest" / "results.json").read_text())["pending"] == 1
    assert (tmp_path / "latest" / "cycle-time.png").exists()


def test_publish_copies_the_report_into_the_guide_and_the_readme(tmp_path: Path) -> None:
    plan = Plan(sizes=(100, 1000), controllers=(3,), trials=3, faults=("crash",), results=tmp_path / "results")
    written = report.write(plan, made_up_runs(), ("plugin, 5 controllers, 5000 resources: never settled",))
    readme = tmp_path / "README.md"
    block = f"{publish.README_BEGIN}\nold figures\n{publish.README_END}"
    readme.write_text(f"# Plugin\n\nBefore.\n\n{block}\n\nAfter.\n")
    guide = tmp_path / "doc" / "source" / "bench"
    publish.publish(written, guide, readme)
    assert sorted(p.name for p in guide.iterdir()) == sorted([*publish.PUBLISHED, publish.CRASH_PLOT])
    text = readme.read_text()
    assert text.startswith("# Plugin\n\nBefore.\n\n") and text.endswith("\n\nAfter.\n") and "old figures" not in text
    assert "| 3 | 1000 | plugin | 4.00 | 0.40 | 1.10 |" in text
    assert "| 3 | 1000 | crash | plugin | 13.0 [12.0-14.0] | 1.62 |" in text
    assert "- not measured: plugin, 5 controllers, 5000 resources: never settled" in text
    assert "](doc/source/bench/crash-gaps.png)" in text
    # A refused publish changes nothing: not the guide, not the README.
    published = readme.read_text()
    (written / "steady.csv").write_text("changed\n")
    no_markers = tmp_path / "no-markers.md"
    no_markers.write_text("# Plugin\n")
    with pytest.raises(LabError, match="has no <!-- bench-publish: begin --> line followed by"):
        publish.publish(written, guide, no_markers)
    assert (guide / "steady.csv").read_text() != "changed\n" and readme.read_text() == published
    (written / "faults.csv").unlink()
    with pytest.raises(LabError, match=r"holds no faults\.csv"):
        publish.publish(written, guide, readme)
    # A plan without crash trials has no crash plot: the README links none, and the old one goes.
    (written / "faults.csv").write_text("controllers\n")
    (written / publish.CRASH_PLOT).unlink()
    publish.publish(written, guide, readme)
    assert not (guide / publish.CRASH_PLOT).exists() and "crash-gaps.png" not in readme.read_text()


def test_the_readme_shows_the_figures_the_guide_holds() -> None:
    """README.md's latest figures are those of doc/source/bench/, as `make bench-publish`
    wrote them: a hand edit of one copy fails here."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index(publish.README_BEGIN)
    end = readme.index(publish.README_END) + len(publish.README_END)
    assert readme[start:end] == publish.readme_figures(ROOT / "doc" / "source" / "bench", "doc/source/bench")


def test_a_cell_holding_a_bar_keeps_the_markdown_table_whole() -> None:
    [_, rule, row] = report.markdown(["run", "ratio"], [["fast (x=a|b)", "0.50"]])
    assert row == "| fast (x=a\\|b) | 0.50 |" and rule == "|---|---|"


def test_a_hot_plug_is_reported_for_the_plugin_alone_with_its_gap_in_intervals() -> None:
    # Fuel's default has no hot-plug; the plugin's counts no sessions (none survive it).
    runs = made_up_runs()
    plugged = Trial(fault=HOT_PLUG, victim="every controller", recovery=95.0, paused=0, longest_gap=12.5,
                    sessions_lost=None, gaps=[3.0, 12.5])
    runs[-1] = dataclasses.replace(runs[-1], trials=[plugged, *runs[-1].trials])
    text = report.table(Plan(interval=10), runs, "now")
    assert "| 3 | 1000 | hot-plug | plugin | 95.0 | - | 0.0 | 12.5 | 1.2 | - |" in text
    assert "hot-plug | default" not in text
    assert "Mitaka's agents: Ceilometer 8.1.5" in text


def test_the_named_plans_and_what_overrides_them() -> None:
    quick = bench_plan.named("quick")
    assert quick.sizes == (100, 1000) and quick.controllers == (3,)
    assert HOT_PLUG in quick.faults and "crash" in quick.faults
    assert bench_plan.named("full") == Plan()
    assert bench_plan.named("quick", sizes=(5000,), trials=None).sizes == (5000,)
    assert bench_plan.named("quick", trials=None).trials == quick.trials
    with pytest.raises(LabError, match="--plan must be one of quick, full, got huge"):
        bench_plan.named("huge")
    with pytest.raises(LabError, match="--faults: unknown reboot; known: crash, agent-kill, leader-cut, hot-plug"):
        Plan(faults=("crash", "reboot")).validate()


class Clock:
    """A clock the hot-plug's code reads and sleeps on: made-up seconds."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_the_hot_plug_keeps_its_whole_window_and_counts_recovery_from_the_deployments_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Fuel's default polls r0-r5 at 1005 while the deployment runs until 1060; the plugin's
    # agents poll r0-r2 at 1058 and r3-r5 at 1075; the partition holds at 1080. The steady
    # window is 60 s, shorter than the hot-plug: its start must be kept all the same.
    monkeypatch.setenv("LAB_DIR", str(tmp_path))
    (tmp_path / "logs").mkdir()
    log = tmp_path / "logs" / "api-requests.jsonl"
    clock = Clock(1000.0)
    monkeypatch.setattr(bench_run, "time", clock)

    def write(at: float, client: str, names: list[str]) -> None:
        with open(log, "a") as out:
            out.writelines(json.dumps({"at": at, "client": client, "resource": n}) + "\n" for n in names)

    def redeploy(controllers, settings, plugin, rpm, echo) -> None:  # type: ignore[no-untyped-def]
        assert (controllers, settings, plugin, rpm) == (None, {"zookeeper_tick_time": "1000"}, True, Path("p.rpm"))
        write(1005.0, "10.0.0.1", sorted(RESOURCES))
        clock.now = 1058.0
        write(1058.0, "10.0.0.2", ["r0", "r1", "r2"])
        clock.now = 1060.0

    def partitioned(mode: str, timeout: float) -> bool:
        write(1075.0, "10.0.0.3", ["r3", "r4", "r5"])
        clock.now = 1080.0
        return True

    plan = Plan(cycles=2, interval=10, faults=(HOT_PLUG,), variants={"fast": {"zookeeper_tick_time": "1000"}})
    bench = bench_run.Bench(plan, Path("p.rpm"), echo=lambda _: None)
    bench.rng = type("NoPhase", (), {"uniform": staticmethod(lambda a, b: 0.0)})()
    bench.resources = set(RESOURCES)
    monkeypatch.setattr(bench_run.control, "redeploy", redeploy)
    monkeypatch.setattr(bench, "partitioned", partitioned)
    trial = bench.hot_plug("fast")
    assert trial.fault == HOT_PLUG and trial.recovery == 20.0 and bench.deployed == 60.0
    # r0-r2: 1000 -> 1005 -> 1058 -> 1080, r3-r5: 1005 -> 1075 (70 s, 7 intervals).
    assert trial.gaps == [53.0] * 3 + [70.0] * 3 and trial.longest_gap == 70.0 and trial.paused == 6
    assert bench.log.hold is None  # the next reads trim as before


def test_the_bridges_a_node_started_are_counted_from_its_log() -> None:
    # A killed agent's trial notes a restart whose bridge never came: counted before and after.
    asked: list[str] = []

    class Node:
        def __init__(self, out: str) -> None:
            self.out = out

        def run(self, command: str) -> object:
            asked.append(command)
            return type("Result", (), {"stdout": self.out})()

    assert bench_run.bridges_started(Node("2\n")) == 2  # type: ignore[arg-type]
    assert bench_run.bridges_started(Node("")) == 0  # type: ignore[arg-type]  # no log yet
    assert bench_run.BRIDGE_STARTED in asked[0] and bench_run.BRIDGE_LOG in asked[0]
    script = (ROOT / "deployment_scripts/puppet/modules/ceilometer_zookeeper/files/ceilometer-zookeeper-bridge")
    text = script.read_text()
    assert f"LOG = '{bench_run.BRIDGE_LOG}'" in text
    assert f"polls namespace %s {bench_run.BRIDGE_STARTED} %.0fs" in text  # the line each bridge logs
