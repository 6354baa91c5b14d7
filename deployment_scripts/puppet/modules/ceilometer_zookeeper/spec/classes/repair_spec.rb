require 'spec_helper'

describe 'ceilometer_zookeeper::repair' do
  let(:pre_condition) { plugin_class(3, '1') }

  it { is_expected.to compile.with_all_deps }
  it 'runs the repair every minute, one at a time, logged to a file' do
    line = '* * * * * root flock -n /run/lock/ceilometer-zookeeper-repair.lock /usr/bin/python ' \
           '/usr/local/lib/ceilometer-zookeeper/ceilometer-zookeeper-repair --after 60 ' \
           '--primitive p_ceilometer-agent-central >> /var/log/ceilometer-zookeeper-repair.log 2>&1'
    is_expected.to contain_file('/etc/cron.d/ceilometer-zookeeper').with_content(/^#{Regexp.escape(line)}$/)
  end
  it 'watches every minute, one watch at a time, for new agent processes to bridge' do
    line = '* * * * * root flock -n /run/lock/ceilometer-zookeeper-bridge.lock /usr/bin/python ' \
           '/usr/local/lib/ceilometer-zookeeper/ceilometer-zookeeper-bridge watch ' \
           "--process '[b]in/ceilometer-(agent-central|polling .*--polling-namespaces[ =]central)' " \
           '--config /etc/ceilometer/ceilometer.conf --service ceilometer-agent-central ' \
           '>> /var/log/ceilometer-zookeeper-bridge.log 2>&1'
    is_expected.to contain_file('/etc/cron.d/ceilometer-zookeeper').with_content(/^#{Regexp.escape(line)}$/)
  end
  it { is_expected.to contain_class('ceilometer_zookeeper::status_command') }

  context 'with a longer grace' do
    let(:params) { { :after => 180 } }

    it { is_expected.to contain_file('/etc/cron.d/ceilometer-zookeeper').with_content(/--after 180 /) }
  end
end
