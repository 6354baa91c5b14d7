# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_server_id_errors, :type => :rvalue, :doc => <<-DOC
Takes the controllers { uid => address }; returns '' when every uid can be a ZooKeeper
server id, otherwise why not, naming the controllers. The server id is the Fuel node uid
and ZooKeeper takes 1 to 255: it puts the id in the top byte of every session id, so uid
257 would give session ids that collide with uid 1's.
    DOC
  ) do |args|
    controllers = args[0]
    unless args.length == 1 && controllers.is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_server_id_errors(controllers) takes one hash'
    end
    bad = controllers.keys.map(&:to_s).reject { |uid| uid =~ /\A[1-9][0-9]*\z/ && uid.to_i <= 255 }
    if bad.empty?
      ''
    else
      names = bad.sort_by { |uid| [uid.to_i, uid] }.map { |uid| "node-#{uid}" }.join(', ')
      "the ZooKeeper server id of a controller is its Fuel node id, and ZooKeeper takes 1 to 255; " \
        "#{names} cannot have one (deploy those controllers as nodes with an id of 255 or less)"
    end
  end
end
