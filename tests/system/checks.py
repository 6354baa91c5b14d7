"""The checks of the system tests, written once against backend.Backend: ZooKeeper's
ensemble, the plugin's tasks, coordination groups, the clone's placement, the firewall,
and the partition of the polled resources over polling cycles. Each check raises
AssertionError with what it saw; each wait returns what it saw last.

Polling cycles. An agent polls its whole share in a short burst once per interval, at its
own phase. "Cycle" here is what every live agent polled in its latest burst before a
moment when no agent was polling (a quiet moment): taken at quiet moments one interval
apart, these are successive cycles, whatever the agents' phases. An agent whose latest
burst is older than 1.5 intervals is not polling any more and has no share.

Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import re
import threading
import time

from system import plugin

# --- waiting ------------------------------------------------------------------------


def wait_until(probe, done, timeout, interval=1.0):
    """Calls probe() until done(value) holds or timeout seconds have passed; returns
    (value, seconds waited). Never raises for a timeout: the caller asserts."""
    started = time.time()
    while True:
        value = probe()
        if done(value) or time.time() - started >= timeout:
            return value, time.time() - started
        time.sleep(interval)


# --- ZooKeeper ------------------------------------------------------------------------


class Ensemble(object):
    """The ZooKeeper ensemble as one controller's status command saw it: modes is
    {server name: mode, or None when it did not answer}; asked is that controller."""

    def __init__(self, asked, modes, problems, at):
        self.asked = asked
        self.modes = modes
        self.problems = problems
        self.at = at

    @property
    def leaders(self):
        return sorted(n for n, m in self.modes.items() if m == 'leader')

    @property
    def followers(self):
        return sorted(n for n, m in self.modes.items() if m == 'follower')

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


def ensemble_of(node, report, at):
    """The Ensemble in a status report of node's."""
    modes = dict((s['name'], s['mode'] if s['mode'] in ('leader', 'follower', 'standalone') else None)
                 for s in report['ensemble']['servers'])
    return Ensemble(node, modes, report.get('problems', []), at)


def ensemble(backend, ask, timeout=10):
    """The ensemble as the first controller of `ask` that answers sees it, or None."""
    for node in ask:
        report = backend.status(node, timeout=timeout)
        if report is not None:
            return ensemble_of(node, report, backend.clock())
    return None


def check_ensemble(backend, members, ask=None):
    """members' servers, and only those, form the ensemble: one leader, the rest followers."""
    found = ensemble(backend, ask or members)
    assert found is not None, 'no controller of %s answers the status command' % (ask or members)
    assert found.healthy(members), 'expected one leader and %d followers among %s: %r' % (
        len(members) - 1, members, found)
    return found


def wait_ensemble(backend, members, timeout, ask=None):
    found, seconds = wait_until(lambda: ensemble(backend, ask or members),
                                lambda e: e is not None and e.healthy(members), timeout, interval=2)
    assert found is not None and found.healthy(members), \
        'no healthy ensemble of %s within %ds: %r' % (members, timeout, found)
    return found, seconds


def zoo_cfg_servers(backend, node):
    """The server.N lines of node's zoo.cfg, as {id: host} (empty when there is none)."""
    result = backend.run(node, "grep '^server\\.' /etc/zookeeper/conf/zoo.cfg")
    servers = {}
    for line in (result.stdout or '').splitlines():
        key, _, value = line.partition('=')
        servers[key.split('.', 1)[1].strip()] = value.split(':')[0].strip()
    return servers


def check_zoo_cfg_lists(backend, controllers):
    """Every controller's zoo.cfg lists exactly the controllers' management addresses."""
    wanted = sorted(backend.management_address(n) for n in controllers)
    for node in controllers:
        listed = sorted(zoo_cfg_servers(backend, node).values())
        assert listed == wanted, '%s: zoo.cfg lists %s, expected %s' % (node, listed, wanted)


def listening_sockets(backend, node, process=None):
    """Local addresses of node's listening TCP sockets (of `process` only, if given).
    Plain `ss -ltnp`: Ubuntu 14.04's ss has no -H."""
    result = backend.run(node, 'ss -ltnp')
    out = []
    for line in (result.stdout or '').splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 4 and (process is None or '"%s"' % process in line):
            out.append(fields[3])
    return out


