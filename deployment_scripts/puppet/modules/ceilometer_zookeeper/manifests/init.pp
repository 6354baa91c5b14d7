# == Class: ceilometer_zookeeper
#
# The settings shared by the plugin's classes, derived once from what Fuel puts in hiera.
# Every other class of the module reads them from here.
#
# === Parameters
#
# [*settings*]
#   The plugin's hash from hiera ('ceilometer-zookeeper'): the Fuel UI settings.
# [*network_metadata*]
#   Fuel's network_metadata hash: the nodes with their roles and addresses.
# [*node_uid*]
#   This node's Fuel uid (hiera 'uid'); becomes ZooKeeper's myid.
# [*ceilometer*]
#   Fuel's Ceilometer hash (hiera 'ceilometer'): the plugin acts only where its 'enabled'
#   is true, and an absent key reads as false, as in the tasks' condition.
# [*network_role*]
#   The network role whose address ZooKeeper binds to and clients use.
#
class ceilometer_zookeeper (
  $settings         = {},
  $network_metadata = {},
  $node_uid         = undef,
  $ceilometer       = {},
  $network_role     = 'management',
) inherits ceilometer_zookeeper::params {

  $controllers = ceilometer_zookeeper_controllers($network_metadata, $network_role)
  $addresses = ceilometer_zookeeper_addresses($controllers)
  $controller_count = count($addresses)
  # lint:ignore:only_variable_string undef must become '' (str2bool refuses undef on Puppet 7)
  $ceilometer_enabled = str2bool("${ceilometer['enabled']}")
  # lint:endignore
  # The rule of deployment_tasks.yaml (&ha_and_ceilometer): Ceilometer enabled and 3 or
  # more controllers, since ZooKeeper needs a majority (with fewer than 3 servers one lost
  # controller stops it). The check task has no condition and decides with this copy, and
  # it keeps a task run by hand outside HA from acting.
  $ha = $ceilometer_enabled and $controller_count >= 3

  $client_port      = $settings['zookeeper_client_port']
  $tick_time        = $settings['zookeeper_tick_time']
  $init_limit       = $settings['zookeeper_init_limit']
  $sync_limit       = $settings['zookeeper_sync_limit']
  $heap_mb          = $settings['zookeeper_heap_mb']
  $snap_retain      = $settings['zookeeper_snap_retain_count']
  $purge_interval   = $settings['zookeeper_purge_interval']
  $session_timeout  = $settings['coordination_timeout']
  # Interpolated on purpose: a checkbox left out of the hash is undef, which str2bool
  # refuses on Puppet 7; as a string it is '' and reads as false.
  # lint:ignore:only_variable_string undef must become '' (str2bool refuses undef on Puppet 7)
  $central_agent    = str2bool("${settings['coordinate_central_agent']}")
  $alarm_evaluator  = str2bool("${settings['coordinate_alarm_evaluator']}")
  $notification     = str2bool("${settings['notification_partitioning']}")
  # lint:endignore

  if $ha {
    # Every task checks the raw settings before any of them reaches a file or a command
    # (the check task does so first, and names every bad one): a task run on its own, or
    # settings changed behind the UI, cannot slip a value past.
    $setting_errors = ceilometer_zookeeper_setting_errors(
      $settings, $::memorysize_mb, $::ceilometer_zookeeper::params::reserved_ports
    )
    if $setting_errors != '' {
      fail("ceilometer-zookeeper: bad settings: ${setting_errors}")
    }
    $address     = $controllers[$node_uid]
    # Each controller's agents use its own server only (see the function for why); a node
    # that is not a controller has no address here, and the check task says so.
    if $address {
      $backend_url = ceilometer_zookeeper_backend_url($address, $client_port, $session_timeout)
    } else {
      $backend_url = undef
    }
  } else {
    $address     = undef
    $backend_url = undef
    $ceilometer_state = $ceilometer_enabled ? {
      true    => 'enabled',
      default => 'disabled',
    }
    $here = "this environment has ${controller_count} controller(s) and Ceilometer ${ceilometer_state}"
    $why = 'the plugin acts only with 3 or more controllers and Ceilometer enabled, so it changes nothing here'
    warning("ceilometer-zookeeper: ${here}; ${why}")
  }
}
