# == Class: ceilometer_zookeeper::ceilometer
#
# Points Ceilometer at the ZooKeeper ensemble through tooz ([coordination] backend_url,
# plus heartbeat and check_watchers that Mitaka reads), installs the kazoo client that
# tooz's ZooKeeper driver needs but does not pull in, and sets the notification agents'
# workload partitioning. A change restarts this node's central agent (once it is a clone
# instance; bridged, from just before the restart, by an uncoordinated agent that polls
# everything once while the restarted agent waits for its first coordinated poll) and notification agent; then the node is
# marked configured, which lets the central agent's clone run here.
#
# === Parameters
#
# [*heartbeat*]
#   Seconds between tooz heartbeats (Mitaka's [coordination] heartbeat).
# [*check_watchers*]
#   Seconds between checks of group membership (Mitaka's [coordination] check_watchers).
#
class ceilometer_zookeeper::ceilometer (
  $heartbeat      = '1.0',
  $check_watchers = '10.0',
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    include ::ceilometer_zookeeper::kazoo

    $central      = $::ceilometer_zookeeper::central_agent_primitive
    $notification = "p_${::ceilometer_zookeeper::notification_service}"

    ceilometer_config {
      'coordination/backend_url':             value => $::ceilometer_zookeeper::backend_url;
      'coordination/heartbeat':               value => $heartbeat;
      'coordination/check_watchers':          value => $check_watchers;
      'notification/workload_partitioning':   value => $::ceilometer_zookeeper::notification;
    }

    Class['ceilometer_zookeeper::kazoo'] -> Ceilometer_config <||>

    # Where the central agent is coordinated, the agents task clones it and restarts the
    # former active/passive instance; where it is not, it stays a primitive and is
    # restarted here.
    ceilometer_zookeeper::restart_agent { $central:
      service        => $::ceilometer_zookeeper::central_agent_service,
      clones_only    => $::ceilometer_zookeeper::central_agent,
      bridge_process => $::ceilometer_zookeeper::central_agent_process,
      bridge_config  => $::ceilometer_zookeeper::central_agent_config,
    }
    # After the restart: on a new controller nothing runs yet, and the mark lets the
    # clone start here with the file as written.
    ceilometer_zookeeper::mark_configured { $central:
      require => [Ceilometer_config['coordination/backend_url'], Ceilometer_zookeeper::Restart_agent[$central]],
    }
    ceilometer_zookeeper::restart_agent { $notification:
      service => $::ceilometer_zookeeper::notification_service,
    }

    # Only what the central agent reads: notification partitioning is the notification
    # agents' alone, and a needless restart costs a coordinated agent its first-poll wait.
    Ceilometer_config['coordination/backend_url', 'coordination/heartbeat', 'coordination/check_watchers']
      ~> Ceilometer_zookeeper::Restart_agent[$central]
    Ceilometer_config['notification/workload_partitioning'] ~> Ceilometer_zookeeper::Restart_agent[$notification]
  }
}
