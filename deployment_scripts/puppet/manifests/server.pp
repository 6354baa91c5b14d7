# Task ceilometer-zookeeper-server (deployment_tasks.yaml): this controller's ZooKeeper
# server, started; an existing one keeps the servers it knows while controllers are added.
notice('MODULAR: ceilometer-zookeeper/server.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
}
class { '::ceilometer_zookeeper::server':
  phase => 'start',
}
