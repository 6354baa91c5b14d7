"""What a Fuel master remembers of earlier deployments: the data a task's `changed()`,
`changedAny()` and `added()` compare the node's new data with.

Two memories, as nailgun keeps them (fuel-web, nailgun/task/task.py and
nailgun/objects/transaction.py):

- Fuel 9.0 GA: the whole last deployment. Every task on a node compares with the data the
  node was last deployed with.
- Fuel 9.0.1 to 9.2 (LP#1572226, LP#1581015): per task and per node. Task T on node N
  compares with the data of the last deployment in which T ended `ready` on N
  (TransactionCollection.get_successful_transactions_per_task: the history entry's
  status, whatever the deployment's). A task skipped by its condition ends `skipped`, a
  failed one `error`, one never started stays `pending`: none of those is remembered.
  With no such deployment, the old data is empty and `changed()` is true.
  One exception (ClusterTransaction.get_current_state, is_node_for_redeploy): a node
  whose status is `error` (a task of its own failed) or `stopped` (the deployment was
  halted before its tasks ended) starts the next deployment with no old data at all;
  its older memory comes back once it ends a deployment `ready`.

A deployment that fails or is interrupted keeps, under 9.2, what its tasks that ended
`ready` did; under 9.0 GA it leaves the memory as it was (nailgun takes the last
deployment whose transaction succeeded).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FUEL_92 = "9.2"
FUEL_90 = "9.0"
FUEL_VERSIONS = (FUEL_92, FUEL_90)
DEFAULT_FUEL = FUEL_92

# The engine's outcomes that nailgun records as `ready` (a puppet task's exit 0 or 2).
READY = ("ok", "changed")
# Node statuses after a deployment (nailgun's node.status).
NODE_READY, NODE_ERROR, NODE_STOPPED = "ready", "error", "stopped"


@dataclass
class History:
    fuel: str = DEFAULT_FUEL
    # Each remembered deployment's data, by its number, then by node name.
    deployments: dict[str, dict[str, dict]] = field(default_factory=dict)
    # 9.2: node name -> task id -> the number of the last deployment where it was ready.
    ready: dict[str, dict[str, str]] = field(default_factory=dict)
    # 9.0 GA: the number of the last deployment that succeeded.
    last: str | None = None
    # 9.2: each node's status after the last deployment (ready, error or stopped).
    status: dict[str, str] = field(default_factory=dict)
    counter: int = 0

    def __post_init__(self) -> None:
        if self.fuel not in FUEL_VERSIONS:
            raise ValueError(f"unknown Fuel engine {self.fuel!r}; known: {', '.join(FUEL_VERSIONS)}")

    def old_data(self, task_id: str, node: str) -> dict | None:
        """The data `changed()` of task_id on node compares with; None: nothing remembered."""
        if self.fuel == FUEL_90:
            return self.deployments.get(self.last or "", {}).get(node)
        if self.status.get(node, NODE_READY) != NODE_READY:
            return None
        number = self.ready.get(node, {}).get(task_id)
        return None if number is None else self.deployments[number].get(node)

    def record(self, data: Mapping[str, dict], outcomes: Iterable[tuple[str, str, str]],
               succeeded: bool, unfinished: Iterable[str] = ()) -> None:
        """Remembers one deployment: data is every node's deployment data, outcomes the
        (node, task id, engine status) of every task that ran or was skipped, unfinished
        the nodes left with tasks never started when the deployment stopped."""
        self.counter += 1
        number = str(self.counter)
        self.deployments[number] = {node: dict(values) for node, values in data.items()}
        if self.fuel == FUEL_90:
            if succeeded:
                self.last = number
        else:
            self.status = {node: NODE_READY for node in data}
            for node in unfinished:
                self.status[node] = NODE_STOPPED
            for node, task_id, status in outcomes:
                if status in READY:
                    self.ready.setdefault(node, {})[task_id] = number
                elif status == "failed":
                    self.status[node] = NODE_ERROR
        self._prune()

    def forget_node(self, node: str) -> None:
        """A node deleted from the environment: a node added later starts with no history."""
        self.ready.pop(node, None)
        self.status.pop(node, None)
        for data in self.deployments.values():
            data.pop(node, None)
        self._prune()

    def _prune(self) -> None:
        used = {self.last} if self.fuel == FUEL_90 else {n for tasks in self.ready.values() for n in tasks.values()}
        for number in [n for n in self.deployments if n not in used]:
            del self.deployments[number]

    def to_json(self) -> dict[str, Any]:
        return {"fuel": self.fuel, "deployments": self.deployments, "ready": self.ready,
                "last": self.last, "status": self.status, "counter": self.counter}

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None, fuel: str = DEFAULT_FUEL) -> History:
        if not value:
            return cls(fuel=fuel)
        return cls(fuel=value["fuel"], deployments=dict(value["deployments"]), ready=dict(value["ready"]),
                   last=value.get("last"), status=dict(value.get("status", {})),
                   counter=int(value.get("counter", 0)))
