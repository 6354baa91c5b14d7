# == Class: ceilometer_zookeeper::ceilometer
#
# Points Ceilometer at the ZooKeeper ensemble through tooz ([coordination] backend_url,
# plus heartbeat and check_watchers that Mitaka reads), installs the kazoo client that
# tooz's ZooKeeper driver needs but does not pull in, and sets the notification agents'
# workload partitioning. A change restarts this node's central and notification agents.
#
# === Parameters
#
# [*heartbeat*]
#   Seconds between tooz heartbeats (Mitaka's [coordination] heartbeat).
# [*check_watchers*]
#   Seconds between checks of group membership (Mitaka's [coordination] check_watchers).
#
class ceilometer_zookeeper::ceilometer (
  $heartbeat      = '1.0',
  $check_watchers = '10.0',
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    include ::ceilometer_zookeeper::scripts

    $python = $::ceilometer_zookeeper::python
    $pcmk = "${::ceilometer_zookeeper::scripts_dir}/pcmk-agent"

    package { $::ceilometer_zookeeper::kazoo_package:
      ensure => installed,
    }

    ceilometer_config {
      'coordination/backend_url':             value => $::ceilometer_zookeeper::backend_url;
      'coordination/heartbeat':               value => $heartbeat;
      'coordination/check_watchers':          value => $check_watchers;
      'notification/workload_partitioning':   value => $::ceilometer_zookeeper::notification;
    }

    Package[$::ceilometer_zookeeper::kazoo_package] -> Ceilometer_config <||>

    exec { 'ceilometer-zookeeper restart central agent':
      command     => "${python} ${pcmk} restart-local ${::ceilometer_zookeeper::central_agent_primitive} ${::ceilometer_zookeeper::central_agent_service}",
      refreshonly => true,
      logoutput   => true,
      timeout     => 300,
      require     => Class['ceilometer_zookeeper::scripts'],
    }
    exec { 'ceilometer-zookeeper restart notification agent':
      command     => "${python} ${pcmk} restart-local p_${::ceilometer_zookeeper::notification_service} ${::ceilometer_zookeeper::notification_service}",
      refreshonly => true,
      logoutput   => true,
      timeout     => 300,
      require     => Class['ceilometer_zookeeper::scripts'],
    }

    Ceilometer_config <||> ~> Exec['ceilometer-zookeeper restart central agent']
    Ceilometer_config['notification/workload_partitioning'] ~> Exec['ceilometer-zookeeper restart notification agent']
  }
}
