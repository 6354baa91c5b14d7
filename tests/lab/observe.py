"""What the lab shows: nodes, ZooKeeper modes, Pacemaker resources and where they run,
coordination groups and members, each agent's share of its latest pass, and each alarm
evaluator's alarms of its latest evaluation cycle (an evaluation counts as a poll of the
alarm: tests/model/passes.py serves both). Every network probe runs inside the
controllers, the only nodes the plugin's firewall admits to ZooKeeper: the plugin's
ensemble probe, and its status command."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model import meters, partition, passes, project
from model import status as reports
from project import MODULE_FILES

from . import folder, nodes
from . import state as lab_state
from .environment import Environment
from .errors import LabError
from .options import Options

# The plugin's probe of every server's mode, run inside a controller.
ENSEMBLE_PROBE = MODULE_FILES / "zookeeper-ensemble-check"
# The Pacemaker resource ids of the central agent and of the alarm evaluator: the plugin's
# clone, else Fuel's primitive.
CENTRAL_AGENT_PCMK_IDS = (project.AGENT_CLONE, project.AGENT_PRIMITIVE)
EVALUATOR_PCMK_IDS = (project.EVALUATOR_CLONE, project.EVALUATOR_PRIMITIVE)


@dataclass
class Status:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    zookeeper: dict[str, str] = field(default_factory=dict)        # node -> server mode
    pacemaker: dict[str, list[str]] = field(default_factory=dict)  # Pacemaker resource id -> nodes it runs on
    groups: dict[str, list[str]] = field(default_factory=dict)     # coordination group -> members' hosts
    outsiders: list[str] = field(default_factory=list)             # nodes whose running agent is in no group
    shares: dict[str, set[str]] = field(default_factory=dict)      # agent's node -> share of its latest pass
    resources: set[str] = field(default_factory=set)               # the (meter, resource) keys to poll
    evaluations: dict[str, set[str]] = field(default_factory=dict)  # evaluator's node -> its latest cycle's alarms
    alarms: set[str] = field(default_factory=set)                  # the alarms to evaluate (none: no aodh)

    @property
    def leaders(self) -> list[str]:
        return [n for n, m in self.zookeeper.items() if m == "leader"]

    @property
    def followers(self) -> list[str]:
        return [n for n, m in self.zookeeper.items() if m == "follower"]

    def partition_ok(self, agents: list[str] | None = None) -> bool:
        """The agents' latest passes are a partition of the resources (among exactly
        `agents`, if given), and no running agent is outside its group (it would idle while
        the others cover for it)."""
        return not self.outsiders and partition.is_partition(self.shares, self.resources, agents)

    def settled(self) -> bool:
        """The latest passes partition the resources, one per member of the central groups
        (one agent without the plugin): a pass from before the others joined is not it;
        and where aodh runs, the evaluators' latest cycles partition the alarms, one per
        member of their group."""
        members = max((len(hosts) for group, hosts in self.groups.items() if group.startswith("central-")),
                      default=1)
        return self.partition_ok() and len(self.shares) >= members and self.evaluations_settled()

    def evaluations_ok(self) -> bool:
        """The evaluators' latest cycles are a partition of the alarms."""
        return partition.is_partition(self.evaluations, self.alarms)

    def evaluations_settled(self) -> bool:
        if not self.alarms:
            return True
        members = len(self.groups.get(project.EVALUATOR_GROUP, [])) or 1
        return self.evaluations_ok() and len(self.evaluations) >= members

    def meter_partitions(self) -> dict[str, tuple[int, int, int]]:
        """Per meter: how many of its resources the latest passes covered, how many it has,
        how many were polled twice."""
        covered, twice = partition.covered(self.shares), partition.twice(self.shares)
        return {meter: (len(keys & covered), len(keys), len(keys & twice))
                for meter, keys in sorted(meters.by_meter(self.resources).items())}

    def ensemble_healthy(self) -> bool:
        """One leader, every other server a follower."""
        return len(self.leaders) == 1 and len(self.followers) == len(self.zookeeper) - 1


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
        result = handles[node.name].run(" ".join([sys.executable, str(ENSEMBLE_PROBE), "--once", *servers]),
                                        timeout=30)
        for line in result.stdout.splitlines():
            parts = line.split(" ", 2)
            if len(parts) == 3 and (parts[0] not in modes or modes[parts[0]].startswith("down")):
                mode = parts[2]
                modes[parts[0]] = mode if mode in ("leader", "follower", "standalone") else f"down: {mode}"
        if len(modes) == len(servers) and not any(m.startswith("down") for m in modes.values()):
            break
    return {n.name: modes.get(n.name, "down: no live controller to ask") for n in env.controllers}


