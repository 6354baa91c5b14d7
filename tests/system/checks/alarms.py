"""aodh's alarm evaluators, checked as the central agents are: an evaluation is a poll of
its alarm and an evaluation cycle a polling cycle, so that tests/model/passes.py and the
polling checks (one alarm, one evaluator, once per cycle) serve both. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

from model import project

from system.checks import coordination


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
    return bool(backend.expected_alarms())


def check_evaluators(backend, controllers):
    """The evaluator's clone runs on every controller (coordination.check_group_members
    checks its group with every other)."""
    rsc, where = coordination.agent_locations(backend, controllers,
                                              (project.EVALUATOR_CLONE, project.EVALUATOR_PRIMITIVE))
    assert rsc == project.EVALUATOR_CLONE, 'the alarm evaluator is %s, not the clone' % rsc
    assert where == sorted(controllers), 'the evaluator clone runs on %s, expected %s' % (where, sorted(controllers))
