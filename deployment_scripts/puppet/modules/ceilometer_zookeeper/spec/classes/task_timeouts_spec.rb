require 'spec_helper'
require 'yaml'

# Each task's execs, together, must end before the task's own timeout in
# deployment_tasks.yaml: otherwise Astute kills the task while an exec still waits, and
# the deployment fails without the exec's message. An exec without a timeout gets
# Puppet's default, 300 s.
TASK_TIMEOUTS = YAML.load_file(File.join(REPO_ROOT, 'deployment_tasks.yaml'), :aliases => true)
                    .each_with_object({}) { |task, out| out[task['id']] = task['parameters']['timeout'] }

{
  'ceilometer_zookeeper::server' => 'ceilometer-zookeeper-server',
  'ceilometer_zookeeper::wait' => 'ceilometer-zookeeper-wait',
  'ceilometer_zookeeper::ceilometer' => 'ceilometer-zookeeper-ceilometer',
  'ceilometer_zookeeper::aodh' => 'ceilometer-zookeeper-aodh',
  'ceilometer_zookeeper::agents' => 'ceilometer-zookeeper-agents',
}.each do |klass, task|
  describe klass do
    let(:pre_condition) { plugin_class(3, '1', 'notification_partitioning' => true) }

    it "runs its execs within task #{task}'s timeout" do
      execs = catalogue.resources.select { |r| r.type == 'Exec' }
      total = execs.map { |r| (r[:timeout] || 300).to_i }.reduce(0, :+)
      puts "\n--- #{task}: #{execs.length} exec(s), #{total} s at most, task timeout #{TASK_TIMEOUTS[task]} s"
      expect(total).to be < TASK_TIMEOUTS[task]
    end
  end
end
