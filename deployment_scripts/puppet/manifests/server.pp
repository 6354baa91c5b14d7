# Tasks ceilometer-zookeeper-server and ceilometer-zookeeper-server-rolling
# (deployment_tasks.yaml): this controller's ZooKeeper server, with every controller in
# its list.
notice('MODULAR: ceilometer-zookeeper/server.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
}
include ::ceilometer_zookeeper::server
