# Task ceilometer-zookeeper-server (deployment_tasks.yaml): on every controller at once,
# this controller's ZooKeeper server where its server list or client port must change.
notice('MODULAR: ceilometer-zookeeper/server.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
  ceilometer       => hiera_hash('ceilometer', {}),
}
class { '::ceilometer_zookeeper::server':
  rolling => false,
}
