"""Reads what the plugin's Puppet tasks did from a Fuel node's /var/log/puppet.log (the
lines a deployment added). Each plugin manifest starts with
notice('MODULAR: ceilometer-zookeeper/<task>.pp'); the lines up to the next MODULAR notice
belong to that task, and a notice about a resource (/Stage[main]/...) is a change.

Puppet 3.8's file log destination writes "<time> <source> (<level>): <message>", e.g.
  2016-06-01 10:00:00 +0000 Scope(Class[main]) (notice): MODULAR: ceilometer-zookeeper/server.pp
  2016-06-01 10:00:05 +0000 /Stage[main]/Ceilometer_zookeeper::Server::Config/File[/etc/zookeeper/conf/zoo.cfg]/content
      (notice): content changed '{md5}a' to '{md5}b'   (one line in the log)
Python 2.7 and 3."""

from __future__ import absolute_import

import re

LINE = re.compile(r'^(?P<time>\S+ \S+ [+-]\d{4}) (?P<source>.*?) \((?P<level>[a-z]+)\): (?P<message>.*)$')
MODULAR = re.compile(r'^MODULAR: (?P<manifest>\S+)$')
PLUGIN_MANIFEST = re.compile(r'^ceilometer-zookeeper/(?P<task>[a-z_-]+)\.pp$')


def plugin_tasks(text):
    """{task id: 'ok' | 'changed' | 'failed'} of the plugin's Puppet tasks in a log
    excerpt, and {task id: [change lines]}."""
    statuses, changes = {}, {}
    current = None
    for line in text.splitlines():
        match = LINE.match(line.strip())
        if not match:
            continue
        modular = MODULAR.match(match.group('message'))
        if modular:
            task = PLUGIN_MANIFEST.match(modular.group('manifest'))
            current = 'ceilometer-zookeeper-' + task.group('task') if task else None
            if current:
                statuses[current] = 'ok'
                changes[current] = []
            continue
        if current is None:
            continue
        level, source = match.group('level'), match.group('source')
        if level in ('err', 'crit', 'alert', 'emerg'):
            statuses[current] = 'failed'
        elif level == 'notice' and source.startswith('/Stage['):
            changes[current].append('%s: %s' % (source, match.group('message')))
            if statuses[current] != 'failed':
                statuses[current] = 'changed'
    return statuses, changes
