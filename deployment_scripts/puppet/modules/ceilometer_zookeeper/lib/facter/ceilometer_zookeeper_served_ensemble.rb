# What this node's ZooKeeper server serves now, as the plugin's server tasks compare it
# with what it should serve (function ceilometer_zookeeper_ensemble_key): the clientPort
# and server.N lines of its zoo.cfg, one space apart, servers in id order. Empty before
# the plugin first wrote a server list here (a new controller, a first deployment); 'stale'
# when a running server started before zoo.cfg was last written (a deployment stopped
# between the write and the restart): it serves an older configuration, whatever the file
# says. Facter 2.x (Fuel 9) and 4.x API.
Facter.add(:ceilometer_zookeeper_served_ensemble) do
  setcode do
    path = '/etc/zookeeper/conf/zoo.cfg'
    if File.readable?(path) && File.read(path) =~ /^server\.\d+=/
      lines = File.read(path).lines.map(&:strip)
      port = lines.grep(/^clientPort=/).first.to_s
      servers = lines.grep(/^server\.\d+=/).sort_by { |line| line[/\d+/].to_i }
      pid = Facter::Core::Execution.exec("pgrep -o -f 'org.apache.zookeeper.server.quorum.[Q]uorumPeerMain' 2>/dev/null").to_s.strip
      age = pid.empty? ? '' : Facter::Core::Execution.exec("ps -o etimes= -p #{pid} 2>/dev/null").to_s.strip
      # etimes counts whole seconds: a start within 2 s of the write is taken as after it.
      if age =~ /\A\d+\z/ && Time.now.to_i - age.to_i + 2 < File.mtime(path).to_i
        'stale'
      else
        ([port] + servers).join(' ')
      end
    else
      ''
    end
  end
end
