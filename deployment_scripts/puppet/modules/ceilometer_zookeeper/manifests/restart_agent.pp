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
# [*clones_only*]
#   Leave the agent alone while it is still an active/passive primitive: a ban would move
#   it to another controller, whose configuration may not be written yet. The agents task
#   restarts it once cloned (ceilometer_zookeeper::agent_on_every_controller).
# [*bridge_process*]
#   The agent's command line (a regular expression for pgrep -f), for an agent that
#   needs ceilometer-zookeeper-bridge across its restart: a coordinated central agent
#   that waits for its first poll. Undef: no bridge.
# [*bridge_config*]
#   That agent's configuration file.
# [*timeout*]
#   Seconds the restart may take.
#
define ceilometer_zookeeper::restart_agent (
  $service,
  $clones_only    = false,
  $bridge_process = undef,
  $bridge_config  = undef,
  $timeout        = 200,
) {
  include ::ceilometer_zookeeper::scripts

  $pcmk = "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/pcmk-resource"
  $only = $clones_only ? {
    true    => ' --clones-only',
    default => '',
  }
  $bridge = $bridge_process ? {
    undef   => '',
    default => " --bridge-process '${bridge_process}' --bridge-config ${bridge_config}",
  }

  exec { "ceilometer-zookeeper restart ${title}":
    # At most 195 s: the wait after the ban 60 s (its call 30 more), the bridge's two calls
    # 15 s each, the start here and the cluster's settling after the clear 60 s together
    # (30 more).
    command     => "${pcmk} restart-local ${title} ${service} --timeout 60${only}${bridge}",
    refreshonly => true,
    logoutput   => true,
    timeout     => $timeout,
    require     => Class['ceilometer_zookeeper::scripts'],
  }
}
