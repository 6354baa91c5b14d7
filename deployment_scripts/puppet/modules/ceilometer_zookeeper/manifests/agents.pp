# == Class: ceilometer_zookeeper::agents
#
# Makes the coordinated agents active on every controller: the central agent and, when
# chosen in the settings, aodh's alarm evaluator.
#
class ceilometer_zookeeper::agents {
  include ::ceilometer_zookeeper

  if $::ceilometer_zookeeper::ha {
    include ::ceilometer_zookeeper::scripts

    if $::ceilometer_zookeeper::central_agent {
      ceilometer_zookeeper::everywhere { $::ceilometer_zookeeper::central_agent_service:
        primitive => $::ceilometer_zookeeper::central_agent_primitive,
      }
    }
    if $::ceilometer_zookeeper::alarm_evaluator {
      ceilometer_zookeeper::everywhere { $::ceilometer_zookeeper::alarm_evaluator_service:
        primitive => $::ceilometer_zookeeper::alarm_evaluator_primitive,
      }
    }
  }
}
