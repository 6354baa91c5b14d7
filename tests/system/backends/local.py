"""The local lab as a backend: drives tests/lab in-process (control.up/redeploy/down,
faults.node_action, observe, the lab's state, NodeHandle.run). Runs on Python 3 only (the lab's
own language) but stays valid Python 2.7 like the rest of tests/system.

How fuel-qa's notions map onto the lab:
- slaves: a lab node is created when an environment is deployed; slave-NN names map to
  the lab's node names in the order the lab gives them (controllers first).
- snapshots: "ready_with_N_slaves" is no lab at all; make_snapshot() records the shape of
  the deployed environment (nodes, roles, plugin, settings) and revert_snapshot() reuses
  the running lab when it still has that shape and is whole (every node up and on the
  network, a healthy ensemble), and otherwise tears it down and deploys that shape anew.
- install: the lab's master unpacks the built RPM as `fuel plugins --install` does; the
  settings the environment shows are the installed package's defaults. A disabled plugin
  contributes no task to the graph, as in Nailgun.
- the lab has no MongoDB, no OSTF and no network verification: the 'mongo' role is
  accepted and ignored, verify_network() and run_health_checks() do nothing.
- the central agents are Mitaka's (model/stacks.py), beside aodh 2.0.6's evaluators on a
  shared sqlite database, evaluating the lab's alarms against a stand-in Ceilometer API."""

from __future__ import absolute_import, division, print_function

import copy
import os
import shutil
import time

# The lab (Python 3) and the tests' shared facts: tests/ is on sys.path.
import project
from lab import control, engine, faults, folder, master, nodes, observe
from lab import state as lab_state
from lab.errors import LabError
from lab.history import DEFAULT_FUEL
from lab.options import Options
from model import project as facts
from model import stacks
from proboscis import test

from system.backend import Backend, BackendError, CommandResult, Deployment
from system.base import log

RESOURCES = 120
INTERVAL = 6
ROLES = ('controller', 'compute', 'mongo')


def path(name):
    """A path of the lab's API (pathlib), relative to the repository unless absolute."""
    return project.ROOT.joinpath(name)


