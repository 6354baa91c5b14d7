"""Fuel 9 deployment task graphs: loading, merging core and plugin tasks, checking, and
planning which task runs on which node after which others (Astute's job)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import GraphError

# Task types that do work on a node; the others only order the graph.
WORKING_TYPES = ("puppet", "shell")
KNOWN_TYPES = (*WORKING_TYPES, "group", "stage", "skipped", "copy_files", "sync", "upload_file", "reboot", "sync_files")


@dataclass
class Task:
    id: str
    type: str
    groups: list[str]
    requires: list[str] = field(default_factory=list)
    required_for: list[str] = field(default_factory=list)
    cross_depends: list[dict] = field(default_factory=list)
    cross_depended_by: list[dict] = field(default_factory=list)
    condition: Any = None
    parameters: dict = field(default_factory=dict)
    source: str = "core"

    @property
    def strategy(self) -> str:
        return str((self.parameters.get("strategy") or {}).get("type", "parallel"))

    def applies_to(self, roles: list[str]) -> bool:
        return any(role_matches(g, roles) for g in self.groups)


def role_matches(pattern: str, roles: list[str]) -> bool:
    """A task's group entry: '*', a role name, or a /regex/."""
    if pattern == "*":
        return True
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        regex = re.compile(pattern[1:-1])
        return any(regex.search(r) for r in roles)
    return pattern in roles


def name_matches(pattern: str, task_id: str) -> bool:
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        return re.search(pattern[1:-1], task_id) is not None
    return pattern == task_id


def _as_list(value: Any, what: str, task_id: str) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise GraphError(f"task {task_id}: {what} must be a list, got {value!r}")


def parse_tasks(items: Any, source: str) -> list[Task]:
    if not isinstance(items, list):
        raise GraphError(f"{source}: a task graph is a list of tasks")
    tasks = []
    for item in items:
        if not isinstance(item, dict) or "id" not in item or "type" not in item:
            raise GraphError(f"{source}: every task needs an id and a type: {item!r}")
        tid = str(item["id"])
        if item["type"] not in KNOWN_TYPES:
            raise GraphError(f"task {tid}: unknown type {item['type']!r}")
        groups = item.get("groups", item.get("roles", item.get("role", [])))
        if isinstance(groups, str):
            groups = [groups]
        tasks.append(Task(
            id=tid,
            type=item["type"],
            groups=[str(g) for g in _as_list(groups, "groups", tid)],
            requires=[str(r) for r in _as_list(item.get("requires"), "requires", tid)],
            required_for=[str(r) for r in _as_list(item.get("required_for"), "required_for", tid)],
            cross_depends=_as_list(item.get("cross-depends"), "cross-depends", tid),
            cross_depended_by=_as_list(item.get("cross-depended-by"), "cross-depended-by", tid),
            condition=item.get("condition"),
            parameters=dict(item.get("parameters") or {}),
            source=source,
        ))
    return tasks


def load_tasks(path: Path, source: str) -> list[Task]:
    with open(path) as handle:
        return parse_tasks(yaml.safe_load(handle), source)


def merge(*graphs: list[Task]) -> dict[str, Task]:
    merged: dict[str, Task] = {}
    for graph in graphs:
        for task in graph:
            if task.id in merged:
                raise GraphError(f"task id {task.id} is defined by both {merged[task.id].source} and {task.source}")
            merged[task.id] = task
    return merged


def check(tasks: dict[str, Task]) -> None:
    """Raises GraphError for a dependency on an unknown id, or for a cycle."""
    problems = []
    for task in tasks.values():
        for dep in task.requires + task.required_for:
            if dep not in tasks:
                problems.append(f"task {task.id} names unknown task {dep}")
        for cross in task.cross_depends + task.cross_depended_by:
            name = str(cross.get("name", ""))
            if not any(name_matches(name, t) for t in tasks):
                problems.append(f"task {task.id}: cross dependency {name} matches no task")
    if problems:
        raise GraphError("; ".join(problems))
    topological_ids(tasks)


