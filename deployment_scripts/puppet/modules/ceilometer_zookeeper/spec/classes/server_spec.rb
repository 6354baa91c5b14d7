require 'spec_helper'

describe 'ceilometer_zookeeper::server' do
  context 'with 3 controllers, on node-2' do
    let(:pre_condition) { plugin_class(3, '2') }

    it { is_expected.to compile.with_all_deps }
    it 'installs the plugin\'s ZooKeeper package on Fuel 9 (Ubuntu 14.04), not Ubuntu\'s' do
      is_expected.to contain_package('ceilometer-zookeeper-server').with_ensure('installed')
      is_expected.not_to contain_package('zookeeper')
      is_expected.not_to contain_package('zookeeperd')
    end
    it { is_expected.to contain_file('/etc/zookeeper/conf/myid').with_content("2\n") }
    it 'waits, after a restart while another server runs, until this one serves again' do
      is_expected.to contain_exec('ceilometer-zookeeper rejoin after restart').with(
        :refreshonly => true,
        :command     => %r{zookeeper-ensemble-check --rejoined node-2 --timeout 180 node-1=10.20.0.11:2181 node-2=10.20.0.12:2181 node-3=10.20.0.13:2181$},
        :onlyif      => %r{zookeeper-ensemble-check --others-running node-2 node-1=},
        :timeout     => 210,
      ).that_subscribes_to('Class[ceilometer_zookeeper::server::config]').that_requires('Service[zookeeper]')
    end
    it do
      is_expected.to contain_service('zookeeper').with(:ensure => 'running', :enable => true)
    end
    it 'renders zoo.cfg with one server line per controller keyed by uid' do
      content = catalogue.resource('file', '/etc/zookeeper/conf/zoo.cfg')[:content]
      puts "\n--- zoo.cfg, 3 controllers ---\n#{content}"
      servers = content.lines.grep(/^server\./).map(&:strip)
      expect(servers).to eq([
        'server.1=10.20.0.11:2888:3888',
        'server.2=10.20.0.12:2888:3888',
        'server.3=10.20.0.13:2888:3888',
      ])
      expect(content).to include("clientPortAddress=10.20.0.12\n")
      expect(content).to include("clientPort=2181\n")
      expect(content).to include("4lw.commands.whitelist=srvr,mntr,ruok,cons\n")
      expect(content).to include("admin.enableServer=false\n")
      expect(content).to include("autopurge.snapRetainCount=3\n")
      expect(content).to include("autopurge.purgeInterval=24\n")
      expect(content).to include("tickTime=1000\ninitLimit=10\nsyncLimit=5\n")
      expect(content).to include("dataDir=/var/lib/zookeeper\n")
    end
    it 'sets the heap and keeps JMX off the network' do
      is_expected.to contain_file_line('zookeeper JAVA_OPTS').with(
        :path  => '/etc/zookeeper/conf/environment',
        :match => '^JAVA_OPTS=',
        :line  => 'JAVA_OPTS="-Xmx512m -Dzookeeper.fastleader.maxNotificationInterval=2000"',
      )
      is_expected.to contain_file_line('zookeeper JMXLOCALONLY').with(
        :match => '^JMXLOCALONLY=',
        :line  => 'JMXLOCALONLY="true -XX:-ManagementServer"',
      )
    end
    it 'restarts ZooKeeper only through its configuration' do
      is_expected.to contain_file('/etc/zookeeper/conf/zoo.cfg').that_notifies('Service[zookeeper]')
      is_expected.to contain_file('/etc/zookeeper/conf/myid').that_notifies('Service[zookeeper]')
      is_expected.to contain_file_line('zookeeper JAVA_OPTS').that_notifies('Service[zookeeper]')
    end
    it 'keeps the packaged ownership of the data and log directories' do
      is_expected.to contain_file('/var/lib/zookeeper').with(:owner => 'zookeeper', :group => 'zookeeper', :mode => '0750')
      is_expected.to contain_file('/var/log/zookeeper').with(:owner => 'zookeeper', :group => 'zookeeper', :mode => '0755')
    end
    it 'does not replace the alternatives symlink' do
      is_expected.not_to contain_file('/etc/zookeeper/conf')
    end
    it 'is laid out as install -> config -> service' do
      is_expected.to contain_class('ceilometer_zookeeper::server::install').that_comes_before('Class[ceilometer_zookeeper::server::config]')
      is_expected.to contain_class('ceilometer_zookeeper::server::config').that_comes_before('Class[ceilometer_zookeeper::server::service]')
      is_expected.to contain_package('ceilometer-zookeeper-server').that_comes_before('File[/etc/zookeeper/conf/zoo.cfg]')
      is_expected.to contain_file('/var/lib/zookeeper').that_comes_before('Service[zookeeper]')
    end
    it 'does not restart ZooKeeper for a fixed directory mode' do
      %w[/var/lib/zookeeper /var/log/zookeeper].each do |dir|
        is_expected.to contain_file(dir).with_notify([])
        is_expected.not_to contain_file(dir).that_notifies('Service[zookeeper]')
      end
    end
  end

  context 'in the ensemble task (every controller at once)' do
    served_now = 'clientPort=2181 server.1=10.20.0.11:2888:3888 server.2=10.20.0.12:2888:3888 ' \
                 'server.3=10.20.0.13:2888:3888'

    context 'on a first deployment (no server list yet)' do
      let(:facts) { { :ceilometer_zookeeper_served_ensemble => '' } }
      let(:pre_condition) { plugin_class(3, '2') + "\nclass { 'ceilometer_zookeeper::server': rolling => false }" }

      it { is_expected.to compile.with_all_deps }
      it 'applies the whole configuration and starts the server without waiting for the others' do
        is_expected.to contain_file('/etc/zookeeper/conf/zoo.cfg').that_notifies('Service[zookeeper]')
        is_expected.to contain_file_line('zookeeper JAVA_OPTS')
        is_expected.to contain_service('zookeeper')
        is_expected.not_to contain_exec('ceilometer-zookeeper rejoin after restart')
      end
    end

    context 'when this server serves the ensemble it should (a settings change)' do
      let(:facts) { { :ceilometer_zookeeper_served_ensemble => served_now } }
      let(:pre_condition) do
        plugin_class(3, '2', 'zookeeper_tick_time' => '1500') + "\nclass { 'ceilometer_zookeeper::server': rolling => false }"
      end

      it { is_expected.to compile.with_all_deps }
      it 'leaves the server alone: the rolling task applies the other settings' do
        is_expected.not_to contain_file('/etc/zookeeper/conf/zoo.cfg')
        is_expected.not_to contain_service('zookeeper')
      end
    end

    context 'when a controller was added' do
      let(:facts) { { :ceilometer_zookeeper_served_ensemble => served_now } }
      let(:pre_condition) { plugin_class(4, '2') + "\nclass { 'ceilometer_zookeeper::server': rolling => false }" }

      it { is_expected.to contain_file('/etc/zookeeper/conf/zoo.cfg').with_content(/^server\.4=10\.20\.0\.14:2888:3888$/) }
      it { is_expected.not_to contain_exec('ceilometer-zookeeper rejoin after restart') }
    end

    context 'when the client port changed' do
      let(:facts) { { :ceilometer_zookeeper_served_ensemble => served_now } }
      let(:pre_condition) do
        plugin_class(3, '2', 'zookeeper_client_port' => '2182') + "\nclass { 'ceilometer_zookeeper::server': rolling => false }"
      end

      it { is_expected.to contain_file('/etc/zookeeper/conf/zoo.cfg').with_content(/^clientPort=2182$/) }
    end

    context 'when the running server started before its zoo.cfg was written' do
      let(:facts) { { :ceilometer_zookeeper_served_ensemble => 'stale' } }
      let(:pre_condition) { plugin_class(3, '2') + "\nclass { 'ceilometer_zookeeper::server': rolling => false }" }

      it 'restarts it even though the file does not change' do
        is_expected.to contain_notify('ceilometer-zookeeper: the running server started before its zoo.cfg was written; restarting it').that_notifies('Service[zookeeper]')
      end
    end
  end

  context 'in the rolling task, with the ensemble as it should be' do
    let(:facts) do
      { :ceilometer_zookeeper_served_ensemble => 'clientPort=2181 server.1=10.20.0.11:2888:3888 ' \
                                                 'server.2=10.20.0.12:2888:3888 server.3=10.20.0.13:2888:3888' }
    end
    let(:pre_condition) { plugin_class(3, '2', 'zookeeper_tick_time' => '1500') }

    it 'applies every setting and waits for this server after a restart' do
      is_expected.to contain_file('/etc/zookeeper/conf/zoo.cfg').with_content(/^tickTime=1500$/)
      is_expected.to contain_exec('ceilometer-zookeeper rejoin after restart')
      is_expected.not_to contain_notify('ceilometer-zookeeper: the running server started before its zoo.cfg was written; restarting it')
    end
  end

  context 'with 5 controllers, on node-5, other settings' do
    let(:pre_condition) do
      plugin_class(5, '5', 'zookeeper_client_port' => '2281', 'zookeeper_heap_mb' => '256',
                           'zookeeper_tick_time' => '1000', 'zookeeper_sync_limit' => '2')
    end

    it 'lists five servers and binds to its own address' do
      content = catalogue.resource('file', '/etc/zookeeper/conf/zoo.cfg')[:content]
      puts "\n--- zoo.cfg, 5 controllers ---\n#{content}"
      expect(content.lines.grep(/^server\./).size).to eq(5)
      expect(content).to include("server.5=10.20.0.15:2888:3888\n")
      expect(content).to include("clientPortAddress=10.20.0.15\n")
      expect(content).to include("clientPort=2281\n")
      expect(content).to include("tickTime=1000\n")
      expect(content).to include("syncLimit=2\n")
    end
    it { is_expected.to contain_file('/etc/zookeeper/conf/myid').with_content("5\n") }
    it { is_expected.to contain_file_line('zookeeper JAVA_OPTS').with_line(/-Xmx256m .*maxNotificationInterval=2000"$/) }
  end

  context 'on Debian (the lab flavour), with 3 controllers' do
    let(:facts) { { :lsbdistcodename => 'bookworm', :operatingsystem => 'Debian' } }
    let(:pre_condition) { plugin_class(3, '2') }

    it { is_expected.to compile.with_all_deps }
    it 'installs Debian\'s ZooKeeper packages, configured and run as on Fuel 9' do
      is_expected.to contain_package('zookeeper')
      is_expected.to contain_package('zookeeperd').that_comes_before('File[/etc/zookeeper/conf/zoo.cfg]')
      is_expected.not_to contain_package('ceilometer-zookeeper-server')
      is_expected.to contain_file('/etc/zookeeper/conf/zoo.cfg').that_notifies('Service[zookeeper]')
      is_expected.to contain_service('zookeeper').with(:ensure => 'running', :enable => true)
    end
  end

  context 'with 2 controllers (not HA)' do
    let(:pre_condition) { plugin_class(2, '2') }

    it { is_expected.to compile }
    it { is_expected.not_to contain_package('ceilometer-zookeeper-server') }
    it { is_expected.not_to contain_package('zookeeperd') }
    it { is_expected.not_to contain_service('zookeeper') }
    it { is_expected.not_to contain_file('/etc/zookeeper/conf/zoo.cfg') }
  end

  context 'on a node that is not a controller' do
    let(:pre_condition) { plugin_class(3, '4') }

    it { is_expected.to compile.and_raise_error(/node uid 4 is not one of the controllers/) }
  end
end

describe 'ceilometer_zookeeper::server' do
  context 'with a controller whose uid ZooKeeper would alias (300)' do
    let(:pre_condition) do
      metadata = network_metadata(3)
      metadata['nodes']['node-2']['uid'] = '300'
      "class { 'ceilometer_zookeeper':
         settings         => #{hash_to_puppet(DEFAULT_SETTINGS)},
         network_metadata => #{hash_to_puppet(metadata)},
         node_uid         => '1',
         ceilometer       => { 'enabled' => true },
       }"
    end

    it 'renders no zoo.cfg: server.300 would share session ids with server.44' do
      is_expected.to compile.and_raise_error(/node-300 cannot have one/)
    end
  end
end
