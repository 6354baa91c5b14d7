"""Scenarios: a redeploy with no change, changes of settings and of the client port, and
scaling the controllers 3 -> 5 -> 4; the ensemble is sampled in a background thread
during each deployment. Each starts from the snapshot of the HA deployment. Python 2.7
and 3."""

from __future__ import absolute_import, division, print_function

from model import processes as model_processes
from model import project
from proboscis import test

from system.base import SystemTest, log, log_snapshot_after_test
from system.checks import coordination, elections, ensemble, firewall, polling, processes, tasks
from system.scenarios import common

NEW_SETTINGS = {'coordination_timeout': '6', 'zookeeper_heap_mb': '256'}
# The zoo.cfg line each ZooKeeper setting of the settings scenario sets.
ZOO_CFG_LINES = {'zookeeper_tick_time': 'tickTime', 'zookeeper_client_port': 'clientPort'}


def deploy_sampled(test_, controllers):
    """Deploys while sampling the ensemble as the primary controller sees it; returns
    (Deployment, EnsembleSampler)."""
    with ensemble.EnsembleSampler(test_.backend, controllers[:1]) as sampler:
        deployment = test_.backend.deploy()
    sampler.started = processes.zookeeper_started(test_.backend, controllers)
    log('deployment finished in %.1f s; ensemble meanwhile: %s' % (deployment.seconds, sampler.summary()))
    return deployment, sampler


