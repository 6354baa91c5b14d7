"""What the lab shows: nodes, ZooKeeper modes, Pacemaker resources and where they run,
coordination groups and members, and each agent's share of its last polling cycle.
Every network probe runs inside the controllers, the only nodes the plugin's firewall
admits to ZooKeeper: the ensemble check, and the plugin's status command."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from project import MODULE_FILES

from . import nodes, polling_passes, recorded
from . import state as lab_state
from .environment import Environment
from .errors import LabError

CHECK_SCRIPT = MODULE_FILES / "zookeeper-ensemble-check"
# The operator's status command the plugin installs on every controller.
STATUS_COMMAND = "/usr/local/bin/ceilometer-zookeeper-status"
# The Pacemaker resource ids of the central agent: the plugin's clone, else Fuel's primitive.
CENTRAL_AGENT_PCMK_IDS = ("clone_p_ceilometer-agent-central", "p_ceilometer-agent-central")


@dataclass
class Status:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    zookeeper: dict[str, str] = field(default_factory=dict)        # node -> server mode
    pacemaker: dict[str, list[str]] = field(default_factory=dict)  # Pacemaker resource id -> nodes it runs on
    groups: dict[str, list[str]] = field(default_factory=dict)     # coordination group -> members' hosts
    outsiders: list[str] = field(default_factory=list)             # nodes whose running agent is in no group
    shares: dict[str, set[str]] = field(default_factory=dict)      # agent's node -> resources it polled
    resource_count: int = 0                                        # resources the agents must poll

    @property
    def leaders(self) -> list[str]:
        return [n for n, m in self.zookeeper.items() if m == "leader"]

    @property
    def followers(self) -> list[str]:
        return [n for n, m in self.zookeeper.items() if m == "follower"]

    def partition_ok(self) -> bool:
        """The last cycles of the agents are disjoint and cover every resource, and no
        running agent is outside its group (it would idle while the others cover for it)."""
        if self.outsiders:
            return False
        seen: set[str] = set()
        for share in self.shares.values():
            if seen & share:
                return False
            seen |= share
        return len(seen) == self.resource_count and self.resource_count > 0


def zookeeper_modes(handles: dict[str, nodes.NodeHandle], env: Environment, port: str,
                    cut: list[str]) -> dict[str, str]:
    """Each ZooKeeper server's mode as the lab network sees it, asked from inside the
    controllers that are up and not cut off (the firewall admits only controllers to the
    client port, as on Fuel; a cut-off controller would see only itself). A server counts
    as serving when one of them sees it serve."""
    servers = [f"{n.name}={n.address}:{port}" for n in env.controllers]
    modes: dict[str, str] = {}
    for node in env.controllers:
        if not handles[node.name].alive() or node.name in cut:
            continue
        result = handles[node.name].run(" ".join([sys.executable, str(CHECK_SCRIPT), "--once", *servers]), timeout=30)
        for line in result.stdout.splitlines():
            parts = line.split(" ", 2)
            if len(parts) == 3 and (parts[0] not in modes or modes[parts[0]].startswith("down")):
                mode = parts[2]
                modes[parts[0]] = mode if mode in ("leader", "follower", "standalone") else f"down: {mode}"
        if len(modes) == len(servers) and not any(m.startswith("down") for m in modes.values()):
            break
    return {n.name: modes.get(n.name, "down: no live controller to ask") for n in env.controllers}


def pacemaker_locations(handles: dict[str, nodes.NodeHandle], env: Environment) -> dict[str, list[str]]:
    """The central agent's Pacemaker resource id -> nodes it runs on, asked of the first
    live controller."""
    for node in env.controllers:
        handle = handles[node.name]
        if not handle.alive():
            continue
        out: dict[str, list[str]] = {}
        for rsc in CENTRAL_AGENT_PCMK_IDS:
            result = handle.run(f"crm_resource --locate --resource {rsc} 2>/dev/null", timeout=30)
            if result.returncode == 0:
                out[rsc] = sorted(line.rsplit(" ", 1)[-1] for line in result.stdout.splitlines()
                                  if "is running on" in line)
                break  # a clone found: its primitive's instances are the same ones
        if out:
            return out
    return {}


def status_report(handle: nodes.NodeHandle) -> dict[str, Any] | None:
    """The plugin's status command's JSON report, run through `handle`; None when it gives
    none (not installed yet, before the agents task, or no answer)."""
    result = handle.run(f"{STATUS_COMMAND} --json", timeout=30)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) else None


def coordination(handles: dict[str, nodes.NodeHandle], env: Environment) -> tuple[dict[str, list[str]], list[str]]:
    """What the plugin's status command says on each live controller: tooz's groups with
    their members' hosts (from the first controller that could read them), and the
    controllers whose agent runs outside its group."""
    groups: dict[str, list[str]] = {}
    outsiders = []
    for node in env.controllers:
        handle = handles[node.name]
        if not handle.alive():
            continue
        report = status_report(handle)
        if report is None:
            continue
        if not groups and not report.get("groups_error"):
            groups = {name: sorted(m["host"] or m["id"] for m in group["members"])
                      for name, group in report["groups"].items()}
        if report["local"]["agent_running"] and report["local"]["missing_from"]:
            outsiders.append(node.name)
    return groups, outsiders


def agent_sessions(handle: nodes.NodeHandle) -> dict[str, set[int]]:
    """{host: ZooKeeper sessions of its agent's group members}, from the status command
    run through `handle` (empty when it gives no report)."""
    found: dict[str, set[int]] = {}
    for group in (status_report(handle) or {}).get("groups", {}).values():
        for member in group["members"]:
            found.setdefault(member["host"], set()).add(member["session"])
    return found


def zoo_cfg_servers(handle: nodes.NodeHandle) -> list[tuple[str, str]]:
    """The server.N lines of the node's zoo.cfg, as sorted (N, address) pairs; a repeated
    line is kept twice."""
    result = handle.run("grep '^server\\.' /etc/zookeeper/conf/zoo.cfg", timeout=30)
    servers = []
    for line in result.stdout.splitlines():
        key, _, value = line.strip().partition("=")
        servers.append((key.removeprefix("server."), value.split(":", 1)[0]))
    return sorted(servers)


def samples_file(node_name: str) -> Path:
    return nodes.node_dir(node_name) / "var/upper/log/ceilometer/samples.jsonl"


def read_log(path: Path, since: float = 0.0) -> list[dict[str, Any]]:
    """The entries of a JSON-lines log (agent samples, API requests) at or after since."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line being written
        if entry.get("at", 0) >= since:
            out.append(entry)
    return out


def read_samples(node_name: str, since: float = 0.0) -> list[dict[str, Any]]:
    return read_log(samples_file(node_name), since)


def api_requests(since: float = 0.0) -> list[dict[str, Any]]:
    return read_log(lab_state.lab_dir() / "logs" / "api-requests.jsonl", since)


def last_cycle(entries: list[dict[str, Any]], interval: float, now: float) -> set[str]:
    """The resources of the latest polling pass among an agent's time-stamped entries
    (samples or requests) that has ended, else of the one under way. At 5,000 resources
    on 5 controllers a pass outlasts the interval on the lab's two cores: the entries of
    one moment are then only a part of it."""
    return {e["resource"] for e in polling_passes.latest_complete(entries, polling_passes.pause_of(interval), now)}


def last_cycle_shares(env: Environment, interval: float, since: float = 0.0,
                      live: set[str] | None = None) -> dict[str, set[str]]:
    """Per agent (node), the resources of its latest polling cycle. Agents that are down,
    or whose latest cycle is older than three intervals, have no share."""
    shares = {}
    now = time.time()
    for node in env.controllers:
        if live is not None and node.name not in live:
            continue
        samples = read_samples(node.name, since)
        if not samples:
            continue
        if max(s["at"] for s in samples) < now - 3 * interval:
            continue
        shares[node.name] = last_cycle(samples, interval, now)
    return shares


def collect(since: float = 0.0) -> Status:
    state = lab_state.load()
    if not state:
        raise LabError("no lab is up")
    env = recorded.environment(state)
    handles = recorded.handles(state)
    port = str(env.settings.get("zookeeper_client_port", "2181"))
    status = Status(resource_count=int(state["options"]["resources"]))
    for n in env.nodes:
        status.nodes[n.name] = {"roles": n.roles, "address": n.address, "up": handles[n.name].alive()}
    if env.plugin_enabled and len(env.controllers) >= 3:
        status.zookeeper = zookeeper_modes(handles, env, port, state.get("cut", []))
        status.groups, status.outsiders = coordination(handles, env)
    status.pacemaker = pacemaker_locations(handles, env)
    live = {name for name, info in status.nodes.items() if info["up"]}
    status.shares = last_cycle_shares(env, float(state["options"]["interval"]), since, live)
    return status


def wait_for(predicate: Callable[[Status], bool], timeout: float, interval: float = 1.0, since: float = 0.0) -> Status:
    """Collects the status until predicate(status) holds; returns the last one."""
    deadline = time.time() + timeout
    while True:
        status = collect(since)
        if predicate(status) or time.time() >= deadline:
            return status
        time.sleep(interval)


def render(status: Status) -> str:
    lines = ["Nodes:"]
    for name, info in status.nodes.items():
        roles = ",".join(info["roles"])
        lines.append(f"  {name:<8} {roles:<20} {info['address']:<15} {'up' if info['up'] else 'DOWN'}")
    if status.zookeeper:
        lines.append(f"ZooKeeper: {len(status.leaders)} leader, {len(status.followers)} follower(s)")
        for name, mode in status.zookeeper.items():
            lines.append(f"  {name:<8} {mode}")
    else:
        lines.append("ZooKeeper: not deployed (plugin off or fewer than 3 controllers)")
    lines.append("Pacemaker:")
    if not status.pacemaker:
        lines.append("  no central agent resource")
    for rsc, where in status.pacemaker.items():
        lines.append(f"  {rsc:<36} running on {', '.join(where) or 'no node'}")
    lines.append("Coordination groups:")
    if not status.groups:
        lines.append("  none")
    for group, members in status.groups.items():
        lines.append(f"  {group:<36} {len(members)} member(s): {', '.join(members)}")
    for name in status.outsiders:
        lines.append(f"  the agent on {name} runs outside its group: it polls nothing")
    lines.append(f"Last polling cycle per agent ({status.resource_count} resources):")
    covered: set[str] = set()
    overlap: set[str] = set()
    for name, share in sorted(status.shares.items()):
        overlap |= covered & share
        covered |= share
        lines.append(f"  {name:<8} {len(share):>5} resources")
    if status.shares:
        lines.append(f"  together: {len(covered)} of {status.resource_count} covered, {len(overlap)} polled twice"
                     f" -> {'disjoint and complete' if status.partition_ok() else 'NOT a partition'}")
    return "\n".join(lines)
