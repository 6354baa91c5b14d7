"""The ZooKeeper ensemble: who leads and follows as the status command sees it, what
zoo.cfg lists, where the servers listen and which words they answer; and a sampler that
watches it in the background while something else happens. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import re
import threading

from model import project
from model import status as reports
from model.processes import ZOOKEEPER

from system.checks.processes import listening_sockets
from system.checks.waiting import wait_until


def observe(backend, ask, timeout=10):
    """The ensemble as the first controller of `ask` that answers sees it, or None."""
    for node in ask:
        report = backend.status(node, timeout=timeout)
        if report is not None:
            return reports.ensemble(node, report, backend.clock())
    return None


def check_ensemble(backend, members, ask=None):
    """members' servers, and only those, form the ensemble: one leader, the rest followers."""
    found = observe(backend, ask or members)
    assert found is not None, 'no controller of %s answers the status command' % (ask or members)
    assert found.healthy(members), 'expected one leader and %d followers among %s: %r' % (
        len(members) - 1, members, found)
    return found


def wait_ensemble(backend, members, timeout, ask=None):
    found, seconds = wait_until(lambda: observe(backend, ask or members),
                                lambda e: e is not None and e.healthy(members), timeout, interval=2)
    assert found is not None and found.healthy(members), \
        'no healthy ensemble of %s within %ds: %r' % (members, timeout, found)
    return found, seconds


def zoo_cfg_hosts(backend, node):
    """The hosts node's zoo.cfg lists, sorted (empty when there is none)."""
    result = backend.run(node, 'cat /etc/zookeeper/conf/zoo.cfg')
    return sorted(host for _, host in reports.zoo_cfg_servers(result.stdout or ''))


def check_zoo_cfg_lists(backend, controllers):
    """Every controller's zoo.cfg lists exactly the controllers' management addresses."""
    wanted = sorted(backend.management_address(n) for n in controllers)
    for node in controllers:
        listed = zoo_cfg_hosts(backend, node)
        assert listed == wanted, '%s: zoo.cfg lists %s, expected %s' % (node, listed, wanted)


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
        running = backend.run(node, "pgrep -f '%s'" % ZOOKEEPER)
        assert running.exit_code == 1, '%s: a ZooKeeper server runs (pid %s)' % (node, running.stdout.strip())
        ports = [s for s in listening_sockets(backend, node) if s.rsplit(':', 1)[-1] in project.ZOOKEEPER_PORTS]
        assert not ports, '%s: something listens on a ZooKeeper port: %s' % (node, ports)
        assert not zoo_cfg_hosts(backend, node), '%s: zoo.cfg lists servers' % node


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


class EnsembleSampler(object):
    """Samples the ensemble in a background thread, as one controller sees it, while
    something else happens (a redeploy); `with` starts and stops it."""

    def __init__(self, backend, ask, period=1.0):
        self.backend = backend
        self.ask = list(ask)
        self.period = period
        self.samples = []   # (time, Ensemble or None, or an 'error: ...' text)
        # {server: when its running process started}, read once the change is over: a
        # restart shorter than the gap between two samples is never seen down.
        self.started = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)
        self._thread.daemon = True

    def _run(self):
        while not self._stop.is_set():
            try:
                found = observe(self.backend, self.ask, timeout=3)
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
        return [(at, e) for at, e in self.samples if not isinstance(e, reports.Ensemble) or not e.quorate()]

    def leaders(self):
        return [e.leaders[0] for _, e in self.samples if isinstance(e, reports.Ensemble) and len(e.leaders) == 1]

    def summary(self):
        losses = self.losses()
        text = '%d samples, %d without a leader and quorum' % (len(self.samples), len(losses))
        if losses:
            first, last = losses[0][0], losses[-1][0]
            text += ' (from %.1f s to %.1f s after the first sample; first: %r)' % (
                first - self.samples[0][0], last - self.samples[0][0], losses[0][1])
        return text
