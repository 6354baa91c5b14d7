"""The deployment engine: Astute's part. Merges the core graph with the installed
plugin's tasks, evaluates conditions per node, uploads astute.yaml and the plugin's
scripts, and runs the tasks inside the nodes in dependency order, in parallel across
nodes, one task at a time per node, honouring one_by_one strategies and timeouts."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import conditions, graph
from .environment import DOMAIN, Environment
from .errors import DeployError, LabError
from .history import History
from .master import Plugin
from .nodes import NodeHandle

CORE_DIR = Path(__file__).resolve().parent / "core"


@dataclass
class Result:
    step: graph.Step
    status: str          # ok, changed, skipped, failed
    seconds: float
    log: Path | None = None


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    def by_status(self, status: str) -> list[Result]:
        return [r for r in self.results if r.status == status]


def core_tasks() -> list[graph.Task]:
    return graph.load_tasks(CORE_DIR / "tasks.yaml", "core")


def node_env(env: Environment, node_name: str, extra: dict[str, str]) -> dict[str, str]:
    """The environment variables of a task on a node: the core scripts' folder, the
    node's address, every node (uid:name:address:roles) and the domain, plus extra."""
    node = env.node(node_name)
    nodes = " ".join(f"{n.uid}:{n.name}:{n.address}:{','.join(n.roles)}" for n in env.nodes)
    out = {"LAB_CORE": str(CORE_DIR), "LAB_ADDRESS": node.address, "LAB_NODES": nodes,
           "LAB_DOMAIN": DOMAIN, "LAB_SUBNET": env.subnet}
    out.update(extra)
    return out


