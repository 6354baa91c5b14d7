# == Class: ceilometer_zookeeper::repair
#
# @api private
# Internal: included by ceilometer_zookeeper::agents when the central agent is coordinated.
#
# Self-repair of group membership: cron runs ceilometer-zookeeper-repair every minute. When
# this node's central agent runs but has stayed outside its coordination group for
# $after seconds while the ensemble is healthy (its ZooKeeper session expired during a
# long outage and it did not rejoin), Pacemaker is asked to restart this node's instance.
# What it does (and each wait) is appended to /var/log/ceilometer-zookeeper-repair.log.
#
# The same cron file runs the bridge's watch (ceilometer-zookeeper-bridge watch) every
# minute, for the minute: whenever a new central agent process appears on this node
# (Pacemaker restarting a killed agent, a reboot, the repair's own restart), it starts one
# uncoordinated pass of everything while that agent waits for its first coordinated poll.
# The restarts the plugin's tasks make start their bridge themselves (pcmk-resource).
# Logged to /var/log/ceilometer-zookeeper-bridge.log.
#
# === Parameters
#
# [*after*]
#   Seconds outside the group before the restart.
#
class ceilometer_zookeeper::repair (
  $after = 60,
) {
  include ::ceilometer_zookeeper
  include ::ceilometer_zookeeper::status_command
  include ::ceilometer_zookeeper::scripts

  $python = $::ceilometer_zookeeper::python
  $script = "${::ceilometer_zookeeper::scripts_dir}/ceilometer-zookeeper-repair"
  $primitive = $::ceilometer_zookeeper::central_agent_primitive
  $lock = '/run/lock/ceilometer-zookeeper-repair.lock'
  $log = '/var/log/ceilometer-zookeeper-repair.log'
  $job = "flock -n ${lock} ${python} ${script} --after ${after} --primitive ${primitive}"
  $bridge = "${::ceilometer_zookeeper::scripts_dir}/ceilometer-zookeeper-bridge"
  $process = $::ceilometer_zookeeper::central_agent_process
  $config = $::ceilometer_zookeeper::central_agent_config
  $service = $::ceilometer_zookeeper::central_agent_service
  $watch_lock = '/run/lock/ceilometer-zookeeper-bridge.lock'
  $watch = "flock -n ${watch_lock} ${python} ${bridge} watch --process '${process}' --config ${config} --service ${service}"

  file { '/etc/cron.d/ceilometer-zookeeper':
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    content => join([
      '# Managed by Puppet (fuel-plugin ceilometer-zookeeper): self-repair of the central agent',
      '# and the bridge after each of its starts.',
      'SHELL=/bin/sh',
      'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
      "* * * * * root ${job} >> ${log} 2>&1",
      "* * * * * root ${watch} >> /var/log/ceilometer-zookeeper-bridge.log 2>&1",
      '',
    ], "\n"),
    require => [Class['ceilometer_zookeeper::status_command'], Class['ceilometer_zookeeper::scripts']],
  }
}
