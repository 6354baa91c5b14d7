# Task ceilometer-zookeeper-aodh (deployment_tasks.yaml).
notice('MODULAR: ceilometer-zookeeper/aodh.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
  ceilometer       => hiera_hash('ceilometer', {}),
}
include ::ceilometer_zookeeper::aodh
