require 'spec_helper'
require 'facter'

# The fact reads zoo.cfg and the running server's age; both are stubbed here. What it
# returns must equal what ceilometer_zookeeper_ensemble_key gives for the same servers,
# or the server tasks would restart the ensemble on every deployment.
describe 'fact ceilometer_zookeeper_served_ensemble' do
  path = '/etc/zookeeper/conf/zoo.cfg'
  fact_file = File.expand_path('../../../lib/facter/ceilometer_zookeeper_served_ensemble.rb', __dir__)
  written = Time.now.to_i - 100

  def served
    Facter.clear
    load File.expand_path('../../../lib/facter/ceilometer_zookeeper_served_ensemble.rb', __dir__)
    Facter.value(:ceilometer_zookeeper_served_ensemble)
  end

  let(:zoo_cfg) do
    "# Managed by Puppet\ntickTime=1000\nclientPort=2181\nclientPortAddress=10.0.0.2\n" \
      "#server.9=example:2888:3888\nserver.10=10.0.0.10:2888:3888\nserver.1=10.0.0.1:2888:3888\n" \
      "server.2=10.0.0.2:2888:3888\n"
  end
  let(:pid) { '' }
  let(:age) { '' }

  before(:each) do
    allow(File).to receive(:readable?).and_call_original
    allow(File).to receive(:readable?).with(path).and_return(!zoo_cfg.nil?)
    allow(File).to receive(:read).and_call_original
    allow(File).to receive(:read).with(path).and_return(zoo_cfg.to_s)
    allow(File).to receive(:mtime).and_call_original
    allow(File).to receive(:mtime).with(path).and_return(Time.at(written))
    allow(Facter::Core::Execution).to receive(:exec).and_call_original
    allow(Facter::Core::Execution).to receive(:exec).with(/pgrep/).and_return(pid)
    allow(Facter::Core::Execution).to receive(:exec).with(/^ps /).and_return(age)
  end
  after(:each) { Facter.clear }

  it 'is the key of ceilometer_zookeeper_ensemble_key for the same servers, whatever their order' do
    expect(fact_file).to satisfy { |f| File.exist?(f) }
    expect(served).to eq('clientPort=2181 server.1=10.0.0.1:2888:3888 server.2=10.0.0.2:2888:3888 ' \
                         'server.10=10.0.0.10:2888:3888')
  end

  context 'with a server that started after zoo.cfg was written' do
    let(:pid) { '4242' }
    let(:age) { '50' }

    it { expect(served).to start_with('clientPort=2181 server.1=') }
  end

  context 'with a server that started before zoo.cfg was written' do
    let(:pid) { '4242' }
    let(:age) { '500' }

    it { expect(served).to eq('stale') }
  end

  context 'with the package\'s own zoo.cfg (no server list)' do
    let(:zoo_cfg) { "tickTime=2000\nclientPort=2181\n#server.1=zookeeper1:2888:3888\n" }

    it { expect(served).to eq('') }
  end

  context 'without zoo.cfg' do
    let(:zoo_cfg) { nil }

    it { expect(served).to eq('') }
  end
end