def check_zookeeper_listens_on_management_only(backend, controllers, client_port):
    for node in controllers:
        address = backend.management_address(node)
        java = listening_sockets(backend, node, 'java')
        assert java, '%s: ZooKeeper listens nowhere' % node
        for local in java:
            host = local.rsplit(':', 1)[0].strip('[]')
            host = host[len('::ffff:'):] if host.startswith('::ffff:') else host
            assert host == address, '%s: ZooKeeper listens on %s (JMX or a wildcard)' % (node, local)
        assert [s for s in java if s.endswith(':%s' % client_port)], \
            '%s: nothing on %s:%s (%s)' % (node, address, client_port, java)


def check_no_zookeeper(backend, nodes):
    """No ZooKeeper server runs or listens there, and no ensemble is configured."""
    for node in nodes:
        running = backend.run(node, "pgrep -f '[Q]uorumPeerMain'")
        assert running.exit_code == 1, '%s: a ZooKeeper server runs (pid %s)' % (node, running.stdout.strip())
        ports = [s for s in listening_sockets(backend, node) if s.rsplit(':', 1)[-1] in ('2181', '2888', '3888')]
        assert not ports, '%s: something listens on a ZooKeeper port: %s' % (node, ports)
        assert not zoo_cfg_servers(backend, node), '%s: zoo.cfg lists servers' % node


# The ZooKeeper line of Fuel 9's plugin package: 3.4, at least 3.4.10 (the first with
# 4lw.commands.whitelist; 3.4.6 fixed the colliding session ids of Ubuntu 14.04's 3.4.5).
ZOOKEEPER_LINE = (3, 4)
ZOOKEEPER_AT_LEAST = 10


def check_zookeeper_line(backend, controllers, client_port):
    """Every server is of the 3.4 line Fuel 9 controllers run, 3.4.10 or later (on a Fuel
    9 controller the plugin's 3.4.14; in the local lab Debian 11's 3.4.13). Returns
    {node: version}."""
    versions = {}
    for node in controllers:
        address = backend.management_address(node)
        answer = backend.run(controllers[0], 'printf srvr | nc -w 3 %s %s' % (address, client_port), timeout=30)
        found = re.search(r'Zookeeper version: (\d+)\.(\d+)\.(\d+)', answer.stdout)
        assert found, '%s: no version in its srvr answer: %r' % (node, answer.stdout[:200])
        line, patch = (int(found.group(1)), int(found.group(2))), int(found.group(3))
        assert line == ZOOKEEPER_LINE and patch >= ZOOKEEPER_AT_LEAST, \
            '%s: ZooKeeper %s, expected 3.4.%d or a later 3.4' % (node, found.group(0), ZOOKEEPER_AT_LEAST)
        versions[node] = '%d.%d.%d' % (line + (patch,))
    return versions


# Words the plugin's 4lw.commands.whitelist answers, and some it must refuse.
FOUR_LETTER_WORDS = (('srvr', True), ('cons', True), ('envi', False), ('stat', False))


def check_four_letter_words(backend, controllers, client_port):
    """Every server answers the whitelisted words and refuses the others (asked from a
    controller: the firewall admits only controllers)."""
    asker = controllers[0]
    for node in controllers:
        address = backend.management_address(node)
        for word, answered in FOUR_LETTER_WORDS:
            result = backend.run(asker, 'printf %s | nc -w 3 %s %s' % (word, address, client_port), timeout=30)
            refused = 'is not executed because it is not in the whitelist' in result.stdout
            assert result.stdout and refused != answered, '%s %s: %r' % (node, word, result.stdout[:200])


# Connects to address:port from a node: open, refused (reached the host, nothing
# listens) or dropped (no answer: a firewall). Python 2 (Fuel 9 nodes) or 3 (the lab).
CONNECT = """$(command -v python3 || command -v python) -c '
import errno, socket, sys
s = socket.socket(); s.settimeout(2)
try:
    s.connect((sys.argv[1], int(sys.argv[2]))); print("open")
except socket.timeout:
    print("dropped")
except socket.error as e:
    print("refused" if e.errno == errno.ECONNREFUSED else "dropped")
' %s %s"""


def reach(backend, node, address, port):
    return backend.run(node, CONNECT % (address, port), timeout=30).stdout.strip()


