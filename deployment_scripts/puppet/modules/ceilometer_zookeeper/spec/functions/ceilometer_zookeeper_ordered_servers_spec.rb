require 'spec_helper'

describe 'ceilometer_zookeeper_ordered_servers' do
  it 'orders the servers by uid as a number (2 before 10)' do
    is_expected.to run.with_params('10' => '10.0.0.10', '2' => '10.0.0.2', '1' => '10.0.0.1')
                      .and_return([%w[1 10.0.0.1], %w[2 10.0.0.2], %w[10 10.0.0.10]])
  end
  it { is_expected.to run.with_params({}).and_return([]) }
  it { is_expected.to run.with_params.and_raise_error(/takes one hash/) }
  it { is_expected.to run.with_params([]).and_raise_error(/takes one hash/) }
end
