"""The plugin's facts the system tests need, read from the repository's own files (each
fact's one home): name and version (metadata.yaml), task ids (deployment_tasks.yaml),
settings and their defaults (environment_config.yaml), and the built package's name as
fpb gives it. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The one task that runs outside HA: it only says why the plugin does nothing.
NOT_HA_TASK = 'ceilometer-zookeeper-not-ha'
# The server on every controller at once (first deployment, changed controllers), and
# in turns (the same controllers).
SERVER_TASK = 'ceilometer-zookeeper-server'
ROLLING_TASK = 'ceilometer-zookeeper-server-rolling'
# Runs only when the alarm evaluator is coordinated.
AODH_TASK = 'ceilometer-zookeeper-aodh'
# The operator's status command the plugin installs on every controller.
STATUS_COMMAND = '/usr/local/bin/ceilometer-zookeeper-status'
# ... and its configuration, which the plugin writes only where it acts.
STATUS_CONFIG = '/etc/ceilometer-zookeeper/status.ini'
# What the repair cron job logs to, on every controller.
REPAIR_LOG = '/var/log/ceilometer-zookeeper-repair.log'
# Pacemaker ids of the central agent: Fuel's primitive and the plugin's clone of it.
AGENT_PRIMITIVE = 'p_ceilometer-agent-central'
AGENT_CLONE = 'clone_p_ceilometer-agent-central'
# The coordination group every central agent joins.
CENTRAL_GROUP = 'central-global'


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


def task_ids():
    """The plugin's task ids, in file order."""
    return [task['id'] for task in _load('deployment_tasks.yaml')]


def working_tasks(settings):
    """The tasks that run on a controller in HA, given the environment's plugin settings:
    all but the not-HA notice, the aodh task only while the evaluator is coordinated. Both
    server tasks run on every deployment; each decides on the node what to change."""
    tasks = [t for t in task_ids() if t != NOT_HA_TASK]
    if not truthy(settings.get('coordinate_alarm_evaluator', True)):
        tasks.remove(AODH_TASK)
    return tasks


def default_settings():
    """{setting: default value} of every UI setting."""
    attributes = _load('environment_config.yaml')['attributes']
    return dict((key, attr['value']) for key, attr in attributes.items() if key != 'metadata')


STRING_TYPES = (str, type(u''))


def truthy(value):
    """A setting's value as a boolean: Fuel keeps checkboxes as booleans, the lab's
    command line may hand over 'true'/'false'."""
    if isinstance(value, STRING_TYPES):
        return value.strip().lower() in ('true', '1', 'yes')
    return bool(value)
