# == Class: ceilometer_zookeeper::aodh
#
# Points aodh's alarm evaluators at the same ZooKeeper ensemble, so that the alarms are
# partitioned between the evaluators of all controllers. A change restarts this node's
# evaluator (once it is a clone instance); then the node is marked configured, which lets
# the evaluator's clone run here.
#
# Its task runs wherever the plugin acts, and the plugin setting coordinate_alarm_evaluator
# is read here: with it off, the class declares nothing and leaves aodh.conf and the
# evaluator as they are (as the agents class leaves the evaluator's clone).
#
# === Parameters
#
# [*heartbeat*]
#   Seconds between tooz heartbeats.
# [*check_watchers*]
#   Seconds between checks of group membership.
#
class ceilometer_zookeeper::aodh (
  $heartbeat      = '1.0',
  $check_watchers = '10.0',
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha and $::ceilometer_zookeeper::alarm_evaluator {
    include ::ceilometer_zookeeper::kazoo

    $evaluator = $::ceilometer_zookeeper::alarm_evaluator_primitive

    aodh_config {
      'coordination/backend_url':    value => $::ceilometer_zookeeper::backend_url;
      'coordination/heartbeat':      value => $heartbeat;
      'coordination/check_watchers': value => $check_watchers;
    }

    Class['ceilometer_zookeeper::kazoo'] -> Aodh_config <||>

    ceilometer_zookeeper::restart_agent { $evaluator:
      service     => $::ceilometer_zookeeper::alarm_evaluator_service,
      clones_only => true,
    }
    ceilometer_zookeeper::mark_configured { $evaluator:
      require => [Aodh_config['coordination/backend_url'], Ceilometer_zookeeper::Restart_agent[$evaluator]],
    }

    Aodh_config <||> ~> Ceilometer_zookeeper::Restart_agent[$evaluator]
  }
}
