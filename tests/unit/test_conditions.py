"""The graph's conditions, evaluated with yaql against astute-style data of each node."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml
from lab.conditions import ConditionError, evaluate, evaluate_legacy
from lab.environment import Environment
from lab.history import FUEL_VERSIONS, History
from model.project import AODH_TASK, CHECK_TASK, ROLLING_TASK, default_settings, working_tasks


@functools.cache
def tasks(root: Path) -> dict[str, dict]:
    """The graph's tasks by id, read once: the tests only read them."""
    return {t["id"]: t for t in yaml.safe_load((root / "deployment_tasks.yaml").read_text())}


def env(root: Path, controllers: int, ceilometer: bool = True, **settings: object) -> Environment:
    values = default_settings(root / "environment_config.yaml")
    values.update(settings)
    return Environment.build(controllers, 1, "198.51.100.0/24", values, ceilometer_enabled=ceilometer)


def holds(root: Path, task_id: str, environment: Environment) -> set[bool]:
    """The condition's value on every node of the environment."""
    condition = tasks(root)[task_id].get("condition")
    return {evaluate(condition, environment.astute(n), environment.ui_models()) for n in environment.nodes}


WORKING = working_tasks()
# Every task but the check, which also runs outside HA and decides there on the node.
GATED = [t for t in WORKING if t != CHECK_TASK]


@pytest.mark.parametrize("controllers", [3, 5])
@pytest.mark.parametrize("task_id", WORKING)
def test_working_tasks_run_with_three_or_more_controllers(root: Path, controllers: int, task_id: str) -> None:
    assert holds(root, task_id, env(root, controllers)) == {True}


@pytest.mark.parametrize("controllers", [1, 2])
@pytest.mark.parametrize("task_id", GATED)
def test_nothing_runs_with_fewer_than_three_controllers(root: Path, controllers: int, task_id: str) -> None:
    assert holds(root, task_id, env(root, controllers)) == {False}
    # ... but the check, whose manifest says why in the deployment log (or refuses).
    assert holds(root, CHECK_TASK, env(root, controllers)) == {True}


@pytest.mark.parametrize("task_id", GATED)
def test_nothing_runs_without_ceilometer(root: Path, task_id: str) -> None:
    assert holds(root, task_id, env(root, 3, ceilometer=False)) == {False}
    assert holds(root, CHECK_TASK, env(root, 3, ceilometer=False)) == {True}


@pytest.mark.parametrize("fuel", FUEL_VERSIONS)
def test_every_task_runs_on_every_deployment_whatever_the_engine_remembers(root: Path, fuel: str) -> None:
    """The plugin's server tasks decide on the node, not through changed(): each one runs
    on every controller on every deployment in HA, whatever Fuel 9.0 or 9.2 remember of
    earlier runs (first deployment, two setting changes, a new client port, a controller
    added, a deployment that failed half-way and its retry)."""
    history = History(fuel=fuel)
    steps = [(3, {}), (3, {"zookeeper_tick_time": "1500"}), (3, {"zookeeper_snap_retain_count": "5"}),
             (3, {"zookeeper_client_port": "2182"}), (4, {}), (4, {"zookeeper_tick_time": "2000"}), (4, {})]
    settings: dict[str, object] = {}
    for number, (controllers, change) in enumerate(steps):
        settings.update(change)
        environment = env(root, controllers, **settings)
        data = {n.name: environment.astute(n) for n in environment.nodes}
        outcomes = []
        for node in environment.controllers:
            for task_id in WORKING:
                condition = tasks(root)[task_id].get("condition")
                held = evaluate(condition, data[node.name], environment.ui_models(),
                                history.old_data(task_id, node.name))
                assert held, f"{task_id} skipped on {node.name} at deployment {number + 1} ({fuel})"
                # The sixth deployment fails on node-2 before its rolling server task.
                failed = number == 5 and node.name == "node-2" and task_id == ROLLING_TASK
                outcomes.append((node.name, task_id, "failed" if failed else "ok"))
        history.record(data, outcomes, succeeded=number != 5)


