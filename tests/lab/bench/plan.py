"""What a benchmark measures (Plan) and what it found (Run, Trial)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from model import project

from ..errors import LabError
from ..faults import FAULTS
from .measure import Steady

DEFAULT = "default"  # Fuel's own active/passive central agent
PLUGIN = "plugin"    # the plugin with its default settings
# The plugin enabled on a running cloud with Fuel's default agent and deployed, as an
# operator does: measured as the first trial of each plugin run, which starts from
# Fuel's default lab when the plan holds it.
HOT_PLUG = "hot-plug"
TRIALS = (*FAULTS, HOT_PLUG)


@dataclass
class Plan:
    sizes: tuple[int, ...] = (100, 1000, 5000)
    controllers: tuple[int, ...] = (3, 5)
    trials: int = 5
    faults: tuple[str, ...] = TRIALS
    cycles: int = 20
    interval: int = 10
    latency_ms: float = 1.0
    seed: int = 1
    results: Path = Path("bench-results")
    # More runs of the plugin, each a name and plugin settings, measured beside the others.
    variants: dict[str, dict[str, str]] = field(default_factory=dict)

    def modes(self) -> list[str]:
        return [DEFAULT, PLUGIN, *self.variants]

    def settings(self, mode: str) -> dict[str, str]:
        return self.variants.get(mode, {})

    def validate(self) -> None:
        unknown = sorted(set(self.faults) - set(TRIALS))
        if unknown:
            raise LabError(f"--faults: unknown {', '.join(unknown)}; known: {', '.join(TRIALS)}")
        if any(c < project.min_controllers() for c in self.controllers):
            raise LabError(f"--controllers: the plugin acts with {project.min_controllers()} or more controllers")
        if self.trials < 0 or self.cycles < 2:
            raise LabError("--trials must be >= 0 and --cycles >= 2")
        taken = sorted({DEFAULT, PLUGIN} & set(self.variants))
        if taken:
            raise LabError(f"--variant: {', '.join(taken)} is the name of a built-in run; choose another")


# Named plans (`make bench BENCH_PLAN=...`): "quick" fits in 90 minutes on 2 cores
# (measured), "full" is the published one and takes hours.
PLANS: dict[str, dict[str, object]] = {
    "quick": {"sizes": (100, 1000), "controllers": (3,), "trials": 2, "cycles": 10},
    "full": {},
}


def named(name: str, **overrides: object) -> Plan:
    """The plan called `name`, with the overrides that are not None."""
    if name not in PLANS:
        raise LabError(f"--plan must be one of {', '.join(PLANS)}, got {name}")
    return Plan(**{**PLANS[name], **{k: v for k, v in overrides.items() if v is not None}})  # type: ignore[arg-type]


@dataclass
class Trial:
    fault: str
    victim: str
    recovery: float | None        # fault -> every resource polled again (s)
    paused: int                   # resources unpolled for more than 1.5 intervals
    longest_gap: float            # s
    sessions_lost: int | None     # surviving agents whose session did not survive (plugin only)
    gaps: list[float] = field(repr=False)
    bridged: bool | None = None   # a killed agent's restart got its bridge (None: not asked)


@dataclass
class Run:
    mode: str                     # DEFAULT, PLUGIN or a variant's name
    settings: dict[str, str]      # the plugin settings of a variant
    controllers: int
    resources: int
    up_seconds: float
    steady: Steady
    agent_rss_mib: float
    zookeeper_rss_mib: float | None
    zookeeper_packets_per_cycle: float | None
    trials: list[Trial]
    notes: list[str]
