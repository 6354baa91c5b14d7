"""Scenario 1: the built package installs on the master, the plugin can be enabled, and
its settings are there. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

from model import project
from proboscis import test

from system.base import SystemTest, log_snapshot_after_test
from system.scenarios import common


@test(groups=[common.GROUP, 'plugins', 'system'])
class CeilometerZookeeperInstall(SystemTest):
    """Installing the plugin."""

    @test(depends_on_groups=['prepare_slaves_3'],
          groups=[common.INSTALL, common.SMOKE, common.GROUP],
          runs_after_groups=common.after(common.INSTALL))
    @log_snapshot_after_test
    def ceilometer_zookeeper_install(self):
        """Install the plugin and check that it can be enabled with its settings

        Scenario:
            1. Revert snapshot ready_with_3_slaves
            2. Upload the plugin's package to the master node and install it
            3. Create an environment with Ceilometer enabled
            4. Check that the plugin is in the environment's settings, disabled
            5. Check that every setting of the plugin is there with its default
            6. Enable the plugin and check that it is enabled

        Duration 20m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.READY_3)
        self.show_step(2)
        installed = backend.install_plugin()
        assert installed == (project.name(), project.version()), installed
        self.show_step(3)
        backend.create_environment(self.__class__.__name__)
        self.show_step(4)
        assert backend.plugin_enabled() is False, 'the plugin is enabled in a new environment'
        self.show_step(5)
        found = backend.plugin_settings()
        defaults = project.default_settings()
        missing = sorted(set(defaults) - set(found))
        assert not missing, 'settings missing in the environment: %s' % missing
        wrong = dict((k, (found[k], v)) for k, v in defaults.items() if found[k] != v)
        assert not wrong, 'settings whose value is not the default (found, default): %s' % wrong
        self.show_step(6)
        backend.enable_plugin(True)
        assert backend.plugin_enabled() is True, 'the plugin could not be enabled'
