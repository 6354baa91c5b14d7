require 'spec_helper'

describe 'ceilometer_zookeeper::scripts' do
  it { is_expected.to compile.with_all_deps }
  it { is_expected.to contain_file('/usr/local/lib/ceilometer-zookeeper').with(:ensure => 'directory', :mode => '0755') }
  %w[zookeeper-ensemble-check ceilometer-zookeeper-status ceilometer-zookeeper-repair ceilometer-zookeeper-bridge pcmk-resource].each do |script|
    it "installs #{script} from the module, executable" do
      is_expected.to contain_file("/usr/local/lib/ceilometer-zookeeper/#{script}").with(
        :mode   => '0755',
        :source => "puppet:///modules/ceilometer_zookeeper/#{script}",
      )
    end
  end
end
