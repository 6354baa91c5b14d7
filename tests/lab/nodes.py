"""Emulated nodes: a network namespace each on a private bridge, and a tiny init holding
mount, UTS and PID namespaces with private /etc, /var, /usr, /run, /tmp and /dev/shm.

/etc, /var and /usr are overlays on the host's (the node sees the host's files, its own
writes stay in the lab folder); /run, /dev/shm and /tmp are empty tmpfs, with the repository and
the lab folder bound into /tmp when they lie there."""

from __future__ import annotations

import ipaddress
import json
import os
import shlex
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from project import ROOT

from . import folder
from .errors import LabError
from .folder import NS_PREFIX

BRIDGE_NS = NS_PREFIX + "br"
CLIENT_NS = NS_PREFIX + "client"
CANDIDATE_SUBNETS = ("203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24")
OCF_DIR = Path(__file__).resolve().parent / "ocf"
CLIENT_HOST = 250  # the probe and resource API address: <subnet>.250


def sh(*cmd: str, check: bool = True, timeout: float = 60, **kw: Any) -> subprocess.CompletedProcess:
    result = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, **kw)
    if check and result.returncode != 0:
        raise LabError(f"{' '.join(shlex.quote(c) for c in cmd)} failed (rc {result.returncode}): "
                       f"{(result.stderr or result.stdout).strip()}")
    return result


def host_networks() -> list[ipaddress.IPv4Network]:
    """Every IPv4 network the host has an address or a route in (host namespace)."""
    nets = []
    for a in json.loads(sh("ip", "-j", "-4", "addr").stdout):
        for info in a.get("addr_info", []):
            nets.append(ipaddress.ip_network(f"{info['local']}/{info['prefixlen']}", strict=False))
    for r in json.loads(sh("ip", "-j", "-4", "route").stdout):
        dst = r.get("dst")
        if dst and dst != "default":
            nets.append(ipaddress.ip_network(dst if "/" in dst else dst + "/32", strict=False))
    return nets


def choose_subnet() -> str:
    """The first documentation range that overlaps nothing of the host."""
    taken = host_networks()
    for candidate in CANDIDATE_SUBNETS:
        net = ipaddress.ip_network(candidate)
        if not any(net.overlaps(t) for t in taken):
            return candidate
    raise LabError("every documentation range the lab may use (" + ", ".join(CANDIDATE_SUBNETS)
                   + ") overlaps an address or route of this host; refusing to start")


def subnet_address(subnet: str, host: int) -> str:
    """The address of host number `host` in the lab subnet."""
    return str(ipaddress.ip_network(subnet).network_address + host)


def lab_namespaces() -> list[str]:
    """Every namespace named with the lab's prefix: this lab's and any other LAB_DIR's."""
    out = sh("ip", "netns", "list", check=False).stdout
    return [line.split()[0] for line in out.splitlines() if line.split() and line.split()[0].startswith(NS_PREFIX)]


def namespace_pids(ns: str) -> list[int]:
    """The processes inside a named network namespace (none for the bridge's, ever)."""
    out = sh("ip", "netns", "pids", ns, check=False).stdout
    return [int(word) for word in out.split() if word.isdigit()]


def leftover_namespaces() -> list[str]:
    """The lab's namespaces when not one process lives in any of them: what stays of a lab
    whose processes were all ended from outside (a stopped session, a killed test run).
    Named namespaces outlive their processes; holding nothing, they can only be removed.
    Empty when any of them still holds a process: then it is a running lab."""
    names = lab_namespaces()
    if any(namespace_pids(ns) for ns in names):
        return []
    return names


@dataclass
class NodeHandle:
    name: str
    init_pid: int
    ns: str

    def nsenter(self) -> list[str]:
        return ["nsenter", "-t", str(self.init_pid), "-n", "-m", "-u", "-p", "--"]

    def run(self, command: str, env: dict[str, str] | None = None, timeout: float = 600,
            check: bool = False, log: Path | None = None) -> subprocess.CompletedProcess:
        """Runs a shell command inside the node."""
        full_env = dict(os.environ)
        full_env.update(env or {})
        full_env["HOME"] = "/root"
        if log is None:
            return subprocess.run([*self.nsenter(), "/bin/sh", "-c", command], capture_output=True,
                                  text=True, env=full_env, timeout=timeout, check=check)
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a") as out:
            out.write(f"# {time.strftime('%H:%M:%S')} {command}\n")
            out.flush()
            return subprocess.run([*self.nsenter(), "/bin/sh", "-c", command], stdout=out,
                                  stderr=subprocess.STDOUT, text=True, env=full_env, timeout=timeout,
                                  check=check)

    def alive(self) -> bool:
        return pid_alive(self.init_pid)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A process that ends meanwhile makes the read fail (ENOENT, or ESRCH while it exits).
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def node_dir(name: str) -> Path:
    return folder.lab_dir() / "nodes" / name


