"""The lab's lifecycle: bringing it up, redeploying it (settings, plugin, controllers
added or removed) and tearing it down. Every namespace and process the lab creates is
recorded in the state folder before use, so `down` works after a failed or interrupted
`up` and ends only what the lab started."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model import meters, project
from project import ROOT

from . import engine, folder, master, nodes
from . import state as lab_state
from .environment import Environment, Node, node_address
from .errors import LabError
from .nodes import NodeHandle
from .options import Options
from .state import LabState, NodeRecord

API_PORT = 8080
CEILOMETER_VENV = Path(os.environ.get("CEILOMETER_MITAKA_VENV", str(ROOT / ".venv-ceilometer-mitaka")))
AODH_VENV = Path(os.environ.get("AODH_MITAKA_VENV", str(ROOT / ".venv-aodh-mitaka")))
ZOOKEEPER34 = ROOT / "tools" / "setup-zookeeper34"
NEEDED_COMMANDS = ("ip", "nsenter", "unshare", "corosync", "pacemakerd", "cibadmin", "crm_resource",
                   "puppet", "rpm2cpio", "cpio", "java")


def check_host() -> None:
    if os.geteuid() != 0:
        raise LabError("the lab needs root (network namespaces, mounts); run as root")
    missing = [c for c in NEEDED_COMMANDS if shutil.which(c) is None]
    # The stamp tools/setup-ceilometer writes last: a venv without it is half built.
    for venv, command in ((CEILOMETER_VENV, "ceilometer-polling"), (AODH_VENV, "aodh-evaluator")):
        missing += [str(venv / f) for f in (f"bin/{command}", ".requirements.sha") if not (venv / f).exists()]
    if missing:
        raise LabError(f"missing: {', '.join(missing)}; run `tools/setup-host all` first")


def host_python() -> str:
    """The Python 3 that the core tasks' scripts run with inside the nodes."""
    return "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"


def extra_env(state: LabState) -> dict[str, str]:
    """The lab's variables for every task, on top of the engine's per-node ones."""
    o = state.options
    return {"LAB_PYTHON": host_python(), "LAB_INTERVAL": str(o.interval),
            "LAB_API": f"{state.api_address}:{API_PORT}",
            "LAB_METERS": ",".join(meters.meters()),
            "LAB_CEILOMETER_VENV": str(CEILOMETER_VENV),
            "LAB_AODH_VENV": str(AODH_VENV),
            "LAB_AODH_DB": str(aodh_database()), "LAB_ALARMS": str(o.alarms)}


def aodh_database() -> Path:
    """The evaluators' one database. sqlite in the lab folder, which every node sees at the
    same path: the partition under test is in ZooKeeper, the database only lists the alarms
    and keeps their states, and sqlite's file locks serialize the controllers' writes."""
    return folder.lab_dir() / "aodh" / "aodh.sqlite"


def is_up() -> bool:
    state = lab_state.load()
    return state is not None and any(nodes.pid_alive(h.init_pid) for h in state.handles().values())


def remove_leftovers(echo: Callable[[str], None] = print) -> None:
    """Removes the namespaces of a lab none of whose processes lives any more (a lab whose
    runner was killed): they would block every later `up`."""
    leftovers = nodes.leftover_namespaces()
    if leftovers:
        for ns in leftovers:
            nodes.delete_namespace(ns)
        nodes.wait_namespaces_gone(set(leftovers))
        echo(f"lab: removed the empty namespaces of a lab whose processes are gone: {', '.join(leftovers)}")


def up(options: Options, rpm: Path | None, echo: Callable[[str], None] = print) -> engine.Report:
    options.validate()
    check_host()
    if lab_state.exists():
        raise LabError(f"a lab already exists in {folder.lab_dir()}; use `deploy` to change it "
                       "or `down` to remove it")
    remove_leftovers(echo)
    others = nodes.lab_namespaces()
    if others:
        raise LabError(f"another lab is running (namespaces {', '.join(others)}); run `down` with its "
                       "LAB_DIR first")
    if options.plugin and (rpm is None or not rpm.is_file()):
        raise LabError(f"plugin package {rpm} does not exist; run `make build` first")
    subnet = nodes.choose_subnet()
    # A new lab's evaluators start from an empty database.
    shutil.rmtree(aodh_database().parent, ignore_errors=True)
    settings = project.default_settings()
    settings.update(options.settings)
    env = Environment.build(options.controllers, options.computes, subnet, settings,
                            plugin_enabled=options.plugin)
    state = LabState(options=options, env=env, api_address=nodes.subnet_address(subnet, nodes.CLIENT_HOST),
                     rpm=str(rpm) if rpm else None, zookeeper_layer=zookeeper_layer())
    lab_state.save(state)
    echo(f"lab: subnet {subnet}, {options.controllers} controller(s), {options.computes} compute(s), "
         f"{options.resources} resources every {options.interval}s, plugin {'on' if options.plugin else 'off'}")
    state.namespaces = [nodes.BRIDGE_NS, nodes.CLIENT_NS]
    lab_state.save(state)
    nodes.create_network(subnet)
    start_api(state)
    for node in env.nodes:
        add_node(state, node)
    return run_deploy(state, echo)


def zookeeper_layer() -> str:
    """The folder the nodes stack under their /etc, /var and /usr for ZooKeeper 3.4 and
    Python 2.7 (Debian 11's, as on a Fuel 9 controller), resolved once so that a rebuilt
    layer never changes a running lab."""
    result = subprocess.run([str(ZOOKEEPER34), "--python27", "--print"], capture_output=True, text=True)
    if result.returncode != 0:
        raise LabError(f"ZooKeeper 3.4 and Python 2.7 are not prepared: {result.stderr.strip()}; "
                       "run `tools/setup-host lab`")
    return result.stdout.strip()


