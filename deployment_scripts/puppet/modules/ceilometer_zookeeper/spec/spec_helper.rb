require 'rspec-puppet'
require 'yaml'

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
  # Puppet's compiler asks Facter for the server's own fqdn and addresses on every
  # catalog, after rspec-puppet has cleared Facter's cache, and Facter 4 answers by
  # running `ip` three times. No class reads these server facts: fixed values instead.
  c.before(:each) do
    facter = Puppet.runtime[:facter]
    allow(facter).to receive(:value).and_call_original
    { 'fqdn' => 'puppet.test.domain.local', 'ipaddress' => '10.20.0.2', 'ipaddress6' => 'fd00::2' }.each do |fact, value|
      allow(facter).to receive(:value).with(fact).and_return(value)
    end
  end
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

# The plugin's UI settings at their defaults, read from the plugin's environment_config.yaml
# (the module is deployment_scripts/puppet/modules/ceilometer_zookeeper: the repository
# is 4 levels above it), as Fuel writes them to hiera: { key => value }.
REPO_ROOT = File.expand_path('../../../../..', __dir__)
DEFAULT_SETTINGS = YAML.load_file(File.join(REPO_ROOT, 'environment_config.yaml'))['attributes']
                       .reject { |key, _| key == 'metadata' }
                       .map { |key, attribute| [key, attribute['value']] }.to_h.freeze

# The class declaration an entry manifest makes, as a pre_condition: Fuel's hiera hash
# 'ceilometer' has 'enabled' (true unless ceilometer is false).
def plugin_class(count, uid = '2', settings = {}, ceilometer = true)
  all = DEFAULT_SETTINGS.merge(settings)
  "class { 'ceilometer_zookeeper':
     settings         => #{hash_to_puppet(all)},
     network_metadata => #{hash_to_puppet(network_metadata(count))},
     node_uid         => '#{uid}',
     ceilometer       => #{hash_to_puppet('enabled' => ceilometer)},
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
