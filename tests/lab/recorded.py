"""The lab as state.json records it, turned into objects and back: the Fuel environment
(nodes, subnet, plugin switch, settings) and a handle per running node."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .environment import Environment, Node
from .nodes import NodeHandle


def handles(state: dict[str, Any]) -> dict[str, NodeHandle]:
    """A handle per recorded node, by node name."""
    return {name: NodeHandle(name=name, init_pid=info["init_pid"], ns=info["ns"])
            for name, info in state.get("nodes", {}).items()}


def environment(state: dict[str, Any]) -> Environment:
    """The recorded Fuel environment."""
    e = state["env"]
    return Environment(nodes=[Node(uid=n["uid"], roles=n["roles"], address=n["address"]) for n in e["nodes"]],
                       subnet=e["subnet"], plugin_enabled=e["plugin"], settings=e["settings"])


def store_environment(state: dict[str, Any], env: Environment) -> None:
    """Records the environment in the state (the caller saves the state)."""
    state["env"] = {"nodes": [asdict(n) for n in env.nodes], "subnet": env.subnet,
                    "plugin": env.plugin_enabled, "settings": env.settings}
