require 'spec_helper'

describe 'ceilometer_zookeeper_backend_url' do
  it "names this controller's own server, with the port and timeout" do
    is_expected.to run.with_params('10.0.0.2', '2181', '10').and_return('zookeeper://10.0.0.2:2181?timeout=10')
  end
  it 'brackets an IPv6 address' do
    is_expected.to run.with_params('fd00::1', 2281, 15).and_return('zookeeper://[fd00::1]:2281?timeout=15')
  end
  it 'does not bracket an address twice' do
    is_expected.to run.with_params('[fd00::1]', 2181, 10).and_return('zookeeper://[fd00::1]:2181?timeout=10')
  end
  it { is_expected.to run.with_params('10.0.0.1', 2181).and_raise_error(/takes 3 arguments/) }
  it { is_expected.to run.with_params('', 2181, 10).and_raise_error(/management address/) }
  it { is_expected.to run.with_params(nil, 2181, 10).and_raise_error(/management address/) }
  it { is_expected.to run.with_params({ '1' => '10.0.0.1' }, 2181, 10).and_raise_error(/management address/) }
end
