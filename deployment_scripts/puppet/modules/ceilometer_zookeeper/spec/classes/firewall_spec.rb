require 'spec_helper'

describe 'ceilometer_zookeeper::firewall' do
  context 'with 3 controllers' do
    let(:pre_condition) { plugin_class(3, '1', 'zookeeper_client_port' => '2281') }

    it { is_expected.to compile.with_all_deps }
    it 'keeps its rules in a chain of its own, rebuilt on every run' do
      is_expected.to contain_firewallchain('ceilometer-zookeeper:filter:IPv4').with(:ensure => 'present', :purge => true)
    end
    it "sends ZooKeeper's ports to that chain, before Fuel's last INPUT rule" do
      is_expected.to contain_firewall('118 ceilometer-zookeeper controllers').with(
        :chain => 'INPUT',
        :proto => 'tcp',
        :dport => %w[2281 2888 3888],
        :jump  => 'ceilometer-zookeeper',
      )
    end
    %w[10.20.0.11 10.20.0.12 10.20.0.13].each do |peer|
      it "admits #{peer} in the chain" do
        is_expected.to contain_firewall("100 ceilometer-zookeeper from #{peer}").with(
          :chain  => 'ceilometer-zookeeper',
          :proto  => 'tcp',
          :source => peer,
          :dport  => %w[2281 2888 3888],
          :action => 'accept',
        )
      end
    end
    it { is_expected.not_to contain_firewall('100 ceilometer-zookeeper from 10.20.0.14') }
  end

  context 'with 2 controllers (not HA)' do
    let(:pre_condition) { plugin_class(2, '1') }

    it { is_expected.not_to contain_firewallchain('ceilometer-zookeeper:filter:IPv4') }
    it { is_expected.not_to contain_firewall('100 ceilometer-zookeeper from 10.20.0.11') }
  end
end