def check_firewall(backend, controllers, others, ports):
    """Every controller's INPUT policy is DROP (Fuel's), its ZooKeeper ports are open to
    the other controllers and dropped for every other node."""
    for node in controllers:
        policy = backend.run(node, 'iptables -S INPUT | head -1').stdout.strip()
        assert policy == '-P INPUT DROP', '%s: INPUT policy %s' % (node, policy)
        address = backend.management_address(node)
        for port in ports:
            for other in others:
                seen = reach(backend, other, address, port)
                assert seen == 'dropped', '%s -> %s:%s: %s' % (other, node, port, seen)
            for peer in controllers:
                if peer != node:
                    seen = reach(backend, peer, address, port)
                    assert seen in ('open', 'refused'), '%s -> %s:%s: %s' % (peer, node, port, seen)


# --- deployment -----------------------------------------------------------------------


# The plugin's own chain of accept rules (ceilometer_zookeeper::firewall).
FIREWALL_CHAIN = 'ceilometer-zookeeper'


def check_firewall_chain(backend, controllers):
    """On every controller the plugin's chain admits exactly the current controllers'
    addresses: a removed controller's rule is gone."""
    wanted = sorted(backend.management_address(n) for n in controllers)
    for node in controllers:
        rules = backend.run(node, 'iptables -S %s' % FIREWALL_CHAIN).stdout
        sources = sorted(set(re.findall(r'-s (\S+?)(?:/32)? ', rules)))
        assert sources == wanted, '%s: chain %s admits %s, expected %s' % (node, FIREWALL_CHAIN, sources, wanted)


def check_plugin_tasks_ran(deployment, controllers, others, settings):
    """Every working task of the plugin ran on every controller, none elsewhere."""
    wanted = plugin.working_tasks(settings)
    for node in controllers:
        ran = deployment.plugin_tasks(node)
        missing = [t for t in wanted if ran.get(t) not in ('ok', 'changed')]
        assert not missing, '%s: plugin tasks that did not run: %s (%s)' % (node, missing, ran)
    for node in others:
        ran = dict((t, s) for t, s in deployment.plugin_tasks(node).items() if s != 'skipped')
        assert not ran, '%s: plugin tasks ran there: %s' % (node, ran)


def check_nothing_changed(deployment, controllers, settings):
    """Every working task of the plugin ran and Puppet changed nothing."""
    changed = []
    for node in controllers:
        ran = deployment.plugin_tasks(node)
        for task in plugin.working_tasks(settings):
            if ran.get(task) != 'ok':
                changed.append('%s@%s: %s' % (task, node, ran.get(task, 'did not run')))
    assert not changed, 'a redeploy with no change: %s' % changed


def changed_on(deployment, task):
    """The nodes where task reported a change."""
    return sorted(n for n in deployment.tasks if deployment.tasks[n].get(task) == 'changed')


# --- processes ------------------------------------------------------------------------


def pids(backend, node, pattern):
    result = backend.run(node, "pgrep -f '%s' | sort" % pattern)
    return result.stdout.split() if result.exit_code == 0 else []


ZOOKEEPER = '[Q]uorumPeerMain'
# The agent's processes: its program (Fuel 9's ceilometer-agent-central, the lab's
# ceilometer-polling) and the worker a newer Ceilometer forks and renames
# ("ceilometer-polling: AgentManager worker(0)"); not the OCF script of the same name
# that Pacemaker runs for each monitor (.../resource.d/fuel/ceilometer-agent-central).
AGENT = '(bin/[c]eilometer-(polling|agent-central)|[c]eilometer-polling: )'


def service_pids(backend, controllers):
    """{node: {'zookeeper': [pids], 'agent': [pids]}}."""
    return dict((n, {'zookeeper': pids(backend, n, ZOOKEEPER), 'agent': pids(backend, n, AGENT)})
                for n in controllers)


def zookeeper_started(backend, controllers):
    """{node: when its running ZooKeeper server started (backend clock, within a second),
    or None when none runs}."""
    started = {}
    for node in controllers:
        result = backend.run(node, "ps -o etimes= -p \"$(pgrep -o -f '%s')\"" % ZOOKEEPER)
        age = (result.stdout or '').strip()
        started[node] = backend.clock() - int(age) if result.exit_code == 0 and age.isdigit() else None
    return started


def zookeeper_cmdline(backend, node):
    found = pids(backend, node, ZOOKEEPER)
    if not found:
        return ''
    return backend.run(node, "tr '\\0' ' ' < /proc/%s/cmdline" % found[0]).stdout


# --- coordination and Pacemaker -------------------------------------------------------


