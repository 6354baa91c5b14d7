"""The lab's Ceilometer partitions over every member its watchers know: a member that
joined between tooz's two reads of the group (the Partitioner's and its watchers') is in
the ring. Run in the lab's Ceilometer venv, with tooz's real Partitioner and HashRing
and a coordinator whose second read sees one more member."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from project import ROOT

VENV = Path(os.environ.get("CEILOMETER_VENV", str(ROOT / ".venv-ceilometer")))

RACE = """
import sys
import lab_partitioner
from tooz import partitioner

class Read:
    def __init__(self, value):
        self.value = value
    def get(self):
        return self.value

class Coordinator:
    '''The first read of the group sees a and b; c joins before the watchers' read.'''
    def __init__(self):
        self._group_members = {}
        self.reads = 0
    def get_members(self, group):
        self.reads += 1
        return Read({b"a", b"b"} if self.reads == 1 else {b"a", b"b", b"c"})
    def get_member_capabilities(self, group, member):
        return Read({})
    def watch_join_group(self, group, callback):
        self._group_members.setdefault(group, self.get_members(group).get())
    def watch_leave_group(self, group, callback):
        self._group_members.setdefault(group, self.get_members(group).get())

if sys.argv[1] == "patched":
    sys.argv[0] = sys.argv[2]  # as the .pth sees the program it starts in
    lab_partitioner.install()
ring = partitioner.Partitioner(Coordinator(), b"central-global").ring
print(",".join(sorted(member.decode() for member in ring.nodes)))
"""


@pytest.mark.skipif(not (VENV / "bin" / "python").exists(),
                    reason="needs the lab's Ceilometer venv (tools/setup-ceilometer)")
@pytest.mark.parametrize("mode,program,members", [
    ("plain", "python", "a,b"),                  # tooz alone: c never reaches the ring
    ("patched", "ceilometer-polling", "a,b,c"),  # the lab's agents
    ("patched", "python", "a,b"),                # other programs of the venv are left alone
])
def test_the_ring_holds_every_member_the_watchers_know(mode: str, program: str, members: str) -> None:
    result = subprocess.run([str(VENV / "bin" / "python"), "-c", RACE, mode, program], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-800:]
    assert result.stdout.strip() == members
