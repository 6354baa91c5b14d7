"""The lab on Mitaka's agents, brought up with the plugin's RPM: the
central agents are Ceilometer 8.1.5 (whose coordination module is Mitaka's) with tooz
1.34.0 on Debian 11's Python 2.7, importing the kazoo 2.2.1 that the plugin's Puppet
installed from the plugin's own python-kazoo .deb into the node's dist-packages, as on a
Fuel 9 controller; the plugin's scripts (status, Pacemaker helper) run on that Python too.
Every controller's agent joins the central groups and the agents split the resources; every
controller's aodh 2.0.6 evaluator, on the same Python and kazoo, joins alarm_evaluator and the
evaluators split the lab's alarms."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import labs
import pytest
from lab import control, observe
from lab import state as lab_state
from lab.options import Options
from model import meters, project, stacks
from project import ROOT, load_tool

INTERVAL = 5
RESOURCES = 60
CONTROLLERS = ("node-1", "node-2", "node-3")


def pinned(name: str, pins: str = "requirements-ceilometer-mitaka.txt") -> str:
    """The version a requirements file of tools/ pins for `name`."""
    for line in (ROOT / "tools" / pins).read_text().splitlines():
        if line.lower().startswith(f"{name}=="):
            return line.split("==", 1)[1].strip()
    raise AssertionError(f"{name} is not pinned in {pins}")


def kazoo_built() -> tuple[str, str]:
    """kazoo's version in pre_build_sources.ini, and the .deb version the hook gives it."""
    tool = load_tool("fuel9_packages")
    version = tool.read_sources(ROOT / tool.SOURCES_FILE)["kazoo"].version
    return version, f"{version}-{tool.DEB_REVISION}"

# What the agents' (or evaluators') Python imports, read inside a node with their own
# interpreter; {service} is ceilometer or aodh.
VERSIONS = (
    "import json, sys, pkg_resources, kazoo, tooz, {service}\n"
    "v = lambda name: pkg_resources.get_distribution(name).version\n"
    "print(json.dumps({{'python': '%d.%d' % sys.version_info[:2], '{service}': v('{service}'),"
    " 'tooz': v('tooz'), 'kazoo': v('kazoo'), 'kazoo_file': kazoo.__file__}}))"
)


def check_runs_on_the_plugins_kazoo(service: str, venv: Path, pins: str, process: str) -> None:
    """On every controller: the plugin's python-kazoo .deb installed; `service` with the
    pinned tooz on Python 2.7 from `venv`, importing that .deb's kazoo; and the process
    Pacemaker runs (pgrep pattern `process`) is that venv's interpreter."""
    handles = lab_state.load().handles()
    kazoo, kazoo_deb = kazoo_built()
    wanted = {"python": "2.7", service: pinned(service, pins), "tooz": pinned("tooz", pins), "kazoo": kazoo}
    for name in CONTROLLERS:
        handle = handles[name]
        deb = handle.run("dpkg-query -W -f='${Version} ${Status}' python-kazoo").stdout
        assert deb == f"{kazoo_deb} install ok installed", f"{name}: python-kazoo {deb!r}"
        result = handle.run(f"{venv}/bin/python -c \"{VERSIONS.format(service=service)}\"", timeout=60)
        assert result.returncode == 0, f"{name}: {result.stderr[-800:]}"
        found = json.loads(result.stdout)
        assert {k: found[k] for k in wanted} == wanted, f"{name}: {found}"
        # The kazoo they import is the .deb's, not one of the venv's.
        assert found["kazoo_file"].startswith("/usr/lib/python2.7/dist-packages/kazoo/"), f"{name}: {found}"
        owner = handle.run(f"dpkg-query -S {found['kazoo_file'].rsplit('/', 1)[0]}/client.py").stdout
        assert owner.startswith("python-kazoo:"), f"{name}: {owner!r}"
        pid = handle.run(f"pgrep -o -f '{process}'").stdout.strip()
        assert pid, f"{name}: no {service} process runs"
        exe = handle.run(f"readlink -f /proc/{pid}/exe").stdout.strip()
        interpreter = handle.run(f"readlink -f {venv}/bin/python").stdout.strip()
        assert exe == interpreter, f"{name}: {service} runs {exe}, not the venv's Python 2.7 ({interpreter})"


