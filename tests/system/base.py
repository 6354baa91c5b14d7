"""The base of every scenario class, in fuel-qa's shape: show_step(n) logs step n of the
method's "Scenario:" docstring, log_snapshot_after_test wraps each scenario (on fuel-qa
with fuel-qa's own decorator, through the backend), and each scenario's time and outcome
are kept for the runner's summary. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import functools
import inspect
import sys
import time
import traceback
import unittest

from proboscis import SkipTest

from system import backend as backends

# (scenario method, seconds, outcome) of every scenario run in this process.
RESULTS = []


def log(message):
    print('[%s] %s' % (time.strftime('%H:%M:%S'), message))
    sys.stdout.flush()


def scenario_steps(func):
    """{step number: text} of a scenario's docstring."""
    steps = {}
    for line in inspect.getdoc(func).splitlines():
        text = line.strip()
        number = text.split('.', 1)[0]
        if number.isdigit() and text[len(number):].startswith('. '):
            steps[int(number)] = text
    return steps


def log_snapshot_after_test(func):
    """Times the scenario and records its outcome; on fuel-qa, fuel-qa's own
    log_snapshot_after_test (diagnostic snapshot and logs) runs around it."""
    known = getattr(func, 'known_failure', None)

    @functools.wraps(func)
    def wrapper(self):
        started = time.time()
        outcome = 'UNEXPECTED SUCCESS (%s)' % known if known else 'passed'
        log('<<<<< %s >>>>>' % func.__name__)
        try:
            return self.backend.wrap_test(func)(self)
        except SkipTest:
            outcome = 'skipped'
            raise
        except Exception:
            outcome = 'known failure (%s)' % known if known else 'FAILED'
            log('%s: %s\n%s' % (func.__name__, outcome, traceback.format_exc()))
            raise
        finally:
            RESULTS.append((func.__name__, time.time() - started, outcome))
    return wrapper


def known_failure(issue, reason):
    """Marks one scenario method whose assertion fails because of a known issue of the
    plugin: unittest's expected failure (an unexpected success fails the run, so the mark
    goes when the issue is fixed). The runner makes proboscis's unittest cases honour it."""
    def mark(func):
        if sys.version_info[0] == 2:
            # Python 2's unittest wraps the function (Python 3's only marks it).
            func = unittest.expectedFailure(func)
        func.__unittest_expecting_failure__ = True
        func.known_failure = '%s: %s' % (issue, reason)
        return func
    return mark


class SystemTest(object):
    """What every scenario class has: the backend, fuel-qa's show_step, and snapshot
    helpers."""

    def __init__(self):
        self._current_step = 0

    @property
    def backend(self):
        return backends.current()

    @property
    def env(self):
        """fuel-qa's environment model for fuel-qa's decorators (None on the local lab)."""
        return getattr(self.backend, 'env', None)

    def show_step(self, step, details=''):
        """Logs step `step` of the running scenario's docstring (as fuel-qa's TestBasic
        does, and likewise complains when a step is skipped or repeated)."""
        scenario, func = self._scenario()
        expected = 1 if step == 1 else self._current_step + 1
        self._current_step = step
        if step != expected:
            log('step %s should be %s in %s' % (step, expected, scenario))
        text = scenario_steps(func).get(step, '%s. (no step description in the scenario)' % step)
        log('  <<< %s%s >>>' % (text, ': ' + details if details else ''))

    def _scenario(self):
        """(name, method) of the scenario method running now: the innermost caller that
        is a method of this class with a "Scenario:" docstring."""
        frame = sys._getframe(1)
        while frame is not None:
            func = getattr(type(self), frame.f_code.co_name, None)
            if func is not None and 'Scenario:' in (inspect.getdoc(func) or ''):
                return frame.f_code.co_name, func
            frame = frame.f_back
        raise RuntimeError('show_step called outside a scenario method')

    def revert(self, snapshot):
        """Reverts to a snapshot made by a scenario this one depends on."""
        if not self.backend.revert_snapshot(snapshot):
            raise SkipTest('snapshot %s does not exist' % snapshot)
