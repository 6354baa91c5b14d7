"""A lab brought up for a module of integration tests, and what its teardown must not leave
behind: the tests that bring a lab up use this one fixture body."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lab import control, folder, nodes
from lab import state as lab_state
from lab.options import Options
from project import ROOT


def nothing_left() -> list[str]:
    """What a torn-down lab must not leave: namespaces, mounts, state, live recorded pids."""
    left = [f"namespace {ns}" for ns in nodes.lab_namespaces()]
    mounts = Path("/proc/mounts").read_text()
    left += [f"mount {line}" for line in mounts.splitlines() if str(folder.lab_dir()) in line]
    if folder.lab_dir().exists():
        left.append(f"folder {folder.lab_dir()}")
    # What the plugin's Puppet writes on a controller lands in the nodes' overlays, never
    # on the host (the host's /etc, /var and /usr are the nodes' read-only lower layers).
    left += [f"host file {p}" for p in HOST_PATHS_THE_PLUGIN_WRITES if Path(p).exists()]
    return left


HOST_PATHS_THE_PLUGIN_WRITES = ("/usr/local/lib/ceilometer-zookeeper", "/usr/local/bin/ceilometer-zookeeper-status",
                                "/etc/cron.d/ceilometer-zookeeper", "/etc/ceilometer-zookeeper")


@contextmanager
def brought_up(name: str, options: Options, rpm: Path) -> Iterator[dict[str, Any]]:
    """A lab in .lab-tests/<name> brought up with `options`, as {report, seconds, pids}; torn
    down afterwards, also after a failure, with nothing left and none of its pids alive."""
    os.environ["LAB_DIR"] = str(ROOT / ".lab-tests" / name)
    assert not control.is_up()
    started = time.time()
    pids: list[int] = []
    try:
        report = control.up(options, rpm)
        state = lab_state.load()
        pids = [r.init_pid for r in state.nodes.values()] + list(state.pids.values())
        yield {"report": report, "seconds": time.time() - started, "pids": pids}
    finally:
        pids = pids or [r.init_pid for r in (lab_state.load().nodes.values() if lab_state.exists() else [])]
        control.down()
        assert nothing_left() == []
        for pid in pids:
            assert not nodes.pid_alive(pid), f"pid {pid} of the lab survived down"
