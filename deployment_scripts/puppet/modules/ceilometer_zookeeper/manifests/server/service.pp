# == Class: ceilometer_zookeeper::server::service
#
# @api private
# Internal: contained by ceilometer_zookeeper::server only. The ZooKeeper service,
# refreshed by the configuration files of ceilometer_zookeeper::server::config.
#
# Rolling restarts: the task ceilometer-zookeeper-server-rolling runs on one controller at
# a time (strategy one_by_one in deployment_tasks.yaml). When a configuration change
# (re)starts this server while another one runs, it waits until this one serves in an
# ensemble with a leader and a quorum, so the next controller's restart never takes the
# ensemble below its quorum. The ensemble task (every controller at once) does not wait:
# its servers restart together.
#
# === Parameters
#
# [*wait_rejoin*]
#   Whether a restart waits for this server to rejoin (the rolling task).
# [*rejoin_timeout*]
#   Seconds a restarted server may take to serve again before the task fails.
#
class ceilometer_zookeeper::server::service (
  $wait_rejoin    = true,
  $rejoin_timeout = 180,
) {
  include ::ceilometer_zookeeper::scripts

  $service = $::ceilometer_zookeeper::zookeeper_service
  $servers = ceilometer_zookeeper_server_args(
    $::ceilometer_zookeeper::controllers,
    $::ceilometer_zookeeper::client_port
  )
  $local = "node-${::ceilometer_zookeeper::node_uid}"
  $check = "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/zookeeper-ensemble-check"

  service { $service:
    ensure     => running,
    enable     => true,
    hasstatus  => true,
    hasrestart => true,
    require    => File[$::ceilometer_zookeeper::data_dir],
  }

  if $wait_rejoin {
    exec { 'ceilometer-zookeeper rejoin after restart':
      command     => "${check} --rejoined ${local} --timeout ${rejoin_timeout} ${servers}",
      onlyif      => "${check} --others-running ${local} ${servers}",
      refreshonly => true,
      subscribe   => Class['ceilometer_zookeeper::server::config'],
      require     => [Service[$service], Class['ceilometer_zookeeper::scripts']],
      timeout     => $rejoin_timeout + 30,
      logoutput   => true,
    }
  }
}
