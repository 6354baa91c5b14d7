"""Makes the lab's Ceilometer partition as Fuel 9's does, from the group's members.

Mitaka (Fuel 9) reads the group's members on every polling cycle and hashes its
resources over them. Ceilometer 27, the lab's, keeps a tooz Partitioner whose hash ring
starts from one read of the members and then follows the coordinator's join and leave
watchers, which start from a second read (tooz 9.1). A member that joins or leaves
between the two reads, or while an earlier watcher's record is stale (agents rejoining
after their sessions expired), is never added to or removed from that agent's ring: two
agents then poll the same resources for good (seen in the lab: "120 of 120 covered, 20
polled twice" with every agent in its group). Here the ring starts from the watchers'
own record, so every later change reaches it, as every change reaches Mitaka's next
cycle. Loaded by lab-partitioner.pth in the lab's Ceilometer venv, for
ceilometer-polling only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def ring_follows_watchers(init: Callable[..., None]) -> Callable[..., None]:
    def init_then_follow(self: Any, coordinator: Any, group_id: bytes, *args: Any, **kwargs: Any) -> None:
        init(self, coordinator, group_id, *args, **kwargs)
        known = getattr(coordinator, "_group_members", {}).get(group_id)
        if known is None:
            return
        for member in set(self.ring.nodes) - set(known):
            self.ring.remove_node(member)
        for member in set(known) - set(self.ring.nodes):
            self.ring.add_node(member)

    init_then_follow.lab_patched = True  # type: ignore[attr-defined]
    return init_then_follow


def install() -> None:
    """Patches tooz's Partitioner in a ceilometer-polling process; nothing elsewhere."""
    if not sys.argv or not sys.argv[0].endswith("ceilometer-polling"):
        return
    from tooz import partitioner

    if not getattr(partitioner.Partitioner.__init__, "lab_patched", False):
        partitioner.Partitioner.__init__ = ring_follows_watchers(partitioner.Partitioner.__init__)
