# == Class: ceilometer_zookeeper::check
#
# Fails the deployment early, before anything is changed, when a setting cannot work on
# this controller. Every message names the setting as the Fuel UI shows it.
#
# Its task is the one that also runs outside HA (Ceilometer off or fewer than 3
# controllers): there ::ceilometer_zookeeper warns that the plugin changes nothing, and
# a controller whose zoo.cfg lists an ensemble refuses, since skipping every other task
# would leave ZooKeeper, the agents' clone and a backend_url behind.
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
  } elsif $configured_servers and $configured_servers != '' {
    # Both tests: the fact is undef where it was never loaded, and '' (true on Puppet 4
    # and later) before the plugin first wrote zoo.cfg here.
    $ensemble = "this controller runs the plugin's ZooKeeper ensemble (servers ${configured_servers} in zoo.cfg)"
    $below = 'The plugin cannot be taken below 3 controllers: keep 3 or more.'
    fail("ceilometer-zookeeper: refused: ${ensemble}, and ${::ceilometer_zookeeper::here}. ${below}")
  }
}
