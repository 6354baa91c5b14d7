# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_enabled_plugins, :type => :rvalue, :doc => <<-DOC
Takes { plugin name => that plugin's hiera hash } and returns the names of the plugins
whose metadata says enabled (true or 'true'), sorted and joined with ', '; '' when none.
A plugin that is not installed has no hash (or an empty one) and counts as not enabled.
    DOC
  ) do |args|
    plugins = args[0]
    unless args.length == 1 && plugins.is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_enabled_plugins(plugins) takes one hash'
    end
    enabled = plugins.select do |_name, settings|
      metadata = settings.is_a?(Hash) ? settings['metadata'] : nil
      metadata.is_a?(Hash) && [true, 'true'].include?(metadata['enabled'])
    end
    enabled.map { |name, _settings| name.to_s }.sort.join(', ')
  end
end
