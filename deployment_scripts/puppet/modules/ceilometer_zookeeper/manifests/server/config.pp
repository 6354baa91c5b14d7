# == Class: ceilometer_zookeeper::server::config
#
# @api private
# Internal: contained by ceilometer_zookeeper::server only. zoo.cfg, myid, the plugin's
# lines of the packaged environment file, and the data and log directories. The files
# notify the service; the directories do not.
#
class ceilometer_zookeeper::server::config {
  # Never render a server id ZooKeeper would alias (the check task says so first).
  $id_errors = ceilometer_zookeeper_server_id_errors($::ceilometer_zookeeper::controllers)
  if $id_errors != '' {
    fail("ceilometer-zookeeper: ${id_errors}")
  }

  # Read by templates/zoo.cfg.erb.
  $servers     = ceilometer_zookeeper_ordered_servers($::ceilometer_zookeeper::controllers)
  $address     = $::ceilometer_zookeeper::address
  $client_port = $::ceilometer_zookeeper::client_port
  $data_dir    = $::ceilometer_zookeeper::data_dir

  $myid       = $::ceilometer_zookeeper::node_uid
  $config_dir = $::ceilometer_zookeeper::config_dir
  $packages   = $::ceilometer_zookeeper::zookeeper_packages
  $service    = $::ceilometer_zookeeper::zookeeper_service
  $heap_mb    = $::ceilometer_zookeeper::heap_mb

  # Election back-off capped at two ticks (at least 2 s): by default it doubles up to
  # 60 s, and a controller that comes back would wait that long to rejoin.
  $two_ticks = $::ceilometer_zookeeper::tick_time * 2
  if $two_ticks > 2000 {
    $max_notification_ms = $two_ticks
  } else {
    $max_notification_ms = 2000
  }
  $java_opts = "-Xmx${heap_mb}m -Dzookeeper.fastleader.maxNotificationInterval=${max_notification_ms}"

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

  # A server that started before zoo.cfg was last written (a deployment stopped between
  # the write and the restart) runs an older configuration: an unchanged file notifies
  # nothing, so this does, as a change of this class.
  if $::ceilometer_zookeeper::server::served == 'stale' {
    notify { 'ceilometer-zookeeper: the running server started before its zoo.cfg was written; restarting it':
      require => File["${config_dir}/zoo.cfg"],
      notify  => Service[$service],
    }
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
}
