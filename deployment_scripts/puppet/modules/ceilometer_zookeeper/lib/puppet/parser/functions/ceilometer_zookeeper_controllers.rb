# Written for the Puppet 3.x function API so that it runs on Fuel 9 nodes (Puppet 3.8,
# Ruby 1.9/2.x) as well as on Puppet 7.
module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_controllers, :type => :rvalue, :doc => <<-DOC
Returns the controllers of a Fuel network_metadata hash as { uid => address } where the
address is the node's address on the given network role (e.g. 'management').
Controllers are the nodes whose node_roles hold 'controller' or 'primary-controller'.
Fails naming the node when a controller has no address on that role or no uid.
    DOC
  ) do |args|
    unless args.length == 2
      raise Puppet::ParseError, 'ceilometer_zookeeper_controllers(network_metadata, network_role) takes 2 arguments'
    end
    metadata, role = args
    unless metadata.is_a?(Hash) && metadata['nodes'].is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_controllers: network_metadata has no nodes hash'
    end
    result = {}
    metadata['nodes'].keys.sort.each do |name|
      node = metadata['nodes'][name]
      roles = Array(node['node_roles'])
      next unless roles.include?('controller') || roles.include?('primary-controller')
      uid = node['uid'].to_s
      if uid.empty?
        raise Puppet::ParseError, "ceilometer_zookeeper_controllers: controller #{name} has no uid"
      end
      address = (node['network_roles'] || {})[role].to_s.split('/').first.to_s
      if address.empty?
        raise Puppet::ParseError, "ceilometer_zookeeper_controllers: controller #{name} has no address on network role #{role}"
      end
      result[uid] = address
    end
    result
  end
end
