# == Class: ceilometer_zookeeper::firewall
#
# Opens ZooKeeper's client, quorum and election ports to the controllers, through a chain
# of the plugin's own: one rule in INPUT sends those ports to the chain, which accepts
# the controllers' management addresses and returns everything else to INPUT (where
# Fuel's last rule drops it). The chain is rebuilt from the current controllers on every
# run (purge): the rule of a removed controller goes, and an address Fuel gives to a new
# node later is not admitted by a rule left behind. Fuel's own firewall task ends its
# INPUT chain with a rule that drops everything not opened before it; the jump is
# numbered to come before that rule.
#
# === Parameters
#
# [*chain*]
#   The plugin's chain in the filter table.
#
class ceilometer_zookeeper::firewall (
  $chain = 'ceilometer-zookeeper',
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    $ports = [
      $::ceilometer_zookeeper::client_port,
      $::ceilometer_zookeeper::peer_port,
      $::ceilometer_zookeeper::election_port,
    ]

    firewallchain { "${chain}:filter:IPv4":
      ensure => present,
      purge  => true,
    }

    firewall { '118 ceilometer-zookeeper controllers':
      chain   => 'INPUT',
      proto   => 'tcp',
      dport   => $ports,
      jump    => $chain,
      require => Firewallchain["${chain}:filter:IPv4"],
    }

    ceilometer_zookeeper::firewall_peer { $::ceilometer_zookeeper::addresses:
      chain   => $chain,
      ports   => $ports,
      require => Firewallchain["${chain}:filter:IPv4"],
    }
  }
}
