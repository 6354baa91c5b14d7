# == Class: ceilometer_zookeeper::scripts
#
# The helper scripts the other classes run: the ensemble check and the Pacemaker steps.
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
  file { "${dir}/pcmk-agent":
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    source => 'puppet:///modules/ceilometer_zookeeper/pcmk-agent',
  }
}
