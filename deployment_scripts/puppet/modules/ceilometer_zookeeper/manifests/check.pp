# == Class: ceilometer_zookeeper::check
#
# Fails the deployment early, before anything is changed, when a setting cannot work on
# this controller. Every message names the setting as the Fuel UI shows it.
#
# === Parameters
#
# [*memory_mb*]
#   This node's memory in MiB (the heap may take at most half of it).
#
# [*configured_servers*]
#   The server ids this node's ZooKeeper runs with now (fact
#   ceilometer_zookeeper_configured_servers): adding as many controllers as the ensemble
#   keeps, in one deployment, is refused.
#
# [*other_owners*]
#   { plugin name => its hiera hash } of the plugins that also set [coordination]
#   backend_url and clone the central agent (ceilometer-redis, telemetry); an enabled one
#   fails the deployment: two owners of one setting overwrite each other on every deploy.
#
class ceilometer_zookeeper::check (
  $memory_mb = $::memorysize_mb,
  $other_owners = {},
  $configured_servers = $::ceilometer_zookeeper_configured_servers,
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    $enabled_owners = ceilometer_zookeeper_enabled_plugins($other_owners)
    if $enabled_owners != '' {
      $owners_message = "the plugin(s) ${enabled_owners} also set [coordination] backend_url and clone the central agent"
      fail("ceilometer-zookeeper: ${owners_message}; disable them or this plugin")
    }
    $errors = ceilometer_zookeeper_setting_errors(
      $::ceilometer_zookeeper::settings,
      $memory_mb,
      $::ceilometer_zookeeper::reserved_ports
    )
    if $errors != '' {
      fail("ceilometer-zookeeper: bad settings: ${errors}")
    }
    $id_errors = ceilometer_zookeeper_server_id_errors($::ceilometer_zookeeper::controllers)
    if $id_errors != '' {
      fail("ceilometer-zookeeper: ${id_errors}")
    }
    $growth_errors = ceilometer_zookeeper_growth_errors($::ceilometer_zookeeper::controllers, $configured_servers)
    if $growth_errors != '' {
      fail("ceilometer-zookeeper: ${growth_errors}")
    }
    if $::ceilometer_zookeeper::address == undef {
      fail("ceilometer-zookeeper: node uid ${::ceilometer_zookeeper::node_uid} is not one of the controllers in network_metadata")
    }
    notice("ceilometer-zookeeper: settings checked for ${::ceilometer_zookeeper::controller_count} controllers")
  }
}
