require 'spec_helper'
require File.expand_path('../../../lib/puppet_x/ceilometer_zookeeper/settings', __FILE__)

describe 'ceilometer_zookeeper_setting_errors' do
  reserved = { '5000' => 'Keystone', '8080' => 'Swift proxy' }
  table = PuppetX::CeilometerZookeeper::SETTINGS

  def with(changes)
    DEFAULT_SETTINGS.merge(changes)
  end

  it 'accepts the defaults of environment_config.yaml' do
    is_expected.to run.with_params(DEFAULT_SETTINGS, '16000', reserved).and_return('')
  end
  it 'accepts numbers as well as strings' do
    is_expected.to run.with_params(with('zookeeper_client_port' => 2181, 'coordination_timeout' => 10), 16000, reserved)
                      .and_return('')
  end

  table.each do |key, setting|
    context "for #{key}" do
      it 'accepts the lowest and highest values of the UI (as far as the range goes)' do
        [setting['min'], setting['max']].each do |value|
          errors = subject.execute(with(key => value.to_s), '1000000', {})
          expect(errors).not_to include("(#{key}) must")
        end
      end
      it 'refuses one below and one above, naming the label, the key and the range' do
        [setting['min'] - 1, setting['max'] + 1].reject(&:zero?).each do |value|
          expect(subject.execute(with(key => value.to_s), '1000000', {}))
            .to include("#{setting['label']} (#{key}) must be from #{setting['min']} to #{setting['max']}, got #{value}")
        end
      end
      it 'refuses a missing value' do
        settings = DEFAULT_SETTINGS.reject { |k, _| k == key }
        expect(subject.execute(settings, '16000', {})).to include("#{setting['label']} (#{key}) must be a positive whole number, got ''")
      end
    end
  end

  {
    'zero' => ['0', /must be a positive whole number, got '0'/],
    'a negative number' => ['-3', /must be a positive whole number, got '-3'/],
    'letters' => ['five', /must be a positive whole number, got 'five'/],
    'a decimal' => ['10.5', /must be a positive whole number, got '10.5'/],
    'an empty string' => ['', /must be a positive whole number, got ''/],
    'a leading zero' => ['010', /must be written without leading zeros, got '010'/],
    'a trailing newline' => ["10\n", /must be digits only, without spaces or line breaks around them, got "10\\n"/],
    'surrounding spaces' => [' 10 ', /must be digits only, without spaces or line breaks around them, got " 10 "/],
  }.each do |what, (value, message)|
    it "refuses #{what}, naming the setting" do
      is_expected.to run.with_params(with('zookeeper_init_limit' => value), '16000', reserved)
                        .and_return(/\AZooKeeper init limit \(ticks\) \(zookeeper_init_limit\) #{message.source}\z/)
    end
  end

  it 'refuses a port another controller service uses' do
    is_expected.to run.with_params(with('zookeeper_client_port' => '8080'), '16000', reserved)
                      .and_return("ZooKeeper client port (zookeeper_client_port) 8080 is already used by Swift proxy on the controllers; choose another")
  end
  it 'refuses ZooKeeper\'s own peer and election ports' do
    %w[2888 3888].each do |port|
      expect(subject.execute(with('zookeeper_client_port' => port), '16000', reserved))
        .to eq("ZooKeeper client port (zookeeper_client_port) #{port} is ZooKeeper's own peer port; choose another")
    end
  end
  it 'refuses a heap over half the memory and accepts exactly half' do
    is_expected.to run.with_params(with('zookeeper_heap_mb' => '1025'), '2048', {})
                      .and_return(/\(zookeeper_heap_mb\) 1025 exceeds half of this controller's memory \(2048 MiB\); at most 1024\z/)
    is_expected.to run.with_params(with('zookeeper_heap_mb' => '1024'), '2048', {}).and_return('')
  end
  it 'does not check the heap against an unknown memory size' do
    is_expected.to run.with_params(with('zookeeper_heap_mb' => '99999'), nil, {}).and_return('')
  end
  it 'keeps the session timeout within 2 to 20 ticks' do
    is_expected.to run.with_params(with('zookeeper_tick_time' => '1000', 'coordination_timeout' => '21'), '16000', {})
                      .and_return(/\(coordination_timeout\) 21 s is outside what ZooKeeper grants with a tick time of 1000 ms \(2.0 to 20.0 s\)/)
    is_expected.to run.with_params(with('zookeeper_tick_time' => '1000', 'coordination_timeout' => '20'), '16000', {}).and_return('')
    is_expected.to run.with_params(with('zookeeper_tick_time' => '5000', 'coordination_timeout' => '9'), '16000', {})
                      .and_return(/\(coordination_timeout\) 9 s is outside .* \(10.0 to 100.0 s\)/)
  end
  it 'names every problem, separated by "; "' do
    errors = subject.execute(with('zookeeper_heap_mb' => '9000', 'zookeeper_client_port' => '5000', 'zookeeper_sync_limit' => 'x'),
                             '16000', reserved)
    expect(errors.scan(/\((zookeeper_\w+)\)/).flatten).to eq(%w[zookeeper_sync_limit zookeeper_client_port zookeeper_heap_mb])
    expect(errors).to include('(zookeeper_client_port) 5000 is already used by Keystone')
    expect(errors).to include('(zookeeper_heap_mb) 9000 exceeds half')
    expect(errors).to include("(zookeeper_sync_limit) must be a positive whole number, got 'x'")
  end
  it 'treats a missing settings hash as every setting missing' do
    expect(subject.execute(nil, '16000', {}).split('; ').size).to eq(table.size)
  end
  it { is_expected.to run.with_params(DEFAULT_SETTINGS, '16000').and_raise_error(/takes 3 arguments/) }
end
