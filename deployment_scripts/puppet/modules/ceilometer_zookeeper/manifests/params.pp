# == Class: ceilometer_zookeeper::params
#
# @api private
# Internal: inherited by ceilometer_zookeeper and included by the internal classes.
#
# Names and paths that differ between Fuel 9 nodes (Ubuntu 14.04) and Debian.
#
class ceilometer_zookeeper::params {
  case $::lsbdistcodename {
    'trusty', 'xenial': {
      $kazoo_package = 'python-kazoo'
      $python        = '/usr/bin/python'
    }
    default: {
      $kazoo_package = 'python3-kazoo'
      $python        = '/usr/bin/python3'
    }
  }
  $zookeeper_packages = ['zookeeper', 'zookeeperd']
  $zookeeper_service  = 'zookeeper'
  # /etc/zookeeper/conf is an alternatives symlink; files are written through it.
  $config_dir         = '/etc/zookeeper/conf'
  $data_dir           = '/var/lib/zookeeper'
  $log_dir            = '/var/log/zookeeper'
  $user               = 'zookeeper'
  $group              = 'zookeeper'
  $peer_port          = 2888
  $election_port      = 3888
  $scripts_dir        = '/usr/local/lib/ceilometer-zookeeper'

  $central_agent_primitive   = 'p_ceilometer-agent-central'
  $central_agent_service     = 'ceilometer-agent-central'
  $alarm_evaluator_primitive = 'p_aodh-evaluator'
  $alarm_evaluator_service   = 'aodh-evaluator'
  $notification_service      = 'ceilometer-agent-notification'

  # Ports that other services of a Fuel 9 controller listen on.
  $reserved_ports = {
    '3306'  => 'MySQL',
    '4369'  => 'RabbitMQ epmd',
    '5000'  => 'Keystone',
    '5672'  => 'RabbitMQ',
    '5673'  => 'RabbitMQ',
    '6080'  => 'nova-novncproxy',
    '8000'  => 'Heat CloudFormation',
    '8004'  => 'Heat',
    '8042'  => 'aodh',
    '8080'  => 'Swift proxy',
    '8386'  => 'Sahara',
    '8774'  => 'Nova',
    '8776'  => 'Cinder',
    '8777'  => 'Ceilometer API',
    '9191'  => 'Glance registry',
    '9292'  => 'Glance',
    '9696'  => 'Neutron',
    '11211' => 'memcached',
    '15672' => 'RabbitMQ management',
    '25672' => 'RabbitMQ clustering',
    '27017' => 'MongoDB',
    '35357' => 'Keystone admin',
  }
}
