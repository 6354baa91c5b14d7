# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_start_servers, :type => :rvalue, :doc => <<-DOC
The servers this node's zoo.cfg lists in the first of the two server tasks, from the
controllers of the deployment { uid => address } and the server ids this node's zoo.cfg
lists now (comma-separated, '' before the plugin first wrote it).

ZooKeeper 3.4 cannot change its server list live, and a server restarted with a longer
list waits until a majority of that list follows one leader: restarted before the new
servers run, it would wait for good. So when controllers are added, an existing server
keeps the servers it knows (less any removed) in the first task while the new ones start
with the whole list and join the running leader; the second task (one controller at a
time) then gives every existing server the whole list. Otherwise (a first deployment, a
new controller, no addition) this is the whole list.
    DOC
  ) do |args|
    unless args.length == 2 && args[0].is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_start_servers(controllers, configured) takes a hash and a string'
    end
    controllers, configured = args
    before = configured.to_s.split(',').map(&:strip).reject(&:empty?)
    added = controllers.keys.map(&:to_s) - before
    if before.empty? || added.empty?
      controllers
    else
      controllers.reject { |uid, _address| added.include?(uid.to_s) }
    end
  end
end
