"""Where the lab keeps everything: one folder (default .lab/ in the repository, or
$LAB_DIR). state.py reads and writes its state.json."""

from __future__ import annotations

import os
from pathlib import Path

from project import ROOT

NS_PREFIX = "czk-"


# Nodes mount an empty /run and /dev/shm: a lab folder below one of them would be hidden
# from the nodes that must read it. /etc, /var and /usr are overlays: visible, but what a
# node writes there stays its own, and the nodes write into the lab folder things they
# share (the evaluators' database and its lock).
NODE_PRIVATE = ("/run", "/dev/shm", "/etc", "/var", "/usr")


def lab_dir() -> Path:
    path = Path(os.environ.get("LAB_DIR", str(ROOT / ".lab"))).resolve()
    for private in NODE_PRIVATE:
        if path == Path(private) or Path(private) in path.parents:
            raise ValueError(f"LAB_DIR={path} lies below {private}, which every node replaces or overlays with "
                             "its own; choose a folder elsewhere (default: .lab in the repository)")
    return path


def state_file() -> Path:
    return lab_dir() / "state.json"


def alarm_log() -> Path:
    """The stand-in Ceilometer API's record of every statistics query: which evaluator asked
    for which alarm's resource (tests/lab/resource_api.py)."""
    return lab_dir() / "logs" / "alarm-requests.jsonl"


def cloud_log() -> Path:
    """The stand-in cloud's record of every request to it (Keystone, Glance, Neutron, Swift)
    and of every listing of the lab's resources (tests/lab/resource_api.py)."""
    return lab_dir() / "logs" / "cloud-requests.jsonl"
