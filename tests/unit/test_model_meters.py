"""What the lab's agents owe each cycle, meter by meter (tests/model/meters.py)."""

from __future__ import annotations

from model import meters


def test_the_agents_owe_each_meter_of_each_resource_its_discovery_lists() -> None:
    owed = meters.by_meter(meters.expected(5))
    assert sorted(owed) == sorted(meters.meters())
    assert meters.meters()[0] == meters.LAB_METER
    assert owed[meters.LAB_METER] == {meters.key(meters.LAB_METER, f"lab-{i:04d}") for i in range(5)}
    assert owed["image.size"] == {meters.key("image.size", i) for i in meters.image_ids()}
    assert owed["ip.floating"] == {meters.key("ip.floating", f) for f in meters.floating_ip_ids()}
    # Swift's three account meters: one resource per project each, three polls.
    for meter in ("storage.objects", "storage.objects.size", "storage.objects.containers"):
        assert owed[meter] == {meters.key(meter, p) for p in meters.project_ids()}
    assert len(meters.expected(5)) == 5 + meters.IMAGES + meters.FLOATING_IPS + 3 * meters.PROJECTS


def test_a_key_names_its_meter_even_where_the_resource_has_spaces_or_slashes() -> None:
    one = meters.key("storage.containers.objects", "lab-project-00/a b")
    assert meters.meter_of(one) == "storage.containers.objects"