INIT_SCRIPT = r"""
hostname "$LAB_NODE"
d="$LAB_NODE_DIR"
# Readiness goes through a descriptor opened before any mount: it reaches the host's file
# whatever the node's mounts hide.
exec 9>"$d/ready"
# /usr too: Puppet installs the plugin's scripts in /usr/local. The ZooKeeper layer
# (tools/setup-zookeeper34 --python27: Debian 11's 3.4.13 and Python 2.7, as installed over
# the host's packages) lies under the node's own files.
for top in etc var usr; do
  mkdir -p "$d/$top/upper" "$d/$top/work"
  lower="$LAB_ZK_LAYER/$top:/$top"
  mount -t overlay overlay -o "lowerdir=$lower,upperdir=$d/$top/upper,workdir=$d/$top/work" "/$top"
done
# /tmp is the node's own and empty, as after a reboot, but the lab's folders that lie below
# the host's /tmp (a clone there: the repository, the lab folder) are bound in, live. An
# overlay would show a stale copy of what the host changes there, such as the plugin the
# master unpacks again for a redeploy.
mount --bind /tmp /mnt
mount -t tmpfs -o mode=1777 tmpfs /tmp
for keep in $LAB_TMP_KEEP; do
  mkdir -p "$keep"
  mount --bind "/mnt${keep#/tmp}" "$keep"
done
umount -l /mnt
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -m 1777 /run/lock
mount -t tmpfs -o mode=1777,size=256m tmpfs /dev/shm
# Names resolve from /etc/hosts only: nothing leaves the lab for a DNS server.
printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$LAB_NODE" > /etc/hosts
: > /etc/resolv.conf
if [ -d /usr/lib/ocf/resource.d ]; then
  mount -t overlay overlay -o "lowerdir=$LAB_OCF_DIR:/usr/lib/ocf/resource.d" /usr/lib/ocf/resource.d
fi
# A controller's cron, as on a Fuel node (the plugin's self-repair is a cron job).
[ -x /usr/sbin/cron ] && /usr/sbin/cron 9>&-
echo ready >&9
exec 9>&-
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $! || true; done
"""


def create_network(subnet: str) -> None:
    sh("ip", "netns", "add", BRIDGE_NS)
    sh("ip", "-n", BRIDGE_NS, "link", "set", "lo", "up")
    sh("ip", "-n", BRIDGE_NS, "link", "add", "br0", "type", "bridge")
    sh("ip", "-n", BRIDGE_NS, "link", "set", "br0", "up")
    attach(CLIENT_NS, subnet_address(subnet, CLIENT_HOST), subnet)


def bridge_port(name: str) -> str:
    """The bridge's end of the veth pair of a node (or of the client): v-<name>."""
    return "v-" + name


def attach(ns: str, ip: str, subnet: str) -> None:
    """A namespace with one interface on the lab bridge."""
    prefix = ipaddress.ip_network(subnet).prefixlen
    veth = bridge_port(ns[len(NS_PREFIX):])
    sh("ip", "netns", "add", ns)
    sh("ip", "-n", BRIDGE_NS, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns)
    sh("ip", "-n", BRIDGE_NS, "link", "set", veth, "master", "br0", "up")
    sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "-n", ns, "addr", "add", f"{ip}/{prefix}", "dev", "eth0")
    sh("ip", "-n", ns, "link", "set", "eth0", "up")


def start_node(name: str, ip: str, subnet: str, zookeeper_layer: str, attach_network: bool = True) -> NodeHandle:
    """Starts a node's init; with attach_network, first its namespace on the bridge.
    The node's overlay folders are kept, so a node started again finds its files. The
    zookeeper_layer (a folder with etc, var and usr) lies under the node's own files."""
    ns = NS_PREFIX + name
    if attach_network:
        attach(ns, ip, subnet)
    d = node_dir(name)
    d.mkdir(parents=True, exist_ok=True)
    ready = d / "ready"
    ready.unlink(missing_ok=True)
    keep = sorted({str(p) for p in (ROOT.resolve(), folder.lab_dir()) if Path("/tmp") in p.parents})
    env = dict(os.environ, LAB_NODE=name, LAB_NODE_DIR=str(d), LAB_OCF_DIR=str(OCF_DIR),
               LAB_TMP_KEEP=" ".join(keep), LAB_ZK_LAYER=zookeeper_layer)
    with open(d / "init.log", "w") as out:
        proc = subprocess.Popen(
            ["ip", "netns", "exec", ns, "unshare", "--pid", "--fork", "--mount-proc", "--mount",
             "--uts", "--propagation", "private", "--", "bash", "-ec", INIT_SCRIPT],
            env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 15
    init_pid = 0
    while time.time() < deadline:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        if not init_pid and children.exists() and children.read_text().split():
            init_pid = int(children.read_text().split()[0])
        if init_pid and ready.exists() and ready.read_text().strip() == "ready":
            return NodeHandle(name=name, init_pid=init_pid, ns=ns)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    log = (d / "init.log").read_text() if (d / "init.log").exists() else ""
    raise LabError(f"node {name} did not start: {log.strip()[-800:]}")


def stop_pid(pid: int, grace: float = 5.0) -> None:
    """TERM a recorded pid, KILL it after the grace period."""
    if not pid_alive(pid):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.time() + grace
    while time.time() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.time() + 5
    while time.time() < deadline and pid_alive(pid):
        time.sleep(0.05)


def delete_namespace(ns: str) -> None:
    sh("ip", "netns", "del", ns, check=False)


def wait_namespaces_gone(names: set[str], timeout: float = 10.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        left = names & set(lab_namespaces())
        if not left:
            return
        time.sleep(0.05)
    raise LabError(f"namespaces still present after teardown: {sorted(left)}")


def run_in_ns(ns: str, cmd: list[str], timeout: float = 60, check: bool = True,
              cwd: Path | None = None) -> subprocess.CompletedProcess:
    return sh("ip", "netns", "exec", ns, *cmd, timeout=timeout, check=check, cwd=cwd)


