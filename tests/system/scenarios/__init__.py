"""The scenarios, one proboscis group each (see run_system_tests.py --show-plan), and the
group of the whole set, ceilometer_zookeeper. Importing this package registers them."""

from __future__ import absolute_import

from system.scenarios import deploy, failover, install, lifecycle  # noqa: F401 (registers the tests)
