# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
require File.expand_path('../../../../puppet_x/ceilometer_zookeeper/servers', __FILE__)

module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_server_args, :type => :rvalue, :doc => <<-DOC
Turns { uid => address } and a port into the arguments of zookeeper-ensemble-check:
"node-1=10.0.0.2:2181 node-2=10.0.0.3:2181 ...", ordered by uid.
    DOC
  ) do |args|
    servers, port = args
    unless args.length == 2 && servers.is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_server_args(servers, port) takes a hash and a port'
    end
    PuppetX::CeilometerZookeeper::Servers.by_uid(servers).map do |uid, address|
      "node-#{uid}=#{PuppetX::CeilometerZookeeper::Servers.host_port(address, port)}"
    end.join(' ')
  end
end