@test(groups=[common.GROUP, 'plugins', 'system'])
class CeilometerZookeeperRedeploy(SystemTest):
    """Redeploying an environment with the plugin: no change, or changed settings."""

    @test(depends_on_groups=[common.DEPLOY_HA],
          groups=[common.NO_CHANGE, common.GROUP],
          runs_after_groups=common.after(common.NO_CHANGE))
    @log_snapshot_after_test
    def ceilometer_zookeeper_redeploy_no_change(self):
        """Redeploy with no change: nothing restarts, nothing changes

        Scenario:
            1. Revert snapshot ceilometer_zookeeper_ha
            2. Note the ZooKeeper leader and the processes of every ZooKeeper server
               and central agent
            3. Deploy changes with no change, sampling the ensemble meanwhile
            4. Check that every plugin task ran on every controller and that Puppet
               reported no change
            5. Check that no ZooKeeper server or agent restarted, and that the leader
               stayed the same in every sample
            6. Check that the agents still share the resources

        Duration 60m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.SNAPSHOT_HA)
        controllers, _ = common.layout(backend)
        self.show_step(2)
        leader = ensemble.check_ensemble(backend, controllers).leaders[0]
        before = processes.service_pids(backend, controllers)
        self.show_step(3)
        deployment, sampler = deploy_sampled(self, controllers)
        self.show_step(4)
        tasks.check_nothing_changed(deployment, controllers)
        self.show_step(5)
        after = processes.service_pids(backend, controllers)
        for node in controllers:
            assert before[node]['zookeeper'] and before[node]['agent'], '%s: nothing runs: %s' % (node, before[node])
        assert after == before, 'processes before %s, after %s' % (before, after)
        assert not sampler.losses(), sampler.summary()
        leaders = set(sampler.leaders())
        assert leaders == set([leader]), 'leaders seen during the redeploy: %s (before: %s)' % (leaders, leader)
        self.show_step(6)
        polling.wait_partition(backend, controllers, backend.clock(), 6 * backend.polling_interval() + 30)


@test(groups=[common.GROUP, 'plugins', 'system'])
class CeilometerZookeeperSettingsChange(SystemTest):
    """Successive setting changes, then a new client port, each applied everywhere."""

    def deploy_and_check(self, controllers, settings, task):
        """Sets settings, deploys while sampling the ensemble, and checks that task
        changed every controller, that every zoo.cfg carries the settings' lines and that
        the ensemble and the groups are whole again; returns the sampler and the longest
        time any resource went unpolled from the deployment's start until then."""
        backend = self.backend
        backend.enable_plugin(True, settings)
        started = backend.clock()
        deployment, sampler = deploy_sampled(self, controllers)
        changed = tasks.changed_on(deployment, task)
        assert changed == sorted(controllers), '%s changed %s, not every controller' % (task, changed)
        for node in controllers:
            for key, line in ZOO_CFG_LINES.items():
                if key in settings:
                    wanted = '%s=%s' % (line, settings[key])
                    found = backend.run(node, "grep -x '%s' /etc/zookeeper/conf/zoo.cfg" % wanted)
                    assert found.exit_code == 0, '%s: zoo.cfg lacks %s' % (node, wanted)
        ensemble.wait_ensemble(backend, controllers, 120)
        interval = backend.polling_interval()
        settled, _ = polling.wait_partition(backend, controllers, backend.clock(), 6 * interval + 30)
        coordination.check_group_members(backend, controllers)
        gap = polling.longest_gap(backend, started, settled.moment)
        log('%s: longest gap of any resource %.1f s (%.1f intervals)' % (
            ', '.join(sorted(settings)), gap, gap / interval))
        return sampler, gap

    @test(depends_on_groups=[common.DEPLOY_HA],
          groups=[common.SETTINGS_CHANGE, common.GROUP],
          runs_after_groups=common.after(common.SETTINGS_CHANGE))
    @log_snapshot_after_test
    def ceilometer_zookeeper_settings_change(self):
        """Change settings twice, then the client port, then redeploy with no change

        Scenario:
            1. Revert snapshot ceilometer_zookeeper_ha
            2. Note the processes of every ZooKeeper server and central agent
            3. Set the coordination session timeout to 6 s and ZooKeeper's heap to
               256 MB; deploy changes, sampling the ensemble meanwhile
            4. Check that the new timeout is in every controller's ceilometer.conf, that
               every agent was restarted, that no resource went unpolled for more than
               3 polling intervals meanwhile, and that the rolling server task restarted
               every ZooKeeper server with the new heap
            5. Set ZooKeeper's tick time to 1500 ms; deploy changes, sampling the
               ensemble meanwhile, and check that every zoo.cfg says tickTime=1500
            6. Check that in every sample of both changes at most one server was down,
               and that the ensemble lost its leader only while the server that led
               restarted, for at most 15 s each time (ZooKeeper 3.4 cannot hand
               leadership over, so its followers elect a new one)
            7. Set the client port to 2182; deploy changes
            8. Check that the ensemble server task changed every controller, that every
               zoo.cfg says clientPort=2182, that every server listens there, that every
               agent's backend_url names it, and that the ensemble and the groups are
               whole
            9. Deploy changes with no change: it succeeds and Puppet changes nothing

        Duration 120m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.SNAPSHOT_HA)
        controllers, _ = common.layout(backend)
        self.show_step(2)
        before = processes.service_pids(backend, controllers)
        self.show_step(3)
        first, gap = self.deploy_and_check(controllers, NEW_SETTINGS, project.ROLLING_TASK)
        self.show_step(4)
        after = processes.service_pids(backend, controllers)
        for node in controllers:
            conf = backend.run(node, "grep '^backend_url' /etc/ceilometer/ceilometer.conf").stdout.strip()
            assert conf.endswith('?timeout=%s' % NEW_SETTINGS['coordination_timeout']), '%s: %s' % (node, conf)
            assert after[node]['agent'] and after[node]['agent'] != before[node]['agent'], \
                '%s: agent not restarted: %s -> %s' % (node, before[node]['agent'], after[node]['agent'])
            assert after[node]['zookeeper'] and after[node]['zookeeper'] != before[node]['zookeeper'], \
                '%s: ZooKeeper was not restarted' % node
            heap = '-Xmx%sm' % NEW_SETTINGS['zookeeper_heap_mb']
            assert heap in processes.zookeeper_cmdline(backend, node), '%s: ZooKeeper runs without %s' % (node, heap)
        assert gap <= common.RESTART_GAP * backend.polling_interval(), \
            'a resource went unpolled %.1f s while the agents restarted, more than %s intervals' % (
                gap, common.RESTART_GAP)
        self.show_step(5)
        second, _ = self.deploy_and_check(controllers, {'zookeeper_tick_time': '1500'}, project.ROLLING_TASK)
        self.show_step(6)
        samplers = [('heap and timeout', first), ('tick time', second)]
        for what, sampler in samplers:
            log('%s: %s; leaderless %s; elections %s' % (what, sampler.summary(), elections.outages(sampler),
                                                         elections.elections(sampler)))
        elections.assert_one_server_down_at_most(samplers)
        elections.assert_elections_only_on_leader_restarts(samplers)
        self.show_step(7)
        port = '2182'
        self.deploy_and_check(controllers, {'zookeeper_client_port': port}, project.SERVER_TASK)
        self.show_step(8)
        ensemble.check_zookeeper_listens_on_management_only(backend, controllers, port)
        for node in controllers:
            url = backend.run(node, "grep '^backend_url' /etc/ceilometer/ceilometer.conf").stdout.strip()
            assert ':%s?' % port in url, '%s: %s' % (node, url)
        self.show_step(9)
        deployment, _ = deploy_sampled(self, controllers)
        tasks.check_nothing_changed(deployment, controllers)


@test(groups=[common.GROUP, 'plugins', 'system'])
class CeilometerZookeeperScale(SystemTest):
    """Adding and removing controllers."""

    @test(depends_on_groups=[common.DEPLOY_HA],
          groups=[common.SCALE, common.GROUP],
          runs_after_groups=common.after(common.SCALE))
    @log_snapshot_after_test
    def ceilometer_zookeeper_scale(self):
        """Scale the controllers from 3 to 5, then remove one

        Scenario:
            1. Revert snapshot ceilometer_zookeeper_ha
            2. Add 2 controllers; deploy changes, sampling the ensemble meanwhile
            3. Check that every controller's zoo.cfg and firewall chain list the 5
               controllers and that the ensemble has one leader and 4 followers
            4. Check that the clone runs on the 5 controllers and that their 5 agents
               share the resources, and that once every new controller's agent has
               polled (and every existing one the deployment restarted), no resource
               was polled by two agents in one cycle (no agent ran there before its
               [coordination] was written)
            5. Remove one of the added controllers; deploy changes, sampling the
               ensemble meanwhile
            6. Check that every controller's zoo.cfg and firewall chain list the 4
               left, that the ensemble has one leader and 3 followers, and that
               Pacemaker forgot the removed controller
            7. Check that the clone runs on the 4 controllers and that their 4 agents
               share the resources
            8. Report whether the ensemble kept a leader and a quorum in every sample

        Duration 120m
        """
        backend = self.backend
        interval = backend.polling_interval()
        self.show_step(1)
        self.revert(common.SNAPSHOT_HA)
        first, _ = common.layout(backend)
        self.show_step(2)
        backend.assign_roles(common.ADDED_CONTROLLERS)
        agents_before = dict((n, processes.pids(backend, n, model_processes.AGENT)) for n in first)
        grow_started = backend.clock()
        _, grow = deploy_sampled(self, first)
        controllers, _ = common.layout(backend)
        assert len(controllers) == 5, controllers
        self.show_step(3)
        ensemble.check_zoo_cfg_lists(backend, controllers)
        firewall.check_firewall_chain(backend, controllers)
        ensemble.wait_ensemble(backend, controllers, 120)
        self.show_step(4)
        log('central agent admitted by: %s' % ', '.join(coordination.check_clone_placement(backend, controllers)))
        polling.wait_partition(backend, controllers, backend.clock(), 6 * interval + 30)
        coordination.check_group_members(backend, controllers)
        records = backend.polling_records(grow_started)
        added = [n for n in controllers if n not in first]
        # An existing agent restarted by the deployment joins with a new member id.
        restarted = [n for n in first if processes.pids(backend, n, model_processes.AGENT) != agents_before[n]]
        # From the moment every agent started by the scale-out (the new controllers' and
        # any existing one restarted) has polled once: a started agent's first poll takes
        # its share over from agents that polled it moments before (a handover, not a
        # double poll); an uncoordinated agent would poll everything again a cycle later.
        since = dict((node, at or grow_started)
                     for node, at in processes.started(backend, restarted, model_processes.AGENT).items())
        since.update((node, grow_started) for node in added)
        first_poll = max(min(at for at, agent, _ in records if agent == node and at >= since[node])
                         for node in since)
        doubles = polling.double_polls([r for r in records if r[0] >= first_poll], interval)
        log('after the first polls of %s: %d double polls (existing agents restarted by the '
            'scale-out: %s)' % (', '.join(sorted(since)), len(doubles), ', '.join(restarted) or 'none'))
        assert not doubles, 'polled by two agents in one cycle after the first polls of %s: %s' % (
            ', '.join(sorted(since)), doubles[:10])

        self.show_step(5)
        backend.remove_nodes(common.REMOVED_CONTROLLER)
        _, shrink = deploy_sampled(self, first)
        left, _ = common.layout(backend)
        removed = sorted(set(controllers) - set(left))
        assert len(left) == 4 and len(removed) == 1, (left, removed)
        self.show_step(6)
        ensemble.check_zoo_cfg_lists(backend, left)
        firewall.check_firewall_chain(backend, left)
        ensemble.wait_ensemble(backend, left, 120)
        members = backend.run(left[0], 'crm_node --list').stdout
        assert removed[0] not in members.split(), 'Pacemaker still lists %s: %s' % (removed[0], members)
        self.show_step(7)
        log('central agent admitted by: %s' % ', '.join(coordination.check_clone_placement(backend, left)))
        polling.wait_partition(backend, left, backend.clock(), 6 * interval + 30)
        coordination.check_group_members(backend, left)
        self.show_step(8)
        self.samplers = [('3 -> 5 controllers', grow), ('5 -> 4 controllers', shrink)]
        for what, sampler in self.samplers:
            log('quorum during %s: %s' % (what, sampler.summary()))

    @test(depends_on=[ceilometer_zookeeper_scale], groups=[common.SCALE, common.GROUP])
    @log_snapshot_after_test
    def ceilometer_zookeeper_scale_keeps_quorum(self):
        """The ensemble loses its leader for one short election at most per change

        Scenario:
            1. Check that, in the samples taken while scaling, each change was without
               a leader only within one window of at most 15 s (every server restarts
               with the new list at once, give or take seconds)

        Duration 1m
        """
        self.show_step(1)
        for what, sampler in self.samplers:
            log('%s: leaderless %s' % (what, elections.outages(sampler)))
        elections.assert_one_short_election(self.samplers)

