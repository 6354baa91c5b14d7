require 'spec_helper'

describe 'ceilometer_zookeeper::kazoo' do
  context 'on Fuel 9 (Ubuntu 14.04)' do
    it { is_expected.to compile.with_all_deps }
    # The plugin's python-kazoo, also over Ubuntu's 1.2.1 if that one is installed already.
    it { is_expected.to contain_package('python-kazoo').with_ensure('2.2.1-1~czk1') }
  end

  context 'on Debian' do
    let(:facts) { { :lsbdistcodename => 'bookworm', :operatingsystem => 'Debian' } }

    it { is_expected.to contain_package('python3-kazoo').with_ensure('installed') }
  end

  # The lab's Mitaka agents: Debian with Debian 11's Python 2.7 as `python`.
  context 'on Debian whose python is 2.7' do
    let(:facts) do
      { :lsbdistcodename => 'bookworm', :operatingsystem => 'Debian', :ceilometer_zookeeper_python27 => true }
    end

    it { is_expected.to contain_package('python-kazoo').with_ensure('2.2.1-1~czk1') }
    it { is_expected.not_to contain_package('python3-kazoo') }
  end

  context 'on Debian whose python is 2.7, the fact a string (Puppet 3)' do
    let(:facts) do
      { :lsbdistcodename => 'bookworm', :operatingsystem => 'Debian', :ceilometer_zookeeper_python27 => 'true' }
    end

    it { is_expected.to contain_package('python-kazoo').with_ensure('2.2.1-1~czk1') }
  end

  context 'on Debian without Python 2.7' do
    let(:facts) do
      { :lsbdistcodename => 'bookworm', :operatingsystem => 'Debian', :ceilometer_zookeeper_python27 => false }
    end

    it { is_expected.to contain_package('python3-kazoo') }
  end

  # The ceilometer and aodh tasks are separate catalogs on Fuel, but nothing stops one
  # manifest from holding both: kazoo must then be declared once.
  context 'with the ceilometer and aodh classes in one catalog' do
    let(:pre_condition) do
      plugin_class(3, '1') + "\ninclude ::ceilometer_zookeeper::ceilometer\ninclude ::ceilometer_zookeeper::aodh\n"
    end

    it { is_expected.to compile.with_all_deps }
    it 'installs kazoo once, before both configurations' do
      is_expected.to contain_package('python-kazoo').that_comes_before('Ceilometer_config[coordination/backend_url]')
      is_expected.to contain_package('python-kazoo').that_comes_before('Aodh_config[coordination/backend_url]')
    end
    it { is_expected.to contain_exec('ceilometer-zookeeper restart p_ceilometer-agent-central') }
    it { is_expected.to contain_exec('ceilometer-zookeeper restart p_aodh-evaluator') }
  end
end
