"""The one interface the scenarios and checks use, whatever runs the environment: a
fuel-qa lab (backends/fuelqa.py) or the local lab (backends/local.py). It is small and
named for what a test needs; everything a check asks of a node goes through run() and
status(), so that checks.py is written once.

Node names are the environment's host names (node-1, ...), as the plugin's own files and
status command name them; only assign_roles() and remove_nodes() take fuel-qa's slave
names (slave-01, ...), because that is how fuel-qa assigns roles. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import json
from collections import namedtuple

from model import project

# exit_code is None when the command could not run at all (node down or unreachable).
CommandResult = namedtuple('CommandResult', ['exit_code', 'stdout', 'stderr'])


class Deployment(object):
    """What one deployment did, as far as the backend can tell.

    tasks: {node: {task id: 'ok' | 'changed' | 'skipped' | 'failed'}}: 'ok' is a task
        that ran and changed nothing ('changed' for Puppet: at least one resource changed).
        Only the plugin's tasks are guaranteed to be listed.
    log: {node: text}: the node's deployment log of this deployment.
    seconds: how long it took."""

    def __init__(self, tasks, log, seconds):
        self.tasks = tasks
        self.log = log
        self.seconds = seconds

    def plugin_tasks(self, node):
        ids = set(project.task_ids())
        return dict((t, s) for t, s in self.tasks.get(node, {}).items() if t in ids)


class BackendError(RuntimeError):
    """Something the backend cannot do (not a failed check)."""


class Backend(object):
    """What a system test needs from an environment. Subclasses implement every method
    that raises NotImplementedError here."""

    name = None
    # Whether a central agent whose ZooKeeper session expired rejoins its group by itself
    # (Ceilometer 6.1, Mitaka, on Fuel 9, and the local lab's Ceilometer 8.1.5: yes; an
    # agent that does not is restarted by the plugin's repair job).
    agents_rejoin_by_themselves = None
    # Seconds between two runs of the plugin's repair job (cron, every minute).
    repair_period = 60

    # --- snapshots, the fuel-qa way -------------------------------------------------
    def revert_snapshot(self, name):
        """Brings the environment back to snapshot `name`; False if there is none."""
        raise NotImplementedError

    def make_snapshot(self, name):
        raise NotImplementedError

    def wrap_test(self, func):
        """The backend's decorator around a scenario method (fuel-qa: diagnostic
        snapshot and logs after the test)."""
        return func

    def finish(self):
        """Called once after the last scenario (local: tear the lab down)."""

    # --- plugin and environment -----------------------------------------------------
    def install_plugin(self):
        """Uploads the built package to the master and installs it there; returns
        (name, version) of the installed plugin."""
        raise NotImplementedError

    def create_environment(self, name):
        """A new HA environment with Ceilometer enabled; the plugin is installed but
        not enabled in it yet."""
        raise NotImplementedError

    def plugin_settings(self):
        """{setting: value} of the plugin in the environment, as the master shows them."""
        raise NotImplementedError

    def plugin_enabled(self):
        raise NotImplementedError

    def enable_plugin(self, enabled=True, settings=None):
        """Ticks (or unticks) the plugin in the environment and sets some of its
        settings ({setting: value}); takes effect at the next deploy()."""
        raise NotImplementedError

    def assign_roles(self, nodes):
        """Adds nodes to the environment: {'slave-01': ['controller'], ...}."""
        raise NotImplementedError

    def remove_nodes(self, nodes):
        """Marks nodes (slave names) for removal at the next deploy()."""
        raise NotImplementedError

    def deploy(self):
        """Deploys the environment (first time) or its changes ("Deploy changes", which
        on Fuel 9 re-runs every task whose condition holds); returns a Deployment."""
        raise NotImplementedError

    def verify_network(self):
        """Fuel's network verification (the local lab has nothing to verify)."""

    def run_health_checks(self):
        """OSTF (the local lab has no OpenStack APIs to test)."""

    # --- nodes ----------------------------------------------------------------------
    def nodes_by_role(self, role):
        """Host names of the nodes with `role` ('controller' includes the primary one),
        in a stable order."""
        raise NotImplementedError

    def management_address(self, node):
        raise NotImplementedError

    def run(self, node, command, timeout=60):
        """Runs a shell command on node as root; returns a CommandResult (exit_code None
        when the node cannot be reached)."""
        raise NotImplementedError

    def stop_node(self, node):
        """A clean shutdown."""
        raise NotImplementedError

    def start_node(self, node):
        """Powers a stopped or crashed node on again and waits until it is up."""
        raise NotImplementedError

    def crash_node(self, node):
        """Powers node off at once (no shutdown)."""
        raise NotImplementedError

    def cut_node(self, node):
        """Cuts node off the management network (it keeps running)."""
        raise NotImplementedError

    def heal_node(self, node):
        raise NotImplementedError

    # --- what the tests observe -----------------------------------------------------
    def status(self, node, timeout=10):
        """The plugin's status command on a controller, as a dict (its --json output,
        with its exit status under 'exit_code'), or None when it gives no JSON (not
        installed, node down)."""
        result = self.run(node, '%s --json --timeout %s' % (project.STATUS_COMMAND, timeout),
                          timeout=timeout + 30)
        if result.exit_code is None:
            return None
        try:
            report = json.loads(result.stdout)
        except ValueError:
            return None
        report['exit_code'] = result.exit_code
        return report

    def clock(self):
        """Now, on the clock of the environment's logs (seconds since the epoch)."""
        raise NotImplementedError

    def polling_interval(self):
        """Seconds between two polling cycles of a central agent."""
        raise NotImplementedError

    def polling_records(self, since):
        """What the central agents polled at or after `since`: a list of (time, node of
        the agent, resource id)."""
        raise NotImplementedError

    def expected_resources(self):
        """The set of resources the agents must poll, or None when the environment cannot
        tell (then the checks take every resource polled in the window they look at)."""
        raise NotImplementedError

    def evaluation_interval(self):
        """Seconds between two evaluation cycles of an alarm evaluator."""
        raise NotImplementedError

    def evaluation_records(self, since):
        """What the alarm evaluators evaluated at or after `since`: a list of (time, node of
        the evaluator, alarm)."""
        raise NotImplementedError

    def expected_alarms(self):
        """The set of alarms the evaluators must evaluate (the ids their records name),
        creating the test's alarms where the environment has none; an empty set where no
        evaluator runs."""
        raise NotImplementedError


_BACKEND = [None]


def use(backend):
    """Makes backend the one the scenarios use (the runner calls this once)."""
    _BACKEND[0] = backend


def current():
    if _BACKEND[0] is None:
        raise BackendError('no backend selected: run the scenarios with run_system_tests.py '
                           '--backend=local|fuelqa')
    return _BACKEND[0]
