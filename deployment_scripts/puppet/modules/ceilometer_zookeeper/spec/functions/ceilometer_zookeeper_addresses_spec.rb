require 'spec_helper'

describe 'ceilometer_zookeeper_addresses' do
  it 'orders the addresses by uid as a number (2 before 10)' do
    is_expected.to run.with_params('2' => '10.0.0.2', '10' => '10.0.0.10', '1' => '10.0.0.1')
                      .and_return(['10.0.0.1', '10.0.0.2', '10.0.0.10'])
  end
  it 'leaves IPv6 addresses as they are (firewall sources take them bare)' do
    is_expected.to run.with_params('3' => 'fd00::3', '1' => 'fd00::1').and_return(['fd00::1', 'fd00::3'])
  end
  it { is_expected.to run.with_params({}).and_return([]) }
  it { is_expected.to run.with_params.and_raise_error(/takes one hash/) }
  it { is_expected.to run.with_params(['10.0.0.1']).and_raise_error(/takes one hash/) }
  it { is_expected.to run.with_params({ '1' => '10.0.0.1' }, 'extra').and_raise_error(/takes one hash/) }
end
