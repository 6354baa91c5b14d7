# Task ceilometer-zookeeper-agents (deployment_tasks.yaml).
notice('MODULAR: ceilometer-zookeeper/agents.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
  ceilometer       => hiera_hash('ceilometer', {}),
}
include ::ceilometer_zookeeper::agents
