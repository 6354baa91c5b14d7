"""The plugin's task graph merged with Fuel 9.2's core ids: complete, acyclic, ordered."""

from __future__ import annotations

from pathlib import Path

import pytest
from lab import engine, graph
from lab.environment import Environment
from model.project import default_settings, task_ids, working_tasks


@pytest.fixture
def merged(root: Path) -> dict[str, graph.Task]:
    return graph.merge(engine.core_tasks(),
                       graph.load_tasks(root / "deployment_tasks.yaml", "ceilometer-zookeeper"))


def test_graph_is_acyclic_and_every_dependency_exists(merged: dict[str, graph.Task]) -> None:
    graph.check(merged)
    order = graph.topological_ids(merged)
    assert order.index("ceilometer-controller") < order.index("ceilometer-zookeeper-ceilometer")
    assert order.index("ceilometer-zookeeper-agents") < order.index("deploy_end")


def test_plugin_anchors_on_core_ids(merged: dict[str, graph.Task]) -> None:
    plugin = {t.id: t for t in merged.values() if t.source == "ceilometer-zookeeper"}
    core = {t for t in merged if merged[t].source == "core"}
    named = {d for t in plugin.values() for d in t.requires + t.required_for} - set(plugin)
    assert named <= core
    assert {"ceilometer-controller", "deploy_end", "globals"} <= named


def test_check_reports_an_unknown_dependency(merged: dict[str, graph.Task]) -> None:
    merged["ceilometer-zookeeper-wait"].requires.append("no-such-task")
    with pytest.raises(graph.GraphError, match="no-such-task"):
        graph.check(merged)


def test_check_reports_a_cycle(merged: dict[str, graph.Task]) -> None:
    merged["hiera"].requires.append("ceilometer-zookeeper-agents")
    with pytest.raises(graph.GraphError, match="cycle"):
        graph.check(merged)


def test_plan_orders_the_plugin_on_every_controller(root: Path, merged: dict[str, graph.Task]) -> None:
    env = Environment.build(3, 1, "203.0.113.0/24", default_settings(root / "environment_config.yaml"))
    nodes = {n.name: n.roles for n in env.nodes}
    plan = graph.plan(merged, nodes, lambda task, node: True)
    order = plan.order()
    for controller in ("node-1", "node-2", "node-3"):
        # Each plugin task after every task it requires, and deploy_end after them all.
        for task_id in working_tasks():
            step = order.index(graph.Step(controller, task_id))
            for needed in merged[task_id].requires:
                if graph.Step(controller, needed) not in order:
                    continue  # a task of another role (primary-cluster runs on the primary only)
                assert order.index(graph.Step(controller, needed)) < step, f"{controller}: {needed} !< {task_id}"
            assert step < order.index(graph.Step(controller, "deploy_end"))
    assert not [s for s in plan.steps if s.node == "node-4" and s.task in task_ids()]
    # The wait on each controller waits for both server tasks on all three.
    wait = plan.waits[graph.Step("node-2", "ceilometer-zookeeper-wait")]
    for task in ("ceilometer-zookeeper-server", "ceilometer-zookeeper-server-rolling"):
        assert {graph.Step(n, task) for n in ("node-1", "node-2", "node-3")} <= wait
    # A changed setting rolls through the ensemble one controller at a time; a changed
    # list of controllers reaches every server at once.
    assert merged["ceilometer-zookeeper-server-rolling"].strategy == "one_by_one"
    assert merged["ceilometer-zookeeper-server"].strategy == "parallel"
    # No clone instance starts before ceilometer.conf has [coordination] on every controller.
    agents = plan.waits[graph.Step("node-3", "ceilometer-zookeeper-agents")]
    assert {graph.Step(n, "ceilometer-zookeeper-ceilometer") for n in ("node-1", "node-2", "node-3")} <= agents
