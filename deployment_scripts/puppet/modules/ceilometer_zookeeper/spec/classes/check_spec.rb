require 'spec_helper'

describe 'ceilometer_zookeeper::check' do
  context 'with the default settings' do
    let(:pre_condition) { plugin_class(3, '1') }

    it { is_expected.to compile.with_all_deps }
  end

  {
    'a heap larger than half the memory' => [{ 'zookeeper_heap_mb' => '9000' }, /ZooKeeper JVM heap \(MiB\) \(zookeeper_heap_mb\) 9000 exceeds half of this controller's memory \(16000 MiB\); at most 8000/],
    "Keystone's port" => [{ 'zookeeper_client_port' => '5000' }, /\(zookeeper_client_port\) 5000 is already used by Keystone/],
    "Swift's proxy port" => [{ 'zookeeper_client_port' => '8080' }, /8080 is already used by Swift proxy/],
    "Keystone's admin port" => [{ 'zookeeper_client_port' => '35357' }, /35357 is already used by Keystone admin/],
    "Nova's port" => [{ 'zookeeper_client_port' => '8774' }, /8774 is already used by Nova/],
    "Neutron's port" => [{ 'zookeeper_client_port' => '9696' }, /9696 is already used by Neutron/],
    "ZooKeeper's own election port" => [{ 'zookeeper_client_port' => '3888' }, /3888 is ZooKeeper's own peer port/],
    'a privileged port' => [{ 'zookeeper_client_port' => '80' }, /must be from 1024 to 65535, got 80/],
    'a zero tick' => [{ 'zookeeper_tick_time' => '0' }, /ZooKeeper tick time \(ms\) \(zookeeper_tick_time\) must be a positive whole number, got '0'/],
    'a negative init limit' => [{ 'zookeeper_init_limit' => '-3' }, /\(zookeeper_init_limit\) must be a positive whole number, got '-3'/],
    'a sync limit of letters' => [{ 'zookeeper_sync_limit' => 'five' }, /\(zookeeper_sync_limit\) must be a positive whole number, got 'five'/],
    'an empty purge interval' => [{ 'zookeeper_purge_interval' => '' }, /\(zookeeper_purge_interval\) must be a positive whole number/],
    'too few snapshots' => [{ 'zookeeper_snap_retain_count' => '2' }, /ZooKeeper snapshots kept \(zookeeper_snap_retain_count\) must be from 3 to 999, got 2/],
    'an init limit above the UI range' => [{ 'zookeeper_init_limit' => '101' }, /\(zookeeper_init_limit\) must be from 1 to 100, got 101/],
    'a heap below the UI range' => [{ 'zookeeper_heap_mb' => '63' }, /\(zookeeper_heap_mb\) must be from 64 to 99999, got 63/],
    'a port with a leading zero' => [{ 'zookeeper_client_port' => '02181' }, /\(zookeeper_client_port\) must be written without leading zeros, got '02181'/],
    'a port with a trailing newline' => [{ 'zookeeper_client_port' => "2181\n" }, /\(zookeeper_client_port\) must be digits only, without spaces or line breaks around them/],
    'a session timeout ZooKeeper would clamp' => [{ 'coordination_timeout' => '60' }, /\(coordination_timeout\) 60 s is outside what ZooKeeper grants with a tick time of 1000 ms \(2.0 to 20.0 s\)/],
  }.each do |what, (settings, message)|
    context "with #{what}" do
      let(:pre_condition) { plugin_class(3, '1', settings) }

      it { is_expected.to compile.and_raise_error(message) }
    end
  end

  context 'with several bad settings, it names them all' do
    let(:pre_condition) { plugin_class(3, '1', 'zookeeper_heap_mb' => '9000', 'zookeeper_client_port' => '5000') }

    it { is_expected.to compile.and_raise_error(/zookeeper_client_port.*; .*zookeeper_heap_mb|zookeeper_heap_mb.*; .*zookeeper_client_port/) }
  end

  {
    'ceilometer-redis' => { 'ceilometer-redis' => { 'metadata' => { 'enabled' => true } }, 'telemetry' => {} },
    'telemetry' => { 'telemetry' => { 'metadata' => { 'enabled' => true } } },
  }.each do |other, owners|
    context "with the #{other} plugin enabled, the check names it" do
      let(:pre_condition) { plugin_class(3, '1') }
      let(:params) { { :other_owners => owners } }

      it { is_expected.to compile.and_raise_error(/the plugin\(s\) #{other} also set \[coordination\] backend_url/) }
    end
  end

  context 'adding 3 controllers to an ensemble of 3 in one deployment' do
    let(:pre_condition) { plugin_class(6, '1') }
    let(:facts) { { :ceilometer_zookeeper_configured_servers => '1,2,3' } }

    it { is_expected.to compile.and_raise_error(/new, empty servers outnumber the existing ones; add at most 2 at a time/) }
  end

  context 'adding 2 controllers to an ensemble of 3' do
    let(:pre_condition) { plugin_class(5, '1') }
    let(:facts) { { :ceilometer_zookeeper_configured_servers => '1,2,3' } }

    it { is_expected.to compile.with_all_deps }
  end

  context 'with those plugins installed but disabled' do
    let(:pre_condition) { plugin_class(3, '1') }
    let(:params) { { :other_owners => { 'ceilometer-redis' => { 'metadata' => { 'enabled' => false } } } } }

    it { is_expected.to compile.with_all_deps }
  end

  context 'with a controller whose Fuel uid is above 255 (ZooKeeper server ids are 1-255)' do
    let(:pre_condition) do
      metadata = network_metadata(3)
      metadata['nodes']['node-3']['uid'] = '257'
      "class { 'ceilometer_zookeeper':
         settings         => #{hash_to_puppet(DEFAULT_SETTINGS)},
         network_metadata => #{hash_to_puppet(metadata)},
         node_uid         => '1',
         ceilometer       => { 'enabled' => true },
       }"
    end

    it { is_expected.to compile.and_raise_error(/ZooKeeper takes 1 to 255; node-257 cannot have one/) }
  end

  context 'with 2 controllers, bad settings are not checked (the plugin does nothing)' do
    let(:pre_condition) { plugin_class(2, '1', 'zookeeper_heap_mb' => '9000') }

    it { is_expected.to compile }
  end

  # Outside HA the check task still runs (it has no condition): nothing to do, unless
  # this controller serves the plugin's ensemble.
  {
    'with 2 controllers' => [2, true, /this environment has 2 controller\(s\) and Ceilometer enabled\. /],
    'with 1 controller' => [1, true, /this environment has 1 controller\(s\) and Ceilometer enabled\. /],
    'with Ceilometer disabled' => [3, false, /this environment has 3 controller\(s\) and Ceilometer disabled\. /],
  }.each do |what, (controllers, ceilometer, here)|
    context "#{what}, on a controller that never ran the ensemble" do
      let(:pre_condition) { plugin_class(controllers, '1', {}, ceilometer) }
      let(:facts) { { :ceilometer_zookeeper_configured_servers => '' } }

      it { is_expected.to compile.with_all_deps }
    end

    context "#{what}, on a controller whose zoo.cfg lists an ensemble" do
      let(:pre_condition) { plugin_class(controllers, '1', {}, ceilometer) }
      let(:facts) { { :ceilometer_zookeeper_configured_servers => '1,2,3' } }

      it 'refuses to go below 3 controllers, saying why' do
        is_expected.to compile.and_raise_error(
          /ceilometer-zookeeper: refused: this controller runs the plugin's ZooKeeper ensemble \(servers 1,2,3 in zoo\.cfg\)/
        )
        is_expected.to compile.and_raise_error(here)
        is_expected.to compile.and_raise_error(/The plugin cannot be taken below 3 controllers: keep 3 or more\./)
      end
    end
  end

  context 'with 3 controllers and Ceilometer enabled, an ensemble in zoo.cfg is the normal case' do
    let(:pre_condition) { plugin_class(3, '1') }
    let(:facts) { { :ceilometer_zookeeper_configured_servers => '1,2,3' } }

    it { is_expected.to compile.with_all_deps }
  end
end