def edges(tasks: dict[str, Task]) -> dict[str, set[str]]:
    """id -> ids that must finish before it (requires and reversed required_for)."""
    before: dict[str, set[str]] = {t: set() for t in tasks}
    for task in tasks.values():
        before[task.id].update(r for r in task.requires if r in tasks)
        for later in task.required_for:
            if later in tasks:
                before[later].add(task.id)
    return before


def topological_ids(tasks: dict[str, Task]) -> list[str]:
    before = edges(tasks)
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(tid: str, path: list[str]) -> None:
        if state.get(tid) == 2:
            return
        if state.get(tid) == 1:
            cycle = [*path[path.index(tid):], tid]
            raise GraphError("cycle in the task graph: " + " -> ".join(cycle))
        state[tid] = 1
        for dep in sorted(before[tid]):
            visit(dep, [*path, tid])
        state[tid] = 2
        order.append(tid)

    for tid in sorted(tasks):
        visit(tid, [])
    return order


@dataclass(frozen=True)
class Step:
    """One task on one node."""
    node: str
    task: str


@dataclass
class Plan:
    steps: list[Step]
    waits: dict[Step, set[Step]]      # step -> steps that must finish first
    runs: dict[Step, bool]            # False: the condition does not hold, a no-op
    tasks: dict[str, Task]

    def order(self) -> list[Step]:
        """A sequential order that respects every wait (for display and tests)."""
        done: set[Step] = set()
        out: list[Step] = []
        pending = list(self.steps)
        while pending:
            ready = [s for s in pending if self.waits[s] <= done]
            if not ready:
                raise GraphError("the plan cannot progress (cross-node cycle)")
            for s in ready:
                out.append(s)
                done.add(s)
            pending = [s for s in pending if s not in done]
        return out


def plan(tasks: dict[str, Task], nodes: dict[str, list[str]], holds: Any) -> Plan:
    """Which tasks run where. nodes: name -> roles; holds(task, node) -> bool.
    A task whose condition does not hold stays in the plan as a no-op, so the order
    through it is kept, as Fuel keeps skipped tasks."""
    check(tasks)
    before = edges(tasks)
    ids = topological_ids(tasks)
    steps = [Step(n, t) for n in sorted(nodes) for t in ids if tasks[t].applies_to(nodes[n])]
    present = set(steps)
    on_node: dict[str, set[str]] = {}
    for s in steps:
        on_node.setdefault(s.node, set()).add(s.task)

    def node_closure(node: str, tid: str, seen: set[str]) -> set[str]:
        """Tasks on this node that tid waits for, looking through tasks absent here."""
        found: set[str] = set()
        for dep in before[tid]:
            if dep in seen:
                continue
            seen.add(dep)
            if dep in on_node.get(node, set()):
                found.add(dep)
            else:
                found |= node_closure(node, dep, seen)
        return found

    waits: dict[Step, set[Step]] = {}
    for s in steps:
        w = {Step(s.node, d) for d in node_closure(s.node, s.task, set())}
        for cross in tasks[s.task].cross_depends:
            w |= _cross_targets(cross, s, tasks, nodes, present)
        waits[s] = w - {s}
    for s in steps:
        for cross in tasks[s.task].cross_depended_by:
            for target in _cross_targets(cross, s, tasks, nodes, present):
                waits[target].add(s)
    runs = {s: s.task in tasks and tasks[s.task].type in WORKING_TYPES and holds(tasks[s.task], s.node)
            for s in steps}
    return Plan(steps=steps, waits=waits, runs=runs, tasks=tasks)


def _cross_targets(cross: dict, step: Step, tasks: dict[str, Task], nodes: dict[str, list[str]],
                   present: set[Step]) -> set[Step]:
    name = str(cross.get("name", ""))
    role = cross.get("role")
    own = tasks[step.task]
    if role == "self":
        wanted = [r for r in nodes[step.node] if own.applies_to([r])]
    elif role is None or role == "*":
        wanted = None
    else:
        wanted = role if isinstance(role, list) else [role]
    out = set()
    for node, roles in nodes.items():
        if wanted is not None and not any(role_matches(str(w), roles) for w in wanted):
            continue
        for tid in tasks:
            if name_matches(name, tid) and Step(node, tid) in present and Step(node, tid) != step:
                out.add(Step(node, tid))
    return out
