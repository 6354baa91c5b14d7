# == Define: ceilometer_zookeeper::mark_configured
#
# @api private
# Internal: declared by ceilometer_zookeeper::ceilometer and ceilometer_zookeeper::aodh.
#
# Marks this controller, with a Pacemaker node attribute, as configured for one agent (the
# title: its Pacemaker primitive) once its [coordination] section is written. The agent's
# clone is kept off every controller without the mark (pcmk-resource clone adds that
# rule): a new or re-added controller, where Fuel's own task admits the clone before the
# plugin has written [coordination], starts no uncoordinated instance, not even for a
# moment. Nothing to do where Pacemaker is not installed.
#
define ceilometer_zookeeper::mark_configured {
  include ::ceilometer_zookeeper::scripts

  # Each Pacemaker call bounded to 15 s: the six that mark and is-marked make together
  # fit the exec's 100 s.
  $pcmk = "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/pcmk-resource --call-timeout 15"

  exec { "ceilometer-zookeeper mark ${title}":
    command   => "${pcmk} mark ${title}",
    unless    => "${pcmk} is-marked ${title}",
    timeout   => 100,
    path      => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'],
    logoutput => true,
    require   => Class['ceilometer_zookeeper::scripts'],
  }
}
