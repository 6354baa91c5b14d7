"""The lab's state: what it was asked to be (Options), the Fuel environment it plays,
every namespace and process it started, and what the master remembers of deployments.
Loaded from and saved to the lab folder's state.json here only; the rest of the lab takes
a LabState. Saved before each namespace or process is created, so that `down` finds
everything after a failed or interrupted `up`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from . import folder
from .environment import Environment, Node
from .history import History
from .nodes import NodeHandle
from .options import Options


@dataclass
class NodeRecord:
    init_pid: int
    ns: str


@dataclass
class LabState:
    options: Options
    env: Environment
    api_address: str                  # the resource API's address in the client namespace
    rpm: str | None                   # the plugin package the master installs
    zookeeper_layer: str              # see nodes.start_node
    namespaces: list[str] = field(default_factory=list)
    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)   # the lab's own processes by role
    history: History | None = None
    cut: list[str] = field(default_factory=list)         # nodes cut off the lab network

    def handles(self) -> dict[str, NodeHandle]:
        """A handle per recorded node, by node name."""
        return {name: NodeHandle(name=name, init_pid=r.init_pid, ns=r.ns) for name, r in self.nodes.items()}

    def handle(self, name: str) -> NodeHandle:
        record = self.nodes[name]
        return NodeHandle(name=name, init_pid=record.init_pid, ns=record.ns)

    def memory(self) -> History:
        """What the master remembers of deployments (a new memory before the first)."""
        if self.history is None:
            self.history = History(fuel=self.options.fuel)
        return self.history

    @property
    def client_port(self) -> str:
        return str(self.env.settings.get("zookeeper_client_port", "2181"))

    def to_json(self) -> dict[str, Any]:
        return {"options": asdict(self.options),
                "env": {"nodes": [asdict(n) for n in self.env.nodes], "subnet": self.env.subnet,
                        "plugin": self.env.plugin_enabled, "settings": self.env.settings},
                "api_address": self.api_address, "rpm": self.rpm, "zookeeper_layer": self.zookeeper_layer,
                "namespaces": self.namespaces, "nodes": {n: asdict(r) for n, r in self.nodes.items()},
                "pids": self.pids, "history": self.history.to_json() if self.history else None, "cut": self.cut}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LabState:
        # Only the options this lab knows: a lab brought up by an older checkout (with
        # options since removed) can still be looked at and taken down.
        known = {f.name for f in fields(Options)}
        options = Options(**{k: v for k, v in data["options"].items() if k in known})
        e = data["env"]
        env = Environment(nodes=[Node(**n) for n in e["nodes"]], subnet=e["subnet"], plugin_enabled=e["plugin"],
                          settings=e["settings"])
        history = History.from_json(data["history"], options.fuel) if data.get("history") else None
        return cls(options=options, env=env, api_address=data["api_address"], rpm=data["rpm"],
                   zookeeper_layer=data["zookeeper_layer"], namespaces=list(data["namespaces"]),
                   nodes={n: NodeRecord(**r) for n, r in data["nodes"].items()},
                   pids={k: int(v) for k, v in data["pids"].items()}, history=history, cut=list(data["cut"]))


def exists() -> bool:
    return folder.state_file().exists()


def load() -> LabState | None:
    """The lab's state, or None when no lab is up in this folder."""
    path = folder.state_file()
    if not path.exists():
        return None
    return LabState.from_json(json.loads(path.read_text()))


def save(state: LabState) -> None:
    path = folder.state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state.to_json(), indent=2, sort_keys=True))
    tmp.replace(path)
