"""zoo.cfg holds only keys that the ZooKeeper 3.4 line reads (Fuel 9 ships 3.4; the lab
runs 3.4.13 by default), or keys marked with the release that reads them and why.

ZooKeeper 3.4's QuorumPeerConfig.parseProperties (release-3.4.13) knows the keys below;
any other key silently becomes a Java system property "zookeeper.<key>", so a typo or a
3.5-only key would be ignored without a word. A key outside this list needs a comment
line "# [<release>+] ..." right above it saying which release reads it."""

from __future__ import annotations

import re

from project import MODULE

KNOWN_TO_34 = {
    "dataDir", "dataLogDir", "clientPort", "clientPortAddress", "tickTime", "maxClientCnxns",
    "minSessionTimeout", "maxSessionTimeout", "initLimit", "syncLimit", "electionAlg",
    "quorumListenOnAllIPs", "peerType", "syncEnabled", "autopurge.snapRetainCount",
    "autopurge.purgeInterval",
}
KNOWN_PREFIXES_34 = ("server.", "group.", "weight.")
TEMPLATE = MODULE / "templates" / "zoo.cfg.erb"
MARK = re.compile(r"^# \[\d+\.\d+(\.\d+)?\+\] \S")


def unmarked_unknown_keys(text: str) -> list[str]:
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        key = re.match(r"^([A-Za-z0-9_.]+)=", line)
        if not key or key.group(1) in KNOWN_TO_34 or key.group(1).startswith(KNOWN_PREFIXES_34):
            continue
        comments = []
        for previous in reversed(lines[:number]):
            if not previous.startswith("#"):
                break
            comments.append(previous)
        if not any(MARK.match(c) for c in comments):
            found.append(key.group(1))
    return found


def test_every_key_is_read_by_34_or_says_which_release_reads_it() -> None:
    assert unmarked_unknown_keys(TEMPLATE.read_text()) == []


def test_a_key_34_does_not_know_fails_unless_marked() -> None:
    assert unmarked_unknown_keys("tickTime=2000\nreconfigEnabled=false\n") == ["reconfigEnabled"]
    assert unmarked_unknown_keys("# why\n# [3.5+] dynamic reconfiguration\nreconfigEnabled=false\n") == []
    assert unmarked_unknown_keys("# [3.5+] marked\ntickTime=1\n\nstandaloneEnabled=false\n") == ["standaloneEnabled"]
