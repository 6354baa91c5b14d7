require 'spec_helper'

describe 'ceilometer_zookeeper_backend_url' do
  it 'lists the hosts ordered by uid as a number, with the port and timeout' do
    is_expected.to run.with_params({ '2' => '10.0.0.2', '10' => '10.0.0.10', '1' => '10.0.0.1' }, '2181', '10')
                      .and_return('zookeeper://10.0.0.1:2181,10.0.0.2:2181,10.0.0.10:2181?timeout=10')
  end
  it 'brackets IPv6 addresses' do
    is_expected.to run.with_params({ '1' => 'fd00::1', '2' => '10.0.0.2' }, 2281, 15)
                      .and_return('zookeeper://[fd00::1]:2281,10.0.0.2:2281?timeout=15')
  end
  it 'does not bracket an address twice' do
    is_expected.to run.with_params({ '1' => '[fd00::1]' }, 2181, 10).and_return('zookeeper://[fd00::1]:2181?timeout=10')
  end
  it { is_expected.to run.with_params({ '1' => '10.0.0.1' }, 2181).and_raise_error(/takes 3 arguments/) }
  it { is_expected.to run.with_params({}, 2181, 10).and_raise_error(/servers must be a non-empty hash/) }
  it { is_expected.to run.with_params(['10.0.0.1'], 2181, 10).and_raise_error(/servers must be a non-empty hash/) }
end
