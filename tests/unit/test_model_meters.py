"""What the lab's agents owe each cycle, meter by meter (tests/model/meters.py)."""

from __future__ import annotations

from model import meters, stacks


def test_ceilometer_27_owes_the_lab_meter_of_each_lab_resource() -> None:
    assert meters.meters(stacks.CURRENT) == [meters.LAB_METER]
    assert meters.expected(stacks.CURRENT, 3) == {"lab.resource.size lab-0000", "lab.resource.size lab-0001",
                                                  "lab.resource.size lab-0002"}


def test_the_mitaka_stack_owes_each_cloud_meter_of_each_resource_its_discovery_lists() -> None:
    owed = meters.by_meter(meters.expected(stacks.MITAKA, 5))
    assert sorted(owed) == sorted(meters.meters(stacks.MITAKA))
    assert len(owed[meters.LAB_METER]) == 5
    assert owed["image.size"] == {meters.key("image.size", i) for i in meters.image_ids()}
    assert owed["ip.floating"] == {meters.key("ip.floating", f) for f in meters.floating_ip_ids()}
    # Swift's three account meters: one resource per project each, three polls.
    for meter in ("storage.objects", "storage.objects.size", "storage.objects.containers"):
        assert owed[meter] == {meters.key(meter, p) for p in meters.project_ids()}
    assert len(meters.expected(stacks.MITAKA, 5)) == 5 + meters.IMAGES + meters.FLOATING_IPS + 3 * meters.PROJECTS


def test_a_key_names_its_meter_even_where_the_resource_has_spaces_or_slashes() -> None:
    one = meters.key("storage.containers.objects", "lab-project-00/a b")
    assert meters.meter_of(one) == "storage.containers.objects"
