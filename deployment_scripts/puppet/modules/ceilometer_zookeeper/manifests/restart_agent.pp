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
  $timeout = 200,
) {
  include ::ceilometer_zookeeper::scripts

  $pcmk = "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/pcmk-resource"

  exec { "ceilometer-zookeeper restart ${title}":
    # Each of restart-local's two waits for Pacemaker may take 60 s (its calls 30 more).
    command     => "${pcmk} restart-local ${title} ${service} --timeout 60",
    refreshonly => true,
    logoutput   => true,
    timeout     => $timeout,
    require     => Class['ceilometer_zookeeper::scripts'],
  }
}
