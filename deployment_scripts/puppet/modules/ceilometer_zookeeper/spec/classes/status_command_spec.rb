require 'spec_helper'

describe 'ceilometer_zookeeper::status_command' do
  let(:pre_condition) { plugin_class(3, '2') }

  it { is_expected.to compile.with_all_deps }
  it 'configures the command for this environment and this node' do
    is_expected.to contain_file('/etc/ceilometer-zookeeper/status.ini')
      .with_content(/^servers = node-1=10\.20\.0\.11:2181 node-2=10\.20\.0\.12:2181 node-3=10\.20\.0\.13:2181$/)
      .with_content(/^group = central-global$/)
      .with_content(/^local_host = node-2$/)
  end
  it 'puts it on the PATH, run by the Python that has kazoo' do
    is_expected.to contain_file('/usr/local/bin/ceilometer-zookeeper-status').with(
      :mode    => '0755',
      :content => %r{^exec /usr/bin/python /usr/local/lib/ceilometer-zookeeper/ceilometer-zookeeper-status "\$@"$},
    )
  end

  context 'on Debian (the lab)' do
    let(:facts) { { :lsbdistcodename => 'bookworm' } }

    it { is_expected.to contain_file('/usr/local/bin/ceilometer-zookeeper-status').with_content(%r{exec /usr/bin/python3 }) }
  end
end
