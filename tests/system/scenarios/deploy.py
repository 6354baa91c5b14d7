"""Scenarios 2-5: deploying an HA environment with the plugin, a non-HA one, one where
the plugin is installed but not enabled, and one deployed with Fuel's default that the
plugin joins afterwards (hot-plug). Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

from model import project
from proboscis import test

from system.base import SystemTest, log, log_snapshot_after_test
from system.checks import alarms, coordination, ensemble, firewall, polling, tasks
from system.scenarios import common

# Bounds of the hot-plug, in polling intervals: the active/passive agent polls everything
# until the agents task restarts it with [coordination], once the clone runs everywhere,
# and the bridge polls everything once while it waits for its first coordinated poll; so
# no resource goes unpolled for long, and two agents poll the same resources only
# between the clone's start and that restart, and in the bridge's one pass.
HOT_PLUG_GAP = common.RESTART_GAP
HOT_PLUG_OVERLAP = 2


@test(groups=[common.GROUP, 'plugins', 'system'])
class CeilometerZookeeperDeploy(SystemTest):
    """Deploying environments with the plugin."""

    @test(depends_on_groups=['prepare_slaves_9'],
          groups=[common.DEPLOY_HA, common.SMOKE, common.GROUP],
          runs_after_groups=common.after(common.DEPLOY_HA))
    @log_snapshot_after_test
    def deploy_ceilometer_zookeeper_ha(self):
        """Deploy 3 controllers and 1 compute with the plugin

        Scenario:
            1. Revert snapshot ready_with_9_slaves
            2. Upload the plugin's package to the master node and install it
            3. Create an environment with Ceilometer and the plugin enabled
            4. Add 3 controllers (with MongoDB) and 1 compute
            5. Verify networks
            6. Deploy the environment
            7. Check that every plugin task ran on every controller, none on the compute
            8. Check that ZooKeeper has one leader and two followers, each listening
               on its management address only and answering only whitelisted words
            9. Check that the firewall admits only controllers to ZooKeeper's ports,
               through the plugin's chain that lists exactly the controllers
            10. Check that the compute runs no ZooKeeper
            11. Check that the central agent's clone runs on every controller and that
                each controller's agent is one member of the coordination group; where
                aodh runs, the same of the alarm evaluator and group alarm_evaluator
            12. Check over 5 polling cycles that every resource is polled once per
                cycle, by exactly one agent; where aodh runs, over 3 evaluation cycles
                that every alarm is evaluated once per cycle, by exactly one evaluator
            13. Run OSTF
            14. Make snapshot ceilometer_zookeeper_ha

        Duration 120m
        Snapshot ceilometer_zookeeper_ha
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.READY_9)
        common.prepare_environment(self, self.__class__.__name__, common.HA_NODES, enable=True, first_step=2)
        self.show_step(5)
        backend.verify_network()
        deployment = common.deploy(self, 6)
        controllers, others = common.layout(backend)
        assert len(controllers) == 3 and len(others) == 1, (controllers, others)

        self.show_step(7)
        tasks.check_plugin_tasks_ran(deployment, controllers, others)
        self.show_step(8)
        port = common.client_port(backend)
        ensemble.check_ensemble(backend, controllers)
        log('ZooKeeper versions: %s' % ensemble.check_zookeeper_line(backend, controllers, port))
        ensemble.check_zookeeper_listens_on_management_only(backend, controllers, port)
        ensemble.check_four_letter_words(backend, controllers, port)
        self.show_step(9)
        firewall.check_firewall(backend, controllers, others, project.ZOOKEEPER_PORTS)
        firewall.check_firewall_chain(backend, controllers)
        self.show_step(10)
        ensemble.check_no_zookeeper(backend, others)
        self.show_step(11)
        log('central agent admitted by: %s' % ', '.join(coordination.check_clone_placement(backend, controllers)))
        coordination.check_group_members(backend, controllers)
        evaluators = alarms.evaluators_run(backend)
        if evaluators:
            alarms.check_evaluators(backend, controllers)
        else:
            log('no alarm evaluator runs in this environment: only the central agents are checked')
        self.show_step(12)
        start = backend.clock()
        polling.wait_partition(backend, controllers, start, timeout=6 * backend.polling_interval() + 30)
        cycles = polling.check_partition_over_cycles(backend, controllers, cycles=5)
        log('5 cycles, each a partition: %s' % '; '.join(repr(c) for c in cycles))
        if evaluators:
            evaluations = alarms.Evaluations(backend)
            polling.wait_partitioned(evaluations, controllers)
            cycles = polling.check_partition_over_cycles(evaluations, controllers, cycles=3)
            log('3 evaluation cycles, each a partition of the alarms: %s' % '; '.join(repr(c) for c in cycles))
        self.show_step(13)
        backend.run_health_checks()
        self.show_step(14)
        backend.make_snapshot(common.SNAPSHOT_HA)

    @test(depends_on_groups=['prepare_slaves_3'],
          groups=[common.NON_HA, common.GROUP],
          runs_after_groups=common.after(common.NON_HA))
    @log_snapshot_after_test
    def ceilometer_zookeeper_non_ha(self):
        """Deploy 1 controller with the plugin enabled: it changes nothing, and says why

        Scenario:
            1. Revert snapshot ready_with_3_slaves
            2. Upload the plugin's package to the master node and install it
            3. Create an environment with Ceilometer and the plugin enabled
            4. Add 1 controller (with MongoDB) and 1 compute
            5. Deploy the environment
            6. Check that of the plugin's tasks only the not-HA notice ran, and that
               the deployment log says why the plugin did nothing
            7. Check that no node runs or configures ZooKeeper
            8. Check that the central agent is Fuel's primitive and that
               ceilometer.conf has no coordination backend
            9. Run OSTF

        Duration 60m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.READY_3)
        common.prepare_environment(self, self.__class__.__name__, common.NON_HA_NODES, enable=True,
                                   first_step=2)
        deployment = common.deploy(self, 5)
        controllers, others = common.layout(backend)
        assert len(controllers) == 1, controllers

        self.show_step(6)
        (controller,) = controllers
        ran = dict((t, s) for t, s in deployment.plugin_tasks(controller).items() if s != 'skipped')
        assert ran == {project.CHECK_TASK: 'ok'}, 'plugin tasks that ran: %s' % ran
        assert 'acts only with 3 or more controllers' in deployment.log.get(controller, ''), \
            'the deployment log does not say why: %s' % deployment.log.get(controller, '')[-2000:]
        self.show_step(7)
        ensemble.check_no_zookeeper(backend, controllers + others)
        self.show_step(8)
        coordination.check_fuel_default_agent(backend, controllers)
        self.show_step(9)
        backend.run_health_checks()

    @test(depends_on_groups=['prepare_slaves_5'],
          groups=[common.DISABLED, common.GROUP],
          runs_after_groups=common.after(common.DISABLED))
    @log_snapshot_after_test
    def ceilometer_zookeeper_disabled(self):
        """Deploy 3 controllers with the plugin installed but not enabled

        Scenario:
            1. Revert snapshot ready_with_5_slaves
            2. Upload the plugin's package to the master node and install it
            3. Create an environment with Ceilometer enabled, the plugin left disabled
            4. Add 3 controllers (with MongoDB) and 1 compute
            5. Deploy the environment
            6. Check that no task of the plugin ran
            7. Check that no node runs or configures ZooKeeper
            8. Check that the central agent is Fuel's primitive on one controller and
               that ceilometer.conf has no coordination backend
            9. Run OSTF

        Duration 90m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.READY_5)
        common.prepare_environment(self, self.__class__.__name__, common.HA_NODES, enable=False, first_step=2)
        deployment = common.deploy(self, 5)
        controllers, others = common.layout(backend)
        assert len(controllers) == 3, controllers

        self.show_step(6)
        for node in controllers + others:
            ran = dict((t, s) for t, s in deployment.plugin_tasks(node).items() if s != 'skipped')
            assert not ran, '%s: plugin tasks ran: %s' % (node, ran)
        self.show_step(7)
        ensemble.check_no_zookeeper(backend, controllers + others)
        self.show_step(8)
        coordination.check_fuel_default_agent(backend, controllers)
        self.show_step(9)
        backend.run_health_checks()

    @test(depends_on_groups=['prepare_slaves_5'],
          groups=[common.HOT_PLUG, common.GROUP],
          runs_after_groups=common.after(common.HOT_PLUG))
    @log_snapshot_after_test
    def ceilometer_zookeeper_hot_plug(self):
        """Install and enable the plugin on 3 controllers deployed with Fuel's default

        Scenario:
            1. Revert snapshot ready_with_5_slaves
            2. Create an environment with Ceilometer, without the plugin
            3. Add 3 controllers (with MongoDB) and 1 compute
            4. Deploy the environment
            5. Check that the central agent is Fuel's primitive on one controller
            6. Upload the plugin's package to the master node, install it and enable it
               in the environment
            7. Deploy changes
            8. Check that every plugin task ran on every controller, none on the compute,
               and that ZooKeeper has one leader and a follower on every other controller
            9. Check that the firewall admits only controllers to ZooKeeper's ports
            10. Check that the central agent's clone runs on every controller and that
                each controller's agent is one member of the coordination group
            11. Check over 3 polling cycles that every resource is polled once per
                cycle, by exactly one agent
            12. Print the longest time any resource went unpolled and how long resources
                were polled by two agents during the change, and check both bounds

        Duration 120m
        """
        hot_plug(self, common.READY_5, common.HA_NODES)


