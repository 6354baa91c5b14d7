"""The Fuel master's part: installing the plugin from its built RPM as
`fuel plugins --install` does, and reading what Nailgun reads from it (metadata and
deployment tasks)."""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import graph
from .errors import LabError

FUEL_RELEASE = "mitaka-9.0"
PLUGINS_ON_MASTER = "var/www/nailgun/plugins"
# pre_build_hook writes the RPM's flavour (PLUGIN_TARGET) to this file of the plugin's root.
FLAVOUR_FILE = "flavour"
LAB_FLAVOUR = "lab"
PLUGIN_NODE_DIR = "/etc/fuel/plugins/{name}-{major}"


@dataclass
class Plugin:
    """The plugin as the Fuel master has it after `fuel plugins --install`."""
    name: str
    version: str
    root: Path           # /var/www/nailgun/plugins/<name>-<major> on the master
    scripts: Path        # its deployment_scripts_path
    tasks: list[graph.Task]
    repository: Path | None = None  # its repository_path (the packages it brings), if any

    @property
    def major(self) -> str:
        return ".".join(self.version.split(".")[:2])

    def repository_setup(self) -> str:
        """The shell commands that give a node the plugin's repository, as Fuel 9 does for a
        plugin's repository_path (an apt source pinned at priority 1100), then read its
        index alone: the node's other lists stay as they are (nothing leaves the lab)."""
        if self.repository is None:
            return "true"
        source = shlex.quote(f"/etc/apt/sources.list.d/{self.name}.list")
        line = shlex.quote(f"deb [trusted=yes] file://{self.repository} ./")
        pin = shlex.quote(f"Package: *\nPin: release l={self.name}\nPin-Priority: 1100")
        return (f"printf '%s\\n' {line} > {source}"
                f" && printf '%s\\n' {pin} > {shlex.quote(f'/etc/apt/preferences.d/{self.name}.pref')}"
                f" && apt-get update -qq -o Dir::Etc::sourcelist={source} -o Dir::Etc::sourceparts=-"
                f" -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root")

    @property
    def node_dir(self) -> str:
        """Where Astute puts the plugin's deployment scripts on a node."""
        return PLUGIN_NODE_DIR.format(name=self.name, major=self.major)


def check_flavour(root: Path, rpm: Path) -> None:
    """The lab installs only the lab flavour: the other one (fuel9) carries a ZooKeeper
    package for Fuel 9 nodes (Ubuntu 14.04's Java 7), which the lab's Debian nodes cannot
    install (its python-kazoo the lab flavour carries too)."""
    path = root / FLAVOUR_FILE
    flavour = path.read_text().strip() if path.is_file() else ""
    if flavour == LAB_FLAVOUR:
        return
    build = ("build the lab flavour with `PLUGIN_TARGET=lab make build` (`make lab`, `make test` "
             "and `make bench` do)")
    if not flavour:
        raise LabError(f"{rpm} says no flavour (it has no {FLAVOUR_FILE} file: built before flavours "
                       f"existed, or by hand); {build}")
    what = "packages for Fuel 9 nodes (Ubuntu 14.04)" if flavour == "fuel9" else "not the lab's packages"
    raise LabError(f"{rpm} is the {flavour} flavour ({what}), which the lab does not install; {build}")


def install_plugin(rpm: Path, master: Path) -> Plugin:
    """Unpacks the RPM into the master's tree and reads what Nailgun reads."""
    if not rpm.is_file():
        raise LabError(f"plugin package {rpm} does not exist; run `make build` first")
    subprocess.run(["rm", "-rf", str(master)], check=True)
    master.mkdir(parents=True)
    rpm2cpio = subprocess.Popen(["rpm2cpio", str(rpm)], stdout=subprocess.PIPE)
    cpio = subprocess.run(["cpio", "-idm", "--quiet"], stdin=rpm2cpio.stdout, cwd=master,
                          capture_output=True, text=True)
    if rpm2cpio.wait() != 0 or cpio.returncode != 0:
        raise LabError(f"cannot unpack {rpm}: {cpio.stderr.strip()}")
    roots = list((master / PLUGINS_ON_MASTER).glob("*"))
    if len(roots) != 1:
        raise LabError(f"{rpm} does not hold exactly one plugin under /{PLUGINS_ON_MASTER}")
    root = roots[0]
    check_flavour(root, rpm)
    meta = yaml.safe_load((root / "metadata.yaml").read_text())
    release = next((r for r in meta["releases"] if r["version"] == FUEL_RELEASE), None)
    if release is None:
        raise LabError(f"{meta['name']} has no release for {FUEL_RELEASE}")
    tasks = graph.load_tasks(root / "deployment_tasks.yaml", meta["name"])
    repository = root / release["repository_path"] if release.get("repository_path") else None
    return Plugin(name=meta["name"], version=str(meta["version"]), root=root,
                  scripts=root / release["deployment_scripts_path"], tasks=tasks, repository=repository)
