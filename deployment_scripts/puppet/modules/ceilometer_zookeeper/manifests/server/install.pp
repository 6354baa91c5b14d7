# == Class: ceilometer_zookeeper::server::install
#
# @api private
# Internal: contained by ceilometer_zookeeper::server only. The ZooKeeper packages.
#
class ceilometer_zookeeper::server::install {
  package { $::ceilometer_zookeeper::zookeeper_packages:
    ensure => $::ceilometer_zookeeper::server::package_ensure,
  }
}
