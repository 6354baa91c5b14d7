require 'spec_helper'

describe 'ceilometer_zookeeper_start_servers' do
  three = { '1' => 'a', '2' => 'b', '3' => 'c' }
  five = three.merge('4' => 'd', '5' => 'e')

  it('a first deployment or a new controller: every controller') { is_expected.to run.with_params(five, '').and_return(five) }
  it('the same controllers: every controller') { is_expected.to run.with_params(three, '3,1,2').and_return(three) }
  it('an addition, on an existing server: zoo.cfg left as it is') { is_expected.to run.with_params(five, '1,2,3').and_return(nil) }
  it('a removal, on an existing server: zoo.cfg left as it is') { is_expected.to run.with_params(three, '1,2,3,4').and_return(nil) }
  it { is_expected.to run.with_params(three).and_raise_error(/takes a hash and a string/) }
end
