# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
require File.expand_path('../../../../puppet_x/ceilometer_zookeeper/servers', __FILE__)

module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_ensemble_key, :type => :rvalue, :doc => <<-DOC
The part of zoo.cfg that every server must change together, in the form of the fact
ceilometer_zookeeper_served_ensemble: "clientPort=P server.1=A:PEER:ELECTION ...", servers
ordered by uid. Arguments: { uid => address }, client port, peer port, election port.
    DOC
  ) do |args|
    servers, client_port, peer_port, election_port = args
    unless args.length == 4 && servers.is_a?(Hash)
      raise Puppet::ParseError,
            'ceilometer_zookeeper_ensemble_key(servers, client_port, peer_port, election_port) takes a hash and three ports'
    end
    lines = PuppetX::CeilometerZookeeper::Servers.by_uid(servers).map do |uid, address|
      "server.#{uid}=#{address}:#{peer_port}:#{election_port}"
    end
    (["clientPort=#{client_port}"] + lines).join(' ')
  end
end
