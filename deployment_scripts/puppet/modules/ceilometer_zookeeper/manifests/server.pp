# == Class: ceilometer_zookeeper::server
#
# A ZooKeeper server on this controller, one member of an ensemble of every controller.
# Server ids are the Fuel node uids, so adding or removing a controller re-renders the
# same list on all of them. The packaged layout is kept: files are written through
# /etc/zookeeper/conf (Debian's alternatives symlink, or the directory of the plugin's own
# package on Fuel 9), not over it, and of the packaged environment file only the lines the
# plugin needs are set. The service restarts only when one of
# these files changes.
#
# Laid out as deric/puppet-zookeeper is: ::server::install (packages), then
# ::server::config (zoo.cfg, myid, environment file lines, data and log directories),
# then ::server::service (the service). As there, the class order is install -> config
# -> service and the service is refreshed by the configuration files themselves (notify),
# not by the whole config class: fixing the mode of the data or log directory must not
# restart a quorum member.
#
# Two tasks apply it (deployment_tasks.yaml), on every deployment, and each decides here,
# on the node, from what this server serves now (fact ceilometer_zookeeper_served_ensemble)
# against what it should serve, never from Fuel's changed(), whose memory differs between
# Fuel 9.0 GA and 9.2:
# - ceilometer-zookeeper-server ($rolling false), on every controller at once: where the
#   server list or the client port differ (a first deployment, controllers added or
#   removed, a new port), or the server runs an older zoo.cfg than the file, the whole
#   configuration is applied and the server (re)starts with the others. ZooKeeper 3.4
#   cannot change its list live, and servers on two client ports cannot check each other:
#   one short election follows. Otherwise this task leaves the server alone.
# - ceilometer-zookeeper-server-rolling ($rolling true), one controller at a time: every
#   other setting. A server that restarts is waited for until it serves again before the
#   next controller's turn (::server::service), so the ensemble keeps its quorum.
#
# === Parameters
#
# [*package_ensure*]
#   Ensure value for the ZooKeeper packages.
# [*rolling*]
#   true for the rolling task, false for the ensemble task (see above).
# [*served*]
#   What this server serves now: the fact ceilometer_zookeeper_served_ensemble.
#
class ceilometer_zookeeper::server (
  $package_ensure = 'installed',
  $rolling        = true,
  $served         = $::ceilometer_zookeeper_served_ensemble,
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    if $::ceilometer_zookeeper::address == undef {
      fail("ceilometer-zookeeper: node uid ${::ceilometer_zookeeper::node_uid} is not one of the controllers in network_metadata")
    }

    $wanted = ceilometer_zookeeper_ensemble_key(
      $::ceilometer_zookeeper::controllers,
      $::ceilometer_zookeeper::client_port,
      $::ceilometer_zookeeper::peer_port,
      $::ceilometer_zookeeper::election_port
    )

    if $rolling or $served != $wanted {
      # Without a leading '::': Puppet 3 before 3.6 mishandled it in contain (PUP-1597).
      contain 'ceilometer_zookeeper::server::install'
      contain 'ceilometer_zookeeper::server::config'
      class { 'ceilometer_zookeeper::server::service':
        wait_rejoin => $rolling,
      }
      contain 'ceilometer_zookeeper::server::service'

      Class['ceilometer_zookeeper::server::install']
      -> Class['ceilometer_zookeeper::server::config']
      -> Class['ceilometer_zookeeper::server::service']
    } else {
      notice('ceilometer-zookeeper: this server serves the ensemble it should; its other settings are the rolling task\'s')
    }
  }
}