class Engine:
    def __init__(self, env: Environment, handles: dict[str, NodeHandle], plugin: Plugin | None,
                 logs: Path, extra_env: dict[str, str], history: History | None = None,
                 echo: Callable[[str], None] = print) -> None:
        self.env = env
        self.handles = handles
        self.plugin = plugin
        self.logs = logs
        self.extra_env = extra_env
        self.history = history or History()
        self.echo = echo
        # Filled while the deployment runs, so that a failed or interrupted one still
        # tells which tasks ended ready, and which nodes it left with tasks not started.
        self.report = Report()
        self.unfinished: set[str] = set()

    def upload(self) -> None:
        """What Astute puts on every node before the graph: astute.yaml and the plugin."""
        for node in self.env.nodes:
            handle = self.handles[node.name]
            staged = self.logs.parent / "astute" / f"{node.name}.yaml"
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(yaml.safe_dump(self.env.astute(node), default_flow_style=False))
            cmd = f"install -m 0600 '{staged}' /etc/astute.yaml"
            if self.plugin:
                cmd += (f" && rm -rf '{self.plugin.node_dir}' && mkdir -p '{self.plugin.node_dir}'"
                        f" && cp -a '{self.plugin.scripts}/.' '{self.plugin.node_dir}/'"
                        f" && {self.plugin.repository_setup()}")
            result = handle.run(cmd, timeout=60)
            if result.returncode != 0:
                raise LabError(f"cannot upload to {node.name}: {result.stderr.strip()}")

    def plan(self) -> graph.Plan:
        tasks = graph.merge(core_tasks(), self.plugin.tasks if self.plugin else [])
        roles = {n.name: n.roles for n in self.env.nodes}
        models = self.env.ui_models()

        def holds(task: graph.Task, node_name: str) -> bool:
            data = self.env.astute(self.env.node(node_name))
            return conditions.evaluate(task.condition, data, models, self.history.old_data(task.id, node_name))

        return graph.plan(tasks, roles, holds)

    def command(self, task: graph.Task) -> tuple[str, float]:
        params = task.parameters
        timeout = float(params.get("timeout", 300))
        if task.source == "core":
            return str(params["cmd"]), timeout
        assert self.plugin is not None
        base = self.plugin.node_dir
        if task.type == "puppet":
            modules = ":".join(p if p.startswith("/") else f"{base}/{p}"
                               for p in str(params["puppet_modules"]).split(":"))
            manifest = f"{base}/{params['puppet_manifest']}"
            return (f"cd '{base}' && puppet apply --detailed-exitcodes --color=false --verbose "
                    f"--modulepath='{modules}' '{manifest}'", timeout)
        return f"cd '{base}' && {params['cmd']}", timeout

    def run_step(self, step: graph.Step, task: graph.Task) -> Result:
        log = self.logs / step.node / f"{step.task}.log"
        command, timeout = self.command(task)
        variables = node_env(self.env, step.node, self.extra_env)
        started = time.time()
        try:
            result = self.handles[step.node].run(command, env=variables, timeout=timeout, log=log)
            rc = result.returncode
        except subprocess.TimeoutExpired:
            with open(log, "a") as out:
                out.write(f"\n# timed out after {timeout:.0f} s\n")
            rc = -1
        seconds = time.time() - started
        if task.type == "puppet":
            status = {0: "ok", 2: "changed"}.get(rc, "failed")
        else:
            status = "ok" if rc == 0 else "failed"
        return Result(step, status, seconds, log)

    def deploy(self) -> Report:
        self.upload()
        plan = self.plan()
        report = self.report
        started = time.time()
        done: set[graph.Step] = set()
        running: dict[graph.Step, threading.Thread] = {}
        busy_nodes: set[str] = set()
        lock = threading.Condition()
        failures: list[Result] = []
        pending = list(plan.order())

        def worker(step: graph.Step) -> None:
            task = plan.tasks[step.task]
            result = self.run_step(step, task)
            with lock:
                report.results.append(result)
                self.echo(f"[{time.time() - started:6.1f}s] {step.node:<8} {step.task:<34} "
                          f"{result.status:<8} {result.seconds:6.1f}s")
                if result.status == "failed":
                    failures.append(result)
                done.add(step)
                busy_nodes.discard(step.node)
                del running[step]
                lock.notify_all()

        try:
            with lock:
                while pending or running:
                    if failures and not running:
                        break
                    progressed = False
                    for step in list(pending):
                        if failures:
                            break
                        if not plan.waits[step] <= done or step.node in busy_nodes:
                            continue
                        task = plan.tasks[step.task]
                        if not plan.runs[step]:
                            # Skipped (condition false) or an ordering-only task.
                            if task.type in graph.WORKING_TYPES:
                                report.results.append(Result(step, "skipped", 0.0))
                            done.add(step)
                            pending.remove(step)
                            progressed = True
                            continue
                        if task.strategy == "one_by_one" and any(s.task == step.task for s in running):
                            continue
                        pending.remove(step)
                        busy_nodes.add(step.node)
                        thread = threading.Thread(target=worker, args=(step,), daemon=True)
                        running[step] = thread
                        thread.start()
                        progressed = True
                    if not progressed:
                        if not running and pending:
                            stuck = ", ".join(f"{s.task}@{s.node}" for s in pending[:5])
                            raise DeployError(f"deployment stuck: {stuck}")
                        lock.wait(timeout=1)
        finally:
            # Nodes left with tasks not started (or still running when interrupted):
            # nailgun marks them stopped.
            self.unfinished = {s.node for s in pending if plan.runs[s]} | {s.node for s in running}
        report.seconds = time.time() - started
        if failures:
            first = failures[0]
            tail = "".join(first.log.read_text().splitlines(keepends=True)[-30:]) if first.log else ""
            raise DeployError(f"task {first.step.task} failed on {first.step.node} "
                              f"(log {first.log}); last lines:\n{tail}")
        return report


def summary(report: Report) -> str:
    counts = {s: len(report.by_status(s)) for s in ("ok", "changed", "skipped", "failed")}
    return (f"deployment finished in {report.seconds:.1f}s: {counts['ok']} ok, {counts['changed']} changed, "
            f"{counts['skipped']} skipped, {counts['failed']} failed")

