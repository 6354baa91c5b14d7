#!/usr/bin/env python
"""Runs the plugin's system tests with proboscis, as fuel-qa's run_system_test.py and
stacklight-integration-tests' run_tests.py do.

  run_system_tests.py --show-plan [--group=G]           the scenarios and their steps
  run_system_tests.py --backend=local [--group=G ...]   on the local lab (root)
  run_system_tests.py --backend=fuelqa --group=G ...    in a fuel-qa environment

--group may repeat; without it every scenario runs (group ceilometer_zookeeper).
Arguments it does not know go to proboscis (and to nose, where fuel-qa has it: e.g.
--with-xunit). Environment: CEILOMETER_ZOOKEEPER_PLUGIN_PATH, the plugin package (the
local lab defaults to the one `make build` leaves in the repository); LAB_DIR for the
local lab (default .lab-system). Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import argparse
import inspect
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

from model import project  # noqa: E402 (needs tests/ on sys.path, set above)

from system import backend as backends  # noqa: E402 (likewise)
from system import base  # noqa: E402 (likewise)
from system.scenarios import common  # noqa: E402 (likewise)

BACKENDS = ('local', 'fuelqa')


def parser():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], add_help=True)
    p.add_argument('--backend', choices=BACKENDS, default=os.environ.get('CEILOMETER_ZOOKEEPER_BACKEND', 'local'))
    p.add_argument('--group', action='append', default=[], help='a scenario group (repeatable)')
    p.add_argument('--show-plan', action='store_true', help='list the scenarios and their steps')
    p.add_argument('--lab-dir', default=os.environ.get('LAB_DIR', os.path.join(project.ROOT, '.lab-system')),
                   help='local backend: the lab folder')
    p.add_argument('--keep-lab', action='store_true', help='local backend: leave the lab running at the end')
    p.add_argument('--fuel', choices=('9.2', '9.0'), default='9.2',
                   help="local backend: the deployment engine's memory for changed(), Fuel 9.2's "
                        "(per task and node) or 9.0 GA's (the whole last deployment)")
    return p


def load(backend_name):
    """Imports the scenarios and the backend's module (which registers its own groups:
    fuel-qa's SetupEnvironment, or the local lab's stand-in for it)."""
    import system.scenarios  # noqa: F401 (importing registers the proboscis tests)
    if backend_name == 'local':
        from system.backends import local
        return local
    from system.backends import fuelqa
    return fuelqa


def plan(groups):
    """The proboscis plan of the selected groups: a list of proboscis TestCase."""
    from proboscis import TestProgram
    program = TestProgram(groups=list(groups), argv=[sys.argv[0], '--show-plan'])
    return program.cases


def scenario_of(case):
    """(group, method) of a scenario case, or None for a case that is not a scenario."""
    home = case.entry.home
    groups = [g for g in case.entry.info.groups if g in common.ORDER + common.EXTRA]
    if not groups or not inspect.isfunction(home):
        return None
    return groups[0], home


def show_plan(groups, out=sys.stdout):
    """Every scenario of the plan with its group, steps, duration and snapshot."""
    for case in plan(groups):
        found = scenario_of(case)
        if found is None:
            out.write('(%s: %s)\n' % (', '.join(case.entry.info.groups), case.entry.home.__name__))
            continue
        group, method = found
        doc = inspect.getdoc(method)
        out.write('\n%s  (%s.%s)\n' % (group, case.entry.home.__module__.split('.')[-1], method.__name__))
        for line in doc.splitlines():
            out.write('    %s\n' % line)
        depends = list(case.entry.info.depends_on_groups) + [d.__name__ for d in case.entry.info.depends_on]
        out.write('    depends on: %s\n' % (', '.join(depends) or 'nothing'))
        if getattr(method, 'known_failure', None):
            out.write('    KNOWN FAILURE: %s\n' % method.known_failure)


def mark_expected_failures(suite):
    """Python 3's unittest reads the expected-failure mark on the test case, not on the
    function that proboscis wraps in it: copy the mark over."""
    for test in suite:
        if hasattr(test, '__iter__'):
            mark_expected_failures(test)
        elif getattr(getattr(test, '_testFunc', None), '__unittest_expecting_failure__', False):
            test.__unittest_expecting_failure__ = True


def summary():
    lines = ['', 'Scenarios run (%d):' % len(base.RESULTS)]
    total = 0.0
    for name, seconds, outcome in base.RESULTS:
        total += seconds
        lines.append('  %-55s %7.1f s  %s' % (name, seconds, outcome))
    lines.append('  %-55s %7.1f s' % ('together', total))
    return '\n'.join(lines)


def run(argv=None):
    """Runs the selected scenarios; returns (exit code, the summary text)."""
    options, rest = parser().parse_known_args(argv)
    groups = options.group or [common.GROUP]
    module = load(options.backend)
    if options.show_plan:
        show_plan(groups)
        return 0, ''
    rpm = os.environ.get('CEILOMETER_ZOOKEEPER_PLUGIN_PATH')
    if options.backend == 'local':
        chosen = module.backend(rpm or project.default_rpm_path(), os.path.abspath(options.lab_dir), options.fuel)
    else:
        chosen = module.backend(rpm)
    backends.use(chosen)
    from proboscis import TestProgram
    del base.RESULTS[:]
    started = time.time()
    try:
        program = TestProgram(groups=list(groups), argv=[sys.argv[0]] + rest, exit=False)
        mark_expected_failures(program.test_suite)
        program.run_and_exit()
        result = program.result
    finally:
        if not options.keep_lab:
            chosen.finish()
    text = summary() + '\nin %.1f s on the %s backend' % (time.time() - started, options.backend)
    print(text)
    ok = result.wasSuccessful() and not [r for r in base.RESULTS if r[2].startswith(('FAILED', 'UNEXPECTED'))]
    return (0 if ok else 1), text


def main(argv=None):
    code, _ = run(argv)
    return code


if __name__ == '__main__':
    sys.exit(main())
