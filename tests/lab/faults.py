"""Faults on a running lab. Node actions (kill, stop, start, cut, heal a node) serve the
command line and the system tests' local backend; a Fault (crash, agent-kill,
leader-cut) chooses its victim, injects itself and undoes itself, for the benchmark. A
new fault is one Fault subclass in FAULTS and its test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from model.processes import AGENT

from . import nodes
from . import state as lab_state
from .errors import LabError
from .state import LabState, NodeRecord

Echo = Callable[[str], None]

# What a node's boot starts again, as far as the deployment enabled it.
BOOT = """
[ -x /etc/init.d/zookeeper ] && ls /etc/rc2.d/S*zookeeper >/dev/null 2>&1 && /etc/init.d/zookeeper start
if [ -s /etc/corosync/corosync.conf ] && grep -q nodelist /etc/corosync/corosync.conf; then
  corosync && (PCMK_logfile=/var/log/pacemaker/pacemaker.log setsid pacemakerd </dev/null >/dev/null 2>&1 &)
fi
true
"""


def kill(state: LabState, name: str) -> str:
    nodes.stop_pid(state.handle(name).init_pid, grace=0)
    return f"{name} killed (its init and everything under it)"


def stop(state: LabState, name: str) -> str:
    handle = state.handle(name)
    handle.run("pkill -TERM pacemakerd; sleep 2; pkill -TERM corosync; /etc/init.d/zookeeper stop; true",
               timeout=60)
    nodes.stop_pid(handle.init_pid)
    return f"{name} stopped"


def start(state: LabState, name: str) -> str:
    if state.handle(name).alive():
        raise LabError(f"{name} is running")
    node = state.env.node(name)
    # The network namespace outlives the node's init: the node boots on it again.
    new = nodes.start_node(name, node.address, state.env.subnet, attach_network=False,
                           zookeeper_layer=state.zookeeper_layer)
    state.nodes[name] = NodeRecord(init_pid=new.init_pid, ns=new.ns)
    lab_state.save(state)
    new.run(BOOT, timeout=120)
    return f"{name} started (boot: zookeeper, corosync, pacemaker)"


def cut(state: LabState, name: str) -> str:
    nodes.sh("ip", "-n", nodes.BRIDGE_NS, "link", "set", nodes.bridge_port(name), "down")
    state.cut = sorted(set(state.cut) | {name})
    lab_state.save(state)
    return f"{name} cut off the lab network"


def heal(state: LabState, name: str) -> str:
    nodes.sh("ip", "-n", nodes.BRIDGE_NS, "link", "set", nodes.bridge_port(name), "up")
    state.cut = sorted(set(state.cut) - {name})
    lab_state.save(state)
    return f"{name} back on the lab network"


ACTIONS: dict[str, Callable[[LabState, str], str]] = {
    "kill": kill, "stop": stop, "start": start, "cut": cut, "heal": heal}


def node_action(action: str, name: str, echo: Echo = print) -> None:
    """One of ACTIONS on the node called name, in the lab of this folder."""
    state = lab_state.load()
    if state is None:
        raise LabError("no lab is up")
    if name not in state.nodes:
        raise LabError(f"no node {name}; nodes: {', '.join(sorted(state.nodes))}")
    if action not in ACTIONS:
        raise LabError(f"unknown action {action}; known: {', '.join(ACTIONS)}")
    echo(f"lab: {ACTIONS[action](state, name)}")


def kill_agent(state: LabState, name: str) -> str:
    """Kills the central agent's processes on one node at once (SIGKILL), as a crash of the
    agent alone: Pacemaker's monitor then restarts it in place."""
    state.handle(name).run(f"pkill -KILL -f '{AGENT}'")
    return f"the central agent on {name} killed"


@dataclass
class Scene:
    """What a fault may choose its victim by, seen just before it strikes."""
    busiest: str              # the controller whose agent polls the largest share
    leader: str | None        # the ZooKeeper leader's controller (None without the plugin)


class Fault:
    """One fault of the benchmark: name, victim, inject, undo."""

    name = ""

    def victim(self, scene: Scene) -> str:
        """The hard case by default: the busiest agent's controller."""
        return scene.busiest

    def inject(self, state: LabState, victim: str) -> None:
        raise NotImplementedError

    def undo(self, state: LabState, victim: str) -> None:
        """Brings the victim back, where the fault needs it."""


class Crash(Fault):
    """The busiest agent's controller powers off at once; started again afterwards."""

    name = "crash"

    def inject(self, state: LabState, victim: str) -> None:
        kill(state, victim)

    def undo(self, state: LabState, victim: str) -> None:
        start(state, victim)


class AgentKill(Fault):
    """The busiest agent is killed alone; Pacemaker restarts it (nothing to undo)."""

    name = "agent-kill"

    def inject(self, state: LabState, victim: str) -> None:
        kill_agent(state, victim)


class LeaderCut(Fault):
    """The ZooKeeper leader's controller is cut off the network silently (the busiest
    agent's without the plugin); healed afterwards."""

    name = "leader-cut"

    def victim(self, scene: Scene) -> str:
        return scene.leader or scene.busiest

    def inject(self, state: LabState, victim: str) -> None:
        cut(state, victim)

    def undo(self, state: LabState, victim: str) -> None:
        heal(state, victim)


FAULTS: dict[str, Fault] = {f.name: f for f in (Crash(), AgentKill(), LeaderCut())}
