"""The facts the tests share, each read from its one source: paths, the RPM's name (from
metadata.yaml, as fpb names it), the plugin's task ids (deployment_tasks.yaml) and its UI
settings (environment_config.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PUPPET = ROOT / "deployment_scripts" / "puppet"
MODULE = PUPPET / "modules" / "ceilometer_zookeeper"
MODULE_FILES = MODULE / "files"


@cache
def metadata() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "metadata.yaml").read_text())


def rpm_name() -> str:
    """fpb's name for package_version 4.0.0: <name>-<major.minor>-<version>-1.noarch.rpm."""
    meta = metadata()
    major_minor = ".".join(meta["version"].split(".")[:2])
    return f"{meta['name']}-{major_minor}-{meta['version']}-1.noarch.rpm"


RPM = ROOT / rpm_name()


@cache
def tasks() -> dict[str, dict[str, Any]]:
    """The plugin's tasks by id, in the order of deployment_tasks.yaml."""
    return {t["id"]: t for t in yaml.safe_load((ROOT / "deployment_tasks.yaml").read_text())}


# The one task that runs outside HA: it only writes why the plugin does nothing.
NOT_HA_TASK = "ceilometer-zookeeper-not-ha"
# Runs only when the alarm evaluator is coordinated (the lab turns that off by default).
AODH_TASK = "ceilometer-zookeeper-aodh"


# The ZooKeeper server in turns: on a first deployment the ensemble task has done its
# work already, so it runs and changes nothing.
ROLLING_TASK = "ceilometer-zookeeper-server-rolling"


def working_tasks() -> list[str]:
    """Every task that runs on a controller in HA (all but the not-HA notice), in file
    order."""
    return [t for t in tasks() if t != NOT_HA_TASK]


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    type: str
    default: Any
    description: str
    low: int | None = None
    high: int | None = None


RANGE = re.compile(r"from (\d+) to (\d+)")


@cache
def settings() -> dict[str, Setting]:
    """The plugin's UI settings. A text setting's range is the one its regex's error message
    announces ("... from LOW to HIGH."); the UI tests check the regex against it."""
    attributes = yaml.safe_load((ROOT / "environment_config.yaml").read_text())["attributes"]
    result = {}
    for key, attr in attributes.items():
        if key == "metadata":
            continue
        low = high = None
        if attr["type"] == "text":
            found = RANGE.search(attr["regex"]["error"])
            if not found:
                raise ValueError(f"{key}: its regex error message names no range 'from X to Y'")
            low, high = int(found.group(1)), int(found.group(2))
        result[key] = Setting(key, attr["label"], attr["type"], attr["value"],
                              " ".join(attr.get("description", "").split()), low, high)
    return result


def text_settings() -> dict[str, Setting]:
    return {k: s for k, s in settings().items() if s.type == "text"}
