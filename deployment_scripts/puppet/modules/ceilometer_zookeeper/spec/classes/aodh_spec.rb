require 'spec_helper'

describe 'ceilometer_zookeeper::aodh' do
  context 'with 3 controllers' do
    let(:pre_condition) { plugin_class(3, '2') }

    it { is_expected.to compile.with_all_deps }
    it do
      is_expected.to contain_aodh_config('coordination/backend_url').with_value(
        'zookeeper://10.20.0.12:2181?timeout=5')
    end
    it { is_expected.to contain_aodh_config('coordination/heartbeat').with_value('1.0') }
    it { is_expected.to contain_aodh_config('coordination/check_watchers').with_value('10.0') }
    it 'restarts this node\'s evaluator when the coordination changes' do
      is_expected.to contain_aodh_config('coordination/backend_url').that_notifies(
        'Exec[ceilometer-zookeeper restart p_aodh-evaluator]')
      is_expected.to contain_exec('ceilometer-zookeeper restart p_aodh-evaluator').with(
        :refreshonly => true,
        :command     => '/usr/bin/python /usr/local/lib/ceilometer-zookeeper/pcmk-resource restart-local p_aodh-evaluator aodh-evaluator --timeout 60 --clones-only',
      )
    end
    it 'installs kazoo before configuring' do
      is_expected.to contain_package('python-kazoo').that_comes_before('Aodh_config[coordination/backend_url]')
    end
  end

  context 'with the alarm evaluator left alone in the settings' do
    let(:pre_condition) { plugin_class(3, '2', 'coordinate_alarm_evaluator' => false) }

    it { is_expected.not_to contain_aodh_config('coordination/backend_url') }
  end

  context 'with 2 controllers (not HA)' do
    let(:pre_condition) { plugin_class(2, '2') }

    it { is_expected.not_to contain_aodh_config('coordination/backend_url') }
  end

  context 'with Ceilometer disabled (not HA)' do
    let(:pre_condition) { plugin_class(3, '2', {}, false) }

    it { is_expected.not_to contain_aodh_config('coordination/backend_url') }
  end

  # The task runs wherever the plugin acts: the setting is read here.
  [false, 'false', nil].each do |value|
    context "with coordinate_alarm_evaluator #{value.inspect}" do
      let(:pre_condition) do
        settings = DEFAULT_SETTINGS.merge('coordinate_alarm_evaluator' => value)
        settings.delete('coordinate_alarm_evaluator') if value.nil?
        "class { 'ceilometer_zookeeper':
           settings         => #{hash_to_puppet(settings)},
           network_metadata => #{hash_to_puppet(network_metadata(3))},
           node_uid         => '2',
           ceilometer       => { 'enabled' => true },
         }"
      end

      it 'changes nothing: no aodh.conf setting, no restart, no mark, no package' do
        is_expected.to compile.with_all_deps
        expect(catalogue.resources.map(&:type).uniq.sort).to eq(%w[Class Stage])
      end
    end
  end
end
