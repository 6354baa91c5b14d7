"""What the lab is asked to be: node counts, the resources and polling interval of the
agents, the plugin and its settings, ZooKeeper's line and Fuel's engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model import project, stacks

from .errors import LabError
from .history import DEFAULT_FUEL, FUEL_VERSIONS

ZOOKEEPER_LINES = ("3.4", "3.8")


@dataclass
class Options:
    controllers: int = 3
    computes: int = 1
    resources: int = 300
    interval: int = 10
    plugin: bool = True
    settings: dict[str, Any] = field(default_factory=dict)
    # ZooKeeper's line on the nodes: 3.4 (Debian 11's 3.4.13, the line Fuel 9 controllers
    # run; a layer under the nodes' overlays made by tools/setup-zookeeper34) or 3.8 (the
    # host's own Debian 12 package).
    zookeeper: str = "3.4"
    stack: str = stacks.DEFAULT  # the central agents (model/stacks.py)
    # The alarms the lab creates for aodh's evaluators where they run (model/stacks.py);
    # alarm N watches resource lab-NNNN.
    alarms: int = 30
    # Milliseconds the resource API waits before each answer (the benchmark's fixed latency).
    latency_ms: float = 0.0
    # Which Fuel's deployment engine the lab plays: 9.2 (changed() remembers per task and
    # node, successful runs only) or 9.0 (9.0 GA: the whole last deployment).
    fuel: str = DEFAULT_FUEL

    def validate(self) -> None:
        known = set(project.default_settings())
        # (option, value, lowest, highest, unit)
        ranges = [("controllers", self.controllers, 1, 9, ""), ("computes", self.computes, 0, 5, ""),
                  ("resources", self.resources, 1, 20000, ""), ("interval", self.interval, 2, 3600, " seconds"),
                  ("alarms", self.alarms, 1, 1000, ""), ("latency-ms", self.latency_ms, 0, 1000, "")]
        problems = [f"--{name} must be from {low} to {high}{unit}, got {value}"
                    for name, value, low, high, unit in ranges if not low <= value <= high]
        if self.fuel not in FUEL_VERSIONS:
            problems.append(f"--fuel must be one of {', '.join(FUEL_VERSIONS)}, got {self.fuel}")
        if self.zookeeper not in ZOOKEEPER_LINES:
            problems.append(f"--zookeeper must be one of {', '.join(ZOOKEEPER_LINES)}, got {self.zookeeper}")
        if self.stack not in stacks.STACKS:
            problems.append(f"--stack must be one of {', '.join(stacks.STACKS)}, got {self.stack}")
        elif self.stack == stacks.MITAKA and self.zookeeper != "3.4":
            problems.append("--stack mitaka runs on a Fuel 9 controller's ZooKeeper line: use --zookeeper 3.4")
        for key in self.settings:
            if key not in known:
                problems.append(f"--set {key}: unknown setting; known: {', '.join(sorted(known))}")
        if problems:
            raise LabError("; ".join(problems))