def pacemaker_locations(handles: dict[str, nodes.NodeHandle], env: Environment) -> dict[str, list[str]]:
    """The central agent's (and the evaluator's) Pacemaker resource id -> nodes it runs on,
    asked of the first live controller."""
    for node in env.controllers:
        handle = handles[node.name]
        if not handle.alive():
            continue
        out: dict[str, list[str]] = {}
        for ids in (CENTRAL_AGENT_PCMK_IDS, EVALUATOR_PCMK_IDS):
            for rsc in ids:
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
    result = handle.run(f"{project.STATUS_COMMAND} --json", timeout=30)
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
        if not groups and reports.groups_readable(report):
            groups = reports.groups(report)
        if reports.outside_its_group(report):
            outsiders.append(node.name)
    return groups, outsiders


def agent_sessions(handle: nodes.NodeHandle) -> dict[str, set[int]]:
    """{host: ZooKeeper sessions of its agent's group members}, from the status command
    run through `handle` (empty when it gives no report)."""
    return reports.sessions_by_host(status_report(handle) or {})


def zoo_cfg_servers(handle: nodes.NodeHandle) -> list[tuple[str, str]]:
    """The node's zoo.cfg server list, as sorted (N, address) pairs."""
    return reports.zoo_cfg_servers(handle.run("cat /etc/zookeeper/conf/zoo.cfg", timeout=30).stdout)


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
    return read_log(folder.lab_dir() / "logs" / "api-requests.jsonl", since)


def polls_of(node_name: str, entries: list[dict[str, Any]]) -> list[passes.Poll]:
    """An agent's samples as polls, keyed by meter and resource (model/meters.py)."""
    return [passes.Poll(e["at"], node_name, meters.key(e["meter"], e["resource"])) for e in entries]


def last_pass(polls: list[passes.Poll], interval: float, now: float) -> set[str]:
    """The share of an agent's latest pass that has ended, else of the one under way. At
    5,000 resources on 5 controllers a pass outlasts the interval on the lab's two cores:
    the polls of one moment are then only a part of it."""
    return passes.resources(passes.latest_pass(polls, passes.pause_of(interval), now))


def latest_of(polls_by_node: dict[str, list[passes.Poll]], interval: float, now: float) -> dict[str, set[str]]:
    """Per node, what its latest pass held; nodes that no longer poll (passes.live) have none."""
    return {name: last_pass(polls, interval, now) for name, polls in polls_by_node.items()
            if passes.live(polls, interval, now)}


def latest_shares(env: Environment, interval: float, since: float = 0.0,
                  live: set[str] | None = None) -> dict[str, set[str]]:
    """Per agent (node), the share of its latest pass. Agents that are down, or that no
    longer poll (passes.live), have none."""
    return latest_of({node.name: polls_of(node.name, read_samples(node.name, since)) for node in env.controllers
                      if live is None or node.name in live}, interval, time.time())


def evaluations_by_node(env: Environment, since: float = 0.0) -> dict[str, list[passes.Poll]]:
    """Each controller's evaluations, from the stand-in API's statistics queries: the
    evaluator's address names its node, the queried resource its alarm."""
    names = {node.address: node.name for node in env.controllers}
    out: dict[str, list[passes.Poll]] = {node.name: [] for node in env.controllers}
    for entry in read_log(folder.alarm_log(), since):
        name = names.get(entry.get("client", ""))
        if name is not None and "alarm" in entry:
            out[name].append(passes.Poll(entry["at"], name, entry["alarm"]))
    return out


