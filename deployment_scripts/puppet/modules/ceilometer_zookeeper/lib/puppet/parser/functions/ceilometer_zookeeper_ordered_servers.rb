# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
require File.expand_path('../../../../puppet_x/ceilometer_zookeeper/servers', __FILE__)

module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_ordered_servers, :type => :rvalue, :doc => <<-DOC
Returns { uid => address } as [[uid, address], ...] ordered by uid as a number (2 before
10), the order every controller renders zoo.cfg's server lines in.
    DOC
  ) do |args|
    servers = args[0]
    unless args.length == 1 && servers.is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_ordered_servers(servers) takes one hash'
    end
    PuppetX::CeilometerZookeeper::Servers.by_uid(servers)
  end
end