def start_api(state: LabState) -> None:
    log_dir = folder.lab_dir() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "api.out", "w") as out:
        proc = subprocess.Popen(
            ["ip", "netns", "exec", nodes.CLIENT_NS, sys.executable, "-m", "lab.resource_api",
             "--bind", f"{state.api_address}:{API_PORT}", "--log", str(log_dir / "api-requests.jsonl"),
             "--alarm-log", str(folder.alarm_log()), "--cloud-log", str(folder.cloud_log()),
             "--resources", str(state.options.resources),
             "--latency-ms", str(state.options.latency_ms)],
            cwd=str(ROOT / "tests"), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    state.pids["resource-api"] = proc.pid
    lab_state.save(state)


def add_node(state: LabState, node: Node) -> NodeHandle:
    ns = nodes.NS_PREFIX + node.name
    state.namespaces.append(ns)
    lab_state.save(state)
    handle = nodes.start_node(node.name, node.address, state.env.subnet, zookeeper_layer=state.zookeeper_layer)
    state.nodes[node.name] = NodeRecord(init_pid=handle.init_pid, ns=handle.ns)
    lab_state.save(state)
    return handle


def run_deploy(state: LabState, echo: Callable[[str], None]) -> engine.Report:
    """The master installs the plugin (if enabled), then the engine deploys every node."""
    env = state.env
    plugin = None
    if env.plugin_enabled:
        rpm = Path(state.rpm or "")
        plugin = master.install_plugin(rpm, folder.lab_dir() / "master")
        echo(f"lab: plugin {plugin.name} {plugin.version} installed on the master from {rpm.name}")
    history = state.memory()
    deployment = engine.Engine(env, state.handles(), plugin, folder.lab_dir() / "logs" / "tasks",
                               extra_env(state), history=history, echo=echo)
    succeeded = False
    try:
        report = deployment.deploy()
        succeeded = True
    finally:
        # Also after a failed or interrupted deployment: Fuel 9.2 keeps what its tasks
        # that ended ready did.
        outcomes = [(r.step.node, r.step.task, r.status) for r in deployment.report.results]
        history.record({n.name: env.astute(n) for n in env.nodes}, outcomes, succeeded, deployment.unfinished)
        lab_state.save(state)
    echo(engine.summary(report))
    return report


def redeploy(controllers: int | None, settings: dict[str, Any], plugin: bool | None, rpm: Path | None,
             echo: Callable[[str], None] = print) -> engine.Report:
    """Fuel's "Deploy changes": other settings or controller count, then every node."""
    state = lab_state.load()
    if state is None:
        raise LabError("no lab to deploy to; bring one up with `up`")
    env = state.env
    options = dataclasses.replace(state.options, settings={**env.settings, **settings})
    if controllers is not None:
        options.controllers = controllers
    if plugin is not None:
        options.plugin = plugin
    options.validate()
    env.settings.update(settings)
    if plugin is not None:
        env.plugin_enabled = plugin
    if rpm is not None:
        state.rpm = str(rpm)
    current = env.controllers
    if controllers is not None and controllers > len(current):
        for _ in range(controllers - len(current)):
            uid = max(n.uid for n in env.nodes) + 1
            node = Node(uid=uid, roles=["controller"], address=node_address(env.subnet, uid))
            env.nodes.append(node)
            echo(f"lab: adding controller {node.name} ({node.address})")
            add_node(state, node)
    elif controllers is not None and controllers < len(current):
        removable = sorted((n for n in current if "primary-controller" not in n.roles), key=lambda n: -n.uid)
        for node in removable[:len(current) - controllers]:
            echo(f"lab: removing controller {node.name}")
            remove_node(state, env, node)
    state.options = options
    lab_state.save(state)
    return run_deploy(state, echo)


def remove_node(state: LabState, env: Environment, node: Node) -> None:
    """As Fuel deletes a node: it goes away with its disks erased (a node added back is
    provisioned afresh); the next deployment's cluster task makes Corosync and Pacemaker
    forget it."""
    handle = state.handle(node.name)
    nodes.stop_pid(handle.init_pid)
    nodes.delete_namespace(handle.ns)
    shutil.rmtree(nodes.node_dir(node.name), ignore_errors=True)
    env.nodes.remove(node)
    del state.nodes[node.name]
    state.namespaces.remove(handle.ns)
    state.memory().forget_node(node.name)
    lab_state.save(state)


def down(echo: Callable[[str], None] = print) -> None:
    """Ends the lab's processes by their recorded pids, removes its namespaces and folder."""
    state = lab_state.load()
    if state is not None:
        for pid in state.pids.values():
            nodes.stop_pid(pid)
        for record in state.nodes.values():
            nodes.stop_pid(record.init_pid)
        for ns in state.namespaces:
            nodes.delete_namespace(ns)
        nodes.wait_namespaces_gone(set(state.namespaces))
    shutil.rmtree(folder.lab_dir(), ignore_errors=True)
    echo("lab: down (no namespace, mount or process of the lab left)")
    others = nodes.lab_namespaces()
    if others:
        echo(f"lab: namespaces {', '.join(others)} belong to a lab of another LAB_DIR; left alone "
             "(run `down` with that LAB_DIR)")