@pytest.fixture(scope="module")
def mitaka_lab(built_rpm: Path) -> Iterator[dict[str, Any]]:
    options = Options(controllers=3, computes=0, resources=RESOURCES, interval=INTERVAL)
    with labs.brought_up("mitaka", options, built_rpm) as lab:
        yield lab


def test_agents_run_mitakas_stack_with_the_plugins_kazoo(mitaka_lab: dict) -> None:
    venv = control.CEILOMETER_VENV
    check_runs_on_the_plugins_kazoo("ceilometer", venv, "requirements-ceilometer-mitaka.txt",
                                    f"{venv}/bin/[c]eilometer-polling .*--polling-namespaces central")


def test_evaluators_run_aodh_2_0_with_the_plugins_kazoo(mitaka_lab: dict) -> None:
    venv = control.AODH_VENV
    check_runs_on_the_plugins_kazoo("aodh", venv, "requirements-aodh-mitaka.txt", f"{venv}/bin/[a]odh-evaluator")


def test_every_controllers_agent_is_in_each_central_group(mitaka_lab: dict) -> None:
    # The plugin's status command, run on Python 2.7 with kazoo 2.2.1, reads the groups.
    status = observe.wait_for(lambda s: bool(s.groups), timeout=60)
    central = {group: sorted(hosts) for group, hosts in status.groups.items() if group.startswith("central-")}
    assert central, observe.render(status)
    assert all(hosts == list(CONTROLLERS) for hosts in central.values()), observe.render(status)
    assert status.outsiders == []
    assert sorted(status.pacemaker.get(project.AGENT_CLONE, [])) == list(CONTROLLERS), observe.render(status)


def test_the_agents_split_each_meters_resources_cycle_after_cycle(mitaka_lab: dict) -> None:
    """Each resource of each meter (Ceilometer's own central pollsters of the stand-in
    cloud's images, floating IPs and projects, and the lab's meter: model/meters.py) is
    polled once per cycle by exactly one agent, in three cycles in a row, once every agent
    has had its first-poll wait (model/stacks.py)."""

    def partitioned(status: observe.Status) -> bool:
        return status.settled() and sorted(status.shares) == list(CONTROLLERS)

    def each_meter(status: observe.Status) -> None:
        found = status.meter_partitions()
        assert sorted(found) == sorted(meters.meters()), observe.render(status)
        for meter, (polled, owed, twice) in found.items():
            assert (polled, twice) == (owed, 0) and owed > 0, f"{meter}\n{observe.render(status)}"

    status = observe.wait_for(partitioned, timeout=stacks.settle_cycles() * INTERVAL + 30)
    assert partitioned(status), observe.render(status)
    for _ in range(3):
        time.sleep(INTERVAL)
        status = observe.collect()
        assert partitioned(status), observe.render(status)
        each_meter(status)
        assert all(status.shares.values()), observe.render(status)


def test_every_controllers_evaluator_is_in_group_alarm_evaluator(mitaka_lab: dict) -> None:
    status = observe.wait_for(lambda s: project.EVALUATOR_GROUP in s.groups, timeout=60)
    assert sorted(status.groups.get(project.EVALUATOR_GROUP, [])) == list(CONTROLLERS), observe.render(status)
    assert sorted(status.pacemaker.get(project.EVALUATOR_CLONE, [])) == list(CONTROLLERS), observe.render(status)


def test_the_evaluators_split_the_alarms_cycle_after_cycle(mitaka_lab: dict) -> None:
    """Each of the lab's alarms is evaluated once per cycle by exactly one evaluator, in
    three cycles in a row, as the stand-in Ceilometer API saw their statistics queries."""

    def split(status: observe.Status) -> bool:
        return status.evaluations_ok() and sorted(status.evaluations) == list(CONTROLLERS)

    status = observe.wait_for(split, timeout=stacks.settle_cycles() * INTERVAL + 30)
    assert status.alarms == observe.resource_names(Options().alarms), observe.render(status)
    assert split(status), observe.render(status)
    for _ in range(3):
        time.sleep(INTERVAL)
        status = observe.collect()
        assert split(status), observe.render(status)
        assert all(status.evaluations.values()), observe.render(status)
