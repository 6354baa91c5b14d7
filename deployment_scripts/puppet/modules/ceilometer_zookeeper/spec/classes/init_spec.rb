require 'spec_helper'

# The HA rule of deployment_tasks.yaml (&ha_and_ceilometer), as the module repeats it.
def rule_params(controllers, ceilometer)
  { :settings => DEFAULT_SETTINGS, :network_metadata => network_metadata(controllers), :node_uid => '1',
    :ceilometer => ceilometer }
end

# The messages Puppet logs while compiling the catalogue.
def compile_logs
  logs = []
  collector = Puppet::Test::LogCollector.new(logs)
  Puppet::Util::Log.newdestination(collector)
  begin
    catalogue
  ensure
    Puppet::Util::Log.close(collector)
  end
  logs.map(&:message).join("\n")
end

describe 'ceilometer_zookeeper' do
  context 'with 1 controller' do
    let(:params) { rule_params(1, 'enabled' => true) }

    it 'refuses to act and says why' do
      is_expected.to compile
      expect(compile_logs).to include('ceilometer-zookeeper: this environment has 1 controller(s) and Ceilometer ' \
                                      'enabled; the plugin acts only with 3 or more controllers and Ceilometer ' \
                                      'enabled, so it changes nothing here')
    end
  end

  context 'with Ceilometer disabled' do
    let(:params) { rule_params(3, 'enabled' => false) }

    it 'says why it does nothing' do
      expect(compile_logs).to include('this environment has 3 controller(s) and Ceilometer disabled; the plugin acts ' \
                                      'only with 3 or more controllers')
    end
  end

  {
    '3 controllers, Ceilometer enabled' => [3, { 'enabled' => true }, true],
    '5 controllers, Ceilometer enabled' => [5, { 'enabled' => true }, true],
    '2 controllers, Ceilometer enabled' => [2, { 'enabled' => true }, false],
    '3 controllers, Ceilometer disabled' => [3, { 'enabled' => false }, false],
    "3 controllers, hiera's ceilometer hash without 'enabled'" => [3, {}, false],
  }.each do |what, (controllers, ceilometer, ha)|
    context "with #{what}" do
      let(:params) { rule_params(controllers, ceilometer) }
      let(:post_condition) { 'notify { "ha=${::ceilometer_zookeeper::ha}": }' }

      it { is_expected.to contain_notify("ha=#{ha}") }
    end
  end

  context 'with Ceilometer disabled, a bad setting is not checked (the plugin does nothing)' do
    let(:params) { rule_params(3, 'enabled' => false).merge(:settings => DEFAULT_SETTINGS.merge('zookeeper_heap_mb' => '9000')) }

    it { is_expected.to compile }
  end

  context 'where a controller has no management address' do
    let(:params) do
      metadata = network_metadata(3)
      metadata['nodes']['node-2']['network_roles'] = {}
      { :settings => DEFAULT_SETTINGS, :network_metadata => metadata, :node_uid => '1', :ceilometer => { 'enabled' => true } }
    end

    it { is_expected.to compile.and_raise_error(/controller node-2 has no address on network role management/) }
  end
end

describe 'ceilometer_zookeeper::server' do
  context 'with a bad setting, in a task other than the check' do
    let(:pre_condition) { plugin_class(3, '1', 'zookeeper_client_port' => "2181\n") }

    it 'refuses it before anything is rendered' do
      is_expected.to compile.and_raise_error(/bad settings: .*\(zookeeper_client_port\) must be digits only/)
    end
  end
end
