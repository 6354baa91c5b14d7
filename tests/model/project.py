"""The plugin's facts, each read from its one source in the repository: name and version
(metadata.yaml), task ids and the HA rule (deployment_tasks.yaml), settings with their
defaults and ranges (environment_config.yaml), and the package's name as fpb gives it;
with the fixed names the plugin gives things on the nodes."""

from __future__ import absolute_import, division, print_function

import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The settings check, the one task without a condition: in HA it checks the settings;
# outside HA its manifest says why the plugin does nothing, or refuses to leave an
# ensemble behind.
CHECK_TASK = 'ceilometer-zookeeper-check'
# The ZooKeeper server: the ensemble step on every controller at once, then the rolling
# step one controller at a time (each decides on the node what to change).
SERVER_TASK = 'ceilometer-zookeeper-server'
ROLLING_TASK = 'ceilometer-zookeeper-server-rolling'
# Coordinates aodh's evaluator; its manifest does nothing while the plugin's setting
# coordinate_alarm_evaluator is off.
AODH_TASK = 'ceilometer-zookeeper-aodh'

# The operator's status command the plugin installs on every controller ...
STATUS_COMMAND = '/usr/local/bin/ceilometer-zookeeper-status'
# ... and its configuration, which the plugin writes only where it acts.
STATUS_CONFIG = '/etc/ceilometer-zookeeper/status.ini'
# What the repair cron job logs to, on every controller.
REPAIR_LOG = '/var/log/ceilometer-zookeeper-repair.log'
# The plugin's own iptables chain of accept rules (ceilometer_zookeeper::firewall).
FIREWALL_CHAIN = 'ceilometer-zookeeper'
# Pacemaker ids of the central agent: Fuel's primitive and the plugin's clone of it.
AGENT_PRIMITIVE = 'p_ceilometer-agent-central'
AGENT_CLONE = 'clone_p_ceilometer-agent-central'
# The coordination group every central agent joins.
CENTRAL_GROUP = 'central-global'
# Pacemaker ids of aodh's alarm evaluator, and the group its instances share the alarms in.
EVALUATOR_PRIMITIVE = 'p_aodh-evaluator'
EVALUATOR_CLONE = 'clone_p_aodh-evaluator'
EVALUATOR_GROUP = 'alarm_evaluator'
# ZooKeeper's client, quorum and election ports with the plugin's defaults.
ZOOKEEPER_PORTS = ('2181', '2888', '3888')


def _load(name):
    with open(os.path.join(ROOT, name)) as handle:
        return yaml.safe_load(handle)


def metadata():
    return _load('metadata.yaml')


def name():
    return metadata()['name']


def version():
    return str(metadata()['version'])


def rpm_name():
    """fpb's name for package_version 4.0.0: <name>-<major.minor>-<version>-1.noarch.rpm."""
    major_minor = '.'.join(version().split('.')[:2])
    return '%s-%s-%s-1.noarch.rpm' % (name(), major_minor, version())


def default_rpm_path():
    """The package `make build` leaves in the repository."""
    return os.path.join(ROOT, rpm_name())


def tasks():
    """[task] of deployment_tasks.yaml, in file order."""
    return _load('deployment_tasks.yaml')


def task_ids():
    return [task['id'] for task in tasks()]


# The controller count in the HA rule's yaql: "...count() >= N".
_AT_LEAST = re.compile(r'\.count\(\)\s*>=\s*(\d+)')


def min_controllers():
    """The fewest controllers with which the plugin acts, as deployment_tasks.yaml's HA
    rule says (its one home)."""
    found = set()
    for task in tasks():
        condition = task.get('condition') or {}
        expression = condition.get('yaql_exp', '') if isinstance(condition, dict) else ''
        found.update(int(n) for n in _AT_LEAST.findall(expression))
    if len(found) != 1:
        raise ValueError('deployment_tasks.yaml: expected one controller count in the HA rule, found %s'
                         % sorted(found))
    return found.pop()


def acts(controllers, ceilometer_enabled=True, plugin_enabled=True):
    """Whether the plugin acts in an environment with this many controllers."""
    return plugin_enabled and ceilometer_enabled and controllers >= min_controllers()


def working_tasks():
    """The tasks that run on a controller in HA: every one, in file order (the check also
    runs outside HA; the aodh task runs whatever the evaluator's setting and decides on the
    node)."""
    return task_ids()


class Setting(object):
    """A UI setting; a text setting's range is the one its regex's error message announces
    ("... from LOW to HIGH."; the UI tests check the regex against it)."""

    def __init__(self, key, label, type_, default, description, low=None, high=None):
        self.key = key
        self.label = label
        self.type = type_
        self.default = default
        self.description = description
        self.low = low
        self.high = high

    def __repr__(self):
        return 'Setting(%s, %s, default %r)' % (self.key, self.type, self.default)


_RANGE = re.compile(r'from (\d+) to (\d+)')


def _attributes(path=None):
    if path is None:
        return _load('environment_config.yaml')['attributes']
    with open(str(path)) as handle:
        return yaml.safe_load(handle)['attributes']


def settings(path=None):
    """{key: Setting} of environment_config.yaml (the repository's, or the one at path)."""
    result = {}
    for key, attr in _attributes(path).items():
        if key == 'metadata':
            continue
        low = high = None
        if attr['type'] == 'text':
            found = _RANGE.search(attr['regex']['error'])
            if not found:
                raise ValueError("%s: its regex error message names no range 'from X to Y'" % key)
            low, high = int(found.group(1)), int(found.group(2))
        result[key] = Setting(key, attr['label'], attr['type'], attr['value'],
                              ' '.join(attr.get('description', '').split()), low, high)
    return result


def text_settings():
    return dict((k, s) for k, s in settings().items() if s.type == 'text')


def default_settings(path=None):
    """{setting: default value} of every UI setting."""
    return dict((key, s.default) for key, s in settings(path).items())
