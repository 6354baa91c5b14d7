# == Class: ceilometer_zookeeper::status_command
#
# @api private
# Internal: included by ceilometer_zookeeper::agents.
#
# The operator's status command on the PATH, /usr/local/bin/ceilometer-zookeeper-status:
# each ZooKeeper server's mode, the coordination groups with the host of every member, and
# whether this node's central agent is in its group (non-zero exit when not). Its
# configuration file names this environment's servers and this node, so it runs without
# arguments.
#
# === Parameters
#
# [*group*]
#   The coordination group every central agent joins (Ceilometer's discovery group).
#
class ceilometer_zookeeper::status_command (
  $group = 'central-global',
) {
  include ::ceilometer_zookeeper
  include ::ceilometer_zookeeper::scripts

  $servers = ceilometer_zookeeper_server_args(
    $::ceilometer_zookeeper::controllers,
    $::ceilometer_zookeeper::client_port
  )
  $local_host = "node-${::ceilometer_zookeeper::node_uid}"
  $python = $::ceilometer_zookeeper::python
  $script = "${::ceilometer_zookeeper::scripts_dir}/ceilometer-zookeeper-status"

  file { '/etc/ceilometer-zookeeper':
    ensure => directory,
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
  }
  file { '/etc/ceilometer-zookeeper/status.ini':
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    content => template('ceilometer_zookeeper/status.ini.erb'),
  }
  # A wrapper, not a link: the script must run with the Python that has kazoo.
  file { '/usr/local/bin/ceilometer-zookeeper-status':
    owner   => 'root',
    group   => 'root',
    mode    => '0755',
    content => "#!/bin/sh\n# Managed by Puppet (fuel-plugin ceilometer-zookeeper).\nexec ${python} ${script} \"\$@\"\n",
    require => Class['ceilometer_zookeeper::scripts'],
  }
}
