require 'spec_helper'

describe 'ceilometer_zookeeper::ceilometer' do
  context 'with 3 controllers' do
    let(:pre_condition) { plugin_class(3, '1', 'coordination_timeout' => '15') }

    it { is_expected.to compile.with_all_deps }
    it "points tooz at this controller's own server" do
      url = 'zookeeper://10.20.0.11:2181?timeout=15'
      puts "\n--- backend_url, node 1 of 3 controllers: #{url}"
      is_expected.to contain_ceilometer_config('coordination/backend_url').with_value(url)
    end
    it { is_expected.to contain_ceilometer_config('coordination/heartbeat').with_value('1.0') }
    it { is_expected.to contain_ceilometer_config('coordination/check_watchers').with_value('10.0') }
    it { is_expected.to contain_ceilometer_config('notification/workload_partitioning').with_value(false) }
    it 'installs the kazoo client tooz does not pull in, before configuring' do
      is_expected.to contain_class('ceilometer_zookeeper::kazoo')
      is_expected.to contain_package('python-kazoo')
      is_expected.to contain_package('python-kazoo').that_comes_before('Ceilometer_config[coordination/backend_url]')
    end
    it 'restarts this node\'s central agent when the coordination changes' do
      is_expected.to contain_ceilometer_config('coordination/backend_url').that_notifies(
        'Ceilometer_zookeeper::Restart_agent[p_ceilometer-agent-central]')
      is_expected.to contain_ceilometer_config('coordination/backend_url').that_notifies(
        'Exec[ceilometer-zookeeper restart p_ceilometer-agent-central]')
      is_expected.to contain_ceilometer_zookeeper__restart_agent('p_ceilometer-agent-central').with_service('ceilometer-agent-central')
      is_expected.to contain_exec('ceilometer-zookeeper restart p_ceilometer-agent-central').with(
        :refreshonly => true,
        :timeout     => 200,
        :command     => '/usr/bin/python /usr/local/lib/ceilometer-zookeeper/pcmk-resource restart-local p_ceilometer-agent-central ceilometer-agent-central --timeout 60 --clones-only' \
                        " --bridge-process '[b]in/ceilometer-(agent-central|polling .*--polling-namespaces[ =]central)'" \
                        ' --bridge-config /etc/ceilometer/ceilometer.conf',
      ).that_requires('Class[ceilometer_zookeeper::scripts]')
    end
    it 'restarts the central agent only for what it reads: coordination, not notification partitioning' do
      %w[backend_url heartbeat check_watchers].each do |key|
        is_expected.to contain_ceilometer_config("coordination/#{key}").that_notifies(
          'Exec[ceilometer-zookeeper restart p_ceilometer-agent-central]')
      end
      is_expected.not_to contain_ceilometer_config('notification/workload_partitioning').that_notifies(
        'Exec[ceilometer-zookeeper restart p_ceilometer-agent-central]')
    end
    it 'restarts the notification agent only when the partitioning changes' do
      is_expected.to contain_exec('ceilometer-zookeeper restart p_ceilometer-agent-notification').with(
        :refreshonly => true,
        :command     => %r{pcmk-resource restart-local p_ceilometer-agent-notification ceilometer-agent-notification --timeout 60$},
      )
      is_expected.not_to contain_ceilometer_config('coordination/backend_url').that_notifies(
        'Exec[ceilometer-zookeeper restart p_ceilometer-agent-notification]')
    end
  end

  context 'with 5 controllers and notification partitioning on, on Debian' do
    let(:facts) { { :lsbdistcodename => 'bookworm', :operatingsystem => 'Debian' } }
    let(:pre_condition) { plugin_class(5, '3', 'notification_partitioning' => true, 'zookeeper_client_port' => '2281') }

    it do
      url = 'zookeeper://10.20.0.13:2281?timeout=5'
      puts "\n--- backend_url, node 3 of 5 controllers: #{url}"
      is_expected.to contain_ceilometer_config('coordination/backend_url').with_value(url)
    end
    it { is_expected.to contain_ceilometer_config('notification/workload_partitioning').with_value(true) }
    it { is_expected.to contain_package('python3-kazoo') }
    it do
      is_expected.to contain_ceilometer_config('notification/workload_partitioning').that_notifies(
        'Exec[ceilometer-zookeeper restart p_ceilometer-agent-notification]')
    end
  end

  context 'with the central agent left active/passive (not coordinated)' do
    let(:pre_condition) { plugin_class(3, '1', 'coordinate_central_agent' => false) }

    it 'restarts the primitive itself, then bridges: no clone will restart it later' do
      is_expected.to contain_exec('ceilometer-zookeeper restart p_ceilometer-agent-central').with_command(
        %r{restart-local p_ceilometer-agent-central ceilometer-agent-central --timeout 60 --bridge-process '.*' --bridge-config /etc/ceilometer/ceilometer.conf$},
      )
    end
  end

  context 'on a new controller' do
    let(:pre_condition) { plugin_class(3, '1') }

    it 'marks it configured once [coordination] is written and the agent restarted' do
      is_expected.to contain_exec('ceilometer-zookeeper mark p_ceilometer-agent-central').with(
        :command => /pcmk-resource --call-timeout 15 mark p_ceilometer-agent-central$/,
        :unless  => /pcmk-resource --call-timeout 15 is-marked p_ceilometer-agent-central$/,
      )
      is_expected.to contain_ceilometer_zookeeper__mark_configured('p_ceilometer-agent-central')
        .that_requires('Ceilometer_config[coordination/backend_url]')
        .that_requires('Ceilometer_zookeeper::Restart_agent[p_ceilometer-agent-central]')
    end
  end

  context 'with 2 controllers (not HA)' do
    let(:pre_condition) { plugin_class(2, '1') }

    it { is_expected.to compile }
    it { is_expected.not_to contain_ceilometer_config('coordination/backend_url') }
    it { is_expected.not_to contain_package('python-kazoo') }
  end
end
