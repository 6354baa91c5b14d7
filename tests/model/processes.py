"""How the plugin's processes are found on a node with `pgrep -f`/`pkill -f`. Each pattern
writes one letter in brackets so that it never matches the shell that runs it."""

from __future__ import absolute_import

# The central agent: its program (Fuel 9's ceilometer-agent-central, the lab's
# ceilometer-polling) and the worker a newer Ceilometer forks and renames
# ("ceilometer-polling: AgentManager worker(0)"); not the OCF script of the same name that
# Pacemaker runs for each monitor (.../resource.d/fuel/ceilometer-agent-central).
AGENT = '(bin/[c]eilometer-(polling|agent-central)|[c]eilometer-polling: )'
# aodh's alarm evaluator (Fuel 9's /usr/bin/aodh-evaluator, the lab's venv's); not the OCF
# script of the same name (.../resource.d/fuel/aodh-evaluator).
EVALUATOR = 'bin/[a]odh-evaluator'
# A ZooKeeper server.
ZOOKEEPER = '[Q]uorumPeerMain'
