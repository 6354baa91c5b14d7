require 'spec_helper'

describe 'ceilometer_zookeeper_server_id_errors' do
  it { is_expected.to run.with_params('1' => '10.0.0.1', '255' => '10.0.0.2', '12' => '10.0.0.3').and_return('') }
  it 'names every controller whose uid is above 255, in uid order' do
    is_expected.to run.with_params('1' => '10.0.0.1', '300' => '10.0.0.2', '257' => '10.0.0.3')
                      .and_return(/ZooKeeper takes 1 to 255; node-257, node-300 cannot have one/)
  end
  it 'refuses a uid that is not a positive whole number' do
    is_expected.to run.with_params('0' => '10.0.0.1', '07' => '10.0.0.2').and_return(/node-0, node-07 cannot/)
  end
  it { is_expected.to run.with_params.and_raise_error(/takes one hash/) }
  it { is_expected.to run.with_params(['1']).and_raise_error(/takes one hash/) }
end
