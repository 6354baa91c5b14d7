# == Define: ceilometer_zookeeper::firewall_peer
#
# @api private
# Internal: declared by ceilometer_zookeeper::firewall only.
#
# Accepts TCP connections from one controller (the title: its address) to the given
# ZooKeeper ports.
#
# === Parameters
#
# [*ports*]
#   The destination ports to open.
#
define ceilometer_zookeeper::firewall_peer (
  $ports,
) {
  firewall { "118 ceilometer-zookeeper from ${title}":
    proto  => 'tcp',
    source => $title,
    dport  => $ports,
    action => 'accept',
  }
}
