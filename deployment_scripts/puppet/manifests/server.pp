# Task ceilometer-zookeeper-server (deployment_tasks.yaml): this controller's ZooKeeper
# server, started; settings roll through the ensemble one controller at a time, and an
# existing server keeps its list while controllers are added or removed.
notice('MODULAR: ceilometer-zookeeper/server.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
}
class { '::ceilometer_zookeeper::server':
  phase => 'start',
}
