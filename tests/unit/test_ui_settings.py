"""The Fuel UI's validation of every text setting: defaults pass, bad values fail, and
each regex accepts exactly the range its error message announces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

# Setting -> the whole numbers the UI must accept (what its error message says).
RANGES = {
    "zookeeper_client_port": (1024, 65535),
    "zookeeper_tick_time": (100, 60000),
    "zookeeper_init_limit": (1, 100),
    "zookeeper_sync_limit": (1, 100),
    "zookeeper_heap_mb": (64, 99999),
    "zookeeper_snap_retain_count": (3, 999),
    "zookeeper_purge_interval": (1, 999),
    "coordination_timeout": (2, 120),
}
BAD = ["", " ", "-1", "0", "abc", "12a", "1.5", "+5", "0x10", " 2181", "2181 ", "02181", "99999999"]


@pytest.fixture(scope="module")
def attributes(root: Path) -> dict:
    return yaml.safe_load((root / "environment_config.yaml").read_text())["attributes"]


def regex(attributes: dict, key: str) -> re.Pattern:
    return re.compile(attributes[key]["regex"]["source"])


def test_every_text_setting_is_validated_and_described(attributes: dict) -> None:
    text = {k for k, v in attributes.items() if k != "metadata" and v["type"] == "text"}
    assert text == set(RANGES)
    for key, attr in attributes.items():
        if key == "metadata":
            continue
        assert attr.get("description"), f"{key} has no description"
        for field in ("label", "weight", "value", "type"):
            assert field in attr, f"{key} lacks {field}"
        if attr["type"] == "text":
            assert attr["regex"]["error"], f"{key}'s regex has no error message"


@pytest.mark.parametrize("key", sorted(RANGES))
def test_default_is_accepted(attributes: dict, key: str) -> None:
    assert regex(attributes, key).search(attributes[key]["value"])


@pytest.mark.parametrize("key", sorted(RANGES))
@pytest.mark.parametrize("value", BAD)
def test_bad_value_is_rejected(attributes: dict, key: str, value: str) -> None:
    assert not regex(attributes, key).search(value), f"{key} accepts {value!r}"


@pytest.mark.parametrize("key", sorted(RANGES))
def test_regex_accepts_exactly_its_range(attributes: dict, key: str) -> None:
    low, high = RANGES[key]
    pattern = regex(attributes, key)
    wrong = [n for n in range(-5, 70001) if bool(pattern.search(str(n))) != (low <= n <= high)]
    assert not wrong, f"{key}: wrong answers for {wrong[:10]}"
    assert str(low) in attributes[key]["regex"]["error"]
    assert str(high) in attributes[key]["regex"]["error"]


def test_coordination_checkboxes_default_as_documented(attributes: dict) -> None:
    assert attributes["coordinate_central_agent"]["value"] is True
    assert attributes["coordinate_alarm_evaluator"]["value"] is True
    assert attributes["notification_partitioning"]["value"] is False
    assert "transformer" in attributes["notification_partitioning"]["description"]
