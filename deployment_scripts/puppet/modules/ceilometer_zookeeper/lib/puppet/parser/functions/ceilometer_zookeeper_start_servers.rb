# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_start_servers, :type => :rvalue, :doc => <<-DOC
The servers this node's zoo.cfg lists after the first of the two server tasks, from the
controllers of the deployment { uid => address } and the server ids this node's zoo.cfg
lists now (comma-separated, '' before the plugin first wrote it): the whole list on a
first deployment, on a new controller and when the list stays the same; undef (zoo.cfg
left as it is) on an existing server when controllers are added or removed.

ZooKeeper 3.4 cannot change its server list live. Restarted one by one with a new list,
the servers elect among mixed lists when the leader's turn comes, and that election can
take minutes (seen in the lab: 3 -> 5 controllers, no quorum for 98 s). So a changed list
reaches the existing servers in the second task, on every controller at once: one short
election among servers that all have the same list. The new servers start in the first
task, with the whole list, and join the running leader.
    DOC
  ) do |args|
    unless args.length == 2 && args[0].is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_start_servers(controllers, configured) takes a hash and a string'
    end
    controllers, configured = args
    before = configured.to_s.split(',').map(&:strip).reject(&:empty?)
    if before.empty? || before.sort == controllers.keys.map(&:to_s).sort
      controllers
    else
      :undef
    end
  end
end
