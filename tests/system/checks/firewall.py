"""The firewall on the controllers: Fuel's DROP policy, the plugin's chain, and who
reaches ZooKeeper's ports. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import re

from model import project

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


def check_firewall_chain(backend, controllers):
    """On every controller the plugin's chain admits exactly the current controllers'
    addresses: a removed controller's rule is gone."""
    wanted = sorted(backend.management_address(n) for n in controllers)
    for node in controllers:
        rules = backend.run(node, 'iptables -S %s' % project.FIREWALL_CHAIN).stdout
        sources = sorted(set(re.findall(r'-s (\S+?)(?:/32)? ', rules)))
        assert sources == wanted, '%s: chain %s admits %s, expected %s' % (
            node, project.FIREWALL_CHAIN, sources, wanted)
