"""What the lab refuses to be asked for, and what it gives a node for the plugin's packages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lab.environment import Environment
from lab.errors import LabError
from lab.master import Plugin
from lab.options import Options
from lab.state import LabState


def test_a_node_gets_the_plugins_repository_pinned_as_on_fuel_9() -> None:
    repo = Path("/lab/master/var/www/nailgun/plugins/ceilometer-zookeeper-1.0/repositories/ubuntu")
    plugin = Plugin(name="ceilometer-zookeeper", version="1.0.0", root=repo.parent.parent, scripts=Path("/s"),
                    tasks=[], repository=repo)
    setup = plugin.repository_setup()
    assert f"deb [trusted=yes] file://{repo} ./" in setup
    assert "Pin: release l=ceilometer-zookeeper" in setup and "Pin-Priority: 1100" in setup
    # Only the plugin's index is read: the node's other sources are never fetched.
    assert "-o Dir::Etc::sourcelist=/etc/apt/sources.list.d/ceilometer-zookeeper.list" in setup
    assert "-o Dir::Etc::sourceparts=-" in setup and "-o APT::Get::List-Cleanup=0" in setup


def test_a_plugin_without_a_repository_changes_no_apt_source() -> None:
    plugin = Plugin(name="p", version="1.0.0", root=Path("/r"), scripts=Path("/s"), tasks=[])
    assert plugin.repository_setup() == "true"


def test_the_alarms_for_aodhs_evaluators_are_bounded() -> None:
    Options(alarms=1).validate()
    Options(alarms=1000).validate()
    with pytest.raises(LabError, match=r"--alarms must be from 1 to 1000, got 0"):
        Options(alarms=0).validate()
    # Every problem at once, each naming its option.
    with pytest.raises(LabError, match=r"--controllers must be from 1 to 9, got 0; .*--interval must be "
                                       r"from 2 to 3600 seconds, got 1"):
        Options(controllers=0, interval=1).validate()


def test_a_lab_of_an_older_checkout_loads_without_the_options_since_removed() -> None:
    """`down` and `status` load the lab's state first: a state written with options this
    checkout no longer has must still load, keeping every option it does have."""
    env = Environment.build(3, 0, "203.0.113.0/24", {})
    state = LabState(options=Options(resources=42, interval=7), env=env, api_address="203.0.113.2",
                     rpm=None, zookeeper_layer="/layer")
    data = state.to_json()
    data["options"].update(stack="27", zookeeper="3.8")
    again = LabState.from_json(data)
    assert again.options == Options(resources=42, interval=7)
    assert again.zookeeper_layer == "/layer" and again.env.subnet == env.subnet
