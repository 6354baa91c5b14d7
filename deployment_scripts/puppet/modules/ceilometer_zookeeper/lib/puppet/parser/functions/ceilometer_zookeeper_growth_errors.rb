# Puppet 3.x function API (Fuel 9 nodes run Puppet 3.8).
module Puppet::Parser::Functions
  newfunction(:ceilometer_zookeeper_growth_errors, :type => :rvalue, :doc => <<-DOC
Takes the controllers of this deployment { uid => address } and the server ids this
node's ZooKeeper is configured for now (a comma-separated string, '' before the first
deployment); returns '' when the step is safe, otherwise why not. Unsafe: adding at least
as many new servers as the ensemble keeps. ZooKeeper 3.4 has no reconfiguration: every
server restarts with the new list, and new, empty servers that are as many as the old
ones can form a majority with a single old one missing, or alone, and elect an empty
leader. Safe steps add fewer controllers than the ensemble keeps.
    DOC
  ) do |args|
    unless args.length == 2 && args[0].is_a?(Hash)
      raise Puppet::ParseError, 'ceilometer_zookeeper_growth_errors(controllers, configured) takes a hash and a string'
    end
    controllers, configured = args
    before = configured.to_s.split(',').map(&:strip).reject(&:empty?)
    if before.empty?
      ''
    else
      now = controllers.keys.map(&:to_s)
      kept = now & before
      added = (now - before).sort_by { |uid| [uid.to_i, uid] }
      if !kept.empty? && added.length >= kept.length
        "adding #{added.length} controller(s) (#{added.map { |u| "node-#{u}" }.join(', ')}) to a ZooKeeper " \
          "ensemble that keeps #{kept.length} would let the new, empty servers outnumber the existing ones; " \
          "add at most #{kept.length - 1} at a time and deploy between the steps"
      else
        ''
      end
    end
  end
end
