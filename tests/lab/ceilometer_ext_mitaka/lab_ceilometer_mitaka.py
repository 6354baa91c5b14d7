"""What the local lab plugs into the real Ceilometer 8.1.5 polling agent (Python 2.7).

Ceilometer 8.1.5 has no dynamic pollsters, so the lab's meter is a plain pollster here:

- ResourceSizePollster (``ceilometer.poll.central``, name ``lab.resource.size``): for each
  static resource of its polling.yaml source (a name such as ``lab-0000``) it GETs
  http://$LAB_RESOURCE_API/resources/<quoted name> from the lab's resource API and yields one
  gauge sample (unit B): resource_id = the name, volume = ``size``, user and project from
  the answer. A failed request is logged and that resource skipped. It has no discovery of
  its own: the agent hands it this agent's share of the static resources (partitioned in
  the tooz group ``central-<hash of the resource set>``).

The samples' record is the lab's shared notifier driver (tests/lab/ceilometer_ext/lab_samples.py,
which tools/setup-ceilometer adds to this package).
"""

import os

import requests
from ceilometer import sample
from ceilometer.agent import plugin_base
from oslo_log import log
from six.moves.urllib import parse as urlparse

LOG = log.getLogger(__name__)

METER = "lab.resource.size"
TIMEOUT = 5  # seconds, as the Python 3 lab's dynamic pollster


def resource_url(api, name):
    # type: (str, str) -> str
    """http://<api>/resources/<name quoted as one path segment>."""
    if isinstance(name, type(u"")):
        name = name.encode("utf-8")
    return "http://%s/resources/%s" % (api, urlparse.quote(name, safe=""))


class ResourceSizePollster(plugin_base.PollsterBase):
    """Polls the size of each static resource from the lab's resource API."""

    @property
    def default_discovery(self):
        # Resources come only from polling.yaml (the source's static `resources`).
        return None

    def get_samples(self, manager, cache, resources):
        api = os.environ.get("LAB_RESOURCE_API")
        if not api:
            LOG.error("LAB_RESOURCE_API is not set: not polling %s", METER)
            return
        session = cache.get("lab_resource_api_session")
        if session is None:  # one connection pool per polling cycle
            session = cache["lab_resource_api_session"] = requests.Session()
        for name in resources:
            try:
                answer = session.get(resource_url(api, name), timeout=TIMEOUT)
                answer.raise_for_status()
                entries = answer.json()
                entry = entries[0] if isinstance(entries, list) else entries
                volume = entry["size"]
            except Exception as err:  # any failure skips this resource only
                LOG.error("Skipping resource %s: %s", name, err)
                continue
            yield sample.Sample(
                name=METER,
                type=sample.TYPE_GAUGE,
                unit="B",
                volume=volume,
                user_id=entry.get("user_id"),
                project_id=entry.get("project_id"),
                resource_id=name,
                resource_metadata={},
            )
