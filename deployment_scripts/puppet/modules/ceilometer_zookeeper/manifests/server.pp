# == Class: ceilometer_zookeeper::server
#
# A ZooKeeper server on this controller, one member of an ensemble of every controller.
# Server ids are the Fuel node uids, so adding or removing a controller re-renders the
# same list on all of them. The packaged layout is kept: files are written through the
# /etc/zookeeper/conf alternatives symlink, not over it, and of the packaged environment
# file only the lines the plugin needs are set. The service restarts only when one of
# these files changes.
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

  $servers     = $::ceilometer_zookeeper::controllers
  $address     = $::ceilometer_zookeeper::address
  $myid        = $::ceilometer_zookeeper::node_uid
  $client_port = $::ceilometer_zookeeper::client_port
  $config_dir  = $::ceilometer_zookeeper::config_dir
  $data_dir    = $::ceilometer_zookeeper::data_dir
  $packages    = $::ceilometer_zookeeper::zookeeper_packages
  $service     = $::ceilometer_zookeeper::zookeeper_service

  if $::ceilometer_zookeeper::ha {
    if $address == undef {
      fail("ceilometer-zookeeper: node uid ${myid} is not one of the controllers in network_metadata")
    }

    # Election back-off capped at two ticks (at least 2 s): by default it doubles up to
    # 60 s, and a controller that comes back would wait that long to rejoin.
    $two_ticks = $::ceilometer_zookeeper::tick_time * 2
    if $two_ticks > 2000 {
      $max_notification_ms = $two_ticks
    } else {
      $max_notification_ms = 2000
    }
    $java_opts = "-Xmx${::ceilometer_zookeeper::heap_mb}m -Dzookeeper.fastleader.maxNotificationInterval=${max_notification_ms}"

    package { $packages:
      ensure => $package_ensure,
    }

    File {
      owner   => 'root',
      group   => 'root',
      mode    => '0644',
      require => Package[$packages],
      notify  => Service[$service],
    }

    file { "${config_dir}/zoo.cfg":
      content => template('ceilometer_zookeeper/zoo.cfg.erb'),
    }

    # /var/lib/zookeeper/myid is the package's symlink to this file.
    file { "${config_dir}/myid":
      content => "${myid}\n",
    }

    file_line { 'zookeeper JAVA_OPTS':
      path    => "${config_dir}/environment",
      line    => "JAVA_OPTS=\"${java_opts}\"",
      match   => '^JAVA_OPTS=',
      require => Package[$packages],
      notify  => Service[$service],
    }

    # No JMX listener. The packaged init script always adds -Dcom.sun.management.jmxremote,
    # whose connector listens on a random port on every address (local.only only refuses
    # remote clients). The script expands $JMXLOCALONLY unquoted right after that flag:
    # -XX:-ManagementServer placed there turns the JMX agent off again. `jcmd <pid>
    # ManagementAgent.start_local` can still start a local one for debugging.
    file_line { 'zookeeper JMXLOCALONLY':
      path    => "${config_dir}/environment",
      line    => 'JMXLOCALONLY="true -XX:-ManagementServer"',
      match   => '^JMXLOCALONLY=',
      require => Package[$packages],
      notify  => Service[$service],
    }

    # Ownership and modes as the package creates them.
    file { $data_dir:
      ensure => directory,
      owner  => $::ceilometer_zookeeper::user,
      group  => $::ceilometer_zookeeper::group,
      mode   => '0750',
      notify => [],
    }
    file { $::ceilometer_zookeeper::log_dir:
      ensure => directory,
      owner  => $::ceilometer_zookeeper::user,
      group  => $::ceilometer_zookeeper::group,
      mode   => '0755',
      notify => [],
    }

    service { $service:
      ensure     => running,
      enable     => true,
      hasstatus  => true,
      hasrestart => true,
      require    => File[$data_dir],
    }
  }
}
