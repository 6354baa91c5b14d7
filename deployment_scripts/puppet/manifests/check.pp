# Task ceilometer-zookeeper-check (deployment_tasks.yaml).
notice('MODULAR: ceilometer-zookeeper/check.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
}
include ::ceilometer_zookeeper::check
