"""The rule the plugin exists for: the agents' shares are a partition of the resources,
disjoint and complete, each resource polled once per cycle by exactly one agent. Pure."""

from __future__ import absolute_import, division, print_function

import time


def twice(shares):
    """The resources in more than one share."""
    seen, found = set(), set()
    for share in shares.values():
        found |= seen & share
        seen |= share
    return found


def covered(shares):
    out = set()
    for share in shares.values():
        out |= share
    return out


def is_partition(shares, universe, agents=None):
    """Disjoint, complete over a non-empty universe, and (given agents) the shares of
    exactly those agents."""
    return (bool(universe) and not twice(shares) and not (set(universe) - covered(shares))
            and (agents is None or sorted(shares) == sorted(agents)))


class Cycle(object):
    """One cycle: each live agent's share at a quiet moment, against the resources the
    agents must poll (the universe)."""

    def __init__(self, moment, shares, universe):
        self.moment = moment
        self.shares = shares
        self.universe = set(universe)

    def twice(self):
        return twice(self.shares)

    def covered(self):
        return covered(self.shares)

    def missing(self):
        return self.universe - self.covered()

    def partition(self, agents=None):
        return is_partition(self.shares, self.universe, agents)

    def __repr__(self):
        shares = ', '.join('%s %d' % (a, len(s)) for a, s in sorted(self.shares.items()))
        return 'Cycle(at %s: %s; %d of %d covered, %d twice)' % (
            time.strftime('%H:%M:%S', time.gmtime(self.moment)), shares,
            len(self.covered() & self.universe), len(self.universe), len(self.twice()))