@test(groups=['plugins', 'system'])
class CeilometerZookeeperHotPlugFive(SystemTest):
    """The hot-plug on 5 controllers: not in the set (make test runs it under Fuel 9.0 GA's
    engine); select it with --group=ceilometer_zookeeper_hot_plug_5."""

    @test(depends_on_groups=['prepare_slaves_9'],
          groups=[common.HOT_PLUG_5])
    @log_snapshot_after_test
    def ceilometer_zookeeper_hot_plug_5(self):
        """Install and enable the plugin on 5 controllers deployed with Fuel's default

        Scenario:
            1. Revert snapshot ready_with_9_slaves
            2. Create an environment with Ceilometer, without the plugin
            3. Add 5 controllers (3 with MongoDB) and 1 compute
            4. Deploy the environment
            5. Check that the central agent is Fuel's primitive on one controller
            6. Upload the plugin's package to the master node, install it and enable it
               in the environment
            7. Deploy changes
            8. Check that every plugin task ran on every controller, none on the compute,
               and that ZooKeeper has one leader and a follower on every other controller
            9. Check that the firewall admits only controllers to ZooKeeper's ports
            10. Check that the central agent's clone runs on every controller and that
                each controller's agent is one member of the coordination group
            11. Check over 3 polling cycles that every resource is polled once per
                cycle, by exactly one agent
            12. Print the longest time any resource went unpolled and how long resources
                were polled by two agents during the change, and check both bounds

        Duration 150m
        """
        nodes = dict(common.HA_NODES)
        nodes.update(common.ADDED_CONTROLLERS)
        hot_plug(self, common.READY_9, nodes)


