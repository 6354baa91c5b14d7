"""The fuel-qa backend: the interface of system/backend.py mapped onto fuel-qa
stable/mitaka (fuelweb_test, Python 2.7) and fuel-devops 2.9, the way
stacklight-integration-tests plugs its tests into fuel-qa. The only module of the plugin
that imports fuel-qa. Every fuel-qa call below is checked against fuel-qa's recorded
signatures by tests/unit/test_fuelqa_contract.py (tests/system/fuelqa_signatures.json):
a call must go through self.test, self.env, self.fuel_web, self.ssh_manager, the modules
imported here, or a devops node got from self.fuel_web, with explicit arguments.

Never run against a real Fuel lab here (none exists on the machines this was written
on): see README.md, "System tests", for what that means.

What the plugin's side relies on, on Fuel 9 controllers:
- /var/log/puppet.log (Fuel's Puppet log) and the MODULAR notice of each plugin manifest
  (system/puppet_log.py) to tell which plugin task changed something;
- the central agent's log with Fuel's debug logging on (fuel-qa's DEBUG_MODE, on by
  default): Ceilometer 6.1's PartitionCoordinator logs "My subset: [...]" for every
  discovery of every cycle, which is what the agent is about to poll;
- /etc/ceilometer/pipeline.yaml for the polling interval."""

from __future__ import absolute_import, division, print_function

import ast
import calendar
import os
import re
import time

from fuelweb_test.helpers import utils as fuelqa_utils
from fuelweb_test.helpers.decorators import log_snapshot_after_test
from fuelweb_test.tests.base_test_case import TestBasic  # also registers fuel-qa's prepare_slaves_N groups
from model import project

from system import puppet_log
from system.backend import Backend, BackendError, CommandResult, Deployment
from system.base import log

PLUGIN_PATH_VARIABLE = 'CEILOMETER_ZOOKEEPER_PLUGIN_PATH'
PUPPET_LOG = '/var/log/puppet.log'
ASTUTE_LOG = '/var/log/astute/astute.log'
AGENT_LOG = '/var/log/ceilometer/ceilometer-agent-central.log'
EVALUATOR_LOG = '/var/log/aodh/aodh-evaluator.log'
# Alarms the evaluator checks create where the environment has none, and how an alarm id
# shows in the ceilometer CLI's tables.
QA_ALARMS = 6
ALARM_ID = re.compile(r'^\|\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*\|', re.M)
AODH_CONF = '/etc/aodh/aodh.conf'
PIPELINE = '/etc/ceilometer/pipeline.yaml'
# How fuel-qa's failover tests cut a node off the management network.
CUT = 'iptables -I INPUT -i br-mgmt -j DROP && iptables -I OUTPUT -o br-mgmt -j DROP'
HEAL = 'iptables -D INPUT -i br-mgmt -j DROP; iptables -D OUTPUT -o br-mgmt -j DROP'
SUBSET = re.compile(r'(?P<time>\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?).*My subset: (?P<subset>\[.*\])\s*$')


def log_time(text):
    """Seconds since the epoch of a log time stamp in UTC (Fuel nodes run in UTC)."""
    whole, _, fraction = text.replace('T', ' ').partition('.')
    seconds = calendar.timegm(time.strptime(whole, '%Y-%m-%d %H:%M:%S'))
    return seconds + (float('0.' + fraction) if fraction else 0.0)