class LocalBackend(Backend):
    name = 'local'
    def __init__(self, rpm, lab_dir, resources=RESOURCES, interval=INTERVAL, fuel=DEFAULT_FUEL):
        os.environ['LAB_DIR'] = lab_dir
        self.rpm = rpm
        self.fuel = fuel            # the engine's memory for changed(): '9.2' or '9.0'
        self.agents_rejoin_by_themselves = stacks.REJOINS
        self.resources = resources
        self.interval = interval
        self.snapshots = {}
        self.installed = None       # {setting: default} of the installed package
        self.desired = None         # the environment as the next deploy() will make it
        self.slaves = {}            # slave name -> lab node name, once deployed
        self.cut = set()

    # --- snapshots ----------------------------------------------------------------
    def revert_snapshot(self, name):
        if name.startswith('ready_with_'):
            self._down()
            return True
        snapshot = self.snapshots.get(name)
        if snapshot is None:
            return False
        if self._shape() == snapshot['shape'] and self._whole():
            log('local: the lab still has the shape of snapshot %s: reused' % name)
        else:
            log('local: deploying the shape of snapshot %s anew' % name)
            self._down()
            shape = snapshot['shape']
            options = Options(
                controllers=len([n for n, roles in shape['nodes'] if 'compute' not in roles]),
                computes=len([n for n, roles in shape['nodes'] if 'compute' in roles]),
                resources=self.resources, interval=self.interval, plugin=shape['plugin'],
                settings=shape['settings'], fuel=self.fuel)
            control.up(options, path(self.rpm) if shape['plugin'] else None, echo=self._echo)
            if self._shape() != shape:
                raise BackendError('the lab deployed anew differs from snapshot %s' % name)
        self.desired = copy.deepcopy(snapshot['desired'])
        self.slaves = dict(snapshot['slaves'])
        return True

    def make_snapshot(self, name):
        self.snapshots[name] = {'shape': self._shape(), 'desired': copy.deepcopy(self.desired),
                                'slaves': dict(self.slaves)}
        log('local: snapshot %s recorded (the shape of the lab, not its disks)' % name)

    def finish(self):
        self._down()
        shutil.rmtree(folder.lab_dir().as_posix(), ignore_errors=True)  # the installed plugin

    def _down(self):
        if lab_state.exists():
            control.down(echo=self._echo)
        self.cut = set()
        self.slaves = {}
        self.desired = None

    def _shape(self):
        state = lab_state.load()
        if state is None:
            return None
        env = state.env
        return {'nodes': [[n.name, sorted(n.roles)] for n in env.nodes], 'plugin': env.plugin_enabled,
                'settings': dict(env.settings)}

    def _whole(self):
        """Every node up and on the network and, where the plugin acts, a healthy
        ensemble and every controller's agent in a partition within a few cycles (and
        where aodh runs, the evaluators' alarms too)."""
        state = lab_state.load()
        if self.cut or not all(h.alive() for h in state.handles().values()):
            return False
        env = state.env
        controllers = [n.name for n in env.controllers]
        if not facts.acts(len(controllers), env.ceilometer_enabled, env.plugin_enabled):
            return True
        def whole_in(status):
            return status.ensemble_healthy() and status.partition_ok(controllers) and status.evaluations_settled()

        status = observe.wait_for(whole_in, timeout=4 * self.polling_interval() + 10, interval=2)
        whole = whole_in(status)
        if not whole:
            log('local: the lab is not whole:\n%s' % observe.render(status))
        return whole

    @staticmethod
    def _echo(line):
        log('lab: ' + line if not line.startswith('lab:') else line)

    # --- plugin and environment ---------------------------------------------------
    def install_plugin(self):
        where = os.path.join(folder.lab_dir().as_posix(), 'installed-plugin')
        installed = master.install_plugin(path(self.rpm), path(where))
        self.installed = facts.default_settings(installed.root / 'environment_config.yaml')
        log('local: %s %s installed from %s' % (installed.name, installed.version, self.rpm))
        return installed.name, installed.version

    def create_environment(self, name):
        if lab_state.exists():
            self._down()
        self.desired = {'name': name, 'plugin': False, 'settings': {}, 'nodes': {}, 'removed': []}

    def _desired(self):
        if self.desired is None:
            raise BackendError('no environment: create_environment() first')
        return self.desired

    def plugin_settings(self):
        shape = self._shape()
        if shape is not None:
            settings = dict(shape['settings'])
            settings.update(self._desired()['settings'])
            return settings
        settings = dict(self.installed or {})
        settings.update(self._desired()['settings'])
        return settings

    def plugin_enabled(self):
        return self._desired()['plugin']

    def enable_plugin(self, enabled=True, settings=None):
        desired = self._desired()
        desired['plugin'] = enabled
        desired['settings'].update(settings or {})

    def assign_roles(self, nodes):
        for slave, roles in nodes.items():
            unknown = [r for r in roles if r not in ROLES]
            if unknown or ('controller' in roles) == ('compute' in roles):
                raise BackendError('%s: the lab has controllers and computes only, got %s' % (slave, roles))
        self._desired()['nodes'].update(copy.deepcopy(nodes))

    def remove_nodes(self, nodes):
        self._desired()['removed'].extend(nodes)

    def deploy(self):
        desired = self._desired()
        wanted = dict((s, r) for s, r in desired['nodes'].items() if s not in desired['removed'])
        controllers = sorted(s for s, roles in wanted.items() if 'controller' in roles)
        computes = sorted(s for s, roles in wanted.items() if 'compute' in roles)
        logs = self._log_sizes()
        started = time.time()
        state = lab_state.load()
        if state is None:
            options = Options(controllers=len(controllers), computes=len(computes),
                                      resources=self.resources, interval=self.interval,
                                      plugin=desired['plugin'], settings=dict(desired['settings']),
                                      fuel=self.fuel)
            report = control.up(options, path(self.rpm) if desired['plugin'] else None, echo=self._echo)
            names = [n.name for n in lab_state.load().env.nodes]
            self.slaves = dict(zip(controllers + computes, names))
        else:
            report = self._redeploy(state, controllers, computes)
        for slave in desired['removed']:
            desired['nodes'].pop(slave, None)
        desired['removed'] = []
        return self._deployment(report, logs, time.time() - started)

    def _redeploy(self, state, controllers, computes):
        env = state.env
        desired = self._desired()
        if len(computes) != len([n for n in env.nodes if not n.is_controller]):
            raise BackendError('the lab cannot add or remove computes of a deployed environment')
        deployed = [s for s in controllers if s in self.slaves]
        added = [s for s in controllers if s not in self.slaves]
        removed = sorted((s for s in self.slaves if s in desired['removed']), key=lambda s: -self._uid(s))
        # The lab removes the newest controllers that are not primary: only those can go.
        newest = sorted((n for n in env.controllers if 'primary-controller' not in n.roles), key=lambda n: -n.uid)
        if [self.slaves[s] for s in removed] != [n.name for n in newest[:len(removed)]]:
            raise BackendError('the lab can remove only its newest controllers (%s), not %s' % (
                [n.name for n in newest], removed))
        changed = dict((k, v) for k, v in desired['settings'].items() if env.settings.get(k) != v)
        plugin = desired['plugin'] if desired['plugin'] != env.plugin_enabled else None
        report = control.redeploy(len(deployed) + len(added) if (added or removed) else None, changed, plugin,
                                  path(self.rpm), echo=self._echo)
        for slave in removed:
            del self.slaves[slave]
        names = [n.name for n in lab_state.load().env.controllers]
        new = [n for n in names if n not in self.slaves.values()]
        self.slaves.update(zip(added, new))
        return report

    def _uid(self, slave):
        return int(self.slaves[slave].rsplit('-', 1)[1])

    def _log_sizes(self):
        """{log file: size} of every task log so far (they grow across deployments)."""
        top = os.path.join(folder.lab_dir().as_posix(), 'logs', 'tasks')
        sizes = {}
        for where, _, files in os.walk(top):
            for name in files:
                sizes[os.path.join(where, name)] = os.path.getsize(os.path.join(where, name))
        return sizes

    def _deployment(self, report, sizes, seconds):
        tasks, logs = {}, {}
        for result in report.results:
            tasks.setdefault(result.step.node, {})[result.step.task] = result.status
            if result.log is not None:
                with open(result.log.as_posix()) as handle:
                    handle.seek(sizes.get(result.log.as_posix(), 0))
                    logs[result.step.node] = logs.get(result.step.node, '') + handle.read()
        log('local: %s' % engine.summary(report))
        return Deployment(tasks, logs, seconds)

    # --- nodes --------------------------------------------------------------------
    def _env(self):
        state = lab_state.load()
        if state is None:
            raise BackendError('no lab is deployed')
        return state.env

    def nodes_by_role(self, role):
        env = self._env()
        if role == 'controller':
            return [n.name for n in env.controllers]
        return [n.name for n in env.nodes if role in n.roles]

    def management_address(self, node):
        return self._env().node(node).address

    def run(self, node, command, timeout=60):
        handle = lab_state.load().handle(node)
        if not handle.alive():
            return CommandResult(None, '', '%s is down' % node)
        try:
            result = handle.run(command, timeout=timeout)
        except Exception as exc:
            if type(exc).__name__ == 'TimeoutExpired':
                return CommandResult(None, '', 'timed out after %s s' % timeout)
            raise
        return CommandResult(result.returncode, result.stdout, result.stderr)

    def _fault(self, action, node):
        try:
            faults.node_action(action, node, echo=self._echo)
        except LabError as exc:
            raise BackendError(str(exc))

    def stop_node(self, node):
        self._fault('stop', node)

    def start_node(self, node):
        self._fault('start', node)

    def crash_node(self, node):
        self._fault('kill', node)

    def cut_node(self, node):
        self._fault('cut', node)
        self.cut.add(node)

    def heal_node(self, node):
        self._fault('heal', node)
        self.cut.discard(node)

    # --- observation --------------------------------------------------------------
    def clock(self):
        return time.time()

    def polling_interval(self):
        return float(lab_state.load().options.interval)

    def polling_records(self, since):
        out = []
        for node in self._env().controllers:
            polls = observe.polls_of(node.name, observe.read_samples(node.name, since))
            out.extend((p.at, p.agent, p.resource) for p in polls)
        return out

    def expected_resources(self):
        return observe.expected_polls(lab_state.load().options)

    def evaluation_interval(self):
        # The lab's aodh.conf: evaluation_interval = the polling interval.
        return float(lab_state.load().options.interval)

    def evaluation_records(self, since):
        out = []
        for polls in observe.evaluations_by_node(self._env(), since).values():
            out.extend((p.at, p.agent, p.resource) for p in polls)
        return out

    def expected_alarms(self):
        return observe.alarm_names(lab_state.load())


def backend(rpm, lab_dir, fuel=DEFAULT_FUEL):
    return LocalBackend(rpm, lab_dir, fuel=fuel)


@test(groups=['prepare_slaves_3', 'prepare_slaves_5', 'prepare_slaves_9'])
def local_lab_ready():
    """The local lab's stand-in for fuel-qa's prepare_slaves_N: this host can run the lab
    and no other lab runs (the lab creates nodes when an environment is deployed)."""
    control.check_host()
    control.remove_leftovers(log)
    others = [ns for ns in nodes.lab_namespaces() if not lab_state.exists()]
    if others:
        raise BackendError('another lab is running (namespaces %s)' % ', '.join(others))
