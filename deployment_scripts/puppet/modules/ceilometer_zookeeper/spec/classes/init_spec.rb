require 'spec_helper'

describe 'ceilometer_zookeeper' do
  context 'with 1 controller' do
    let(:params) { { :settings => DEFAULT_SETTINGS, :network_metadata => network_metadata(1), :node_uid => '1' } }

    it 'refuses to act and says why' do
      is_expected.to compile
      expect(catalogue.resource('class', 'Ceilometer_zookeeper')).not_to be_nil
    end
  end

  context 'where a controller has no management address' do
    let(:params) do
      metadata = network_metadata(3)
      metadata['nodes']['node-2']['network_roles'] = {}
      { :settings => DEFAULT_SETTINGS, :network_metadata => metadata, :node_uid => '1' }
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
