# The server ids of the ensemble this node's ZooKeeper is configured for now (the
# server.N lines of its zoo.cfg), comma-separated in id order; empty before the plugin
# first wrote zoo.cfg here (a new controller, a first deployment). The check task compares
# them with the controllers of the deployment about to run. Facter 2.x (Fuel 9) and 4.x.
Facter.add(:ceilometer_zookeeper_configured_servers) do
  setcode do
    path = '/etc/zookeeper/conf/zoo.cfg'
    if File.readable?(path)
      File.read(path).scan(/^server\.(\d+)=/).flatten.map(&:to_i).sort.uniq.join(',')
    else
      ''
    end
  end
end
