"""What the lab's central agents must poll, meter by meter: the lab's stand-in cloud (the
Glance images, Neutron floating IPs and Keystone projects a Fuel 9 cloud answers, which
Ceilometer's own central pollsters poll) and the lab's own resources
(its pollster for scale). A poll is keyed by meter and resource ("image.size lab-image-03"):
two meters of one resource are two polls, each owed once per cycle. Pure and valid Python
2.7: the lab (Python 3), its stand-in API and the system tests' runner share it."""

from __future__ import absolute_import, division, print_function

# The lab's own meter: one sample per lab resource (lab-0000, ...), from the stand-in
# resource API (tests/lab/ceilometer_ext).
LAB_METER = 'lab.resource.size'

# How many of each the stand-in cloud holds: a small Fuel 9 cloud beside the lab's own
# resources, which the benchmark scales.
IMAGES = 10
FLOATING_IPS = 10
PROJECTS = 10

# The Fuel 9 central meters the stand-in cloud answers, by the discovery that lists their
# resources (Ceilometer 8.1.5's setup.cfg, ceilometer.poll.central): image.size per Glance
# image (discovery `images`), ip.floating per floating IP (`fip_services`), and Swift's
# per-project account meters (`tenant`: Keystone's projects; one HEAD of the account serves
# the three).
CLOUD_METERS = {
    'image.size': 'images',
    'ip.floating': 'fip_services',
    'storage.objects': 'tenant',
    'storage.objects.size': 'tenant',
    'storage.objects.containers': 'tenant',
}
# The lab's own discovery of its resources (ceilometer.discover.central).
LAB_DISCOVERY = 'lab_resources'


def key(meter, resource):
    """One poll's key: the meter and the resource polled."""
    return '%s %s' % (meter, resource)


def meter_of(poll_key):
    return poll_key.split(' ', 1)[0]


def lab_resource_ids(count):
    """The lab's own resources: lab-0000, lab-0001, ..."""
    return ['lab-%04d' % i for i in range(count)]


def image_ids():
    return ['lab-image-%02d' % i for i in range(IMAGES)]


def floating_ip_ids():
    return ['lab-fip-%02d' % i for i in range(FLOATING_IPS)]


def project_ids():
    return ['lab-project-%02d' % i for i in range(PROJECTS)]


def cloud_resources():
    """{discovery: the resource ids it lists} of the stand-in cloud."""
    return {'images': image_ids(), 'fip_services': floating_ip_ids(), 'tenant': project_ids()}


def meters():
    """The meters the lab's agents poll: the lab's own and the stand-in cloud's."""
    return [LAB_METER] + sorted(CLOUD_METERS)


def expected(resources):
    """Every (meter, resource) key the agents must poll once per cycle, with `resources`
    lab resources."""
    keys = set(key(LAB_METER, r) for r in lab_resource_ids(resources))
    listed = cloud_resources()
    for meter, discovery in CLOUD_METERS.items():
        keys.update(key(meter, r) for r in listed[discovery])
    return keys


def by_meter(keys):
    """{meter: its keys}."""
    out = {}
    for one in keys:
        out.setdefault(meter_of(one), set()).add(one)
    return out
