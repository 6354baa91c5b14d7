"""The benchmark's faults: each chooses its victim from the scene, injects itself and
undoes itself through the lab's node actions (recorded here instead of run)."""

from __future__ import annotations

import pytest
from lab import faults
from lab.bench.plan import HOT_PLUG, Plan
from lab.errors import LabError

SCENE = faults.Scene(busiest="node-2", leader="node-3")


@pytest.fixture
def actions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    done: list[tuple[str, str]] = []
    for name in ("kill", "start", "cut", "heal", "kill_agent"):
        monkeypatch.setattr(faults, name, lambda state, node, name=name: done.append((name, node)))
    return done


@pytest.mark.parametrize(("fault", "victim", "injected", "undone"), [
    ("crash", "node-2", [("kill", "node-2")], [("start", "node-2")]),
    ("agent-kill", "node-2", [("kill_agent", "node-2")], []),
    ("leader-cut", "node-3", [("cut", "node-3")], [("heal", "node-3")]),
])
def test_each_fault_strikes_the_hard_case_and_undoes_itself(actions: list[tuple[str, str]], fault: str, victim: str,
                                                            injected: list, undone: list) -> None:
    chosen = faults.FAULTS[fault]
    assert chosen.victim(SCENE) == victim
    chosen.inject(None, victim)  # type: ignore[arg-type]
    assert actions == injected
    chosen.undo(None, victim)  # type: ignore[arg-type]
    assert actions == injected + undone


def test_without_the_plugin_the_leader_cut_takes_the_busiest_agent() -> None:
    assert faults.FAULTS["leader-cut"].victim(faults.Scene(busiest="node-1", leader=None)) == "node-1"


def test_every_fault_is_known_to_the_benchmark_by_its_name() -> None:
    assert sorted(faults.FAULTS) == sorted(type(f).name for f in faults.FAULTS.values())
    assert Plan().faults == (*faults.FAULTS, HOT_PLUG)
    with pytest.raises(LabError, match="--faults: unknown flood"):
        Plan(faults=("flood",)).validate()
