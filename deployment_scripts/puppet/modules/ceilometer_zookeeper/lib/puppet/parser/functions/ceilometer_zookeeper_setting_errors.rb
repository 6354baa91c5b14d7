# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
require File.expand_path('../../../../puppet_x/ceilometer_zookeeper/settings', __FILE__)

module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_setting_errors, :type => :rvalue, :doc => <<-DOC
Checks the plugin's settings (the hash Fuel writes to hiera under 'ceilometer-zookeeper')
against what a controller can take. Arguments: settings hash, the node's memory in MiB,
and a hash { port => service } of ports other services use on controllers.
Each text setting must be written as the UI's regex allows (digits, no leading zero, no
spaces or line breaks) and lie in the UI's range (PuppetX::CeilometerZookeeper::SETTINGS,
the same labels and ranges as environment_config.yaml); then come the checks that depend
on the node: ports other services use, ZooKeeper's own peer ports, the heap against the
memory, the session timeout against the 2 to 20 ticks ZooKeeper grants.
Returns the problems as one string, each naming the setting as the Fuel UI labels it and
its key, separated by '; '; an empty string when all is well.
    DOC
  ) do |args|
    unless args.length == 3
      raise Puppet::ParseError, 'ceilometer_zookeeper_setting_errors(settings, memory_mb, reserved_ports) takes 3 arguments'
    end
    settings, memory_mb, reserved = args
    settings = {} unless settings.is_a?(Hash)
    reserved = {} unless reserved.is_a?(Hash)
    table = PuppetX::CeilometerZookeeper::SETTINGS
    name = lambda { |key| "#{table[key]['label']} (#{key})" }

    errors = []
    values = {}
    table.keys.sort.each do |key|
      raw = settings[key].to_s
      stripped = raw.strip
      if stripped !~ /\A[0-9]+\z/ || stripped.to_i <= 0
        errors << "#{name.call(key)} must be a positive whole number, got '#{raw}'"
      elsif raw != stripped
        errors << "#{name.call(key)} must be digits only, without spaces or line breaks around them, got #{raw.inspect}"
      elsif raw !~ /\A[1-9][0-9]*\z/
        errors << "#{name.call(key)} must be written without leading zeros, got '#{raw}'"
      else
        value = raw.to_i
        low = table[key]['min']
        high = table[key]['max']
        if value < low || value > high
          errors << "#{name.call(key)} must be from #{low} to #{high}, got #{value}"
        else
          values[key] = value
        end
      end
    end

    port = values['zookeeper_client_port']
    if port
      if [2888, 3888].include?(port)
        errors << "#{name.call('zookeeper_client_port')} #{port} is ZooKeeper's own peer port; choose another"
      else
        taken = reserved[port.to_s] || reserved[port]
        if taken
          errors << "#{name.call('zookeeper_client_port')} #{port} is already used by #{taken} on the controllers; choose another"
        end
      end
    end

    heap = values['zookeeper_heap_mb']
    memory = memory_mb.to_s.to_f
    if heap && memory > 0 && heap > memory / 2
      errors << "#{name.call('zookeeper_heap_mb')} #{heap} exceeds half of this controller's memory (#{memory.to_i} MiB); at most #{(memory / 2).to_i}"
    end

    tick = values['zookeeper_tick_time']
    timeout = values['coordination_timeout']
    if tick && timeout
      lowest = 2 * tick
      highest = 20 * tick
      if timeout * 1000 < lowest || timeout * 1000 > highest
        errors << "#{name.call('coordination_timeout')} #{timeout} s is outside what ZooKeeper grants with a tick time of #{tick} ms (#{lowest / 1000.0} to #{highest / 1000.0} s)"
      end
    end
    errors.join('; ')
  end
end
