"""aodh's alarm evaluators, checked as the central agents are: an evaluation is a poll of
its alarm and an evaluation cycle a polling cycle, so that tests/model/passes.py and the
polling checks (one alarm, one evaluator, once per cycle) serve both. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

from model import project
from model import status as reports

from system.checks.coordination import report_of


class Evaluations(object):
    """A backend's evaluations in the shape the polling checks read."""

    def __init__(self, backend):
        self.backend = backend

    def clock(self):
        return self.backend.clock()

    def polling_interval(self):
        return self.backend.evaluation_interval()

    def polling_records(self, since):
        return self.backend.evaluation_records(since)

    def expected_resources(self):
        return self.backend.expected_alarms()


def evaluators_run(backend):
    """Whether the environment has alarms for its evaluators to share (none: no aodh)."""
    return backend.expected_alarms() != set()


def evaluator_locations(backend, ask):
    """(resource id, [nodes it runs on]) of the alarm evaluator: the clone, else the
    primitive, from the first controller of `ask` that answers."""
    for node in ask:
        for rsc in (project.EVALUATOR_CLONE, project.EVALUATOR_PRIMITIVE):
            result = backend.run(node, 'crm_resource --locate --resource %s 2>/dev/null' % rsc)
            if result.exit_code == 0:
                return rsc, sorted(line.rsplit(' ', 1)[-1] for line in result.stdout.splitlines()
                                   if 'is running on' in line)
    return None, []


def check_evaluators(backend, controllers):
    """The evaluator's clone runs on every controller, and each controller's evaluator is
    one member of group alarm_evaluator, seen from every controller."""
    rsc, where = evaluator_locations(backend, controllers)
    assert rsc == project.EVALUATOR_CLONE, 'the alarm evaluator is %s, not the clone' % rsc
    assert where == sorted(controllers), 'the evaluator clone runs on %s, expected %s' % (where, sorted(controllers))
    for node in controllers:
        groups = reports.groups(report_of(backend, node))
        assert groups.get(project.EVALUATOR_GROUP) == sorted(controllers), \
            '%s sees %s: %s' % (node, project.EVALUATOR_GROUP, groups)


def busiest(cycle):
    """The evaluator (or agent) with the largest share of a cycle."""
    return max(sorted(cycle.shares), key=lambda node: len(cycle.shares[node]))