def group_members(backend, node):
    """{group: [member hosts]} and this node's local report, from node's status command."""
    report = backend.status(node)
    assert report is not None, '%s: the status command gives no JSON' % node
    groups = dict((g, sorted(m['host'] or m['id'] for m in r['members'])) for g, r in report['groups'].items())
    return groups, dict(report['local'], exit_code=report.get('exit_code'))


def agent_sessions(backend, node):
    """The coordination sessions of node's agent (its members' sessions in every group)."""
    report = backend.status(node)
    assert report is not None, '%s: the status command gives no JSON' % node
    return set(m['session'] for g in report['groups'].values() for m in g['members'] if m['host'] == node)


def coordination_view(backend, controllers):
    """(Ensemble or None, set of the sessions of every group member or None when no
    controller could read the groups, {node: its status command's 'local' report with
    the command's 'exit_code', or None}) from the status command of each controller."""
    found, sessions, local = None, None, {}
    for node in controllers:
        report = backend.status(node)
        local[node] = dict(report['local'], exit_code=report.get('exit_code')) if report else None
        if report is None:
            continue
        if found is None:
            found = ensemble_of(node, report, backend.clock())
        if not report.get('groups_error'):
            sessions = sessions or set()
            for group in report['groups'].values():
                sessions |= set(m['session'] for m in group['members'])
    return found, sessions, local


def check_group_members(backend, controllers):
    """One member per controller in the central agents' group, seen from every controller,
    and each controller's own agent running and a member."""
    for node in controllers:
        groups, local = group_members(backend, node)
        assert groups.get(plugin.CENTRAL_GROUP) == sorted(controllers), \
            '%s sees %s: %s' % (node, plugin.CENTRAL_GROUP, groups)
        for group, members in groups.items():
            assert members == sorted(controllers), '%s sees group %s: %s' % (node, group, members)
        assert local['agent_running'] and plugin.CENTRAL_GROUP in local['member_of'], \
            '%s: its agent: %s' % (node, local)
        assert local['exit_code'] == 0, '%s: the status command says unhealthy: %s' % (node, local)


def agent_locations(backend, ask):
    """(resource id, [nodes it runs on]) of the central agent: the clone, else the
    primitive, from the first controller of `ask` that answers."""
    for node in ask:
        for rsc in (plugin.AGENT_CLONE, plugin.AGENT_PRIMITIVE):
            result = backend.run(node, 'crm_resource --locate --resource %s 2>/dev/null' % rsc)
            if result.exit_code == 0:
                where = sorted(line.rsplit(' ', 1)[-1] for line in result.stdout.splitlines()
                               if 'is running on' in line)
                return rsc, where
    return None, []


def check_clone_placement(backend, controllers):
    """The clone runs on every controller, and Fuel's opt-in cluster admits it there
    through a `<primitive>-on-<node>` location constraint per controller (Fuel's pcmk
    provider writes them; without one, no instance runs on that node). Returns the
    central agent's location constraints."""
    rsc, where = agent_locations(backend, controllers)
    assert rsc == plugin.AGENT_CLONE, 'the central agent is %s, not the clone' % rsc
    assert where == sorted(controllers), 'the clone runs on %s, expected %s' % (where, sorted(controllers))
    constraints = location_constraints(backend, controllers[0])
    missing = [n for n in controllers if '%s-on-%s' % (plugin.AGENT_PRIMITIVE, n) not in constraints]
    assert not missing, 'no location constraint admits the central agent on %s: %s' % (missing, sorted(constraints))
    return sorted(c for c in constraints if c.startswith(plugin.AGENT_PRIMITIVE))


def check_fuel_default_agent(backend, controllers):
    """The central agent as Fuel leaves it: the primitive, on one controller, and no
    [coordination] backend in ceilometer.conf."""
    rsc, where = agent_locations(backend, controllers)
    assert rsc == plugin.AGENT_PRIMITIVE and len(where) == 1, \
        'central agent: %s on %s, expected the primitive on one controller' % (rsc, where)
    for node in controllers:
        conf = backend.run(node, 'cat /etc/ceilometer/ceilometer.conf').stdout
        assert not re.search(r'^\s*backend_url\s*=', conf, re.M), '%s: ceilometer.conf has a backend_url' % node
        configured = backend.run(node, 'test -e %s' % plugin.STATUS_CONFIG).exit_code == 0
        assert not configured, '%s: the plugin configured its status command (%s)' % (node, plugin.STATUS_CONFIG)


