# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8). Our own, because stdlib's
# keys/values/size warn of deprecation on Puppet 7 and Puppet 3.8 lacks built-ins.
require File.expand_path('../../../../puppet_x/ceilometer_zookeeper/servers', __FILE__)

module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_addresses, :type => :rvalue, :doc => <<-DOC
Returns the addresses of { uid => address }, ordered by uid.
    DOC
  ) do |args|
    servers = args[0]
    unless args.length == 1 && servers.is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_addresses(servers) takes one hash'
    end
    PuppetX::CeilometerZookeeper::Servers.by_uid(servers).map { |_uid, address| address }
  end
end