class FuelQABackend(Backend):
    name = 'fuelqa'
    agents_rejoin_by_themselves = True  # Ceilometer 6.1 rejoins in extract_my_subset

    def __init__(self, plugin_path):
        if not plugin_path or not os.path.isfile(plugin_path):
            raise BackendError('%s=%r: set it to the built plugin package' % (PLUGIN_PATH_VARIABLE, plugin_path))
        self.plugin_path = plugin_path
        self.test = TestBasic()
        self.env = self.test.env
        self.fuel_web = self.env.fuel_web
        self.ssh_manager = self.test.ssh_manager
        self.cluster_id = None
        self.nodes_changed = False
        self.deployed = False
        self.installed = False      # the plugin, on the master (a hot-plug installs it later)

    # --- snapshots ----------------------------------------------------------------
    def revert_snapshot(self, name):
        if not self.env.revert_snapshot(name):
            return False
        self.cluster_id = self.fuel_web.get_last_created_cluster()
        self.deployed = self.cluster_id is not None
        self.nodes_changed = False
        self.installed = self._listed(self._plugins_listed())
        return True

    def make_snapshot(self, name):
        self.env.make_snapshot(snapshot_name=name, is_make=True)

    def wrap_test(self, func):
        return log_snapshot_after_test(func)

    # --- plugin and environment ---------------------------------------------------
    def install_plugin(self):
        admin = self.ssh_manager.admin_ip
        fuelqa_utils.upload_tarball(ip=admin, tar_path=self.plugin_path, tar_target='/var')
        fuelqa_utils.install_plugin_check_code(ip=admin, plugin=os.path.basename(self.plugin_path))
        listed = self._plugins_listed()
        if not self._listed(listed):
            raise BackendError('%s %s not in `fuel plugins --list`:\n%s' % (project.name(), project.version(), listed))
        self.installed = True
        # Installed after the environment was created (a hot-plug): Fuel adds the plugin's
        # settings to it (is_hotpluggable).
        self._check_plugin_in_environment()
        return project.name(), project.version()

    def _plugins_listed(self):
        return self.ssh_manager.execute_on_remote(ip=self.ssh_manager.admin_ip, cmd='fuel plugins --list')['stdout_str']

    @staticmethod
    def _listed(listed):
        for line in listed.splitlines():
            fields = [f.strip() for f in line.split('|')]
            if project.name() in fields and project.version() in fields:
                return True
        return False

    def create_environment(self, name):
        self.cluster_id = self.fuel_web.create_cluster(name=name, settings={'ceilometer': True})
        self.deployed = False
        self._check_plugin_in_environment()

    def _check_plugin_in_environment(self):
        if self.installed and self.cluster_id is not None and \
                not self.fuel_web.check_plugin_exists(self.cluster_id, project.name()):
            raise BackendError('plugin %s is not in the environment\'s settings' % project.name())

    def plugin_settings(self):
        data = self.fuel_web.get_plugin_data(self.cluster_id, project.name(), project.version())
        return dict((key, value['value']) for key, value in data.items()
                    if key != 'metadata' and isinstance(value, dict) and 'value' in value)

    def plugin_enabled(self):
        attributes = self.fuel_web.client.get_cluster_attributes(self.cluster_id)
        return bool(attributes['editable'][project.name()]['metadata']['enabled'])

    def enable_plugin(self, enabled=True, settings=None):
        data = {'metadata/enabled': enabled}
        for key, value in (settings or {}).items():
            data['%s/value' % key] = value
        self.fuel_web.update_plugin_data(self.cluster_id, project.name(), data)

    def assign_roles(self, nodes):
        self.fuel_web.update_nodes(self.cluster_id, nodes)
        self.nodes_changed = True

    def remove_nodes(self, nodes):
        roles = dict((name, self.fuel_web.get_nailgun_node_by_name(name)['roles']) for name in nodes)
        self.fuel_web.update_nodes(self.cluster_id, roles, pending_addition=False, pending_deletion=True)
        self.nodes_changed = True

    def deploy(self):
        marks = self._log_marks()
        started = time.time()
        if self.deployed and not self.nodes_changed:
            # "Deploy changes" of an operational environment: Fuel 9 re-runs the graph
            # with the current settings (PUT /clusters/<id>/changes/redeploy).
            self.fuel_web.deploy_cluster_changes_wait(self.cluster_id)
        else:
            self.fuel_web.deploy_cluster_wait(self.cluster_id)
        self.deployed, self.nodes_changed = True, False
        return self._deployment(marks, time.time() - started)

    def _log_marks(self):
        """Line counts of every node's Puppet log and of the master's Astute log."""
        marks = {}
        for node in self.fuel_web.client.list_cluster_nodes(self.cluster_id):
            marks[node['ip']] = self._line_count(node['ip'], PUPPET_LOG)
        marks['astute'] = self._line_count(self.ssh_manager.admin_ip, ASTUTE_LOG)
        return marks

    def _line_count(self, ip, path):
        result = self.ssh_manager.execute_on_remote(ip=ip, cmd='cat %s 2>/dev/null | wc -l' % path,
                                                    raise_on_assert=False)
        return int(result['stdout_str'] or 0) if result['exit_code'] == 0 else 0

    def _tail(self, ip, path, mark):
        result = self.ssh_manager.execute_on_remote(ip=ip, cmd='tail -n +%d %s' % (mark + 1, path),
                                                    raise_on_assert=False)
        return ''.join(result['stdout'])

    def _deployment(self, marks, seconds):
        """Task statuses from Nailgun's deployment history (ready, skipped, error), with
        'changed' where the node's Puppet log shows a change by that plugin task."""
        history = self.fuel_web.client.get_deployment_task_hist(
            self.fuel_web.get_last_task_id(self.cluster_id, 'deployment'))
        astute = self._tail(self.ssh_manager.admin_ip, ASTUTE_LOG, marks.get('astute', 0))
        tasks, logs = {}, {}
        for node in self.fuel_web.client.list_cluster_nodes(self.cluster_id):
            name = self._hostname(node)
            text = self._tail(node['ip'], PUPPET_LOG, marks.get(node['ip'], 0))
            puppet, _ = puppet_log.plugin_tasks(text)
            statuses = {}
            for entry in history:
                if str(entry['node_id']) == str(node['id']):
                    status = {'ready': 'ok', 'skipped': 'skipped', 'error': 'failed'}.get(entry['status'],
                                                                                        entry['status'])
                    if status == 'ok' and puppet.get(entry['task_name']) in ('changed', 'failed'):
                        status = puppet[entry['task_name']]
                    statuses[entry['task_name']] = status
            tasks[name] = statuses
            logs[name] = text + astute
        return Deployment(tasks, logs, seconds)

    def verify_network(self):
        self.fuel_web.verify_network(self.cluster_id)

    def run_health_checks(self):
        sets = ['smoke', 'sanity']
        if len(self.nodes_by_role('controller')) >= 3:
            sets.append('ha')
        self.fuel_web.run_ostf(cluster_id=self.cluster_id, test_sets=sets)

    # --- nodes --------------------------------------------------------------------
    @staticmethod
    def _hostname(node):
        return node.get('hostname') or 'node-%s' % node['id']

    def _nailgun_nodes(self, role):
        nodes = self.fuel_web.get_nailgun_cluster_nodes_by_roles(self.cluster_id, [role])
        return sorted(nodes, key=lambda n: n['id'])

    def _node(self, name):
        for node in self.fuel_web.client.list_cluster_nodes(self.cluster_id):
            if self._hostname(node) == name:
                return node
        raise BackendError('no node %s in environment %s' % (name, self.cluster_id))

    def _devops_node(self, name):
        return self.fuel_web.get_devops_node_by_nailgun_node(self._node(name))

    def nodes_by_role(self, role):
        return [self._hostname(n) for n in self._nailgun_nodes(role)]

    def management_address(self, node):
        out = self.run(node, 'ip -4 -o addr show br-mgmt').stdout
        found = re.search(r'inet (\d+\.\d+\.\d+\.\d+)/', out)
        if not found:
            raise BackendError('%s: no address on br-mgmt: %s' % (node, out))
        return found.group(1)

    def run(self, node, command, timeout=60):
        wrapped = 'timeout %d sh -c %s' % (int(timeout), quote(command))
        try:
            result = self.ssh_manager.execute_on_remote(ip=self._node(node)['ip'], cmd=wrapped,
                                                        raise_on_assert=False)
        except Exception as exc:  # unreachable: a crashed, stopped or cut-off node
            return CommandResult(None, '', '%s: %s' % (type(exc).__name__, exc))
        return CommandResult(result['exit_code'], ''.join(result['stdout']), ''.join(result['stderr']))

    def stop_node(self, node):
        self.fuel_web.warm_shutdown_nodes([self._devops_node(node)])

    def start_node(self, node):
        self.fuel_web.warm_start_nodes([self._devops_node(node)])

    def crash_node(self, node):
        devops_node = self._devops_node(node)
        devops_node.destroy()
        self.fuel_web.wait_node_is_offline(devops_node)

    def cut_node(self, node):
        result = self.run(node, CUT)
        if result.exit_code != 0:
            raise BackendError('%s: %s' % (node, result))

    def heal_node(self, node):
        self.run(node, HEAL)

    # --- observation --------------------------------------------------------------
    def clock(self):
        for node in self.nodes_by_role('controller'):
            result = self.run(node, 'date -u +%s.%N')
            if result.exit_code == 0:
                return float(result.stdout.strip())
        raise BackendError('no controller answers')

    def polling_interval(self):
        for node in self.nodes_by_role('controller'):
            found = re.findall(r'^\s*interval:\s*(\d+)', self.run(node, 'cat %s' % PIPELINE).stdout, re.M)
            if found:
                return float(min(int(i) for i in found))
        raise BackendError('no polling interval in %s' % PIPELINE)

    def polling_records(self, since):
        return self.subsets(AGENT_LOG, since)

    def subsets(self, path, since):
        """[(time, node, id)] of every id in the "My subset" lines (Mitaka's coordination
        module, in Ceilometer's and in aodh's log at debug level) at or after since."""
        records = []
        for node in self.nodes_by_role('controller'):
            out = self.run(node, "grep -h 'My subset: ' %s" % path, timeout=120).stdout
            for line in out.splitlines():
                match = SUBSET.search(line)
                if not match:
                    continue
                at = log_time(match.group('time'))
                if at >= since:
                    records.extend((at, node, str(r)) for r in ast.literal_eval(match.group('subset')))
        return records

    def expected_resources(self):
        return None

    def evaluation_interval(self):
        for node in self.nodes_by_role('controller'):
            found = re.findall(r'^\s*evaluation_interval\s*=\s*(\d+)', self.run(node, 'cat %s' % AODH_CONF).stdout,
                               re.M)
            if found:
                return float(found[-1])
        return 60.0  # aodh 2.0's default

    def evaluation_records(self, since):
        return self.subsets(EVALUATOR_LOG, since)

    def expected_alarms(self):
        """The environment's alarms (a fresh Fuel environment has none: the first call
        creates QA_ALARMS threshold alarms on cpu_util that never fire, through the
        ceilometer CLI, which Mitaka's client sends to aodh)."""
        ids = self.alarm_ids()
        if not ids:
            for number in range(QA_ALARMS):
                self.admin('ceilometer alarm-threshold-create --name ceilometer-zookeeper-qa-%d '
                           '--meter-name cpu_util --threshold 1000 --comparison-operator gt --statistic avg '
                           '--period 600 --evaluation-periods 1' % number)
            ids = self.alarm_ids()
        return ids

    def alarm_ids(self):
        return set(ALARM_ID.findall(self.admin('ceilometer alarm-list').stdout))

    def admin(self, command):
        """Runs an OpenStack CLI command with the admin's credentials on a controller."""
        for node in self.nodes_by_role('controller'):
            result = self.run(node, '. /root/openrc && %s' % command, timeout=120)
            if result.exit_code == 0:
                return result
        raise BackendError('no controller ran %r' % command)


def quote(text):
    """The shell's single-quoted form of text (pipes.quote is Python 2, shlex.quote 3)."""
    return "'" + text.replace("'", "'\"'\"'") + "'"


def backend(plugin_path):
    log('fuelqa: plugin package %s' % plugin_path)
    return FuelQABackend(plugin_path)
