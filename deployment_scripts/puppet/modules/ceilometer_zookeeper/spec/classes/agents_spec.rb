require 'spec_helper'

describe 'ceilometer_zookeeper::agents' do
  context 'where Pacemaker runs the agents as primitives (Fuel 9)' do
    let(:pre_condition) { plugin_class(3, '1') }

    it { is_expected.to compile.with_all_deps }
    it 'turns the central agent primitive into a clone once' do
      is_expected.to contain_exec('ceilometer-zookeeper clone p_ceilometer-agent-central').with(
        :command => %r{pcmk-resource clone p_ceilometer-agent-central clone_p_ceilometer-agent-central$},
        :unless  => %r{pcmk-resource is-cloned p_ceilometer-agent-central clone_p_ceilometer-agent-central$},
      )
    end
    it 'restarts this node\'s instance if it started before ceilometer.conf was last written, then bridges' do
      is_expected.to contain_exec('ceilometer-zookeeper clone_p_ceilometer-agent-central runs its configuration here').with(
        :command => %r{pcmk-resource restart-stale p_ceilometer-agent-central ceilometer-agent-central --process '\[b\]in/ceilometer-\(agent-central\|polling \.\*--polling-namespaces\[ =\]central\)' --config /etc/ceilometer/ceilometer.conf --timeout 60 --bridge$},
        :unless  => %r{restart-stale .* --check$},
      ).that_requires('Exec[ceilometer-zookeeper clone_p_ceilometer-agent-central runs here]')
    end
    it 'restarts a stale alarm evaluator without a bridge: it evaluates at once' do
      is_expected.to contain_exec('ceilometer-zookeeper clone_p_aodh-evaluator runs its configuration here').with(
        :command => %r{--process '\[b\]in/aodh-evaluator' --config /etc/aodh/aodh.conf --timeout 60$},
      )
    end
    it 'waits for this node\'s instance after cloning' do
      is_expected.to contain_exec('ceilometer-zookeeper clone_p_ceilometer-agent-central runs here').with(
        :command => %r{pcmk-resource wait-local p_ceilometer-agent-central --timeout 180$},
        :unless  => %r{pcmk-resource runs-here p_ceilometer-agent-central$},
      ).that_requires('Exec[ceilometer-zookeeper clone p_ceilometer-agent-central]')
    end
    it { is_expected.to contain_exec('ceilometer-zookeeper clone p_aodh-evaluator') }
    it { is_expected.not_to contain_service('ceilometer-agent-central') }
    it 'installs the status command and the self-repair once the agent runs everywhere' do
      is_expected.to contain_class('ceilometer_zookeeper::status_command')
      is_expected.to contain_class('ceilometer_zookeeper::repair')
        .that_requires('Ceilometer_zookeeper::Agent_on_every_controller[ceilometer-agent-central]')
    end
  end

  context 'without the central agent coordinated' do
    let(:pre_condition) { plugin_class(3, '1', 'coordinate_central_agent' => false) }

    it { is_expected.to contain_class('ceilometer_zookeeper::status_command') }
    it { is_expected.not_to contain_class('ceilometer_zookeeper::repair') }
  end

  context 'where Pacemaker is installed but its CIB cannot be read' do
    let(:facts) { { :ceilometer_zookeeper_cib_resources => 'UNREADABLE' } }
    let(:pre_condition) { plugin_class(3, '1') }

    it 'fails instead of starting the agent outside Pacemaker' do
      is_expected.to compile.and_raise_error(/Pacemaker is installed here but its CIB cannot be read.*not starting ceilometer-agent-central outside Pacemaker/)
    end
  end

  context 'where the clone already exists' do
    let(:facts) { { :ceilometer_zookeeper_cib_resources => 'clone_p_ceilometer-agent-central,p_ceilometer-agent-central' } }
    let(:pre_condition) { plugin_class(3, '1', 'coordinate_alarm_evaluator' => false) }

    it { is_expected.to contain_exec('ceilometer-zookeeper clone p_ceilometer-agent-central') }
    it { is_expected.not_to contain_exec('ceilometer-zookeeper clone p_aodh-evaluator') }
    it { is_expected.not_to contain_service('aodh-evaluator') }
  end

  context 'where the agents are plain services (no Pacemaker resource)' do
    let(:facts) { { :ceilometer_zookeeper_cib_resources => '' } }
    let(:pre_condition) { plugin_class(3, '1') }

    it { is_expected.to contain_service('ceilometer-agent-central').with(:ensure => 'running', :enable => true) }
    it { is_expected.to contain_service('aodh-evaluator').with(:ensure => 'running', :enable => true) }
    it { is_expected.not_to contain_exec('ceilometer-zookeeper clone p_ceilometer-agent-central') }
  end

  context 'with 2 controllers (not HA)' do
    let(:pre_condition) { plugin_class(2, '1') }

    it { is_expected.to compile }
    it { is_expected.not_to contain_exec('ceilometer-zookeeper clone p_ceilometer-agent-central') }
    it { is_expected.not_to contain_service('ceilometer-agent-central') }
  end
end
