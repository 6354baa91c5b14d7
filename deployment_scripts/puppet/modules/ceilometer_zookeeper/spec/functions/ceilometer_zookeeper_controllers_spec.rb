require 'spec_helper'

describe 'ceilometer_zookeeper_controllers' do
  it 'returns the controllers and primary controller by uid with their management address' do
    is_expected.to run.with_params(network_metadata(3), 'management')
                      .and_return('1' => '10.20.0.11', '2' => '10.20.0.12', '3' => '10.20.0.13')
  end
  it 'drops the prefix length of an address' do
    metadata = { 'nodes' => { 'node-7' => { 'uid' => 7, 'node_roles' => ['controller'],
                                            'network_roles' => { 'management' => 'fd00::7/64' } } } }
    is_expected.to run.with_params(metadata, 'management').and_return('7' => 'fd00::7')
  end
  it 'reads the address of the given network role' do
    metadata = network_metadata(3)
    metadata['nodes']['node-2']['network_roles']['mgmt/vip'] = '192.168.0.2'
    is_expected.to run.with_params(metadata, 'mgmt/vip')
                      .and_return('1' => '10.20.0.11', '2' => '192.168.0.2', '3' => '10.20.0.13')
  end
  it { is_expected.to run.with_params({ 'nodes' => {} }, 'management').and_return({}) }
  it 'fails naming a controller without an address on the role' do
    metadata = network_metadata(3)
    metadata['nodes']['node-2']['network_roles'] = {}
    is_expected.to run.with_params(metadata, 'management')
                      .and_raise_error(/controller node-2 has no address on network role management/)
  end
  it 'fails naming a controller without a uid' do
    metadata = network_metadata(3)
    metadata['nodes']['node-3'].delete('uid')
    is_expected.to run.with_params(metadata, 'management').and_raise_error(/controller node-3 has no uid/)
  end
  it { is_expected.to run.with_params({}, 'management').and_raise_error(/network_metadata has no nodes hash/) }
  it { is_expected.to run.with_params(network_metadata(3)).and_raise_error(/takes 2 arguments/) }
end
