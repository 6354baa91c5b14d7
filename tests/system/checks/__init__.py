"""The checks of the system tests, written once against backend.Backend, one module per
concern: the ZooKeeper ensemble, elections while it changes, coordination and Pacemaker,
the polling partition, the firewall, the plugin's tasks, and the processes. Each check
raises AssertionError with what it saw; each wait returns what it saw last. The rules
they apply live in tests/model. Python 2.7 and 3."""
