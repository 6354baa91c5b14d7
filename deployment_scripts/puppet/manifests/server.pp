# Task ceilometer-zookeeper-server (deployment_tasks.yaml).
notice('MODULAR: ceilometer-zookeeper/server.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
}
include ::ceilometer_zookeeper::server
