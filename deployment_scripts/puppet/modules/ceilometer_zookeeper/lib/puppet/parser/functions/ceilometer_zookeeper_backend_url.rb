# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
require File.expand_path('../../../../puppet_x/ceilometer_zookeeper/servers', __FILE__)

module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_backend_url, :type => :rvalue, :doc => <<-DOC
Builds the tooz coordination URL from { uid => address }, the client port and the
session timeout in seconds: zookeeper://a1:port,a2:port,a3:port?timeout=N, hosts ordered
by uid so that every controller renders the same string.
    DOC
  ) do |args|
    unless args.length == 3
      raise Puppet::ParseError, 'ceilometer_zookeeper_backend_url(servers, port, timeout) takes 3 arguments'
    end
    servers, port, timeout = args
    unless servers.is_a?(Hash) && !servers.empty?
      raise Puppet::ParseError, 'ceilometer_zookeeper_backend_url: servers must be a non-empty hash of uid => address'
    end
    hosts = PuppetX::CeilometerZookeeper::Servers.by_uid(servers).map do |_uid, address|
      PuppetX::CeilometerZookeeper::Servers.host_port(address, port)
    end
    "zookeeper://#{hosts.join(',')}?timeout=#{timeout}"
  end
end
