# == Define: ceilometer_zookeeper::agent_on_every_controller
#
# @api private
# Internal: declared by ceilometer_zookeeper::agents only.
#
# Runs one agent (the title: its init service name) on this controller as well as on the
# others. Where Pacemaker manages it as $primitive (Fuel 9's way), the primitive becomes
# the clone "clone_<primitive>" (Fuel's naming), interleaved, kept off every controller
# not marked configured (ceilometer_zookeeper::mark_configured); the running instance is
# kept, and restarted here if it started before its configuration file was last written
# (the active/passive agent, which the ceilometer and aodh tasks leave alone). Where it is
# a plain init service, it is kept running and enabled here.
#
# === Parameters
#
# [*primitive*]
#   The Pacemaker primitive that runs the agent in Fuel 9's active/passive layout.
# [*cib_resources*]
#   The resource ids in the CIB, comma-separated (fact ceilometer_zookeeper_cib_resources);
#   'UNREADABLE' where Pacemaker is installed but its CIB could not be read: then this
#   fails (closed) rather than start a second agent outside Pacemaker.
# [*process*]
#   The agent's command line, a regular expression for pgrep -f.
# [*config*]
#   The agent's configuration file.
# [*bridge*]
#   Whether the restart of an instance older than its configuration is bridged by
#   ceilometer-zookeeper-bridge, started just before it (the coordinated central agent,
#   which waits for its first poll: the active/passive agent it replaces polled
#   everything until then).
# [*timeout*]
#   Seconds to wait for this node's instance to run.
#
define ceilometer_zookeeper::agent_on_every_controller (
  $primitive,
  $process,
  $config,
  $cib_resources = $::ceilometer_zookeeper_cib_resources,
  $bridge        = false,
  $timeout       = 180,
) {
  include ::ceilometer_zookeeper::scripts

  $clone = "clone_${primitive}"
  # Interpolated on purpose: the fact is undef where Facter did not set it, and split()
  # takes only a string on Puppet 7.
  # lint:ignore:only_variable_string an undef fact must become '' (split refuses undef on Puppet 7)
  $known = split("${cib_resources}", ',')
  # lint:endignore
  $pcmk = "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/pcmk-resource"

  if 'UNREADABLE' in $known {
    $unreadable = 'Pacemaker is installed here but its CIB cannot be read (cibadmin --query failed)'
    fail("ceilometer-zookeeper: ${unreadable}; not starting ${title} outside Pacemaker. Check the cluster (crm_mon -1), then deploy again")
  } elsif ($primitive in $known) or ($clone in $known) {
    exec { "ceilometer-zookeeper clone ${primitive}":
      command   => "${pcmk} clone ${primitive} ${clone}",
      timeout   => 120,
      unless    => "${pcmk} is-cloned ${primitive} ${clone}",
      path      => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'],
      logoutput => true,
      require   => Class['ceilometer_zookeeper::scripts'],
    }
    # Checked on every run: a new controller's instance must be running before the task
    # reports success. Where it runs already, nothing is done and no change reported.
    exec { "ceilometer-zookeeper ${clone} runs here":
      command   => "${pcmk} wait-local ${primitive} --timeout ${timeout}",
      unless    => "${pcmk} runs-here ${primitive}",
      path      => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'],
      timeout   => $timeout + 30,
      logoutput => true,
      require   => Exec["ceilometer-zookeeper clone ${primitive}"],
    }
    $stale = "${pcmk} restart-stale ${primitive} ${title} --process '${process}' --config ${config}"
    $then_bridge = $bridge ? {
      true    => ' --bridge',
      default => '',
    }
    exec { "ceilometer-zookeeper ${clone} runs its configuration here":
      command   => "${stale} --timeout 60${then_bridge}",
      unless    => "${stale} --check",
      path      => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'],
      timeout   => 200,
      logoutput => true,
      require   => Exec["ceilometer-zookeeper ${clone} runs here"],
    }
  } else {
    service { $title:
      ensure     => running,
      enable     => true,
      hasstatus  => true,
      hasrestart => true,
    }
  }
}
