# == Class: ceilometer_zookeeper::firewall
#
# Opens ZooKeeper's client, quorum and election ports to the other controllers. Fuel's
# own firewall task ends its INPUT chain with a rule that drops everything not opened
# before it; these rules are numbered to come before that rule.
#
class ceilometer_zookeeper::firewall {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    ceilometer_zookeeper::firewall_peer { $::ceilometer_zookeeper::addresses:
      ports => [
        $::ceilometer_zookeeper::client_port,
        $::ceilometer_zookeeper::peer_port,
        $::ceilometer_zookeeper::election_port,
      ],
    }
  }
}
