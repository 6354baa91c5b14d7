"""The plugin package: fpb accepts it and the RPM holds what Fuel needs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from project import VENV_BIN


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


def test_rpm_holds_what_fuel_needs(built_rpm: Path) -> None:
    assert built_rpm.name == "ceilometer-zookeeper-1.0-1.0.0-1.noarch.rpm"
    base = "/var/www/nailgun/plugins/ceilometer-zookeeper-1.0/"
    files = set(rpm_files(built_rpm))
    for needed in ("metadata.yaml", "environment_config.yaml", "deployment_tasks.yaml",
                   "deployment_scripts/puppet/manifests/server.pp",
                   "deployment_scripts/puppet/modules/ceilometer_zookeeper/manifests/server.pp",
                   "repositories/ubuntu/Packages.gz", "repositories/ubuntu/Release"):
        assert base + needed in files, f"{needed} is not in the RPM"
    debs = [f for f in files if f.startswith(base + "repositories/ubuntu/") and f.endswith(".deb")]
    names = {Path(d).name.split("_")[0] for d in debs}
    assert {"zookeeper", "zookeeperd"} <= names
    assert names & {"python-kazoo", "python3-kazoo"}


def test_rpm_repository_index_lists_zookeeper(built_rpm: Path, tmp_path: Path) -> None:
    rpm2cpio = subprocess.Popen(["rpm2cpio", str(built_rpm)], stdout=subprocess.PIPE)
    subprocess.run(["cpio", "-idm", "--quiet", "*/repositories/ubuntu/Packages.gz"],
                   stdin=rpm2cpio.stdout, cwd=tmp_path, check=True)
    rpm2cpio.wait()
    index = next(tmp_path.rglob("Packages.gz"))
    text = subprocess.run(["zcat", str(index)], capture_output=True, text=True, check=True).stdout
    packages = {line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Package: ")}
    assert {"zookeeper", "zookeeperd"} <= packages
    # Every package in the index is a file of the RPM's repository.
    files = set(rpm_files(built_rpm))
    repo = "/var/www/nailgun/plugins/ceilometer-zookeeper-1.0/repositories/ubuntu/"
    for line in text.splitlines():
        if line.startswith("Filename: "):
            assert repo + line.split(": ", 1)[1].removeprefix("./") in files, line
