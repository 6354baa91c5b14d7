# == Class: ceilometer_zookeeper::aodh
#
# Points aodh's alarm evaluators at the same ZooKeeper ensemble, so that the alarms are
# partitioned between the evaluators of all controllers. A change restarts this node's
# evaluator.
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
    include ::ceilometer_zookeeper::scripts

    package { $::ceilometer_zookeeper::kazoo_package:
      ensure => installed,
    }

    aodh_config {
      'coordination/backend_url':    value => $::ceilometer_zookeeper::backend_url;
      'coordination/heartbeat':      value => $heartbeat;
      'coordination/check_watchers': value => $check_watchers;
    }

    Package[$::ceilometer_zookeeper::kazoo_package] -> Aodh_config <||>

    exec { 'ceilometer-zookeeper restart alarm evaluator':
      command     => "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/pcmk-agent restart-local ${::ceilometer_zookeeper::alarm_evaluator_primitive} ${::ceilometer_zookeeper::alarm_evaluator_service}",
      refreshonly => true,
      logoutput   => true,
      timeout     => 300,
      require     => Class['ceilometer_zookeeper::scripts'],
    }

    Aodh_config <||> ~> Exec['ceilometer-zookeeper restart alarm evaluator']
  }
}
