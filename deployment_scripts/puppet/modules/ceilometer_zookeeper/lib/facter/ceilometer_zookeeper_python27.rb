# Whether this node's `python` (/usr/bin/python) is Python 2.7, the Python that Fuel 9's
# Ceilometer and aodh run on: the kazoo that tooz needs must then be the Python 2.7 one (the
# plugin's python-kazoo). Debian 12 has no Python 2 unless one is added (the lab's Mitaka
# agents add Debian 11's). Facter 2.x (Fuel 9) and 4.x.
Facter.add(:ceilometer_zookeeper_python27) do
  setcode do
    python = '/usr/bin/python'
    if File.executable?(python)
      version = Facter::Core::Execution.exec("#{python} -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])'")
      version.to_s.strip == '2.7'
    else
      false
    end
  end
end
