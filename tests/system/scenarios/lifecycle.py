"""Scenarios: a redeploy with no change, changes of settings and of the client port, and
scaling the controllers 3 -> 5 -> 4; the ensemble is sampled in a background thread
during each deployment. Each starts from the snapshot of the HA deployment. Python 2.7
and 3."""

from __future__ import absolute_import, division, print_function

from proboscis import test

from system import checks, plugin
from system.base import SystemTest, log, log_snapshot_after_test
from system.scenarios import common

NEW_SETTINGS = {'coordination_timeout': '6', 'zookeeper_heap_mb': '256'}
# The zoo.cfg line each ZooKeeper setting of the settings scenario sets.
ZOO_CFG_LINES = {'zookeeper_tick_time': 'tickTime', 'zookeeper_client_port': 'clientPort'}


def deploy_sampled(test_, controllers):
    """Deploys while sampling the ensemble as the primary controller sees it; returns
    (Deployment, EnsembleSampler)."""
    with checks.EnsembleSampler(test_.backend, controllers[:1]) as sampler:
        deployment = test_.backend.deploy()
    sampler.started = checks.zookeeper_started(test_.backend, controllers)
    log('deployment finished in %.1f s; ensemble meanwhile: %s' % (deployment.seconds, sampler.summary()))
    return deployment, sampler


# A changed server list restarts every existing server at once (ZooKeeper 3.4 cannot
# change it live, and in turns the leader's restart makes servers with mixed lists elect,
# which took the lab 98 s): one election follows, which must stay this short.
ELECTION_BOUND = 15.0


def outages(sampler):
    """[(first, last)] seconds after the first sample of each run of samples without a
    leader and a quorum."""
    return [(first, last) for first, last, _, _ in elections(sampler)]


def assert_one_short_election(samplers):
    """A changed server list restarts every server with the new list at once, but the
    restarts still land seconds apart, each taking the leader away: the leaderless
    samples of a change must lie within one window of at most ELECTION_BOUND seconds
    (seen: two single samples 2.6 s apart)."""
    bad = []
    for what, sampler in samplers:
        runs = outages(sampler)
        if runs and runs[-1][1] - runs[0][0] > ELECTION_BOUND:
            bad.append('%s: leaderless %s (%s)' % (what, runs, sampler.summary()))
    assert samplers and not bad, 'more than one short election: %s' % '; '.join(bad)


# What the status command's probe says of a server that answers while it elects a leader
# (NOT_SERVING in ceilometer-zookeeper-status). The scenarios run on the fuel-qa host and
# read the command's report, not its code, so they hold their own copy; a unit test
# (test_status_command) keeps the two equal.
NOT_SERVING = 'not serving'


def stopped(found):
    """The servers of a sample that did not run: no mode, and not the answer of a running
    server that is electing a leader."""
    electing = set(n for n in found.modes for message in found.problems
                   if message.startswith(n + ' (') and NOT_SERVING in message)
    return sorted(n for n, mode in found.modes.items() if mode is None and n not in electing)


def assert_one_server_down_at_most(samplers):
    """In every sample every server but one at most ran (a rolling restart: a majority
    always runs; electing counts as running), and no sample went unanswered."""
    bad = []
    for what, sampler in samplers:
        for at, found in sampler.samples:
            down = stopped(found) if isinstance(found, checks.Ensemble) else None
            if down is None or len(down) > 1:
                bad.append('%s: %.1f s after the first sample: down %s' % (what, at - sampler.samples[0][0], down))
    assert samplers and not bad, 'more than one server down at once: %s' % '; '.join(bad)


# A leader that restarts within this many seconds of an election caused it: its
# followers lose it the moment it stops, and it starts again within seconds.
RESTART_WINDOW = 5.0


