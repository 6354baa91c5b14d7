# == Class: ceilometer_zookeeper::wait
#
# Waits, at most $timeout seconds, until this node's ZooKeeper serves and the ensemble of
# all controllers has exactly one leader; fails naming the servers that are not in it.
#
# === Parameters
#
# [*timeout*]
#   Seconds to wait before failing.
#
class ceilometer_zookeeper::wait (
  $timeout = 240,
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    include ::ceilometer_zookeeper::scripts

    $servers = ceilometer_zookeeper_server_args(
      $::ceilometer_zookeeper::controllers,
      $::ceilometer_zookeeper::client_port
    )

    $check = "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/zookeeper-ensemble-check"

    # Checked on every deployment: a healthy ensemble passes at once (and reports no
    # change); otherwise the command waits, bounded, and fails naming the missing servers.
    exec { 'ceilometer-zookeeper ensemble check':
      command   => "${check} --timeout ${timeout} ${servers}",
      unless    => "${check} --once ${servers}",
      timeout   => $timeout + 30,
      logoutput => true,
      require   => Class['ceilometer_zookeeper::scripts'],
    }
  }
}
