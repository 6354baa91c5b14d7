# Task ceilometer-zookeeper-members (deployment_tasks.yaml): every controller's server
# gets the whole list of controllers, on every controller at once.
notice('MODULAR: ceilometer-zookeeper/members.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
}
class { '::ceilometer_zookeeper::server':
  phase => 'members',
}
