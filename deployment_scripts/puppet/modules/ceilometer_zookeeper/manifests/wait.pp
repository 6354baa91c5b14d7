# == Class: ceilometer_zookeeper::wait
#
# Waits, at most $timeout seconds, until this node's ZooKeeper serves and the ensemble of
# all controllers has exactly one leader, and every server refuses a four-letter word
# outside its whitelist; fails naming the servers that are not in it or that answer.
#
# === Parameters
#
# [*timeout*]
#   Seconds to wait before failing.
# [*refused_word*]
#   A four-letter word outside zoo.cfg's 4lw.commands.whitelist: every server must refuse
#   it, or the check fails (ZooKeeper before 3.4.10 ignores the whitelist). false skips
#   this check.
#
class ceilometer_zookeeper::wait (
  $timeout      = 240,
  $refused_word = 'envi',
) {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    include ::ceilometer_zookeeper::scripts

    $servers = ceilometer_zookeeper_server_args(
      $::ceilometer_zookeeper::controllers,
      $::ceilometer_zookeeper::client_port
    )

    if $refused_word {
      $refused = " --refused ${refused_word}"
    } else {
      $refused = ''
    }
    $check = "${::ceilometer_zookeeper::python} ${::ceilometer_zookeeper::scripts_dir}/zookeeper-ensemble-check${refused}"

    # Checked on every deployment: a healthy ensemble passes at once (and reports no
    # change); otherwise the command waits, bounded, and fails naming the missing servers.
    exec { 'ceilometer-zookeeper ensemble check':
      command   => "${check} --timeout ${timeout} ${servers}",
      unless    => "${check} --once ${servers}",
      timeout   => $timeout + 30,
      logoutput => true,
      require   => Class['ceilometer_zookeeper::scripts'],
    }
  }
}
