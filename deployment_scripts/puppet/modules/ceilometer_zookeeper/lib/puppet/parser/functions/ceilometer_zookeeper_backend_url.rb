# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
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
    hosts = servers.keys.sort_by { |uid| uid.to_s.to_i }.map do |uid|
      address = servers[uid].to_s
      address = "[#{address}]" if address.include?(':')
      "#{address}:#{port}"
    end
    "zookeeper://#{hosts.join(',')}?timeout=#{timeout}"
  end
end
