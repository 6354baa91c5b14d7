"""What the lab shows of aodh's evaluators: each controller's evaluations read from the
stand-in API's statistics log by the evaluator's address, its latest cycle's alarms, and
whether those cycles partition the alarms."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from lab import folder, observe
from lab.environment import Environment
from model import project


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Environment:
    monkeypatch.setenv("LAB_DIR", str(tmp_path / "lab"))
    return Environment.build(3, 1, "203.0.113.0/24", project.default_settings(), plugin_enabled=True)


def write_log(entries: list[dict]) -> None:
    folder.alarm_log().parent.mkdir(parents=True, exist_ok=True)
    folder.alarm_log().write_text("".join(json.dumps(e) + "\n" for e in entries) + '{"at": 1, "cli')


def test_each_evaluation_counts_for_the_controller_at_its_address(env: Environment) -> None:
    one, two, _ = env.controllers
    compute = next(n for n in env.nodes if not n.is_controller)
    now = time.time()
    write_log([{"at": now - 1, "client": one.address, "alarm": "lab-0000"},
               {"at": now - 1, "client": two.address, "alarm": "lab-0001"},
               {"at": now - 1, "client": compute.address, "alarm": "lab-0002"},
               {"at": now - 100, "client": one.address, "alarm": "lab-0003"}])
    found = observe.evaluations_by_node(env, since=now - 10)
    assert {name: [p.resource for p in polls] for name, polls in found.items()} == {
        one.name: ["lab-0000"], two.name: ["lab-0001"], "node-3": []}
    assert observe.latest_evaluations(env, 10.0, since=now - 10) == {one.name: {"lab-0000"}, two.name: {"lab-0001"}}


def test_the_evaluators_settle_only_on_a_partition_by_every_member() -> None:
    status = observe.Status(groups={project.EVALUATOR_GROUP: ["node-1", "node-2"]}, alarms={"a", "b", "c"})
    status.evaluations = {"node-1": {"a", "b"}, "node-2": {"c"}}
    assert status.evaluations_ok() and status.evaluations_settled()
    assert "3 of 3 evaluated, 0 twice -> disjoint and complete" in "\n".join(observe.render_evaluations(status))
    status.evaluations = {"node-1": {"a", "b", "c"}}  # node-2 has not evaluated yet
    assert status.evaluations_ok() and not status.evaluations_settled()
    status.evaluations = {"node-1": {"a", "b"}, "node-2": {"b", "c"}}
    assert not status.evaluations_ok()
    assert "NOT a partition" in "\n".join(observe.render_evaluations(status))


def test_where_no_aodh_runs_the_evaluators_neither_count_nor_show() -> None:
    status = observe.Status()
    assert status.evaluations_settled() and observe.render_evaluations(status) == []
