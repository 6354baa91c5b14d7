"""The plugin's processes on the nodes: which run, since when, with what command line.
Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

from model.processes import AGENT, ZOOKEEPER


def pids(backend, node, pattern):
    result = backend.run(node, "pgrep -f '%s' | sort" % pattern)
    return result.stdout.split() if result.exit_code == 0 else []


def service_pids(backend, controllers):
    """{node: {'zookeeper': [pids], 'agent': [pids]}}."""
    return dict((n, {'zookeeper': pids(backend, n, ZOOKEEPER), 'agent': pids(backend, n, AGENT)})
                for n in controllers)


def started(backend, controllers, pattern):
    """{node: when its oldest process matching pattern started (backend clock, within a
    second), or None when none runs}."""
    out = {}
    for node in controllers:
        result = backend.run(node, "ps -o etimes= -p \"$(pgrep -o -f '%s')\"" % pattern)
        age = (result.stdout or '').strip()
        out[node] = backend.clock() - int(age) if result.exit_code == 0 and age.isdigit() else None
    return out


def zookeeper_started(backend, controllers):
    """{node: when its running ZooKeeper server started, or None when none runs}."""
    return started(backend, controllers, ZOOKEEPER)


def zookeeper_cmdline(backend, node):
    found = pids(backend, node, ZOOKEEPER)
    if not found:
        return ''
    return backend.run(node, "tr '\\0' ' ' < /proc/%s/cmdline" % found[0]).stdout


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