def elections(sampler):
    """[(first, last, leader before, restarted)] for each run of samples without a leader
    and a quorum: seconds after the first sample, the leader of the last sample before
    the run, and whether that server restarted: seen down (not electing) in a sample of
    the run, or its running process started within RESTART_WINDOW of the run (a restart
    shorter than the gap between two samples is never seen down)."""
    origin = sampler.samples[0][0] if sampler.samples else 0
    started = getattr(sampler, 'started', {}) or {}
    lost = set(at for at, _ in sampler.losses())
    found_runs, run, leader = [], None, None
    for at, found in sampler.samples:
        if at in lost:
            if run is None:
                run = [at - origin, at - origin, leader, False]
            run[1] = at - origin
            if isinstance(found, checks.Ensemble) and leader is not None and leader in stopped(found):
                run[3] = True
            continue
        if run is not None:
            found_runs.append(tuple(run))
            run = None
        if isinstance(found, checks.Ensemble) and len(found.leaders) == 1:
            leader = found.leaders[0]
    if run is not None:
        found_runs.append(tuple(run))
    for index, (first, last, before, restarted) in enumerate(found_runs):
        at = started.get(before)
        if not restarted and at is not None and \
                origin + first - RESTART_WINDOW <= at <= origin + last + RESTART_WINDOW:
            found_runs[index] = (first, last, before, True)
    return found_runs


def assert_elections_only_on_leader_restarts(samplers):
    """A rolling restart loses its leader only when the server that leads takes its turn
    (ZooKeeper 3.4 cannot hand leadership over), for at most ELECTION_BOUND seconds each
    time; never in an election among servers that kept running. The engine, like Astute's
    one_by_one, picks the order: when the leader goes first, the new leader's turn can
    come later and cost a second election (seen: node-3 first, then node-2, elected in
    between, last)."""
    bad = []
    for what, sampler in samplers:
        origin = sampler.samples[0][0] if sampler.samples else 0
        for first, last, leader, restarted in elections(sampler):
            if last - first > ELECTION_BOUND or not restarted:
                answered = any(isinstance(found, checks.Ensemble) for at, found in sampler.samples
                               if first <= at - origin <= last)
                seen = 'restarted' if restarted else 'kept running' if answered else 'not seen (no sample answered)'
                bad.append('%s: no leader from %.1f to %.1f s; the leader before, %s, %s' % (
                    what, first, last, leader, seen))
    assert samplers and not bad, 'an election that was not a short one on a leader restart: %s' % '; '.join(bad)


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
        leader = checks.check_ensemble(backend, controllers).leaders[0]
        before = checks.service_pids(backend, controllers)
        self.show_step(3)
        deployment, sampler = deploy_sampled(self, controllers)
        self.show_step(4)
        checks.check_nothing_changed(deployment, controllers, backend.plugin_settings())
        self.show_step(5)
        after = checks.service_pids(backend, controllers)
        for node in controllers:
            assert before[node]['zookeeper'] and before[node]['agent'], '%s: nothing runs: %s' % (node, before[node])
        assert after == before, 'processes before %s, after %s' % (before, after)
        assert not sampler.losses(), sampler.summary()
        leaders = set(sampler.leaders())
        assert leaders == set([leader]), 'leaders seen during the redeploy: %s (before: %s)' % (leaders, leader)
        self.show_step(6)
        checks.wait_partition(backend, controllers, backend.clock(), 6 * backend.polling_interval() + 30)


