require 'spec_helper'

describe 'ceilometer_zookeeper_enabled_plugins' do
  it 'names the enabled plugins, sorted' do
    is_expected.to run.with_params('telemetry' => { 'metadata' => { 'enabled' => true } },
                                   'ceilometer-redis' => { 'metadata' => { 'enabled' => 'true' } })
                      .and_return('ceilometer-redis, telemetry')
  end
  it 'leaves out a disabled plugin and one that is not installed (no or an empty hash)' do
    is_expected.to run.with_params('ceilometer-redis' => { 'metadata' => { 'enabled' => false } },
                                   'telemetry' => {}, 'other' => nil)
                      .and_return('')
  end
  it { is_expected.to run.with_params({}).and_return('') }
  it { is_expected.to run.with_params.and_raise_error(/takes one hash/) }
  it { is_expected.to run.with_params('telemetry').and_raise_error(/takes one hash/) }
end
