# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_setting_errors, :type => :rvalue, :doc => <<-DOC
Checks the plugin's settings (the hash Fuel writes to hiera under 'ceilometer-zookeeper')
against what a controller can take. Arguments: settings hash, the node's memory in MiB,
and a hash { port => service } of ports other services use on controllers.
Returns the problems as one string, each naming the setting as the Fuel UI labels it and
its key, separated by '; '; an empty string when all is well.
    DOC
  ) do |args|
    unless args.length == 3
      raise Puppet::ParseError, 'ceilometer_zookeeper_setting_errors(settings, memory_mb, reserved_ports) takes 3 arguments'
    end
    settings, memory_mb, reserved = args
    settings ||= {}
    labels = {
      'zookeeper_client_port'       => 'ZooKeeper client port',
      'zookeeper_tick_time'         => 'ZooKeeper tick time (ms)',
      'zookeeper_init_limit'        => 'ZooKeeper init limit (ticks)',
      'zookeeper_sync_limit'        => 'ZooKeeper sync limit (ticks)',
      'zookeeper_heap_mb'           => 'ZooKeeper JVM heap (MiB)',
      'zookeeper_snap_retain_count' => 'ZooKeeper snapshots kept',
      'zookeeper_purge_interval'    => 'ZooKeeper purge interval (hours)',
      'coordination_timeout'        => 'Coordination session timeout (s)',
    }
    errors = []
    values = {}
    labels.keys.sort.each do |key|
      raw = settings[key].to_s.strip
      if raw !~ /\A[0-9]+\z/ || raw.to_i <= 0
        errors << "#{labels[key]} (#{key}) must be a positive whole number, got '#{settings[key]}'"
      else
        values[key] = raw.to_i
      end
    end

    port = values['zookeeper_client_port']
    if port
      if port < 1024 || port > 65535
        errors << "#{labels['zookeeper_client_port']} (zookeeper_client_port) must be from 1024 to 65535, got #{port}"
      elsif [2888, 3888].include?(port)
        errors << "#{labels['zookeeper_client_port']} (zookeeper_client_port) #{port} is ZooKeeper's own peer port; choose another"
      else
        taken = (reserved || {})[port.to_s] || (reserved || {})[port]
        if taken
          errors << "#{labels['zookeeper_client_port']} (zookeeper_client_port) #{port} is already used by #{taken} on the controllers; choose another"
        end
      end
    end

    heap = values['zookeeper_heap_mb']
    memory = memory_mb.to_s.to_f
    if heap && memory > 0 && heap > memory / 2
      errors << "#{labels['zookeeper_heap_mb']} (zookeeper_heap_mb) #{heap} exceeds half of this controller's memory (#{memory.to_i} MiB); at most #{(memory / 2).to_i}"
    end
    if heap && heap < 64
      errors << "#{labels['zookeeper_heap_mb']} (zookeeper_heap_mb) must be at least 64, got #{heap}"
    end

    retain = values['zookeeper_snap_retain_count']
    if retain && retain < 3
      errors << "#{labels['zookeeper_snap_retain_count']} (zookeeper_snap_retain_count) must be at least 3 (ZooKeeper's minimum), got #{retain}"
    end

    tick = values['zookeeper_tick_time']
    timeout = values['coordination_timeout']
    if tick && timeout
      lowest = 2 * tick
      highest = 20 * tick
      if timeout * 1000 < lowest || timeout * 1000 > highest
        errors << "#{labels['coordination_timeout']} (coordination_timeout) #{timeout} s is outside what ZooKeeper grants with a tick time of #{tick} ms (#{lowest / 1000.0} to #{highest / 1000.0} s)"
      end
    end
    errors.join('; ')
  end
end
