"""Readers of what the plugin's tools print on a controller: the status command's JSON
report (`ceilometer-zookeeper-status --json`) and zoo.cfg's server list. Pure functions of
their text or parsed report."""

from __future__ import absolute_import, division, print_function

from model import project

# The modes of a server that serves.
SERVING = ('leader', 'follower', 'standalone')


class Ensemble(object):
    """The ZooKeeper ensemble as one controller's status command saw it at `at`: modes is
    {server name: mode, or None when it does not serve}; running the servers that serve or
    answer while they elect a leader; asked that controller."""

    def __init__(self, asked, modes, problems, at, running=None):
        self.asked = asked
        self.modes = modes
        self.problems = problems
        self.at = at
        self.running = set(n for n, m in modes.items() if m) if running is None else set(running)

    @property
    def leaders(self):
        return sorted(n for n, m in self.modes.items() if m == 'leader')

    @property
    def followers(self):
        return sorted(n for n, m in self.modes.items() if m == 'follower')

    def stopped(self):
        """The servers that did not run: no answer, or an answer of a stopped server."""
        return sorted(n for n in self.modes if n not in self.running)

    def quorate(self):
        """One leader, and a majority of the configured servers serving with it."""
        serving = len(self.leaders) + len(self.followers)
        return len(self.leaders) == 1 and serving * 2 > len(self.modes)

    def healthy(self, members):
        """Exactly these servers, one leader and every other one a follower."""
        return (sorted(self.modes) == sorted(members) and len(self.leaders) == 1
                and len(self.followers) == len(members) - 1)

    def __repr__(self):
        return 'Ensemble(asked %s: %s%s)' % (
            self.asked, ', '.join('%s %s' % (n, self.modes[n] or 'down') for n in sorted(self.modes)),
            '; ' + '; '.join(self.problems) if self.problems else '')


def ensemble(asked, report, at):
    """The Ensemble in a status report of controller `asked`."""
    servers = report['ensemble']['servers']
    modes = dict((s['name'], s['mode'] if s['mode'] in SERVING else None) for s in servers)
    running = [s['name'] for s in servers if s.get('running')]
    return Ensemble(asked, modes, report.get('problems', []), at, running)


def groups(report):
    """{group: sorted hosts of its members} (a member without a host by its id)."""
    return dict((name, sorted(m['host'] or m['id'] for m in group['members']))
                for name, group in report['groups'].items())


def groups_readable(report):
    return not report.get('groups_error')


def sessions_by_host(report):
    """{host: the ZooKeeper sessions of its central agent's members, in every group but
    aodh's alarm_evaluator (the evaluator on the same host holds a session of its own)}."""
    found = {}
    for name, group in report.get('groups', {}).items():
        if name == project.EVALUATOR_GROUP:
            continue
        for member in group['members']:
            found.setdefault(member['host'], set()).add(member['session'])
    return found


def local(report):
    """The report's view of its own node's agent, with the command's exit status."""
    return dict(report['local'], exit_code=report.get('exit_code'))


def outside_its_group(report):
    """Whether the node's agent runs but is missing from a group it should be in: it then
    idles while the others cover for it."""
    return bool(report['local']['agent_running'] and report['local']['missing_from'])


def zoo_cfg_servers(text):
    """The server.N lines of a zoo.cfg, as sorted (N, host) pairs; a repeated line is kept
    twice."""
    servers = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith('server.'):
            continue
        key, _, value = line.partition('=')
        servers.append((key[len('server.'):].strip(), value.split(':', 1)[0].strip()))
    return sorted(servers)
