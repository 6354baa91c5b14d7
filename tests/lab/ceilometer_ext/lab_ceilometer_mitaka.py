"""What the local lab plugs into the real Ceilometer 8.1.5 polling agent (Python 2.7).

The lab's meter, for scale beside the Fuel 9 central meters that Ceilometer's own pollsters
poll from the lab's stand-in cloud; a discovery and a pollster, as a third-party meter is
added to Mitaka's agent:

- LabResourcesDiscovery (``ceilometer.discover.central``, name ``lab_resources``): GETs
  http://$LAB_RESOURCE_API/resources, the list of the lab's resource names. Its group is
  DiscoveryBase's ``global``: the agent partitions what it lists among the members of
  ``central-global``, beside (and apart from) the images, floating IPs and projects.
- ResourceSizePollster (``ceilometer.poll.central``, name ``lab.resource.size``): for each
  resource of this agent's share (a name such as ``lab-0000``) it GETs
  http://$LAB_RESOURCE_API/resources/<quoted name> and yields one gauge sample (unit B):
  resource_id = the name, volume = ``size``, user and project from the answer. A failed
  request is logged and that resource skipped.

The samples' record is the lab's notifier driver (lab_samples.py, beside this module).
"""

import os

import requests
from ceilometer import sample
from ceilometer.agent import plugin_base
from oslo_log import log
from six.moves.urllib import parse as urlparse

LOG = log.getLogger(__name__)

METER = "lab.resource.size"
TIMEOUT = 5  # seconds per request


def resource_url(api, name):
    # type: (str, str) -> str
    """http://<api>/resources/<name quoted as one path segment>."""
    if isinstance(name, type(u"")):
        name = name.encode("utf-8")
    return "http://%s/resources/%s" % (api, urlparse.quote(name, safe=""))


def api_address():
    # type: () -> str
    """The resource API's ADDRESS:PORT (the agent's environment: /etc/default)."""
    api = os.environ.get("LAB_RESOURCE_API")
    if not api:
        raise RuntimeError("LAB_RESOURCE_API is not set: the lab's resources are unknown")
    return api


class LabResourcesDiscovery(plugin_base.DiscoveryBase):
    """Lists the lab's resources from its resource API, once per polling cycle."""

    def discover(self, manager, param=None):
        answer = requests.get("http://%s/resources" % api_address(), timeout=TIMEOUT)
        answer.raise_for_status()
        return [str(name) for name in answer.json()]


class ResourceSizePollster(plugin_base.PollsterBase):
    """Polls the size of each of its share of the lab's resources from the resource API."""

    @property
    def default_discovery(self):
        return "lab_resources"

    def get_samples(self, manager, cache, resources):
        api = api_address()
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
