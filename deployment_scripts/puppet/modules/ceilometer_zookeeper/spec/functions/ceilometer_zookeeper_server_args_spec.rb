require 'spec_helper'

describe 'ceilometer_zookeeper_server_args' do
  it 'names each server node-<uid>, ordered by uid as a number' do
    is_expected.to run.with_params({ '2' => '10.0.0.2', '10' => '10.0.0.10', '1' => '10.0.0.1' }, '2181')
                      .and_return('node-1=10.0.0.1:2181 node-2=10.0.0.2:2181 node-10=10.0.0.10:2181')
  end
  it 'brackets IPv6 addresses' do
    is_expected.to run.with_params({ '3' => 'fd00::3', '1' => '10.0.0.1' }, 2281)
                      .and_return('node-1=10.0.0.1:2281 node-3=[fd00::3]:2281')
  end
  it { is_expected.to run.with_params({}, 2181).and_return('') }
  it { is_expected.to run.with_params({ '1' => '10.0.0.1' }).and_raise_error(/takes a hash and a port/) }
  it { is_expected.to run.with_params('10.0.0.1', 2181).and_raise_error(/takes a hash and a port/) }
end
