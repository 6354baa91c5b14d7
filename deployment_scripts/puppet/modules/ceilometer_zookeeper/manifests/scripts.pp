# == Class: ceilometer_zookeeper::scripts
#
# @api private
# Internal: included by the module's classes and defines that run the scripts.
#
# The helper scripts the other classes run: the ensemble check (zookeeper-ensemble-check),
# the status command whose probes it loads (ceilometer-zookeeper-status), the self-repair
# (ceilometer-zookeeper-repair), the Pacemaker steps (pcmk-resource) and the bridge
# that pcmk-resource starts after a central agent's restart (ceilometer-zookeeper-bridge).
#
class ceilometer_zookeeper::scripts {
  include ::ceilometer_zookeeper::params

  $dir = $::ceilometer_zookeeper::params::scripts_dir

  file { $dir:
    ensure => directory,
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
  }
  file { "${dir}/zookeeper-ensemble-check":
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    source => 'puppet:///modules/ceilometer_zookeeper/zookeeper-ensemble-check',
  }
  file { "${dir}/ceilometer-zookeeper-status":
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    source => 'puppet:///modules/ceilometer_zookeeper/ceilometer-zookeeper-status',
  }
  file { "${dir}/ceilometer-zookeeper-repair":
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    source => 'puppet:///modules/ceilometer_zookeeper/ceilometer-zookeeper-repair',
  }
  file { "${dir}/ceilometer-zookeeper-bridge":
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    source => 'puppet:///modules/ceilometer_zookeeper/ceilometer-zookeeper-bridge',
  }
  file { "${dir}/pcmk-resource":
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    source => 'puppet:///modules/ceilometer_zookeeper/pcmk-resource',
  }
}
