# The ids of the resources (primitives, clones, groups) in this node's Pacemaker CIB,
# comma-separated; empty where Pacemaker does not run. Facter 2.x (Fuel 9) and 4.x API.
Facter.add(:ceilometer_zookeeper_cib_resources) do
  setcode do
    if Facter::Core::Execution.which('cibadmin')
      xml = Facter::Core::Execution.exec('cibadmin --query --scope resources 2>/dev/null')
      ids = xml.to_s.scan(/<(?:primitive|clone|group|master|bundle)\s[^>]*?\bid="([^"]+)"/).flatten
      ids.join(',')
    else
      ''
    end
  end
end
