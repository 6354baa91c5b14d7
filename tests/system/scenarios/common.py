"""Names and steps the scenarios share: groups, snapshots, node layouts, and the usual
"install, create, enable, add nodes, deploy" sequence. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

from model import project

from system.base import log

# Polling intervals a resource may go unpolled while the plugin restarts agents (the
# hot-plug, a coordination setting change), from the last poll before the deployment
# starts: Fuel's own active/passive agent polls at once after a restart, one interval plus
# the restart. A coordinated Mitaka agent waits one interval more before its first poll,
# which the plugin's bridge covers with one uncoordinated pass; the lab's Ocata agents
# (Ceilometer 8.1.5) wait two, their bridge one.
RESTART_GAP = 3

# The group of the whole set, and of its smoke part.
GROUP = 'ceilometer_zookeeper'
SMOKE = 'ceilometer_zookeeper_smoke'
DESTRUCTIVE = 'ceilometer_zookeeper_destructive'

# Scenario groups, in the order the set runs them (runs_after_groups): on the local lab
# this order reuses one deployment as long as possible.
INSTALL = 'ceilometer_zookeeper_install'
NON_HA = 'ceilometer_zookeeper_non_ha'
DISABLED = 'ceilometer_zookeeper_disabled'
HOT_PLUG = 'ceilometer_zookeeper_hot_plug'
# The hot-plug on 5 controllers: run under Fuel 9.0 GA's engine by make test, not in the set.
HOT_PLUG_5 = 'ceilometer_zookeeper_hot_plug_5'
DEPLOY_HA = 'deploy_ceilometer_zookeeper_ha'
NO_CHANGE = 'ceilometer_zookeeper_redeploy_no_change'
AGENT_FAILURE = 'ceilometer_zookeeper_agent_failure'
EVALUATOR_FAILURE = 'ceilometer_zookeeper_evaluator_failure'
NETWORK_CUT = 'ceilometer_zookeeper_network_cut'
CONTROLLER_LOSS = 'ceilometer_zookeeper_controller_loss'
ENSEMBLE_OUTAGE = 'ceilometer_zookeeper_ensemble_outage'
SETTINGS_CHANGE = 'ceilometer_zookeeper_settings_change'
SCALE = 'ceilometer_zookeeper_scale'
ORDER = [INSTALL, NON_HA, DISABLED, HOT_PLUG, DEPLOY_HA, NO_CHANGE, AGENT_FAILURE, EVALUATOR_FAILURE, NETWORK_CUT,
         CONTROLLER_LOSS, ENSEMBLE_OUTAGE, SETTINGS_CHANGE, SCALE]
# Scenarios outside the set, run only when selected by their group.
EXTRA = [HOT_PLUG_5]


def after(group):
    """runs_after_groups for the scenario `group`: the one before it in ORDER."""
    index = ORDER.index(group)
    return ORDER[index - 1:index] if index else []


# fuel-qa's snapshots of bare slaves (SetupEnvironment), and the set's own.
READY_3 = 'ready_with_3_slaves'
READY_5 = 'ready_with_5_slaves'
READY_9 = 'ready_with_9_slaves'
SNAPSHOT_HA = 'ceilometer_zookeeper_ha'

# Fuel 9 needs MongoDB for Ceilometer: the first controllers carry the mongo role (the
# local lab has no MongoDB and ignores it).
HA_NODES = {
    'slave-01': ['controller', 'mongo'],
    'slave-02': ['controller', 'mongo'],
    'slave-03': ['controller', 'mongo'],
    'slave-04': ['compute'],
}
NON_HA_NODES = {
    'slave-01': ['controller', 'mongo'],
    'slave-02': ['compute'],
}
ADDED_CONTROLLERS = {
    'slave-05': ['controller'],
    'slave-06': ['controller'],
}
REMOVED_CONTROLLER = ['slave-06']


def prepare_environment(test, name, nodes, enable, first_step):
    """Steps first_step .. first_step + 2: install the plugin on the master, create the
    environment (Ceilometer on) with the plugin enabled or not, add the nodes."""
    backend = test.backend
    test.show_step(first_step)
    installed = backend.install_plugin()
    assert installed == (project.name(), project.version()), 'installed %s, expected %s' % (
        installed, (project.name(), project.version()))
    test.show_step(first_step + 1)
    backend.create_environment(name)
    if enable:
        backend.enable_plugin(True)
    assert backend.plugin_enabled() == enable, 'plugin enabled: %s' % backend.plugin_enabled()
    test.show_step(first_step + 2)
    backend.assign_roles(nodes)


def deploy(test, step):
    test.show_step(step)
    deployment = test.backend.deploy()
    log('deployment finished in %.1f s' % deployment.seconds)
    return deployment


def layout(backend):
    """(controllers, other nodes) of the environment."""
    controllers = backend.nodes_by_role('controller')
    others = [n for n in backend.nodes_by_role('compute') if n not in controllers]
    return controllers, others


def client_port(backend):
    return str(backend.plugin_settings().get('zookeeper_client_port', '2181'))


def session_timeout(backend):
    return float(backend.plugin_settings().get('coordination_timeout', 10))
