"""Scenarios 5, 6 and more taken over from the lab tests: a killed agent, a killed alarm
evaluator, a lost controller (the ZooKeeper leader's) that comes back, the leader's controller cut off the
network silently and healed, and a whole-ensemble outage that the plugin's repair job heals. Each starts
from the snapshot of scenario 2. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import time

from model import processes as model_processes
from model import project
from proboscis import SkipTest, test

from system.base import SystemTest, log, log_snapshot_after_test
from system.checks import alarms, coordination, ensemble, polling, processes, waiting
from system.scenarios import common

# Seconds Pacemaker may take to notice a dead agent (the clone's monitor interval).
MONITOR_INTERVAL = 20
# Seconds every ZooKeeper server stays down in the outage scenario: longer than the
# agents' clients back off, so that their sessions expire.
OUTAGE = 120


def leader_and_sessions(test_, controllers):
    """For the scenarios that take the ZooKeeper leader's controller, once the agents
    share the resources: (the leader's controller, the others, {other: its agent's
    coordination sessions})."""
    backend = test_.backend
    polling.wait_partitioned(backend, controllers)
    victim = ensemble.check_ensemble(backend, controllers).leaders[0]
    survivors = [n for n in controllers if n != victim]
    return victim, survivors, dict((n, coordination.agent_sessions(backend, n)) for n in survivors)


def freeze_then_kill(test_, observed, controllers, pattern, what, item, none_twice_after=False):
    """Steps 2-7 of the agent and the evaluator failure, the same rules for both: `observed`
    gives what the services did (the backend for the central agents' polls, or
    alarms.Evaluations), `pattern` finds the service's process (model/processes.py), `what`
    and `item` name the service and what it handles in the messages.

    Killed outright, the service is back through Pacemaker's monitor (every 20 s) often
    before its session expires, and its old share goes to the restarted instance as much
    as to the others. Frozen first, it stays a member until its session expires and nobody
    restarts it: what the others do alone is what step 4 measures. The busiest instance is
    the one frozen: the most for the others to take over. With none_twice_after, the 2
    cycles after the restarted instance shares again handle nothing twice (not for the
    central agent: its bridge polls everything once after a start)."""
    backend = test_.backend
    interval = observed.polling_interval()
    test_.show_step(2)
    before = polling.wait_partitioned(observed, controllers)
    latest = polling.current_cycle(observed, before - 2 * interval)
    assert latest is not None and latest.shares, 'no %s handled anything before the freeze: %r' % (what, latest)
    victim = polling.busiest(latest)
    others = [n for n in controllers if n != victim]
    share = latest.shares[victim]
    old_pids = processes.pids(backend, victim, pattern)

    test_.show_step(3, victim)
    result = backend.run(victim, "pkill -STOP -f '%s'" % pattern)
    assert result.exit_code == 0, 'no %s frozen on %s: %s' % (what, victim, result)
    frozen = backend.clock()
    try:
        test_.show_step(4)
        bound = common.session_timeout(backend) + 2 * interval + 10
        cycle, seconds = polling.wait_partition(observed, others, frozen, bound + 10, covering=share)
        by = dict((a, len(s & share)) for a, s in cycle.shares.items() if s & share)
        log('the frozen %s\'s %d %ss handled by %s %.1f s after the freeze' % (what, len(share), item, by, seconds))
        assert seconds <= bound, 'taken over after %.1f s, the bound is %.0f s' % (seconds, bound)
        test_.show_step(5)
        polling.check_no_resource_twice(observed, cycle.moment, cycles=2)
    except Exception:
        backend.run(victim, "pkill -KILL -f '%s'" % pattern)  # Pacemaker restarts it
        raise

    test_.show_step(6, victim)
    result = backend.run(victim, "pkill -KILL -f '%s'" % pattern)
    assert result.exit_code == 0, 'no %s killed on %s: %s' % (what, victim, result)
    killed = backend.clock()
    test_.show_step(7)
    timeout = MONITOR_INTERVAL + 60 + common.session_timeout(backend) + 4 * interval
    back, _ = waiting.wait_until(lambda: processes.pids(backend, victim, pattern), lambda p: p and p != old_pids,
                                 timeout)
    assert back and back != old_pids, 'Pacemaker did not start the %s on %s again' % (what, victim)
    cycle, seconds = polling.wait_partition(observed, controllers, killed, timeout)
    gap = polling.longest_gap(observed, killed, cycle.moment)
    log('every %s shares again %.1f s after the kill: %r; longest gap of any %s %.1f s (%.1f intervals)'
        % (what, seconds, cycle, item, gap, gap / interval))
    assert gap <= common.RESTART_GAP * interval, \
        'a %s went unhandled %.1f s after the kill, more than %s intervals' % (item, gap, common.RESTART_GAP)
    if none_twice_after:
        polling.check_no_resource_twice(observed, cycle.moment, cycles=2)


@test(groups=[common.GROUP, 'plugins', 'system', common.DESTRUCTIVE])
class CeilometerZookeeperFailover(SystemTest):
    """Failures of agents, controllers, the network and the whole ensemble."""

    @test(depends_on_groups=[common.DEPLOY_HA],
          groups=[common.AGENT_FAILURE, common.GROUP, common.DESTRUCTIVE],
          runs_after_groups=common.after(common.AGENT_FAILURE))
    @log_snapshot_after_test
    def ceilometer_zookeeper_agent_failure(self):
        """Freeze, then kill one controller's central agent: the others take its share over

        Scenario:
            1. Revert snapshot ceilometer_zookeeper_ha
            2. Wait until the agents share the resources
            3. Freeze the central agent with the largest share (SIGSTOP): it stops
               polling and its ZooKeeper session stops, while Pacemaker still sees it run
            4. Check that the resources it polled are polled by the other agents, in a
               cycle that is a partition among them, within the session timeout plus
               2 polling intervals plus 10 s
            5. Check that the next 2 cycles poll no resource twice
            6. Kill the frozen agent (SIGKILL)
            7. Check that Pacemaker starts the agent again and that it gets a share
               back, the resources partitioned among every controller's agent, within
               Pacemaker's monitor interval plus a minute plus the session timeout plus
               4 polling intervals, and that no resource went unpolled for more than
               3 polling intervals meanwhile

        Duration 40m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.SNAPSHOT_HA)
        controllers, _ = common.layout(backend)
        freeze_then_kill(self, backend, controllers, model_processes.AGENT, 'agent', 'resource')

    @test(depends_on_groups=[common.DEPLOY_HA],
          groups=[common.EVALUATOR_FAILURE, common.GROUP, common.DESTRUCTIVE],
          runs_after_groups=common.after(common.EVALUATOR_FAILURE))
    @log_snapshot_after_test
    def ceilometer_zookeeper_evaluator_failure(self):
        """Freeze, then kill the busiest alarm evaluator: the others take its alarms over

        Scenario:
            1. Revert snapshot ceilometer_zookeeper_ha
            2. Wait until the evaluators share the alarms, each alarm evaluated once per
               cycle by exactly one evaluator
            3. Freeze the evaluator with the most alarms (SIGSTOP): it evaluates nothing
               and its ZooKeeper session stops, while Pacemaker still sees it run
            4. Check that its alarms are evaluated by the other evaluators, in a cycle that
               is a partition among them, within the session timeout plus 2 evaluation
               intervals plus 10 s
            5. Check that the next 2 cycles evaluate no alarm twice
            6. Kill the frozen evaluator (SIGKILL)
            7. Check that Pacemaker starts the evaluator again and that it rejoins: the
               alarms partitioned among every controller's evaluator, within Pacemaker's
               monitor interval plus a minute plus the session timeout plus 4 evaluation
               intervals, no alarm unevaluated for more than 3 intervals meanwhile, and no
               alarm evaluated twice in the 2 cycles after

        Duration 40m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.SNAPSHOT_HA)
        if not alarms.evaluators_run(backend):
            raise SkipTest('no alarm evaluator runs in this environment (aodh runs where '
                           'Ceilometer is enabled)')
        controllers, _ = common.layout(backend)
        freeze_then_kill(self, alarms.Evaluations(backend), controllers, model_processes.EVALUATOR,
                         'evaluator', 'alarm', none_twice_after=True)

    @test(depends_on_groups=[common.DEPLOY_HA],
          groups=[common.NETWORK_CUT, common.GROUP, common.DESTRUCTIVE],
          runs_after_groups=common.after(common.NETWORK_CUT))
    @log_snapshot_after_test
    def ceilometer_zookeeper_network_cut(self):
        """Cut the controller of the ZooKeeper leader off the network, then heal it

        Scenario:
            1. Revert snapshot ceilometer_zookeeper_ha
            2. Wait until the agents share the resources; find the controller whose
               ZooKeeper is the leader; note every agent's coordination session
            3. Cut it off the management network, silently (its peers get no reset)
            4. Check that the other controllers elect a leader among them, keep a
               quorum, see its ZooKeeper down, and poll every resource between them
               within the repair job's bound (60 s of grace, a minute of cron, 2
               minutes more); note which surviving agents kept their session
            5. Heal its network
            6. Check that it rejoins: every controller's agent shares the resources
               again and the ensemble has one leader, the rest followers

        Duration 40m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.SNAPSHOT_HA)
        controllers, _ = common.layout(backend)
        interval = backend.polling_interval()
        self.show_step(2)
        victim, survivors, sessions = leader_and_sessions(self, controllers)

        self.show_step(3, victim)
        backend.cut_node(victim)
        cut = backend.clock()
        self.show_step(4)
        # A follower notices a silent leader only after syncLimit x tickTime, then the
        # survivors elect; the cut agent's member goes when its session expires. The bound
        # also holds where a survivor's session expired (then the repair job restarts it;
        # the next test says whether one did).
        bound = 60 + backend.repair_period + 120

        def covered(state):
            ensemble, cycle = state
            return (ensemble is not None and len(ensemble.leaders) == 1 and ensemble.leaders[0] in survivors
                    and ensemble.quorate() and ensemble.modes.get(victim) is None
                    and cycle is not None and cycle.partition(survivors))

        # The victim's agent may still poll (it polls the API, not ZooKeeper) until its
        # session expires: look at cycles from 15 s after the cut.
        state, seconds = waiting.wait_until(
            lambda: (ensemble.observe(backend, survivors), polling.current_cycle(backend, cut + 15)), covered, bound)
        assert covered(state), 'survivors %s within %.0f s of the cut: %r, %r' % (survivors, bound, state[0], state[1])
        self.sessions_kept = coordination.sessions_kept(backend, sessions)
        log('survivors: leader %s, every resource covered %.1f s after the cut; session kept: %s' % (
            state[0].leaders[0], state[1].moment - cut, self.sessions_kept))

        self.show_step(5)
        backend.heal_node(victim)
        healed = backend.clock()
        self.show_step(6)
        cycle, seconds = polling.wait_partition(backend, controllers, healed, 10 * interval + 60 + bound)
        ensemble.wait_ensemble(backend, controllers, 120)
        log('the healed controller is back in the partition %.1f s after the heal' % seconds)

    @test(depends_on=[ceilometer_zookeeper_network_cut], groups=[common.NETWORK_CUT, common.GROUP])
    @log_snapshot_after_test
    def ceilometer_zookeeper_network_cut_keeps_sessions(self):
        """No surviving agent loses its coordination session to the leader's cut

        Scenario:
            1. Check that every surviving agent's session from before the cut was
               still in its group once the survivors covered every resource

        Duration 1m
        """
        self.show_step(1)
        lost = sorted(n for n, kept in self.sessions_kept.items() if not kept)
        assert not lost, 'sessions lost to the cut of the leader: %s' % lost

    @test(depends_on_groups=[common.DEPLOY_HA],
          groups=[common.CONTROLLER_LOSS, common.GROUP, common.DESTRUCTIVE],
          runs_after_groups=common.after(common.CONTROLLER_LOSS))
    @log_snapshot_after_test
    def ceilometer_zookeeper_controller_loss(self):
        """Lose the controller of the ZooKeeper leader, then bring it back

        Scenario:
            1. Revert snapshot ceilometer_zookeeper_ha
            2. Wait until the agents share the resources; find the controller whose
               ZooKeeper is the leader
            3. Power it off at once
            4. Check that the survivors elect a leader among them, keep a quorum and
               poll every resource between them, within the session timeout plus
               4 polling intervals plus 20 s, and that every surviving agent kept its
               coordination session
            5. Power it on again
            6. Check that its ZooKeeper rejoins as a follower of the survivors' leader
               and that its agent gets a share back

        Duration 60m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.SNAPSHOT_HA)
        controllers, _ = common.layout(backend)
        interval = backend.polling_interval()
        self.show_step(2)
        victim, survivors, sessions = leader_and_sessions(self, controllers)

        self.show_step(3, victim)
        backend.crash_node(victim)
        crashed = backend.clock()
        self.show_step(4)
        bound = common.session_timeout(backend) + 4 * interval + 20

        def survived(state):
            ensemble, cycle = state
            return (ensemble is not None and len(ensemble.leaders) == 1 and ensemble.leaders[0] in survivors
                    and ensemble.quorate() and cycle is not None and cycle.partition(survivors))

        state, _ = waiting.wait_until(
            lambda: (ensemble.observe(backend, survivors), polling.current_cycle(backend, crashed + 1)),
            survived, bound + 10)
        assert survived(state), 'survivors %s within %.0f s: %r, %r' % (survivors, bound, state[0], state[1])
        seconds = state[1].moment - crashed
        log('survivors: leader %s, every resource covered %.1f s after the crash' % (state[0].leaders[0], seconds))
        assert seconds <= bound, 'covered after %.1f s, the bound is %.0f s' % (seconds, bound)
        lost = sorted(n for n, kept in coordination.sessions_kept(backend, sessions).items() if not kept)
        assert not lost, 'surviving agents that lost their session to the crash: %s' % lost
        leader = state[0].leaders[0]

        self.show_step(5)
        backend.start_node(victim)
        started = backend.clock()
        self.show_step(6)
        found, seconds = ensemble.wait_ensemble(backend, controllers, 300)
        assert found.leaders == [leader] and victim in found.followers, \
            'after the return: %r (the leader was %s)' % (found, leader)
        cycle, seconds = polling.wait_partition(backend, controllers, started, 300)
        log('%s back: a follower, and its agent has %d resources, %.1f s after it was started' % (
            victim, len(cycle.shares[victim]), seconds))

    @test(depends_on_groups=[common.DEPLOY_HA],
          groups=[common.ENSEMBLE_OUTAGE, common.GROUP, common.DESTRUCTIVE],
          runs_after_groups=common.after(common.ENSEMBLE_OUTAGE))
    @log_snapshot_after_test
    def ceilometer_zookeeper_ensemble_outage(self):
        """Stop every ZooKeeper server for 2 minutes: every agent comes back by itself

        Scenario:
            1. Revert snapshot ceilometer_zookeeper_ha
            2. Wait until the agents share the resources; note every agent's
               coordination session and process
            3. Kill every ZooKeeper server, wait 120 s, start them again
            4. Check that the outage outlasted the agents' sessions: with the ensemble
               healthy again, some agent's session from before it is gone (a client
               that reconnects in time keeps its session: not every one expires), and
               that the status command exits non-zero on a controller whose agent is
               outside its group
            5. Check that, with nobody touching them, every agent is back in its group
               and the resources are shared, within 60 s of the repair job's grace plus
               a minute of cron plus 2 minutes
            6. Check that the repair job restarted every agent that did not rejoin its
               group by itself

        Duration 40m
        """
        backend = self.backend
        self.show_step(1)
        self.revert(common.SNAPSHOT_HA)
        controllers, _ = common.layout(backend)
        self.show_step(2)
        polling.wait_partitioned(self.backend, controllers)
        sessions = dict((n, coordination.agent_sessions(backend, n)) for n in controllers)
        before = processes.service_pids(backend, controllers)
        repair_log = dict((n, backend.run(n, 'cat %s 2>/dev/null' % project.REPAIR_LOG).stdout) for n in controllers)

        self.show_step(3)
        for node in controllers:
            backend.run(node, "pkill -9 -f '%s'" % model_processes.ZOOKEEPER)
        time.sleep(OUTAGE)
        for node in controllers:
            result = backend.run(node, 'service zookeeper start', timeout=120)
            assert result.exit_code == 0, '%s: zookeeper did not start: %s' % (node, result)
        back = backend.clock()

        self.show_step(4)
        outsiders = set()
        # The status command's exit status each time it saw its own agent outside its group.
        outsider_exits = {}

        def note_outsiders(local):
            for node, report in local.items():
                if report and report['missing_from'] and report['agent_running']:
                    outsiders.add(node)
                    outsider_exits.setdefault(node, set()).add(report['exit_code'])

        def lost(found):
            """Agents none of whose sessions from before the outage is in a group."""
            ensemble, groups, local = found
            note_outsiders(local)
            if ensemble is None or not ensemble.healthy(controllers) or groups is None:
                return []
            return sorted(n for n, old in sessions.items() if old and not (old & groups))

        found, seconds = waiting.wait_until(lambda: coordination.coordination_view(backend, controllers), lost, 120, 2)
        expired = lost(found)
        assert expired, 'no session expired: the outage was too short to test the repair: %r' % (found,)
        log('%.0f s after the return, sessions gone: %s; agents outside their group so far: %s' % (
            seconds, expired, sorted(outsiders)))

        self.show_step(5)
        bound = 60 + backend.repair_period + 120

        def healed(found):
            ensemble, groups, local = found
            note_outsiders(local)
            return ensemble is not None and ensemble.healthy(controllers) and all(
                report and not report['missing_from'] and report['agent_running'] for report in local.values())

        found, _ = waiting.wait_until(lambda: coordination.coordination_view(backend, controllers), healed, bound, 2)
        assert healed(found), 'agents not back in their group within %d s: %r' % (bound, found)
        # The operator sees it: the status command failed while its agent was outside its
        # group, and succeeds now that every agent is back.
        zero = dict((n, codes) for n, codes in outsider_exits.items() if 0 in codes)
        assert not zero, 'the status command exited 0 with its agent outside its group: %r' % zero
        assert all(report['exit_code'] == 0 for report in found[2].values()), found[2]
        cycle, seconds = polling.wait_partition(backend, controllers, back, bound)
        log('every agent back in its group, resources shared %.0f s after the return' % seconds)

        self.show_step(6)
        after = processes.service_pids(backend, controllers)
        for node in controllers:
            repaired = backend.run(node, 'cat %s 2>/dev/null' % project.REPAIR_LOG).stdout[len(repair_log[node]):]
            restarted = 'asked Pacemaker to restart' in repaired
            if node in outsiders and not backend.agents_rejoin_by_themselves:
                assert restarted and after[node]['agent'] != before[node]['agent'], \
                    '%s: outside its group, not restarted by the repair job: %s' % (node, repaired)
            log('%s: %s' % (node, 'restarted by the repair job' if restarted else 'not restarted'))
        if not backend.agents_rejoin_by_themselves:
            assert outsiders, 'no agent was seen outside its group: the outage was too short to test the repair'
