"""One agent's polling passes in a time-stamped log of what it polled (the resource API's
requests, or its own samples): pure, so that the lab's status and the benchmark split
passes alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Entry = dict[str, Any]  # {"at": seconds, "resource": name, ...}


def pause_of(interval: float) -> float:
    """How long an agent that polls every `interval` seconds pauses at least between two
    passes: half an interval, as tests/system/checks.py assumes too."""
    return interval / 2


def split(entries: Iterable[Entry], pause: float) -> list[list[Entry]]:
    """The entries' passes in time order: one walk over the agent's share each. A pass ends
    where the agent pauses for `pause` seconds between two entries, or comes to a resource
    it has polled in that pass (an agent whose pass outlasts the interval does not pause,
    it goes straight on with the next)."""
    found: list[list[Entry]] = [[]]
    seen: set[str] = set()
    for entry in sorted(entries, key=lambda e: e["at"]):
        current = found[-1]
        if current and (entry["resource"] in seen or entry["at"] - current[-1]["at"] >= pause):
            current = []
            found.append(current)
            seen = set()
        current.append(entry)
        seen.add(entry["resource"])
    return found if found[0] else []


def ended(walks: list[list[Entry]], pause: float, now: float) -> list[list[Entry]]:
    """Those of split()'s passes that have ended by `now`: the last one only once the agent
    has paused after it (it may be under way); every earlier one was ended by the next."""
    if walks and now - walks[-1][-1]["at"] < pause:
        return walks[:-1]
    return walks


def latest_complete(entries: Iterable[Entry], pause: float, now: float) -> list[Entry]:
    """The latest pass that has ended, else the one under way."""
    walks = split(entries, pause)
    done = ended(walks, pause, now)
    return done[-1] if done else (walks[-1] if walks else [])
