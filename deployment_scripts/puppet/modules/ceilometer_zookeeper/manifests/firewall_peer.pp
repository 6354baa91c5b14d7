# == Define: ceilometer_zookeeper::firewall_peer
#
# @api private
# Internal: declared by ceilometer_zookeeper::firewall only.
#
# The accept rule, in the plugin's chain, for ZooKeeper's ports from one controller.
#
# === Parameters
#
# [*title*]
#   The controller's management address.
# [*chain*]
#   The plugin's chain.
# [*ports*]
#   ZooKeeper's client, quorum and election ports.
#
define ceilometer_zookeeper::firewall_peer (
  $chain,
  $ports,
) {
  firewall { "100 ceilometer-zookeeper from ${title}":
    chain  => $chain,
    proto  => 'tcp',
    source => $title,
    dport  => $ports,
    action => 'accept',
  }
}
