# == Define: ceilometer_zookeeper::restart_agent
#
# @api private
# Internal: declared by ceilometer_zookeeper::ceilometer and ceilometer_zookeeper::aodh.
#
# When notified, restarts this node's instance of one agent (the title: its Pacemaker
# primitive) and leaves the other controllers' instances running; a plain init service
# where Pacemaker does not manage the agent (pcmk-resource restart-local).
#
# === Parameters
#
# [*service*]
#   The agent's init service name.
# [*timeout*]
#   Seconds the restart may take.
#
define ceilometer_zookeeper::restart_agent (
  $service,
  $timeout = 300,
) {
  include ::ceilometer_zookeeper::scripts

  $pcmk = "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/pcmk-resource"

  exec { "ceilometer-zookeeper restart ${title}":
    command     => "${pcmk} restart-local ${title} ${service}",
    refreshonly => true,
    logoutput   => true,
    timeout     => $timeout,
    require     => Class['ceilometer_zookeeper::scripts'],
  }
}