def hot_plug(test_, snapshot, layout):
    """The steps of the hot-plug scenarios, which differ only in their layout."""
    backend = test_.backend
    test_.show_step(1)
    test_.revert(snapshot)
    test_.show_step(2)
    backend.create_environment(test_.__class__.__name__ + '_hot_plug')
    test_.show_step(3)
    backend.assign_roles(layout)
    common.deploy(test_, 4)
    controllers, others = common.layout(backend)
    wanted = len([roles for roles in layout.values() if 'controller' in roles])
    assert len(controllers) == wanted and len(others) == 1, (controllers, others)
    test_.show_step(5)
    coordination.check_fuel_default_agent(backend, controllers)

    test_.show_step(6)
    installed = backend.install_plugin()
    assert installed == (project.name(), project.version()), installed
    backend.enable_plugin(True)
    started = backend.clock()
    deployment = common.deploy(test_, 7)
    ended = backend.clock()
    test_.show_step(8)
    tasks.check_plugin_tasks_ran(deployment, controllers, others)
    ensemble.check_ensemble(backend, controllers)
    test_.show_step(9)
    firewall.check_firewall(backend, controllers, others, project.ZOOKEEPER_PORTS)
    test_.show_step(10)
    log('central agent admitted by: %s' % ', '.join(coordination.check_clone_placement(backend, controllers)))
    coordination.check_group_members(backend, controllers)
    test_.show_step(11)
    interval = backend.polling_interval()
    settled, _ = polling.wait_partition(backend, controllers, ended, timeout=6 * interval + 30)
    cycles = polling.check_partition_over_cycles(backend, controllers, cycles=3)
    log('3 cycles, each a partition: %s' % '; '.join(repr(c) for c in cycles))
    test_.show_step(12)
    records = backend.polling_records(started - interval)
    window = [r for r in records if r[0] <= settled.moment]
    spans = polling.polling_gap_spans(window, started, settled.moment, polling.universe_of(backend, records))
    longest = max(b - a for a, b, _, _ in spans.values())
    where = polling.describe_gap(spans, started, ended)
    overlap, doubles = polling.overlap_window(window, interval)
    log('hot-plug on %d controllers: deployment %.0f s; longest gap of any resource %.1f s (%.1f intervals): %s; '
        'polled by two agents during %.1f s (%d double polls)' % (
            len(controllers), ended - started, longest, longest / interval, where, overlap, doubles))
    assert longest <= HOT_PLUG_GAP * interval, \
        'a resource went unpolled %.1f s, more than %s intervals: %s' % (longest, HOT_PLUG_GAP, where)
    assert overlap <= HOT_PLUG_OVERLAP * interval, \
        'resources were polled twice during %.1f s, more than %s intervals' % (overlap, HOT_PLUG_OVERLAP)
