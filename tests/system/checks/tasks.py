"""What the plugin's tasks did in a deployment (backend.Deployment). Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

from model import project


def check_plugin_tasks_ran(deployment, controllers, others):
    """Every working task of the plugin ran on every controller, none elsewhere."""
    wanted = project.working_tasks()
    for node in controllers:
        ran = deployment.plugin_tasks(node)
        missing = [t for t in wanted if ran.get(t) not in ('ok', 'changed')]
        assert not missing, '%s: plugin tasks that did not run: %s (%s)' % (node, missing, ran)
    for node in others:
        ran = dict((t, s) for t, s in deployment.plugin_tasks(node).items() if s != 'skipped')
        assert not ran, '%s: plugin tasks ran there: %s' % (node, ran)


def check_nothing_changed(deployment, controllers):
    """Every working task of the plugin ran and Puppet changed nothing."""
    changed = []
    for node in controllers:
        ran = deployment.plugin_tasks(node)
        for task in project.working_tasks():
            if ran.get(task) != 'ok':
                changed.append('%s@%s: %s' % (task, node, ran.get(task, 'did not run')))
    assert not changed, 'a redeploy with no change: %s' % changed


def changed_on(deployment, task):
    """The nodes where task reported a change."""
    return sorted(n for n in deployment.tasks if deployment.tasks[n].get(task) == 'changed')
