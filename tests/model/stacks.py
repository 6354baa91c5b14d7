"""The central agents the local lab runs, shared by the lab (Python 3) and the system
tests' runner (Python 2.7): Mitaka's, as on a Fuel 9 controller, and how they behave.

Ceilometer 8.1.5 (Mitaka's coordination module) with tooz 1.34.0 and the plugin's
python-kazoo 2.2.1 on Debian 11's Python 2.7, beside aodh 2.0.6's evaluators; they poll the
lab's meter and the stand-in cloud's (model/meters.py).
"""

from __future__ import absolute_import, division, print_function

# What the agents are, in a sentence's words (the benchmark's report).
DESCRIPTION = "Mitaka's agents: Ceilometer 8.1.5, tooz 1.34.0 and kazoo 2.2.1 on Python 2.7"

# Polling intervals a coordinated agent waits after its start before it first polls:
# 8.1.5 delays by one interval, then starts a periodic that does not run at once (Mitaka's
# 6.1 waits one; Ceilometer 10 and later poll at once).
FIRST_POLL_WAIT = 2

# Whether an agent whose member vanished from its group joins again by itself: Mitaka's
# extract_my_subset rejoins.
REJOINS = True


def settle_cycles():
    """Polling intervals to allow for a fresh lab's agents to settle into a partition."""
    return 4 + 2 * FIRST_POLL_WAIT