def latest_evaluations(env: Environment, interval: float, since: float = 0.0,
                       live: set[str] | None = None) -> dict[str, set[str]]:
    """Per evaluator (node), the alarms of its latest evaluation cycle."""
    found = evaluations_by_node(env, since)
    return latest_of({name: polls for name, polls in found.items() if live is None or name in live},
                     interval, time.time())


def resource_names(count: int) -> set[str]:
    """The lab's own resources (the lab's discovery lists them: tests/lab/ceilometer_ext)."""
    return set(meters.lab_resource_ids(count))


def expected_polls(options: Options) -> set[str]:
    """Every (meter, resource) key the lab's agents must poll once per cycle."""
    return meters.expected(options.resources)


def alarm_names(state: lab_state.LabState) -> set[str]:
    """The alarms the lab's evaluators must evaluate: none where no aodh runs (Ceilometer
    off); alarm N is named by the resource it watches (core/aodh-alarms.py)."""
    return resource_names(state.options.alarms) if state.env.ceilometer_enabled else set()


def collect(since: float = 0.0) -> Status:
    state = lab_state.load()
    if state is None:
        raise LabError("no lab is up")
    env = state.env
    handles = state.handles()
    status = Status(resources=expected_polls(state.options))
    for n in env.nodes:
        status.nodes[n.name] = {"roles": n.roles, "address": n.address, "up": handles[n.name].alive()}
    if project.acts(len(env.controllers), env.ceilometer_enabled, env.plugin_enabled):
        status.zookeeper = zookeeper_modes(handles, env, state.client_port, state.cut)
        status.groups, status.outsiders = coordination(handles, env)
    status.pacemaker = pacemaker_locations(handles, env)
    live = {name for name, info in status.nodes.items() if info["up"]}
    status.shares = latest_shares(env, float(state.options.interval), since, live)
    status.alarms = alarm_names(state)
    if status.alarms:
        status.evaluations = latest_evaluations(env, float(state.options.interval), since, live)
    return status


def wait_for(predicate: Callable[[Status], bool], timeout: float, interval: float = 1.0, since: float = 0.0) -> Status:
    """Collects the status until predicate(status) holds; returns the last one."""
    deadline = time.time() + timeout
    while True:
        status = collect(since)
        if predicate(status) or time.time() >= deadline:
            return status
        time.sleep(interval)


def render_evaluations(status: Status) -> list[str]:
    if not status.alarms:
        return []
    lines = [f"Latest evaluation cycle per alarm evaluator ({len(status.alarms)} alarms):"]
    for name, alarms in sorted(status.evaluations.items()):
        lines.append(f"  {name:<8} {len(alarms):>5} alarms")
    if status.evaluations:
        covered = partition.covered(status.evaluations)
        twice = partition.twice(status.evaluations)
        lines.append(f"  together: {len(covered)} of {len(status.alarms)} evaluated, {len(twice)} twice"
                     f" -> {'disjoint and complete' if status.evaluations_ok() else 'NOT a partition'}")
    return lines


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
        lines.append("  no central agent or evaluator resource")
    for rsc, where in status.pacemaker.items():
        lines.append(f"  {rsc:<36} running on {', '.join(where) or 'no node'}")
    lines.append("Coordination groups:")
    if not status.groups:
        lines.append("  none")
    for group, members in status.groups.items():
        lines.append(f"  {group:<36} {len(members)} member(s): {', '.join(members)}")
    for name in status.outsiders:
        lines.append(f"  the agent on {name} runs outside its group: it polls nothing")
    lines.append(f"Latest pass per agent ({len(status.resources)} polls of each meter's resources):")
    for name, share in sorted(status.shares.items()):
        lines.append(f"  {name:<8} {len(share):>5} polls")
    if status.shares:
        covered = partition.covered(status.shares)
        twice = partition.twice(status.shares)
        lines.append(f"  together: {len(covered)} of {len(status.resources)} covered, {len(twice)} polled twice"
                     f" -> {'disjoint and complete' if status.partition_ok() else 'NOT a partition'}")
        for meter, (done, owed, doubled) in status.meter_partitions().items():
            lines.append(f"    {meter:<28} {done:>5} of {owed:<5} resources polled, {doubled} twice")
    lines.extend(render_evaluations(status))
    return "\n".join(lines)
