# Task ceilometer-zookeeper-check (deployment_tasks.yaml).
notice('MODULAR: ceilometer-zookeeper/check.pp')

class { '::ceilometer_zookeeper':
  settings         => hiera_hash('ceilometer-zookeeper', {}),
  network_metadata => hiera_hash('network_metadata', {}),
  node_uid         => hiera('uid'),
  ceilometer       => hiera_hash('ceilometer', {}),
}
# The plugins that would also own [coordination] backend_url and the agent's clone.
class { '::ceilometer_zookeeper::check':
  other_owners => {
    'ceilometer-redis' => hiera_hash('ceilometer-redis', {}),
    'telemetry'        => hiera_hash('telemetry', {}),
  },
}
