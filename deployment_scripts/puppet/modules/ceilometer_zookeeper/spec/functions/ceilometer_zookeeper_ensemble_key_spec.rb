require 'spec_helper'

describe 'ceilometer_zookeeper_ensemble_key' do
  it 'gives the client port, then each server line ordered by uid as a number' do
    is_expected.to run.with_params({ '2' => '10.0.0.2', '10' => '10.0.0.10', '1' => '10.0.0.1' }, '2181', 2888, 3888)
                      .and_return('clientPort=2181 server.1=10.0.0.1:2888:3888 server.2=10.0.0.2:2888:3888 ' \
                                  'server.10=10.0.0.10:2888:3888')
  end
  it { is_expected.to run.with_params({}, 2182, 2888, 3888).and_return('clientPort=2182') }
  it { is_expected.to run.with_params({ '1' => '10.0.0.1' }, 2181).and_raise_error(/takes a hash and three ports/) }
end
