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
# Two tasks apply it (deployment_tasks.yaml): when the list of controllers is unchanged,
# one controller at a time (a restarted server is waited for by ::server::service, so a
# changed setting rolls through the ensemble); when it changed, and on a first
# deployment, on every controller at once (ZooKeeper 3.4 cannot change its list live:
# every server restarts with the new list, and one short election follows).
#
# === Parameters
#
# [*package_ensure*]
#   Ensure value for the ZooKeeper packages.
#
class ceilometer_zookeeper::server (
  $package_ensure = 'installed',
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    if $::ceilometer_zookeeper::address == undef {
      fail("ceilometer-zookeeper: node uid ${::ceilometer_zookeeper::node_uid} is not one of the controllers in network_metadata")
    }

    # Without a leading '::': Puppet 3 before 3.6 mishandled it in contain (PUP-1597).
    contain 'ceilometer_zookeeper::server::install'
    contain 'ceilometer_zookeeper::server::config'
    contain 'ceilometer_zookeeper::server::service'

    Class['ceilometer_zookeeper::server::install']
    -> Class['ceilometer_zookeeper::server::config']
    -> Class['ceilometer_zookeeper::server::service']
  }
}
