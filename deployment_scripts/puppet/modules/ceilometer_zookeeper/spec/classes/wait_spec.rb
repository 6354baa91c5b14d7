require 'spec_helper'

describe 'ceilometer_zookeeper::wait' do
  context 'with 3 controllers' do
    let(:pre_condition) { plugin_class(3, '3') }

    it { is_expected.to compile.with_all_deps }
    it 'checks every controller with a bounded timeout' do
      is_expected.to contain_exec('ceilometer-zookeeper ensemble check').with(
        :command => '/usr/bin/python /usr/local/lib/ceilometer-zookeeper/zookeeper-ensemble-check --refused envi --timeout 240 ' \
                    'node-1=10.20.0.11:2181 node-2=10.20.0.12:2181 node-3=10.20.0.13:2181',
        :unless  => '/usr/bin/python /usr/local/lib/ceilometer-zookeeper/zookeeper-ensemble-check --refused envi --once ' \
                    'node-1=10.20.0.11:2181 node-2=10.20.0.12:2181 node-3=10.20.0.13:2181',
        :timeout => 270,
      )
    end
    it { is_expected.to contain_file('/usr/local/lib/ceilometer-zookeeper/zookeeper-ensemble-check').with_mode('0755') }
  end

  context 'without the four-letter-word check (ZooKeeper before 3.4.10)' do
    let(:pre_condition) { plugin_class(3, '3') }
    let(:params) { { :refused_word => false } }

    it { is_expected.to contain_exec('ceilometer-zookeeper ensemble check').with_command(%r{zookeeper-ensemble-check --timeout 240 }) }
  end

  context 'with 2 controllers (not HA)' do
    let(:pre_condition) { plugin_class(2, '2') }

    it { is_expected.not_to contain_exec('ceilometer-zookeeper ensemble check') }
  end
end
