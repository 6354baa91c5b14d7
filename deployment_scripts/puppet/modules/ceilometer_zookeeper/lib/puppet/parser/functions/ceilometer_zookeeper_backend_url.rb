# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
require File.expand_path('../../../../puppet_x/ceilometer_zookeeper/servers', __FILE__)

module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_backend_url, :type => :rvalue, :doc => <<-DOC
Builds the tooz coordination URL of one controller from its own management address, the
client port and the session timeout in seconds: zookeeper://address:port?timeout=N.

Each agent talks to the ZooKeeper server of its own controller only. With every server
listed, kazoo reconnects to a host picked at random and gives a silent (cut or powered
off) host the whole session timeout to answer a TCP connect: a survivor that tried the
lost controller first lost its session in the election that follows (seen in 1 of 4 cuts
of the leader's controller in the lab; none in 5 with the local server only). A follower
that loses its leader drops its clients at once, and they come back to it as soon as the
survivors have elected a leader, which renews every session's timeout.
    DOC
  ) do |args|
    unless args.length == 3
      raise Puppet::ParseError, 'ceilometer_zookeeper_backend_url(address, port, timeout) takes 3 arguments'
    end
    address, port, timeout = args
    unless address.is_a?(String) && !address.empty?
      raise Puppet::ParseError, "ceilometer_zookeeper_backend_url: address must be this controller's management address"
    end
    "zookeeper://#{PuppetX::CeilometerZookeeper::Servers.host_port(address, port)}?timeout=#{timeout}"
  end
end
