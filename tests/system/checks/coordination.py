"""Coordination and Pacemaker: the agents' groups as the status command reports them, and
where Pacemaker runs the central agent. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import re

from model import project
from model import status as reports


def report_of(backend, node):
    report = backend.status(node)
    assert report is not None, '%s: the status command gives no JSON' % node
    return report


def agent_sessions(backend, node):
    """The coordination sessions of node's central agent (its members' sessions in every
    group but the evaluators')."""
    return reports.sessions_by_host(report_of(backend, node)).get(node, set())


def coordination_view(backend, controllers):
    """(Ensemble or None, set of the sessions of every agent's group member or None when no
    controller could read the groups, {node: its status command's local report with the
    command's exit_code, or None}) from the status command of each controller."""
    found, sessions, local = None, None, {}
    for node in controllers:
        report = backend.status(node)
        local[node] = reports.local(report) if report else None
        if report is None:
            continue
        if found is None:
            found = reports.ensemble(node, report, backend.clock())
        if reports.groups_readable(report):
            sessions = sessions or set()
            for own in reports.sessions_by_host(report).values():
                sessions |= own
    return found, sessions, local


def sessions_kept(backend, sessions):
    """{node: whether one of its agent's sessions noted before ({node: sessions}) is still
    a group member}."""
    now = coordination_view(backend, sorted(sessions))[1] or set()
    return dict((n, bool(old & now)) for n, old in sessions.items())


def check_group_members(backend, controllers):
    """One member per controller in the central agents' group, seen from every controller,
    and each controller's own agent running and a member."""
    for node in controllers:
        report = report_of(backend, node)
        groups, local = reports.groups(report), reports.local(report)
        assert groups.get(project.CENTRAL_GROUP) == sorted(controllers), \
            '%s sees %s: %s' % (node, project.CENTRAL_GROUP, groups)
        for group, members in groups.items():
            assert members == sorted(controllers), '%s sees group %s: %s' % (node, group, members)
        assert local['agent_running'] and project.CENTRAL_GROUP in local['member_of'], \
            '%s: its agent: %s' % (node, local)
        assert local['exit_code'] == 0, '%s: the status command says unhealthy: %s' % (node, local)


def agent_locations(backend, ask, ids=(project.AGENT_CLONE, project.AGENT_PRIMITIVE)):
    """(resource id, [nodes it runs on]) of the central agent (or, given its `ids`, another
    of Fuel's services): the clone, else the primitive, from the first controller of `ask`
    that answers."""
    for node in ask:
        for rsc in ids:
            result = backend.run(node, 'crm_resource --locate --resource %s 2>/dev/null' % rsc)
            if result.exit_code == 0:
                where = sorted(line.rsplit(' ', 1)[-1] for line in result.stdout.splitlines()
                               if 'is running on' in line)
                return rsc, where
    return None, []


def location_constraints(backend, node):
    xml = backend.run(node, 'cibadmin --query --scope constraints').stdout
    return set(re.findall(r'<rsc_location [^>]*id="([^"]+)"', xml))


def check_clone_placement(backend, controllers):
    """The clone runs on every controller, and Fuel's opt-in cluster admits it there
    through a `<primitive>-on-<node>` location constraint per controller (Fuel's pcmk
    provider writes them; without one, no instance runs on that node). Returns the
    central agent's location constraints."""
    rsc, where = agent_locations(backend, controllers)
    assert rsc == project.AGENT_CLONE, 'the central agent is %s, not the clone' % rsc
    assert where == sorted(controllers), 'the clone runs on %s, expected %s' % (where, sorted(controllers))
    constraints = location_constraints(backend, controllers[0])
    missing = [n for n in controllers if '%s-on-%s' % (project.AGENT_PRIMITIVE, n) not in constraints]
    assert not missing, 'no location constraint admits the central agent on %s: %s' % (missing, sorted(constraints))
    return sorted(c for c in constraints if c.startswith(project.AGENT_PRIMITIVE))


def check_fuel_default_agent(backend, controllers):
    """The central agent as Fuel leaves it: the primitive, on one controller, and no
    [coordination] backend in ceilometer.conf."""
    rsc, where = agent_locations(backend, controllers)
    assert rsc == project.AGENT_PRIMITIVE and len(where) == 1, \
        'central agent: %s on %s, expected the primitive on one controller' % (rsc, where)
    for node in controllers:
        conf = backend.run(node, 'cat /etc/ceilometer/ceilometer.conf').stdout
        assert not re.search(r'^\s*backend_url\s*=', conf, re.M), '%s: ceilometer.conf has a backend_url' % node
        configured = backend.run(node, 'test -e %s' % project.STATUS_CONFIG).exit_code == 0
        assert not configured, '%s: the plugin configured its status command (%s)' % (node, project.STATUS_CONFIG)