def test_aodh_task_runs_whatever_its_setting(root: Path) -> None:
    """The condition is the shared rule only: the manifest reads the setting on the node
    (its rspec-puppet spec covers the setting off)."""
    for value in (False, True):
        assert holds(root, AODH_TASK, env(root, 3, coordinate_alarm_evaluator=value)) == {True}
        assert holds(root, AODH_TASK, env(root, 2, coordinate_alarm_evaluator=value)) == {False}


def test_every_task_but_the_check_has_a_condition(root: Path) -> None:
    for task in tasks(root).values():
        if task["id"] == CHECK_TASK:
            assert "condition" not in task, f"{task['id']} must run outside HA to say why nothing happens"
        else:
            assert task.get("condition"), f"{task['id']} has no condition: it would run outside HA"


# Pieces of the HA rule's yaql: any of them in a second scalar of deployment_tasks.yaml is
# a second copy of the rule (inverted, extended or reworded).
RULE_PIECES = re.compile(r"ceilometer\.enabled|node_roles|count\(\)|>=\s*3")


def test_the_ha_rule_is_written_once(root: Path) -> None:
    """The rule (Ceilometer enabled and 3 or more controllers) is one anchored scalar,
    &ha_and_ceilometer; every task with a condition names it, none writes it again."""
    text = (root / "deployment_tasks.yaml").read_text()
    # Scalars as YAML reads them, comments left out; an alias is no scalar.
    scalars = [t.value for t in yaml.scan(text) if isinstance(t, yaml.ScalarToken)]
    copies = [v for v in scalars if RULE_PIECES.search(v)]
    assert len(copies) == 1, "the HA rule is written more than once:\n" + "\n---\n".join(copies)
    (rule,) = copies
    assert re.search(r"&ha_and_ceilometer\s+>-?\n\s+\$\.ceilometer\.enabled and", text), \
        "the rule is not the scalar anchored as &ha_and_ceilometer"
    for task in tasks(root).values():
        if "condition" in task:
            assert task["condition"] == {"yaql_exp": rule}, f"{task['id']}: a condition other than the rule"


def restrictions(root: Path) -> list[dict]:
    return yaml.safe_load((root / "environment_config.yaml").read_text())["attributes"]["metadata"]["restrictions"]


def test_ui_hides_the_plugin_without_ceilometer(root: Path) -> None:
    (restriction,) = [r for r in restrictions(root) if r["action"] == "hide"]
    assert isinstance(restriction["condition"], str)
    assert restriction["action"] == "hide"
    assert evaluate_legacy(restriction["condition"], env(root, 3, ceilometer=False).ui_models())
    assert not evaluate_legacy(restriction["condition"], env(root, 3).ui_models())


def test_a_condition_naming_a_missing_setting_is_an_error(root: Path) -> None:
    with pytest.raises(ConditionError, match="does not exist"):
        evaluate_legacy("settings:nope.value == true", env(root, 3).ui_models())


# The plugins that also set [coordination] backend_url and clone the central agent.
OTHER_OWNERS = {"ceilometer-redis": "Ceilometer Redis", "telemetry": "OpenStack Telemetry"}


@pytest.mark.parametrize("other", sorted(OTHER_OWNERS))
def test_ui_refuses_the_plugin_beside_another_owner_of_the_backend(root: Path, other: str) -> None:
    (restriction,) = [r for r in restrictions(root) if f"settings:{other}." in r["condition"]]
    assert restriction["action"] == "disable" and restriction["strict"] is False
    assert OTHER_OWNERS[other] in restriction["message"]
    models = env(root, 3).ui_models()
    # Absent (not installed): with strict false the condition is false, not an error.
    assert not evaluate_legacy(restriction["condition"], models, strict=False)
    with pytest.raises(ConditionError):
        evaluate_legacy(restriction["condition"], models)
    for enabled in (False, True):
        models["settings"][other] = {"metadata": {"enabled": enabled}}
        assert evaluate_legacy(restriction["condition"], models, strict=False) is enabled
