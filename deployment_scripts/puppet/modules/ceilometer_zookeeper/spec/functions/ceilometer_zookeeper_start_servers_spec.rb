require 'spec_helper'

describe 'ceilometer_zookeeper_start_servers' do
  three = { '1' => 'a', '2' => 'b', '3' => 'c' }
  five = three.merge('4' => 'd', '5' => 'e')

  it('a first deployment: every controller') { is_expected.to run.with_params(three, '').and_return(three) }
  it('a redeploy: every controller') { is_expected.to run.with_params(three, '1,2,3').and_return(three) }
  it('a removal: the controllers left') { is_expected.to run.with_params(three, '1,2,3,4').and_return(three) }
  it('an addition, on an existing server: the servers it knows') do
    is_expected.to run.with_params(five, '1,2,3').and_return(three)
  end
  it('an addition and a removal: the known servers that stay') do
    is_expected.to run.with_params({ '1' => 'a', '2' => 'b', '6' => 'f' }, '1,2,3').and_return('1' => 'a', '2' => 'b')
  end
  it { is_expected.to run.with_params(three).and_raise_error(/takes a hash and a string/) }
end
