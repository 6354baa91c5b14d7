# == Class: ceilometer_zookeeper::agents
#
# Makes the coordinated agents active on every controller: the central agent and, when
# chosen in the settings, aodh's alarm evaluator.
#
class ceilometer_zookeeper::agents {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    include ::ceilometer_zookeeper::scripts

    include ::ceilometer_zookeeper::status_command

    if $::ceilometer_zookeeper::central_agent {
      ceilometer_zookeeper::agent_on_every_controller { $::ceilometer_zookeeper::central_agent_service:
        primitive => $::ceilometer_zookeeper::central_agent_primitive,
        process   => $::ceilometer_zookeeper::central_agent_process,
        config    => $::ceilometer_zookeeper::central_agent_config,
        bridge    => true,
      }
      class { '::ceilometer_zookeeper::repair':
        require => Ceilometer_zookeeper::Agent_on_every_controller[$::ceilometer_zookeeper::central_agent_service],
      }
    }
    if $::ceilometer_zookeeper::alarm_evaluator {
      ceilometer_zookeeper::agent_on_every_controller { $::ceilometer_zookeeper::alarm_evaluator_service:
        primitive => $::ceilometer_zookeeper::alarm_evaluator_primitive,
        process   => $::ceilometer_zookeeper::alarm_evaluator_process,
        config    => $::ceilometer_zookeeper::alarm_evaluator_config,
      }
    }
  }
}
