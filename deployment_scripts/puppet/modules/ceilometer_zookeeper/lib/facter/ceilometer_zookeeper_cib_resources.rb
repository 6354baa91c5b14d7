# The ids of the resources (primitives, clones, groups) in this node's Pacemaker CIB,
# comma-separated; empty where Pacemaker is not installed; UNREADABLE where cibadmin is
# there but the CIB cannot be read (the cluster is down or not yet formed): the agents
# task then fails instead of starting an agent outside Pacemaker. Facter 2.x (Fuel 9)
# and 4.x API.
Facter.add(:ceilometer_zookeeper_cib_resources) do
  setcode do
    if Facter::Core::Execution.which('cibadmin')
      xml = Facter::Core::Execution.exec('cibadmin --query --scope resources 2>/dev/null || echo UNREADABLE')
      if xml.to_s.strip.end_with?('UNREADABLE') || xml.to_s.strip.empty?
        'UNREADABLE'
      else
        xml.to_s.scan(/<(?:primitive|clone|group|master|bundle)\s[^>]*?\bid="([^"]+)"/).flatten.join(',')
      end
    else
      ''
    end
  end
end