@test(groups=[common.GROUP, 'plugins', 'system'])
class CeilometerZookeeperSettingsChange(SystemTest):
    """Successive setting changes, then a new client port, each applied everywhere."""

    def deploy_and_check(self, controllers, settings, task):
        """Sets settings, deploys while sampling the ensemble, and checks that task
        changed every controller, that every zoo.cfg carries the settings' lines and that
        the ensemble and the groups are whole again; returns the sampler."""
        backend = self.backend
        backend.enable_plugin(True, settings)
        deployment, sampler = deploy_sampled(self, controllers)
        changed = checks.changed_on(deployment, task)
        assert changed == sorted(controllers), '%s changed %s, not every controller' % (task, changed)
        for node in controllers:
            for key, line in ZOO_CFG_LINES.items():
                if key in settings:
                    wanted = '%s=%s' % (line, settings[key])
                    found = backend.run(node, "grep -x '%s' /etc/zookeeper/conf/zoo.cfg" % wanted)
                    assert found.exit_code == 0, '%s: zoo.cfg lacks %s' % (node, wanted)
        checks.wait_ensemble(backend, controllers, 120)
        checks.wait_partition(backend, controllers, backend.clock(), 6 * backend.polling_interval() + 30)
        checks.check_group_members(backend, controllers)
        return sampler

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
               every agent was restarted, and that the rolling server task restarted
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
        before = checks.service_pids(backend, controllers)
        self.show_step(3)
        first = self.deploy_and_check(controllers, NEW_SETTINGS, plugin.ROLLING_TASK)
        self.show_step(4)
        after = checks.service_pids(backend, controllers)
        for node in controllers:
            conf = backend.run(node, "grep '^backend_url' /etc/ceilometer/ceilometer.conf").stdout.strip()
            assert conf.endswith('?timeout=%s' % NEW_SETTINGS['coordination_timeout']), '%s: %s' % (node, conf)
            assert after[node]['agent'] and after[node]['agent'] != before[node]['agent'], \
                '%s: agent not restarted: %s -> %s' % (node, before[node]['agent'], after[node]['agent'])
            assert after[node]['zookeeper'] and after[node]['zookeeper'] != before[node]['zookeeper'], \
                '%s: ZooKeeper was not restarted' % node
            heap = '-Xmx%sm' % NEW_SETTINGS['zookeeper_heap_mb']
            assert heap in checks.zookeeper_cmdline(backend, node), '%s: ZooKeeper runs without %s' % (node, heap)
        self.show_step(5)
        second = self.deploy_and_check(controllers, {'zookeeper_tick_time': '1500'}, plugin.ROLLING_TASK)
        self.show_step(6)
        samplers = [('heap and timeout', first), ('tick time', second)]
        for what, sampler in samplers:
            log('%s: %s; leaderless %s; elections %s' % (what, sampler.summary(), outages(sampler),
                                                         elections(sampler)))
        assert_one_server_down_at_most(samplers)
        assert_elections_only_on_leader_restarts(samplers)
        self.show_step(7)
        port = '2182'
        self.deploy_and_check(controllers, {'zookeeper_client_port': port}, plugin.SERVER_TASK)
        self.show_step(8)
        checks.check_zookeeper_listens_on_management_only(backend, controllers, port)
        for node in controllers:
            url = backend.run(node, "grep '^backend_url' /etc/ceilometer/ceilometer.conf").stdout.strip()
            assert ':%s?' % port in url, '%s: %s' % (node, url)
        self.show_step(9)
        deployment, _ = deploy_sampled(self, controllers)
        checks.check_nothing_changed(deployment, controllers, backend.plugin_settings())


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
               polled, no resource was polled by two agents in one cycle (no agent ran
               there before its [coordination] was written)
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
        grow_started = backend.clock()
        _, grow = deploy_sampled(self, first)
        controllers, _ = common.layout(backend)
        assert len(controllers) == 5, controllers
        self.show_step(3)
        checks.check_zoo_cfg_lists(backend, controllers)
        checks.check_firewall_chain(backend, controllers)
        checks.wait_ensemble(backend, controllers, 120)
        self.show_step(4)
        log('central agent admitted by: %s' % ', '.join(checks.check_clone_placement(backend, controllers)))
        checks.wait_partition(backend, controllers, backend.clock(), 6 * interval + 30)
        checks.check_group_members(backend, controllers)
        records = backend.polling_records(grow_started)
        added = [n for n in controllers if n not in first]
        # From the moment every new agent has polled once: a new agent's first poll takes
        # its share over from agents that polled it moments before (a handover, not a
        # double poll); an uncoordinated agent would poll everything again a cycle later.
        first_poll = max(min(at for at, agent, _ in records if agent == node) for node in added)
        doubles = checks.double_polls([r for r in records if r[0] >= first_poll], interval)
        log('after the first polls of %s: %d double polls' % (', '.join(added), len(doubles)))
        assert not doubles, 'polled by two agents in one cycle after a new controller first polled: %s' % (
            doubles[:10],)

        self.show_step(5)
        backend.remove_nodes(common.REMOVED_CONTROLLER)
        _, shrink = deploy_sampled(self, first)
        left, _ = common.layout(backend)
        removed = sorted(set(controllers) - set(left))
        assert len(left) == 4 and len(removed) == 1, (left, removed)
        self.show_step(6)
        checks.check_zoo_cfg_lists(backend, left)
        checks.check_firewall_chain(backend, left)
        checks.wait_ensemble(backend, left, 120)
        members = backend.run(left[0], 'crm_node --list').stdout
        assert removed[0] not in members.split(), 'Pacemaker still lists %s: %s' % (removed[0], members)
        self.show_step(7)
        log('central agent admitted by: %s' % ', '.join(checks.check_clone_placement(backend, left)))
        checks.wait_partition(backend, left, backend.clock(), 6 * interval + 30)
        checks.check_group_members(backend, left)
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
            log('%s: leaderless %s' % (what, outages(sampler)))
        assert_one_short_election(self.samplers)