def location_constraints(backend, node):
    xml = backend.run(node, 'cibadmin --query --scope constraints').stdout
    return set(re.findall(r'<rsc_location [^>]*id="([^"]+)"', xml))


# --- polling cycles -------------------------------------------------------------------


def quiet_moments(times, gap):
    """Middles of the pauses of at least gap seconds between sorted time stamps."""
    ordered = sorted(times)
    return [(a + b) / 2.0 for a, b in zip(ordered, ordered[1:]) if b - a >= gap]


def shares_at(records, moment, interval):
    """{agent: set of resources of its latest burst at or before moment}, for agents
    that polled within the last 1.5 intervals. A burst is what the agent polled in the
    half interval before its last record: at a quiet moment, and with one record per
    resource per pass, that is the pass tests/lab/polling_passes.py splits (a unit test
    holds them equal). It does not end a pass where a resource comes again, as the lab's
    rule does: fuel-qa's records come from Ceilometer's 'My subset' lines, which may name
    a resource more than once in one pass."""
    by_agent = {}
    for at, agent, resource in records:
        if at <= moment:
            by_agent.setdefault(agent, []).append((at, resource))
    shares = {}
    for agent, entries in by_agent.items():
        last = max(at for at, _ in entries)
        if last < moment - 1.5 * interval:
            continue
        shares[agent] = set(r for at, r in entries if at > last - interval / 2.0)
    return shares


class Cycle(object):
    """One polling cycle: each agent's share at a quiet moment."""

    def __init__(self, moment, shares, universe):
        self.moment = moment
        self.shares = shares
        self.universe = universe

    def twice(self):
        seen, twice = set(), set()
        for share in self.shares.values():
            twice |= seen & share
            seen |= share
        return twice

    def covered(self):
        out = set()
        for share in self.shares.values():
            out |= share
        return out

    def missing(self):
        return self.universe - self.covered()

    def partition(self, agents=None):
        """Disjoint, complete, and (given agents) polled by exactly those agents."""
        return (not self.twice() and not self.missing() and bool(self.universe)
                and (agents is None or sorted(self.shares) == sorted(agents)))

    def __repr__(self):
        shares = ', '.join('%s %d' % (a, len(s)) for a, s in sorted(self.shares.items()))
        return 'Cycle(at %s: %s; %d of %d covered, %d twice)' % (
            time.strftime('%H:%M:%S', time.gmtime(self.moment)), shares,
            len(self.covered() & self.universe), len(self.universe), len(self.twice()))


def universe_of(backend, records):
    expected = backend.expected_resources()
    return set(expected) if expected is not None else set(r for _, _, r in records)


def cycles_since(backend, since, records=None):
    """Every cycle (one per interval) whose moment lies after since + one interval (so
    that every agent had a whole burst in the window)."""
    interval = backend.polling_interval()
    if records is None:
        records = backend.polling_records(since)
    times = [at for at, _, _ in records]
    moments = quiet_moments(times, gap=min(1.0, interval / 4.0))
    universe = universe_of(backend, records)
    cycles = []
    next_at = since + interval
    for moment in moments:
        if moment >= next_at:
            cycles.append(Cycle(moment, shares_at(records, moment, interval), universe))
            next_at = moment + interval * 0.9
    return cycles


def current_cycle(backend, since):
    """The latest cycle completed by now (None when nobody polled after since)."""
    interval = backend.polling_interval()
    now = backend.clock()
    records = backend.polling_records(since)
    if not records:
        return None
    times = [at for at, _, _ in records] + [now]
    moments = [m for m in quiet_moments(times, gap=min(1.0, interval / 4.0)) if m >= since]
    if not moments:
        return None
    return Cycle(moments[-1], shares_at(records, moments[-1], interval), universe_of(backend, records))


def check_partition_over_cycles(backend, agents, cycles=5, since=None):
    """Over `cycles` successive cycles every resource is polled once per cycle, by exactly
    one agent of `agents`, always the same one. Waits for the cycles to happen."""
    interval = backend.polling_interval()
    start = backend.clock() if since is None else since
    time.sleep(max(0.0, start + (cycles + 1.5) * interval - backend.clock()))
    found = cycles_since(backend, start)
    deadline = time.time() + 3 * interval
    while len(found) < cycles and time.time() < deadline:
        time.sleep(interval / 2.0)
        found = cycles_since(backend, start)
    assert len(found) >= cycles, 'only %d cycles seen in %.0fs: %s' % (
        len(found), backend.clock() - start, found)
    owner = {}
    for cycle in found[:cycles]:
        assert cycle.partition(agents), 'not a partition among %s: %r' % (agents, cycle)
        for agent, share in cycle.shares.items():
            for resource in share:
                assert owner.setdefault(resource, agent) == agent, \
                    '%s polled by %s, then by %s' % (resource, owner[resource], agent)
    return found[:cycles]


