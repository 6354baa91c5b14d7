# == Class: ceilometer_zookeeper::params
#
# @api private
# Internal: inherited by ceilometer_zookeeper and included by the internal classes.
#
# Names and paths that differ between Fuel 9 nodes (Ubuntu 14.04) and Debian.
#
class ceilometer_zookeeper::params {
  # The exact python-kazoo the plugin builds (pre_build_sources.ini, tools/fuel9_packages.py;
  # a unit test holds them equal), not 'latest': a MOS build of the same upstream version
  # sorts above 2.2.1-1~czk1, and with the plugin's repository pinned at 1100 apt would then
  # try a downgrade that apt-get -y refuses, or leave another kazoo in place.
  $plugin_kazoo_version = '2.2.1-1~czk1'

  case $::lsbdistcodename {
    'trusty', 'xenial': {
      # The plugin's own packages (pre_build_hook, PLUGIN_TARGET=fuel9): ZooKeeper 3.4 laid
      # out as Debian's zookeeper and zookeeperd, and kazoo for Python 2.7. Ubuntu's own
      # python-kazoo (1.2.1 on 14.04) lacks what tooz needs.
      $zookeeper_packages = ['ceilometer-zookeeper-server']
      $kazoo_package      = 'python-kazoo'
      $kazoo_ensure       = $plugin_kazoo_version
      $python             = '/usr/bin/python'
    }
    default: {
      # Debian's packages (the lab flavour). kazoo serves the node's Python: where `python`
      # is 2.7 (the lab's Mitaka agents, on Debian 11's Python 2.7), the plugin's own
      # python-kazoo, as on Fuel 9 (the lab flavour carries the same .deb); otherwise
      # Debian's python3-kazoo.
      $zookeeper_packages = ['zookeeper', 'zookeeperd']
      # A boolean fact, or its string where facts are strings (Puppet 3's stringify_facts).
      if ($::ceilometer_zookeeper_python27 == true) or ($::ceilometer_zookeeper_python27 == 'true') {
        $kazoo_package = 'python-kazoo'
        $kazoo_ensure  = $plugin_kazoo_version
        $python        = '/usr/bin/python'
      } else {
        $kazoo_package = 'python3-kazoo'
        $kazoo_ensure  = 'installed'
        $python        = '/usr/bin/python3'
      }
    }
  }
  $zookeeper_service  = 'zookeeper'
  # Debian's packages make /etc/zookeeper/conf an alternatives symlink, the plugin's a
  # directory; files are written through it.
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
  # Each agent's command line (pgrep -f) and configuration file: an instance that started
  # before its file was last written runs an older configuration. The central agent is
  # ceilometer-polling --polling-namespaces central (Fuel 9's OCF script and the lab's),
  # or ceilometer-agent-central; not the compute agent of a controller that is also a
  # compute. '[b]in' keeps the pattern from matching a command line that quotes it.
  $central_agent_process     = '[b]in/ceilometer-(agent-central|polling .*--polling-namespaces[ =]central)'
  $central_agent_config      = '/etc/ceilometer/ceilometer.conf'
  $alarm_evaluator_process   = '[b]in/aodh-evaluator'
  $alarm_evaluator_config    = '/etc/aodh/aodh.conf'
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
