"""What the lab is asked to be: node counts, the resources and polling interval of the
agents, the plugin and its settings and Fuel's engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model import project

from .errors import LabError
from .history import DEFAULT_FUEL, FUEL_VERSIONS


@dataclass
class Options:
    controllers: int = 3
    computes: int = 1
    resources: int = 300
    interval: int = 10
    plugin: bool = True
    settings: dict[str, Any] = field(default_factory=dict)
    # The alarms the lab creates for aodh's evaluators; alarm N watches resource lab-NNNN.
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
        for key in self.settings:
            if key not in known:
                problems.append(f"--set {key}: unknown setting; known: {', '.join(sorted(known))}")
        if problems:
            raise LabError("; ".join(problems))
