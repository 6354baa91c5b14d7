require 'spec_helper'

describe 'ceilometer_zookeeper_growth_errors' do
  five = { '1' => 'a', '2' => 'b', '3' => 'c', '4' => 'd', '5' => 'e' }
  six = five.merge('6' => 'f')

  it('allows a first deployment') { is_expected.to run.with_params(six, '').and_return('') }
  it('allows 3 -> 5') { is_expected.to run.with_params(five, '1,2,3').and_return('') }
  it('allows a redeploy') { is_expected.to run.with_params(five, '1,2,3,4,5').and_return('') }
  it('allows a removal') { is_expected.to run.with_params({ '1' => 'a', '2' => 'b' }, '1,2,3').and_return('') }
  it 'refuses 3 -> 6, naming the new controllers and a safe step' do
    is_expected.to run.with_params(six, '1,2,3')
                      .and_return(/adding 3 controller\(s\) \(node-4, node-5, node-6\) to a ZooKeeper ensemble that keeps 3 .* add at most 2 at a time/)
  end
  it 'counts only the servers that stay (3 -> 2 kept + 2 new)' do
    is_expected.to run.with_params({ '1' => 'a', '2' => 'b', '7' => 'g', '8' => 'h' }, '1,2,3')
                      .and_return(/adding 2 controller\(s\) \(node-7, node-8\) to a ZooKeeper ensemble that keeps 2/)
  end
  it { is_expected.to run.with_params(six).and_raise_error(/takes a hash and a string/) }
end
