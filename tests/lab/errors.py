"""The lab's error types. Every other lab module may raise them; this one imports none."""

from __future__ import annotations


class LabError(RuntimeError):
    """Something the lab cannot do, with what to do about it."""


class DeployError(LabError):
    """A deployment task failed; the message holds the tail of its log."""


class GraphError(ValueError):
    """A graph that Fuel would refuse: unknown ids, cycles, malformed tasks."""


class ConditionError(ValueError):
    """A condition that cannot be parsed or evaluated."""
