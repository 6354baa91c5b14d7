"""The central agents' stacks the local lab runs, shared by the lab (Python 3) and the
system tests' runner (Python 2.7): their names and what differs between them."""

from __future__ import absolute_import, division, print_function

# Ceilometer 27 with tooz 9.1 and kazoo 2.11 on the host's Python 3.
CURRENT = '27'
# Ceilometer 8.1.5 (Mitaka's coordination module) with tooz 1.34.0 and the plugin's
# python-kazoo 2.2.1 on Debian 11's Python 2.7, as on a Fuel 9 controller.
MITAKA = 'mitaka'
STACKS = (CURRENT, MITAKA)
DEFAULT = CURRENT

# What each stack's agents are, in a sentence's words (the benchmark's report).
DESCRIPTIONS = {
    CURRENT: 'Ceilometer 27 with tooz 9.1 and kazoo 2.11 on Python 3',
    MITAKA: "Mitaka's agents: Ceilometer 8.1.5, tooz 1.34.0 and kazoo 2.2.1 on Python 2.7",
}

# Polling intervals a coordinated agent waits after its start before it first polls:
# Ceilometer 10 and later poll at once; 8.1.5 delays by one interval, then starts a
# periodic that does not run at once (Mitaka's 6.1 waits one).
FIRST_POLL_WAIT = {CURRENT: 0, MITAKA: 2}

# Whether an agent whose member vanished from its group joins again by itself: Mitaka's
# extract_my_subset rejoins; Ceilometer 27 does not.
REJOINS = {CURRENT: False, MITAKA: True}

# Whether the lab runs aodh's alarm evaluators (aodh 2.0.6, which needs Python 2.7) beside
# the agents.
RUNS_AODH = {CURRENT: False, MITAKA: True}

# Whether the agents poll the lab's stand-in cloud with Ceilometer's own central pollsters
# (model/meters.py) beside the lab's meter: Ceilometer 27 polls the lab's meter only.
POLLS_CLOUD = {CURRENT: False, MITAKA: True}


def settle_cycles(stack):
    """Polling intervals to allow for a fresh lab's agents to settle into a partition."""
    return 4 + 2 * FIRST_POLL_WAIT[stack]
