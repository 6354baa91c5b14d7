"""The lab engine's memory for changed(), built from nailgun's rules (fuel-web 9.2:
task.py get_current_state, transaction.py get_successful_transactions_per_task; 9.0 GA:
the last deployment that succeeded)."""

from __future__ import annotations

import pytest
from lab.conditions import evaluate_yaql
from lab.history import FUEL_90, FUEL_92, History

CHANGED_TICK = "changed($.plugin.tick)"


def data(tick: int) -> dict:
    return {"plugin": {"tick": tick}}


def deploy(history: History, tick: int, outcomes: dict[str, str], succeeded: bool = True,
           nodes: tuple[str, ...] = ("node-1", "node-2")) -> None:
    history.record({n: data(tick) for n in nodes},
                   [(n, task, status) for n in nodes for task, status in outcomes.items()], succeeded)


def changed(history: History, task: str, node: str, tick: int) -> bool:
    return evaluate_yaql(CHANGED_TICK, data(tick), history.old_data(task, node))


@pytest.mark.parametrize("fuel", [FUEL_92, FUEL_90])
def test_nothing_remembered_means_changed(fuel: str) -> None:
    assert changed(History(fuel=fuel), "server", "node-1", 1000)


def test_92_a_skipped_task_is_never_remembered() -> None:
    """The old graph's trap: a task skipped at the first deployment never has a
    successful run, so `not changed(...)` never becomes true for it."""
    history = History(fuel=FUEL_92)
    deploy(history, 1000, {"server": "changed", "rolling": "skipped"})
    assert not changed(history, "server", "node-1", 1000)
    assert changed(history, "rolling", "node-1", 1000)
    deploy(history, 2000, {"server": "skipped", "rolling": "skipped"})
    assert changed(history, "rolling", "node-1", 2000)
    # The skipped server task still compares with the first deployment.
    assert changed(history, "server", "node-1", 2000)
    assert not changed(history, "server", "node-1", 1000)


def test_90_compares_every_task_with_the_last_deployment() -> None:
    history = History(fuel=FUEL_90)
    deploy(history, 1000, {"server": "changed", "rolling": "skipped"})
    assert not changed(history, "rolling", "node-1", 1000)
    assert changed(history, "rolling", "node-1", 2000)


def test_92_memory_is_per_node() -> None:
    history = History(fuel=FUEL_92)
    history.record({"node-1": data(1000), "node-2": data(1000)},
                   [("node-1", "server", "ok"), ("node-2", "server", "skipped")], True)
    assert not changed(history, "server", "node-1", 1000)
    assert changed(history, "server", "node-2", 1000)


def test_92_failed_deployment_then_retry() -> None:
    """Deployment 2 changes the tick and fails on node-2 after node-1's task ended ready:
    node-1 remembers deployment 2; node-2, in error, compares with nothing, so the retry
    with the same settings runs the task on node-2 only; after it, node-2 remembers it."""
    history = History(fuel=FUEL_92)
    deploy(history, 1000, {"server": "ok"})
    history.record({"node-1": data(2000), "node-2": data(2000)},
                   [("node-1", "server", "changed"), ("node-2", "server", "failed")], False)
    assert not changed(history, "server", "node-1", 2000)
    assert changed(history, "server", "node-2", 2000)
    deploy(history, 2000, {"server": "ok"})
    assert not changed(history, "server", "node-2", 2000)


def test_92_task_never_started_keeps_its_older_memory() -> None:
    history = History(fuel=FUEL_92)
    deploy(history, 1000, {"server": "ok", "agents": "ok"})
    # Interrupted after the server task: the agents task never ran (no outcome).
    history.record({"node-1": data(2000)}, [("node-1", "server", "ok")], False)
    assert not changed(history, "server", "node-1", 2000)
    assert changed(history, "agents", "node-1", 2000)
    assert not changed(history, "agents", "node-1", 1000)


def test_90_failed_deployment_leaves_memory_as_it_was() -> None:
    history = History(fuel=FUEL_90)
    deploy(history, 1000, {"server": "ok"})
    history.record({"node-1": data(2000), "node-2": data(2000)},
                   [("node-1", "server", "ok"), ("node-2", "server", "failed")], False)
    assert changed(history, "server", "node-1", 2000)
    assert changed(history, "server", "node-2", 2000)
    deploy(history, 2000, {"server": "ok"})
    assert not changed(history, "server", "node-1", 2000)


@pytest.mark.parametrize("fuel", [FUEL_92, FUEL_90])
def test_a_removed_node_comes_back_with_no_history(fuel: str) -> None:
    history = History(fuel=fuel)
    deploy(history, 1000, {"server": "ok"})
    history.forget_node("node-2")
    assert changed(history, "server", "node-2", 1000)
    assert not changed(history, "server", "node-1", 1000)


@pytest.mark.parametrize("fuel", [FUEL_92, FUEL_90])
def test_round_trip_and_pruning(fuel: str) -> None:
    history = History(fuel=fuel)
    for tick in (1000, 2000, 3000):
        deploy(history, tick, {"server": "ok"})
    assert list(history.deployments) == ["3"]
    again = History.from_json(history.to_json())
    assert again == history
    assert not changed(again, "server", "node-1", 3000)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown Fuel engine '8\.0'"):
        History(fuel="8.0")


@pytest.mark.parametrize("outcome", ["failed", "unfinished"])
def test_92_a_node_in_error_or_stopped_starts_the_next_deployment_with_nothing(outcome: str) -> None:
    """nailgun's is_node_for_redeploy: node-2's own task failed (error), or the deployment
    stopped before its tasks ended (stopped): every task of node-2 sees no old data at
    the next deployment; node-1, ready, keeps its memory. Once node-2 ends a deployment
    ready, its older memory of tasks that did not run again comes back."""
    history = History(fuel=FUEL_92)
    deploy(history, 1000, {"server": "ok", "agents": "ok"})
    outcomes = [("node-1", "server", "ok")]
    if outcome == "failed":
        outcomes.append(("node-2", "server", "failed"))
    history.record({"node-1": data(1000), "node-2": data(1000)}, outcomes, False,
                   unfinished=["node-2"] if outcome == "unfinished" else [])
    assert not changed(history, "server", "node-1", 1000)
    assert changed(history, "server", "node-2", 1000)
    assert changed(history, "agents", "node-2", 1000)
    history.record({"node-1": data(1000), "node-2": data(1000)}, [("node-2", "server", "ok")], True)
    assert not changed(history, "agents", "node-2", 1000)
