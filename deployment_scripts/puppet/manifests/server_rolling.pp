# Task ceilometer-zookeeper-server-rolling (deployment_tasks.yaml): this controller's
# ZooKeeper server with every setting, one controller at a time.
notice('MODULAR: ceilometer-zookeeper/server_rolling.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
  ceilometer       => hiera_hash('ceilometer', {}),
}
class { '::ceilometer_zookeeper::server':
  rolling => true,
}