def wait_partition(backend, agents, since, timeout):
    """Waits for a cycle after since that is a partition among exactly `agents`; returns
    (cycle, seconds after since), and asserts it came within timeout."""
    started = backend.clock()
    cycle, _ = wait_until(lambda: current_cycle(backend, since),
                          lambda c: c is not None and c.partition(agents), timeout, interval=1)
    assert cycle is not None and cycle.partition(agents), \
        'no partition among %s within %ds: %r' % (sorted(agents), timeout, cycle)
    return cycle, cycle.moment - since if cycle.moment > since else backend.clock() - started


def polling_gaps(records, since, until, universe):
    """{resource: the longest time between two polls of it (by any agent) in the window
    [since, until]; the window's ends count as polls}. What a change costs the resources
    it leaves unpolled, whatever their agent."""
    times = dict((r, [since]) for r in universe)
    for at, _, resource in records:
        if since <= at <= until and resource in times:
            times[resource].append(at)
    gaps = {}
    for resource, seen in times.items():
        seen = sorted(seen) + [until]
        gaps[resource] = max(b - a for a, b in zip(seen, seen[1:]))
    return gaps


def double_polls(records, interval):
    """[(time, resource, agents)] of every poll of a resource by an agent within half an
    interval of another agent's poll of it: both polled it in the same cycle."""
    by_resource = {}
    for at, agent, resource in records:
        by_resource.setdefault(resource, []).append((at, agent))
    found = []
    for resource, polls in by_resource.items():
        polls.sort()
        for (a, first), (b, second) in zip(polls, polls[1:]):
            if first != second and b - a < interval / 2.0:
                found.append((b, resource, (first, second)))
    return sorted(found)


def overlap_window(records, interval):
    """Seconds from the first to the last double poll (0.0 when none), and their count."""
    found = double_polls(records, interval)
    if not found:
        return 0.0, 0
    return found[-1][0] - found[0][0], len(found)


def check_no_resource_twice(backend, since, cycles=2):
    """The next `cycles` cycles after since poll no resource twice."""
    interval = backend.polling_interval()
    time.sleep(max(0.0, since + (cycles + 1.5) * interval - backend.clock()))
    found = cycles_since(backend, since)[:cycles]
    assert len(found) >= cycles, 'only %d cycles after %.0f: %s' % (len(found), since, found)
    for cycle in found:
        assert not cycle.twice(), 'resources polled twice in one cycle: %r (%s)' % (
            cycle, sorted(cycle.twice())[:10])
    return found


# --- sampling the ensemble during a change --------------------------------------------


class EnsembleSampler(object):
    """Samples the ensemble in a background thread, as one controller sees it, while
    something else happens (a redeploy); `with` starts and stops it."""

    def __init__(self, backend, ask, period=1.0):
        self.backend = backend
        self.ask = list(ask)
        self.period = period
        self.samples = []   # (time, Ensemble or None)
        # {server: when its running process started}, read once the change is over: a
        # restart shorter than the gap between two samples is never seen down.
        self.started = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)
        self._thread.daemon = True

    def _run(self):
        while not self._stop.is_set():
            try:
                found = ensemble(self.backend, self.ask, timeout=3)
            except Exception as exc:  # a sample that failed is data, not a crash
                found = 'error: %s' % exc
            self.samples.append((self.backend.clock(), found))
            self._stop.wait(self.period)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(60)
        return False

    def losses(self):
        """Samples without a leader and a quorum (or without an answer)."""
        return [(at, e) for at, e in self.samples if not isinstance(e, Ensemble) or not e.quorate()]

    def leaders(self):
        return [e.leaders[0] for _, e in self.samples if isinstance(e, Ensemble) and len(e.leaders) == 1]

    def summary(self):
        losses = self.losses()
        text = '%d samples, %d without a leader and quorum' % (len(self.samples), len(losses))
        if losses:
            first, last = losses[0][0], losses[-1][0]
            text += ' (from %.1f s to %.1f s after the first sample; first: %r)' % (
                first - self.samples[0][0], last - self.samples[0][0], losses[0][1])
        return text
