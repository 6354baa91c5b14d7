require 'rspec-puppet'

MODULES = File.expand_path('../..', __dir__)

RSpec.configure do |c|
  # This module beside the Debian-packaged ones it uses (stdlib, inifile, ceilometer, aodh,
  # openstacklib, firewall), as on a Fuel node's /etc/puppet/modules.
  c.module_path = [MODULES, '/usr/share/puppet/modules'].join(':')
  c.manifest = File.join(__dir__, 'fixtures', 'site.pp')
  # The module path above already holds this module: no fixtures symlink (it would loop).
  c.setup_fixtures = false
  c.default_facts = {
    :osfamily                          => 'Debian',
    :operatingsystem                   => 'Ubuntu',
    :lsbdistcodename                   => 'trusty',
    :memorysize_mb                     => '16000',
    :ceilometer_zookeeper_cib_resources => 'p_ceilometer-agent-central,p_aodh-evaluator',
  }
end

# Fuel's network_metadata for `count` controllers (uids 1..count, the first primary) and
# one compute; management addresses 10.20.0.(10+uid).
def network_metadata(count)
  nodes = {}
  (1..count).each do |uid|
    nodes["node-#{uid}"] = {
      'uid'           => uid.to_s,
      'node_roles'    => [uid == 1 ? 'primary-controller' : 'controller'],
      'network_roles' => { 'management' => "10.20.0.#{10 + uid}", 'mgmt/vip' => "10.20.0.#{10 + uid}" },
    }
  end
  nodes["node-#{count + 1}"] = {
    'uid'           => (count + 1).to_s,
    'node_roles'    => ['compute'],
    'network_roles' => { 'management' => "10.20.0.#{11 + count}" },
  }
  { 'nodes' => nodes }
end

DEFAULT_SETTINGS = {
  'coordinate_central_agent'    => true,
  'coordinate_alarm_evaluator'  => true,
  'notification_partitioning'   => false,
  'zookeeper_client_port'       => '2181',
  'zookeeper_tick_time'         => '2000',
  'zookeeper_init_limit'        => '10',
  'zookeeper_sync_limit'        => '5',
  'zookeeper_heap_mb'           => '512',
  'zookeeper_snap_retain_count' => '3',
  'zookeeper_purge_interval'    => '24',
  'coordination_timeout'        => '10',
}.freeze

# The class declaration an entry manifest makes, as a pre_condition.
def plugin_class(count, uid = '2', settings = {})
  all = DEFAULT_SETTINGS.merge(settings)
  "class { 'ceilometer_zookeeper':
     settings         => #{hash_to_puppet(all)},
     network_metadata => #{hash_to_puppet(network_metadata(count))},
     node_uid         => '#{uid}',
   }"
end

def hash_to_puppet(value)
  case value
  when Hash
    '{' + value.map { |k, v| "'#{k}' => #{hash_to_puppet(v)}" }.join(', ') + '}'
  when Array
    '[' + value.map { |v| hash_to_puppet(v) }.join(', ') + ']'
  when true, false
    value.to_s
  else
    "'#{value}'"
  end
end
