"""What a torn-down lab must not leave behind: the integration tests that bring a lab up
check it after `down`."""

from __future__ import annotations

from pathlib import Path

from lab import folder, nodes


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
