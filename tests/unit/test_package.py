"""The plugin package: fpb accepts it and the RPM holds what Fuel needs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from project import RPM, VENV_BIN


def fpb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{VENV_BIN}:{os.environ['PATH']}")
    return subprocess.run([str(VENV_BIN / "fpb"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def copy_definition(root: Path, dest: Path) -> Path:
    for name in ("metadata.yaml", "environment_config.yaml", "deployment_tasks.yaml"):
        shutil.copy(root / name, dest / name)
    shutil.copytree(root / "deployment_scripts", dest / "deployment_scripts")
    (dest / "repositories" / "ubuntu").mkdir(parents=True)
    return dest


def test_fpb_check_accepts_the_plugin(root: Path) -> None:
    result = fpb("--check", ".", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Plugin is valid" in result.stdout + result.stderr


@pytest.mark.parametrize("breakage", [
    ("metadata.yaml", "package_version", "9.9.9"),
    ("metadata.yaml", "name", "Not A Valid Name"),
    ("environment_config.yaml", None, None),
])
def test_fpb_check_rejects_a_broken_definition(root: Path, tmp_path: Path, breakage: tuple) -> None:
    plugin = copy_definition(root, tmp_path)
    name, key, value = breakage
    data = yaml.safe_load((plugin / name).read_text())
    if key is None:  # an attribute without the type the UI needs
        del data["attributes"]["zookeeper_client_port"]["type"]
    else:
        data[key] = value
    (plugin / name).write_text(yaml.safe_dump(data))
    result = fpb("--check", ".", cwd=plugin)
    assert result.returncode != 0, f"fpb accepted a broken {name}: {result.stdout}"


def test_every_task_manifest_exists(root: Path) -> None:
    tasks = yaml.safe_load((root / "deployment_tasks.yaml").read_text())
    meta = yaml.safe_load((root / "metadata.yaml").read_text())
    scripts = root / meta["releases"][0]["deployment_scripts_path"]
    puppet = [t for t in tasks if t["type"] == "puppet"]
    assert puppet, "the graph has no puppet task"
    for task in puppet:
        manifest = scripts / task["parameters"]["puppet_manifest"]
        assert manifest.is_file(), f"{task['id']}: {manifest} is missing"
        for path in task["parameters"]["puppet_modules"].split(":"):
            if not path.startswith("/"):
                assert (scripts / path).is_dir(), f"{task['id']}: module path {path} is missing"


def test_metadata_is_complete(root: Path) -> None:
    meta = yaml.safe_load((root / "metadata.yaml").read_text())
    assert meta["name"] == "ceilometer-zookeeper"
    assert meta["version"] == "1.0.0"
    assert meta["package_version"] == "4.0.0"
    assert meta["licenses"] == ["Apache License Version 2.0"]
    assert isinstance(meta["is_hotpluggable"], bool)
    release = meta["releases"][0]
    assert (release["os"], release["version"], release["mode"]) == ("ubuntu", "mitaka-9.0", ["ha"])
    assert set(meta["fuel_version"]) >= {"9.0"}


def rpm_files(rpm: Path) -> list[str]:
    out = subprocess.run(["rpm", "-qlp", str(rpm)], capture_output=True, text=True, check=True)
    return out.stdout.split()


def rpm_flavour(rpm: Path) -> str:
    """The flavour pre_build_hook wrote into the plugin's root: fuel9 or lab."""
    rpm2cpio = subprocess.Popen(["rpm2cpio", str(rpm)], stdout=subprocess.PIPE)
    out = subprocess.run(["cpio", "-i", "--quiet", "--to-stdout", "*/ceilometer-zookeeper-1.0/flavour"],
                         stdin=rpm2cpio.stdout, capture_output=True, text=True, check=True)
    rpm2cpio.wait()
    return out.stdout.strip()


# The packages of repositories/ubuntu: the names each flavour must hold.
FUEL9_PACKAGES = {"ceilometer-zookeeper-server", "python-kazoo"}
LAB_PACKAGES = {"zookeeper", "zookeeperd"}


def assert_flavour_packages(flavour: str, names: set[str]) -> None:
    assert flavour in ("fuel9", "lab"), f"the RPM's flavour is {flavour!r}"
    if flavour == "fuel9":  # exactly the two built packages: Java and the rest come from the nodes' mirrors
        assert names == FUEL9_PACKAGES
    else:
        assert names >= LAB_PACKAGES
        # Debian's kazoo for Python 3, and the plugin's python-kazoo 2.2.1 for a node whose
        # python is 2.7 (the lab's agents).
        assert {"python-kazoo", "python3-kazoo"} <= names
        assert "ceilometer-zookeeper-server" not in names


def test_rpm_holds_what_fuel_needs(built_rpm: Path) -> None:
    assert built_rpm.name == RPM.name
    base = "/var/www/nailgun/plugins/ceilometer-zookeeper-1.0/"
    files = set(rpm_files(built_rpm))
    for needed in ("metadata.yaml", "environment_config.yaml", "deployment_tasks.yaml",
                   "deployment_scripts/puppet/manifests/server.pp",
                   "deployment_scripts/puppet/modules/ceilometer_zookeeper/manifests/server.pp",
                   "repositories/ubuntu/Packages.gz", "repositories/ubuntu/Release", "flavour"):
        assert base + needed in files, f"{needed} is not in the RPM"
    debs = [f for f in files if f.startswith(base + "repositories/ubuntu/") and f.endswith(".deb")]
    names = {Path(d).name.split("_")[0] for d in debs}
    assert_flavour_packages(rpm_flavour(built_rpm), names)


def test_a_lab_rpm_refuses_to_install_on_a_fuel_master(built_rpm: Path, tmp_path: Path) -> None:
    """The lab flavour's %pre fails (the lab unpacks the RPM without running it); the Fuel 9
    flavour has no such refusal."""
    scripts = subprocess.run(["rpm", "-qp", "--scripts", str(built_rpm)], capture_output=True, text=True,
                             check=True).stdout
    if rpm_flavour(built_rpm) == "fuel9":
        assert "lab flavour" not in scripts
        return
    preinstall = scripts.split("preinstall scriptlet (using /bin/sh):\n", 1)[1].split("\npostinstall", 1)[0]
    (tmp_path / "pre").write_text(preinstall)
    result = subprocess.run(["sh", str(tmp_path / "pre")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "this RPM is the lab flavour" in result.stderr
    assert "make build" in result.stderr


def test_rpm_repository_index_lists_zookeeper(built_rpm: Path, tmp_path: Path) -> None:
    rpm2cpio = subprocess.Popen(["rpm2cpio", str(built_rpm)], stdout=subprocess.PIPE)
    subprocess.run(["cpio", "-idm", "--quiet", "*/repositories/ubuntu/Packages.gz"],
                   stdin=rpm2cpio.stdout, cwd=tmp_path, check=True)
    rpm2cpio.wait()
    index = next(tmp_path.rglob("Packages.gz"))
    text = subprocess.run(["zcat", str(index)], capture_output=True, text=True, check=True).stdout
    packages = {line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Package: ")}
    assert_flavour_packages(rpm_flavour(built_rpm), packages)
    # Every package in the index is a file of the RPM's repository.
    files = set(rpm_files(built_rpm))
    repo = "/var/www/nailgun/plugins/ceilometer-zookeeper-1.0/repositories/ubuntu/"
    for line in text.splitlines():
        if line.startswith("Filename: "):
            assert repo + line.split(": ", 1)[1].removeprefix("./") in files, line
