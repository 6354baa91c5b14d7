# == Class: ceilometer_zookeeper::kazoo
#
# @api private
# Internal: included by ceilometer_zookeeper::ceilometer and ceilometer_zookeeper::aodh.
#
# The kazoo client that tooz's ZooKeeper driver needs but does not pull in. One class for
# both, so that a catalog holding both declares the package once.
#
class ceilometer_zookeeper::kazoo {
  include ::ceilometer_zookeeper::params

  package { $::ceilometer_zookeeper::params::kazoo_package:
    ensure => $::ceilometer_zookeeper::params::kazoo_ensure,
  }
}
