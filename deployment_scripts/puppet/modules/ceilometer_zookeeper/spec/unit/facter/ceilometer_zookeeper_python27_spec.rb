require 'spec_helper'
require 'facter'

# The fact decides which kazoo package the plugin installs on a Debian node (params.pp):
# true only where /usr/bin/python exists and says it is 2.7.
describe 'fact ceilometer_zookeeper_python27' do
  python = '/usr/bin/python'

  def python27
    Facter.clear
    load File.expand_path('../../../lib/facter/ceilometer_zookeeper_python27.rb', __dir__)
    Facter.value(:ceilometer_zookeeper_python27)
  end

  let(:executable) { true }
  let(:answer) { "2.7\n" }

  before(:each) do
    allow(File).to receive(:executable?).and_call_original
    allow(File).to receive(:executable?).with(python).and_return(executable)
    allow(Facter::Core::Execution).to receive(:exec).and_call_original
    allow(Facter::Core::Execution).to receive(:exec).with(%r{^/usr/bin/python -c}).and_return(answer)
  end
  after(:each) { Facter.clear }

  it('is true for Python 2.7') { expect(python27).to be(true) }

  context 'when python is Python 3' do
    let(:answer) { "3.11\n" }

    it { expect(python27).to be(false) }
  end

  context 'when python is Python 2.6' do
    let(:answer) { "2.6\n" }

    it { expect(python27).to be(false) }
  end

  context 'without /usr/bin/python (Debian 12)' do
    let(:executable) { false }

    it { expect(python27).to be(false) }
  end

  context 'when python does not answer' do
    let(:answer) { nil }

    it { expect(python27).to be(false) }
  end
end
