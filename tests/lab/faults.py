"""Fault injection on a running lab: kill, stop or start a node, cut it off the lab
network or heal it. Every action works on the nodes the state records."""

from __future__ import annotations

from collections.abc import Callable

from . import nodes, recorded
from . import state as lab_state
from .errors import LabError

ACTIONS = ("kill", "stop", "start", "cut", "heal")

# The agent's processes: its program (Fuel 9's ceilometer-agent-central, the lab's
# ceilometer-polling) and the worker a newer Ceilometer forks and renames; [x]yz keeps the
# pattern from matching the shell that runs it. The system tests hold a copy
# (system.checks.AGENT: they run on the fuel-qa host without the lab); a unit test keeps
# the two equal.
AGENT = "(bin/[c]eilometer-(polling|agent-central)|[c]eilometer-polling: )"

# What a node's boot starts again, as far as the deployment enabled it.
BOOT = """
[ -x /etc/init.d/zookeeper ] && ls /etc/rc2.d/S*zookeeper >/dev/null 2>&1 && /etc/init.d/zookeeper start
if [ -s /etc/corosync/corosync.conf ] && grep -q nodelist /etc/corosync/corosync.conf; then
  corosync && (PCMK_logfile=/var/log/pacemaker/pacemaker.log setsid pacemakerd </dev/null >/dev/null 2>&1 &)
fi
true
"""


def node_action(action: str, name: str, echo: Callable[[str], None] = print) -> None:
    """One of ACTIONS on the node called name."""
    state = lab_state.load()
    if not state:
        raise LabError("no lab is up")
    if name not in state["nodes"]:
        raise LabError(f"no node {name}; nodes: {', '.join(sorted(state['nodes']))}")
    handle = recorded.handles(state)[name]
    veth = nodes.bridge_port(name)
    if action == "kill":
        nodes.stop_pid(handle.init_pid, grace=0)
        echo(f"lab: {name} killed (its init and everything under it)")
    elif action == "stop":
        handle.run("pkill -TERM pacemakerd; sleep 2; pkill -TERM corosync; /etc/init.d/zookeeper stop; true",
                   timeout=60)
        nodes.stop_pid(handle.init_pid)
        echo(f"lab: {name} stopped")
    elif action == "start":
        if handle.alive():
            raise LabError(f"{name} is running")
        env = recorded.environment(state)
        node = env.node(name)
        # The network namespace outlives the node's init: the node boots on it again.
        new = nodes.start_node(name, node.address, env.subnet, attach_network=False,
                               zookeeper_layer=state.get("zookeeper_layer", ""))
        state["nodes"][name] = {"init_pid": new.init_pid, "ns": new.ns}
        lab_state.save(state)
        new.run(BOOT, timeout=120)
        echo(f"lab: {name} started (boot: zookeeper, corosync, pacemaker)")
    elif action == "cut":
        nodes.sh("ip", "-n", nodes.BRIDGE_NS, "link", "set", veth, "down")
        state["cut"] = sorted(set(state.get("cut", [])) | {name})
        lab_state.save(state)
        echo(f"lab: {name} cut off the lab network")
    elif action == "heal":
        nodes.sh("ip", "-n", nodes.BRIDGE_NS, "link", "set", veth, "up")
        state["cut"] = sorted(set(state.get("cut", [])) - {name})
        lab_state.save(state)
        echo(f"lab: {name} back on the lab network")
    else:
        raise LabError(f"unknown action {action}")


def kill_agent(handle: nodes.NodeHandle) -> None:
    """Kills the central agent's processes on one node at once (SIGKILL), as a crash of the
    agent alone: Pacemaker's monitor then restarts it in place."""
    handle.run(f"pkill -KILL -f '{AGENT}'")
