# == Class: ceilometer_zookeeper::server::service
#
# @api private
# Internal: contained by ceilometer_zookeeper::server only. The ZooKeeper service,
# refreshed by the configuration files of ceilometer_zookeeper::server::config.
#
class ceilometer_zookeeper::server::service {
  service { $::ceilometer_zookeeper::zookeeper_service:
    ensure     => running,
    enable     => true,
    hasstatus  => true,
    hasrestart => true,
    require    => File[$::ceilometer_zookeeper::data_dir],
  }
}
