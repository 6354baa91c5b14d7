# Rendering of the ZooKeeper servers { uid => address } shared by the module's functions.
# Plain Ruby 1.9+ (Fuel 9 nodes); required by path, so it loads on Puppet 3.8 as well.
module PuppetX
  module CeilometerZookeeper
    module Servers
      # [[uid, address], ...] ordered by uid as a number (2 before 10), so that every
      # controller renders the same list; uid text breaks ties.
      def self.by_uid(servers)
        uids = servers.keys.sort_by { |uid| [uid.to_s.to_i, uid.to_s] }
        uids.map { |uid| [uid.to_s, servers[uid].to_s] }
      end

      # "address:port", an IPv6 address in brackets.
      def self.host_port(address, port)
        address = address.to_s
        address = "[#{address}]" if address.include?(':') && !address.start_with?('[')
        "#{address}:#{port}"
      end
    end
  end
end
