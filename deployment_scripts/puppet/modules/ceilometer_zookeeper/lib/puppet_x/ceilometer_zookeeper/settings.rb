# The plugin's text settings as the Fuel UI defines them (environment_config.yaml): the
# label it shows and the range its regex allows ("... from MIN to MAX."). Plain Ruby, no
# Puppet: the functions read it on the nodes (Ruby 1.9 and later) and the plugin's tests
# compare it with environment_config.yaml:
#   ruby -e 'require "./settings.rb"; require "json"; puts JSON.generate(PuppetX::CeilometerZookeeper::SETTINGS)'
module PuppetX
  module CeilometerZookeeper
    SETTINGS = {
      'zookeeper_client_port'       => { 'label' => 'ZooKeeper client port', 'min' => 1024, 'max' => 65535 },
      'zookeeper_tick_time'         => { 'label' => 'ZooKeeper tick time (ms)', 'min' => 100, 'max' => 60000 },
      'zookeeper_init_limit'        => { 'label' => 'ZooKeeper init limit (ticks)', 'min' => 1, 'max' => 100 },
      'zookeeper_sync_limit'        => { 'label' => 'ZooKeeper sync limit (ticks)', 'min' => 1, 'max' => 100 },
      'zookeeper_heap_mb'           => { 'label' => 'ZooKeeper JVM heap (MiB)', 'min' => 64, 'max' => 99999 },
      'zookeeper_snap_retain_count' => { 'label' => 'ZooKeeper snapshots kept', 'min' => 3, 'max' => 999 },
      'zookeeper_purge_interval'    => { 'label' => 'ZooKeeper purge interval (hours)', 'min' => 1, 'max' => 999 },
      'coordination_timeout'        => { 'label' => 'Coordination session timeout (s)', 'min' => 2, 'max' => 120 },
    }.freeze
  end
end
