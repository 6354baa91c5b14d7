"""pre_build_hook, both flavours, without network and without root.

fuel9 (the default): the hook downloads what pre_build_sources.ini names, verifies it and
builds the .debs for Fuel 9 nodes. Here it downloads from a local mirror that the tests make
(an HTTP server on 127.0.0.1 and a file:// folder) holding a synthetic ZooKeeper 3.4 release
(the real layout's essential parts, with tiny jars) and a synthetic kazoo sdist, pointed at
with the mirror variables and a test copy of the sources file. The hook runs as the user
nobody on a copy of the plugin (when the tests run as root), with HOME and TMPDIR in folders
that must stay empty. The .debs are read back with dpkg-deb.

lab: the build host's apt, here pointed at a configuration without any package source."""

from __future__ import annotations

import configparser
import functools
import hashlib
import http.server
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from project import ROOT, load_tool

NOBODY = 65534
SOURCES = "pre_build_sources.ini"
REAL = configparser.ConfigParser(interpolation=None)
REAL.read(ROOT / SOURCES)
ZK_VERSION = REAL["zookeeper"]["version"]
KAZOO_VERSION = REAL["kazoo"]["version"]
ZK_DEB = f"ceilometer-zookeeper-server_{ZK_VERSION}-1~czk1_all.deb"
KAZOO_DEB = f"python-kazoo_{KAZOO_VERSION}-1~czk1_all.deb"


# --- synthetic downloads -------------------------------------------------------------------

def jar(classes: dict[str, int]) -> bytes:
    """A jar whose classes are only the 8-byte header: magic, minor 0, major version."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        for name, major in classes.items():
            z.writestr(name, b"\xca\xfe\xba\xbe\x00\x00" + major.to_bytes(2, "big"))
    return out.getvalue()


def tarball(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in files.items():
            raw = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            info.mode = 0o755 if name.endswith(".sh") else 0o644
            tar.addfile(info, io.BytesIO(raw))
    return out.getvalue()


def zookeeper_release(version: str = ZK_VERSION, inside: str | None = None, lib_class: int = 50) -> bytes:
    """The 3.4 release tarball's essential parts; `inside` is the version its files say."""
    v = inside or version
    top = f"zookeeper-{v}/"
    return tarball({
        f"{top}zookeeper-{v}.jar": jar({"org/apache/zookeeper/Version.class": 50,
                                        "org/apache/zookeeper/server/quorum/QuorumPeerMain.class": 50}),
        f"{top}lib/slf4j-api-1.7.25.jar": jar({"org/slf4j/Logger.class": 49}),
        f"{top}lib/netty-3.10.6.Final.jar": jar({"org/jboss/netty/channel/Channel.class": lib_class}),
        f"{top}lib/log4j-1.2.17.jar": jar({"org/apache/log4j/Logger.class": 48}),
        f"{top}lib/netty-3.10.6.Final.LICENSE.txt": "netty license\n",
        f"{top}bin/zkServer.sh": "#!/usr/bin/env bash\n",
        f"{top}bin/zkCli.sh": "#!/usr/bin/env bash\n",
        f"{top}bin/zkEnv.sh": "#!/usr/bin/env bash\n",
        f"{top}bin/zkCleanup.sh": "#!/usr/bin/env bash\n",
        f"{top}bin/zkServer.cmd": "@echo off\n",
        f"{top}conf/log4j.properties": "zookeeper.root.logger=INFO, CONSOLE\n",
        f"{top}conf/zoo_sample.cfg": "tickTime=2000\n",
        f"{top}LICENSE.txt": "Apache License\n",
        f"{top}NOTICE.txt": "Apache ZooKeeper\n",
        f"{top}zookeeper-server/src/main/java/org/apache/zookeeper/Version.java": "class Version {}\n",
        f"{top}dist-maven/zookeeper-{v}.jar": jar({"org/apache/zookeeper/Version.class": 50}),
    })


def kazoo_sdist(version: str = KAZOO_VERSION, inside: str | None = None, python27: bool = True,
                requires: str = "six\n\n[test]\nsix\nmock\nnose\n") -> bytes:
    v = inside or version
    top = f"kazoo-{v}/"
    classifiers = ["Programming Language :: Python :: 2.7"] if python27 else []
    classifiers.append("Programming Language :: Python :: 3.4")
    pkg_info = (f"Metadata-Version: 1.1\nName: kazoo\nVersion: {v}\nSummary: Higher Level Zookeeper Client\n"
                "Home-page: https://kazoo.readthedocs.org\nLicense: Apache 2.0\n"
                + "".join(f"Classifier: {c}\n" for c in classifiers))
    return tarball({
        f"{top}PKG-INFO": pkg_info,
        f"{top}setup.py": f"__version__ = '{v}'\ninstall_requires = ['six']\n",
        f"{top}LICENSE": "Apache License\n",
        f"{top}kazoo/__init__.py": "",
        f"{top}kazoo/client.py": "import six\n",
        f"{top}kazoo/handlers/__init__.py": "",
        f"{top}kazoo/handlers/eventlet.py": "import eventlet\n",
        f"{top}kazoo/handlers/threading.py": "import threading\n",
        f"{top}kazoo/tests/test_client.py": "import mock\n",
        f"{top}kazoo.egg-info/PKG-INFO": pkg_info,
        f"{top}kazoo.egg-info/requires.txt": requires,
        f"{top}kazoo.egg-info/top_level.txt": "kazoo\n",
        f"{top}kazoo.egg-info/SOURCES.txt": "setup.py\n",
    })


# --- the workspace: a copy of the plugin, a cache, a mirror, all nobody's ------------------

class Workspace:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.plugin = base / "plugin"
        self.cache = base / "cache"
        self.mirror = base / "mirror"
        self.home = base / "home"
        self.tmp = base / "tmp"
        for d in (self.plugin / "repositories" / "ubuntu", self.plugin / "tools", self.cache,
                  self.mirror, self.home, self.tmp):
            d.mkdir(parents=True)
        shutil.copy(ROOT / "pre_build_hook", self.plugin / "pre_build_hook")
        shutil.copy(ROOT / "tools" / "fuel9_packages.py", self.plugin / "tools" / "fuel9_packages.py")
        self.env: dict[str, str] = {}
        self.requests: list[str] = []

    def publish(self, name: str, data: bytes, sha256: str | None = None, **fields: str) -> None:
        """Puts a download on the mirror (apache/ or pypi/, at the path of the sources file)
        and names it in the plugin's sources file with its SHA-256 (or the one given)."""
        sources = self.sources()
        section = sources[name]
        section.update(fields)
        section["sha256"] = sha256 or hashlib.sha256(data).hexdigest()
        path = self.mirror / ("apache" if name == "zookeeper" else "pypi") / section["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        with (self.plugin / SOURCES).open("w") as f:
            sources.write(f)

    def sources(self) -> configparser.ConfigParser:
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(self.plugin / SOURCES if (self.plugin / SOURCES).exists() else ROOT / SOURCES)
        return parser

    def run(self, target: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        return self.command(["bash", str(self.plugin / "pre_build_hook")], target, **env)

    def command(self, argv: list[str], target: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(self.base)], check=True)
            prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
        else:
            prefix = []
        full_env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "TMPDIR": str(self.tmp),
                    "LANG": "C.UTF-8", "CEILOMETER_ZOOKEEPER_DOWNLOAD_CACHE": str(self.cache),
                    **self.env, **env}
        if target is not None:
            full_env["PLUGIN_TARGET"] = target
        return subprocess.run([*prefix, *argv], cwd=self.plugin, env=full_env, capture_output=True, text=True,
                              timeout=120)

    def debs(self) -> list[str]:
        return sorted(p.name for p in (self.plugin / "repositories" / "ubuntu").glob("*.deb"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def ws() -> Iterator[Workspace]:
    # Not under pytest's tmp_path: that is root's, mode 0700, and the hook runs as nobody.
    base = Path(tempfile.mkdtemp(prefix="czk-hook-"))
    base.chmod(0o755)
    workspace = Workspace(base)

    class Handler(QuietHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            workspace.requests.append("")
            super().__init__(*args, directory=str(workspace.mirror), **kwargs)

        def do_GET(self) -> None:
            workspace.requests[-1] = self.path
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # shutdown() waits for serve_forever to look at its flag, once per poll interval
    # (0.5 s by default): a short one ends each test at once.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    workspace.env = {"CEILOMETER_ZOOKEEPER_APACHE_MIRROR": f"{url}/apache",
                     "CEILOMETER_ZOOKEEPER_PYPI_MIRROR": f"file://{workspace.mirror}/pypi"}
    try:
        yield workspace
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(base)


@pytest.fixture
def published(ws: Workspace) -> Workspace:
    ws.publish("zookeeper", zookeeper_release())
    ws.publish("kazoo", kazoo_sdist())
    return ws


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "--field", str(deb), field], capture_output=True, text=True,
                          check=True).stdout.strip()


def deb_contents(deb: Path) -> dict[str, str]:
    """path -> the `dpkg-deb --contents` line (mode, owner/group, ... , name[ -> target])."""
    out = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True).stdout
    contents = {}
    for line in out.splitlines():
        name = line.split(None, 5)[5].split(" -> ")[0]
        contents[name.removeprefix(".").rstrip("/") or "/"] = line
    return contents


def control_member(deb: Path, name: str, dest: Path) -> str:
    subprocess.run(["dpkg-deb", "--control", str(deb), str(dest)], check=True)
    return (dest / name).read_text()


# --- fuel9: the packages --------------------------------------------------------------------

def test_fuel9_builds_the_two_debs_as_nobody(published: Workspace) -> None:
    ws = published
    result = ws.run()  # no PLUGIN_TARGET: fuel9 is the default
    assert result.returncode == 0, result.stdout + result.stderr
    assert ws.debs() == sorted([ZK_DEB, KAZOO_DEB]), result.stdout
    assert (ws.plugin / "flavour").read_text() == "fuel9\n"
    assert not (ws.plugin / "pre_install.sh").exists()
    assert "SHA-256 verified" in result.stdout
    if os.geteuid() == 0:  # it ran as nobody: what it wrote is nobody's
        assert (ws.plugin / "flavour").stat().st_uid == NOBODY
        assert (ws.plugin / "repositories" / "ubuntu" / ZK_DEB).stat().st_uid == NOBODY
    # Nothing outside the plugin and the cache; the cache keeps only the two downloads.
    assert not list(ws.home.iterdir()) and not list(ws.tmp.iterdir())
    assert sorted(p.name for p in ws.cache.iterdir()) == sorted(
        [f"zookeeper-{ZK_VERSION}.tar.gz", f"kazoo-{KAZOO_VERSION}.tar.gz"])
    assert any(r.endswith(f"zookeeper-{ZK_VERSION}.tar.gz") for r in ws.requests)


def test_zookeeper_deb_is_laid_out_as_debians_packages(published: Workspace, tmp_path: Path) -> None:
    ws = published
    assert ws.run().returncode == 0
    deb = ws.plugin / "repositories" / "ubuntu" / ZK_DEB
    members = subprocess.run(["ar", "t", str(deb)], capture_output=True, text=True, check=True).stdout.split()
    # gzip members: Ubuntu 14.04's dpkg 1.17.5 cannot read an xz control member.
    assert members == ["debian-binary", "control.tar.gz", "data.tar.gz"]
    assert deb_field(deb, "Package") == "ceilometer-zookeeper-server"
    assert deb_field(deb, "Version") == f"{ZK_VERSION}-1~czk1"
    assert deb_field(deb, "Architecture") == "all"
    assert deb_field(deb, "Depends") == "default-jre-headless | java7-runtime-headless, adduser"
    assert deb_field(deb, "Conflicts") == "zookeeper, zookeeperd"
    assert deb_field(deb, "Replaces") == "zookeeper, zookeeperd"
    assert int(deb_field(deb, "Installed-Size")) > 0
    contents = deb_contents(deb)
    for path in (f"/usr/share/zookeeper/zookeeper-{ZK_VERSION}.jar", "/usr/share/zookeeper/lib/netty-3.10.6.Final.jar",
                 "/usr/share/zookeeper/lib/slf4j-api-1.7.25.jar", "/usr/share/zookeeper/bin/zkCli.sh",
                 "/etc/zookeeper/conf/zoo.cfg", "/etc/zookeeper/conf/environment",
                 "/etc/zookeeper/conf/log4j.properties", "/etc/init.d/zookeeper", "/var/lib/zookeeper",
                 "/var/log/zookeeper", "/usr/share/doc/ceilometer-zookeeper-server/copyright"):
        assert path in contents, f"{path} is not in {ZK_DEB}"
    assert all(" root/root " in line for line in contents.values())  # built by nobody, owned by root
    assert contents["/etc/init.d/zookeeper"].startswith("-rwxr-xr-x")
    assert contents["/usr/share/zookeeper/bin/zkCli.sh"].startswith("-rwxr-xr-x")
    assert contents["/usr/share/zookeeper/zookeeper.jar"].endswith(f"-> zookeeper-{ZK_VERSION}.jar")
    assert contents["/var/lib/zookeeper/myid"].endswith("-> /etc/zookeeper/conf/myid")
    assert contents["/usr/share/zookeeper/conf"].endswith("-> /etc/zookeeper/conf")
    assert not any("dist-maven" in p or p.endswith(".cmd") or "/src/" in p for p in contents)

    control = tmp_path / "control"
    conffiles = control_member(deb, "conffiles", control).split()
    assert conffiles == ["/etc/init.d/zookeeper", "/etc/zookeeper/conf/environment",
                         "/etc/zookeeper/conf/log4j.properties", "/etc/zookeeper/conf/zoo.cfg"]
    postinst = (control / "postinst").read_text()
    assert "adduser --quiet --system --ingroup zookeeper --home /var/lib/zookeeper" in postinst
    assert "chown zookeeper:zookeeper /var/lib/zookeeper /var/log/zookeeper" in postinst
    assert "update-rc.d zookeeper defaults" in postinst
    # A removed zookeeperd leaves /etc/init.d/zookeeper mode 0644, and dpkg keeps that mode
    # when this package's conffile replaces it (seen with Debian 12's).
    assert "chmod 0755 /etc/init.d/zookeeper" in postinst
    assert "invoke-rc.d zookeeper stop" in (control / "prerm").read_text()
    assert "update-rc.d zookeeper remove" in (control / "postrm").read_text()
    for script in ("postinst", "prerm", "postrm"):
        assert os.access(control / script, os.X_OK)
        subprocess.run(["sh", "-n", str(control / script)], check=True)

    data = tmp_path / "data"
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(data)], check=True)
    init = (data / "etc/init.d/zookeeper").read_text()
    subprocess.run(["sh", "-n", str(data / "etc/init.d/zookeeper")], check=True)
    for needed in ("start-stop-daemon --start", "--make-pidfile", "--chuid \"$USER:$GROUP\"",
                   "start-stop-daemon --stop", "start-stop-daemon --status", "status)", "restart|force-reload)",
                   ". /etc/zookeeper/conf/environment", "-Dcom.sun.management.jmxremote.local.only=$JMXLOCALONLY\""):
        assert needed in init, needed
    environment = (data / "etc/zookeeper/conf/environment").read_text()
    for line in ('JAVA_OPTS=""', "JMXLOCALONLY=false", "PIDFILE=$PIDDIR/$NAME.pid", "PIDDIR=/run/$NAME",
                 "ZOO_LOG_DIR=/var/log/$NAME", "USER=$NAME"):
        assert line in environment.splitlines(), line
    assert "dataDir=/var/lib/zookeeper" in (data / "etc/zookeeper/conf/zoo.cfg").read_text()


def test_init_script_reads_the_environment_file_as_puppet_writes_it(published: Workspace, tmp_path: Path) -> None:
    """The lines the plugin's Puppet sets (server/config.pp) reach java's command line: the
    heap and, after the JMX flag, -XX:-ManagementServer (JMXLOCALONLY is expanded unquoted)."""
    ws = published
    assert ws.run().returncode == 0
    data = tmp_path / "data"
    subprocess.run(["dpkg-deb", "--extract", str(ws.plugin / "repositories/ubuntu" / ZK_DEB), str(data)], check=True)
    init = (data / "etc/init.d/zookeeper").read_text()
    environment = (data / "etc/zookeeper/conf/environment").read_text()
    environment = environment.replace('JAVA_OPTS=""', 'JAVA_OPTS="-Xmx512m -Dx=1"').replace(
        "JMXLOCALONLY=false", 'JMXLOCALONLY="true -XX:-ManagementServer"')
    (data / "etc/zookeeper/conf/environment").write_text(environment)
    fake = tmp_path / "bin"
    fake.mkdir()
    # start-stop-daemon stand-in: prints the arguments after --, one a line.
    (fake / "start-stop-daemon").write_text(
        '#!/bin/sh\ncase " $* " in *" --status "*) exit 3 ;; esac\n'
        'while [ "$1" != -- ]; do shift; done; shift; printf "%s\\n" "$@"\n')
    (fake / "start-stop-daemon").chmod(0o755)
    for cmd in ("chown", "mkdir"):
        (fake / cmd).write_text("#!/bin/sh\nexit 0\n")
        (fake / cmd).chmod(0o755)
    script = init.replace("PATH=/usr/sbin:/usr/bin:/sbin:/bin", f"PATH={fake}:/usr/bin:/bin").replace(
        "/usr/share/zookeeper/zookeeper.jar ]", f"{data}/usr/share/zookeeper/zookeeper.jar ]").replace(
        ". /etc/zookeeper/conf/environment", f". {data}/etc/zookeeper/conf/environment").replace(
        "[ -r /etc/zookeeper/conf/environment ]", f"[ -r {data}/etc/zookeeper/conf/environment ]")
    (tmp_path / "init").write_text(script)
    result = subprocess.run(["sh", str(tmp_path / "init"), "start"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    args = result.stdout.splitlines()[1:]
    assert args[:2] == ["-cp", "/etc/zookeeper/conf:/usr/share/zookeeper/zookeeper.jar:/usr/share/zookeeper/lib/*"]
    jmx = args.index("-Dcom.sun.management.jmxremote")
    assert args[jmx + 1:jmx + 3] == ["-Dcom.sun.management.jmxremote.local.only=true", "-XX:-ManagementServer"]
    assert "-Xmx512m" in args[:jmx]
    assert args[-2:] == ["org.apache.zookeeper.server.quorum.QuorumPeerMain", "/etc/zookeeper/conf/zoo.cfg"]
    assert "-Dzookeeper.log.dir=/var/log/zookeeper" in args


def test_kazoo_deb_for_python27(published: Workspace, tmp_path: Path) -> None:
    ws = published
    assert ws.run().returncode == 0
    deb = ws.plugin / "repositories" / "ubuntu" / KAZOO_DEB
    assert deb_field(deb, "Package") == "python-kazoo"
    assert deb_field(deb, "Version") == f"{KAZOO_VERSION}-1~czk1"
    assert deb_field(deb, "Depends") == "python (>= 2.7), python (<< 2.8), python-six"
    contents = deb_contents(deb)
    site = "/usr/lib/python2.7/dist-packages"
    egg = f"{site}/kazoo-{KAZOO_VERSION}.egg-info"
    for path in (f"{site}/kazoo/__init__.py", f"{site}/kazoo/client.py", f"{site}/kazoo/handlers/eventlet.py",
                 f"{egg}/PKG-INFO", f"{egg}/requires.txt", "/usr/share/doc/python-kazoo/copyright"):
        assert path in contents, path
    assert not any("/kazoo/tests" in p or p.endswith("SOURCES.txt") for p in contents)
    assert all(" root/root " in line for line in contents.values())
    postinst = control_member(deb, "postinst", tmp_path / "control")
    assert "pycompile -p python-kazoo" in postinst
    assert "pyclean -p python-kazoo" in (tmp_path / "control" / "prerm").read_text()


def test_the_lab_flavour_adds_the_same_kazoo_beside_its_other_packages(published: Workspace) -> None:
    """The lab flavour's hook builds python-kazoo alone (`--only kazoo`) into a repository
    that already holds the build host's packages: those stay, an older python-kazoo goes, and
    ZooKeeper's tarball is not fetched."""
    ws = published
    repo = ws.plugin / "repositories" / "ubuntu"
    repo.mkdir(parents=True, exist_ok=True)
    (repo / "zookeeper_3.8.0-11+deb12u2_all.deb").write_bytes(b"a Debian package")
    (repo / "python-kazoo_2.2.0-1~czk1_all.deb").write_bytes(b"an older build")
    result = ws.command([sys.executable, str(ws.plugin / "tools" / "fuel9_packages.py"), "--only", "kazoo",
                         str(ws.plugin)])
    assert result.returncode == 0, result.stderr
    assert ws.debs() == [KAZOO_DEB, "zookeeper_3.8.0-11+deb12u2_all.deb"]
    assert deb_field(repo / KAZOO_DEB, "Version") == f"{KAZOO_VERSION}-1~czk1"
    assert not [r for r in ws.requests if "zookeeper" in r], ws.requests


def test_only_names_a_package_the_hook_builds(published: Workspace) -> None:
    result = published.command([sys.executable, str(published.plugin / "tools" / "fuel9_packages.py"),
                                "--only", "java", str(published.plugin)])
    assert result.returncode == 2
    assert "usage:" in result.stderr and "--only zookeeper|kazoo" in result.stderr


def test_a_verified_download_is_taken_from_the_cache(published: Workspace) -> None:
    ws = published
    assert ws.run().returncode == 0
    ws.requests.clear()
    result = ws.run(CEILOMETER_ZOOKEEPER_APACHE_MIRROR=f"http://127.0.0.1:{closed_port()}",
                    CEILOMETER_ZOOKEEPER_PYPI_MIRROR=f"http://127.0.0.1:{closed_port()}")
    assert result.returncode == 0, result.stderr
    assert "from the cache, SHA-256 verified" in result.stdout
    assert ws.requests == []
    assert ws.debs() == sorted([ZK_DEB, KAZOO_DEB])


# --- fuel9: refusals ------------------------------------------------------------------------

def assert_refused(ws: Workspace, result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "pre_build_hook: " in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, f"{phrase!r} not in:\n{result.stderr}"
    assert ws.debs() == []
    assert not (ws.plugin / "flavour").exists()


def test_wrong_checksum_is_refused_and_not_kept(ws: Workspace) -> None:
    release = zookeeper_release()
    wrong = "0" * 64
    ws.publish("zookeeper", release, sha256=wrong)
    ws.publish("kazoo", kazoo_sdist())
    result = ws.run()
    assert_refused(ws, result, f"zookeeper {ZK_VERSION}:", f"SHA-256 {hashlib.sha256(release).hexdigest()}",
                   f"expects {wrong}: refused")
    assert not (ws.cache / f"zookeeper-{ZK_VERSION}.tar.gz").exists()
    assert not list(ws.cache.glob("*.part"))


def test_a_cached_file_with_another_checksum_is_downloaded_again(published: Workspace) -> None:
    ws = published
    (ws.cache / f"zookeeper-{ZK_VERSION}.tar.gz").write_bytes(b"damaged")
    result = ws.run()
    assert result.returncode == 0, result.stderr
    assert "has another SHA-256; downloading it again" in result.stdout


def test_placeholder_checksum_asks_the_packager_to_fill_it_in(ws: Workspace) -> None:
    ws.publish("zookeeper", zookeeper_release(), sha256="FILL-IN")
    ws.publish("kazoo", kazoo_sdist())
    result = ws.run()
    assert_refused(ws, result, f"zookeeper {ZK_VERSION}: {SOURCES} has no SHA-256", "'FILL-IN'",
                   "Fill in the file's SHA-256")
    assert ws.requests == []


@pytest.mark.parametrize(("name", "version", "needs"), [
    ("zookeeper", "3.4.5", "3.4.10 or later"),
    ("zookeeper", "3.4.9", "3.4.10 or later"),
    ("zookeeper", "3.5.9", "3.4 line"),
    ("kazoo", "2.1", "kazoo 2.2 or later"),
    ("kazoo", "2.9.0", "2.9 dropped Python 2"),
])
def test_a_version_the_plugin_cannot_ship_is_refused_before_any_download(ws: Workspace, name: str, version: str,
                                                                          needs: str) -> None:
    path = REAL[name]["path"].replace(REAL[name]["version"], version)
    if name == "zookeeper":
        ws.publish("zookeeper", zookeeper_release(version), version=version, path=path)
        ws.publish("kazoo", kazoo_sdist())
    else:
        ws.publish("zookeeper", zookeeper_release())
        ws.publish("kazoo", kazoo_sdist(version), version=version, path=path)
    result = ws.run()
    assert_refused(ws, result, f"{name} {version} in {SOURCES} is refused", needs)
    assert ws.requests == []


def test_path_and_version_must_name_the_same_release(ws: Workspace) -> None:
    ws.publish("zookeeper", zookeeper_release(), path="zookeeper-3.4.13/zookeeper-3.4.13.tar.gz")
    ws.publish("kazoo", kazoo_sdist())
    assert_refused(ws, ws.run(), f"zookeeper {ZK_VERSION}: {SOURCES} names zookeeper-3.4.13/zookeeper-3.4.13.tar.gz",
                   "path and version must name the same release")


def test_a_download_holding_another_version_is_refused(ws: Workspace) -> None:
    ws.publish("zookeeper", zookeeper_release(inside="3.4.13"))
    ws.publish("kazoo", kazoo_sdist())
    assert_refused(ws, ws.run(), f"does not hold zookeeper-{ZK_VERSION}/zookeeper-{ZK_VERSION}.jar",
                   "zookeeper-3.4.13/zookeeper-3.4.13.jar", f"not the ZooKeeper {ZK_VERSION} release")


def test_a_kazoo_sdist_holding_another_version_is_refused(ws: Workspace) -> None:
    ws.publish("zookeeper", zookeeper_release())
    ws.publish("kazoo", tarball({f"kazoo-{KAZOO_VERSION}/PKG-INFO": "Name: kazoo\nVersion: 2.0\n"}))
    assert_refused(ws, ws.run(), f"holds kazoo 2.0, expected kazoo {KAZOO_VERSION}: refused")


def test_kazoo_without_python27_is_refused(ws: Workspace) -> None:
    ws.publish("zookeeper", zookeeper_release())
    ws.publish("kazoo", kazoo_sdist(python27=False))
    assert_refused(ws, ws.run(), f"kazoo {KAZOO_VERSION} does not declare Python 2.7")


def test_a_jar_newer_than_java7_is_refused(ws: Workspace) -> None:
    ws.publish("zookeeper", zookeeper_release(lib_class=52))
    ws.publish("kazoo", kazoo_sdist())
    assert_refused(ws, ws.run(), "lib/netty-3.10.6.Final.jar holds org/jboss/netty/channel/Channel.class",
                   "class-file version 52 (Java 8)", "OpenJDK 7")


def test_an_unreachable_mirror_is_named_with_what_to_do(published: Workspace) -> None:
    ws = published
    port = closed_port()
    result = ws.run(CEILOMETER_ZOOKEEPER_APACHE_MIRROR=f"http://127.0.0.1:{port}/apache")
    assert_refused(ws, result, f"zookeeper {ZK_VERSION}: cannot download http://127.0.0.1:{port}/apache/",
                   "the connection was refused", "Set CEILOMETER_ZOOKEEPER_APACHE_MIRROR to a mirror",
                   f"put zookeeper-{ZK_VERSION}.tar.gz into {ws.cache}/ by hand", "PLUGIN_TARGET=lab")
    # The other download was made and verified all the same.
    assert f"kazoo {KAZOO_VERSION}: kazoo-{KAZOO_VERSION}.tar.gz downloaded, SHA-256 verified" in result.stdout


def test_a_mirror_without_the_file_is_named(published: Workspace) -> None:
    ws = published
    result = ws.run(CEILOMETER_ZOOKEEPER_PYPI_MIRROR=f"file://{ws.mirror}/elsewhere")
    assert_refused(ws, result, f"kazoo {KAZOO_VERSION}: cannot download file://", "no such file")
    for cached in ws.cache.iterdir():
        cached.unlink()
    result = ws.run(CEILOMETER_ZOOKEEPER_APACHE_MIRROR=f"{ws.env['CEILOMETER_ZOOKEEPER_APACHE_MIRROR']}/elsewhere")
    assert_refused(ws, result, "the server answered HTTP 404")


# --- fuel9: kazoo's requirements as Ubuntu packages --------------------------------------------

@functools.cache
def fuel9_packages():  # the module of tools/fuel9_packages.py
    return load_tool("fuel9_packages")


@pytest.mark.parametrize(("requires", "depends"), [
    ("six\n\n[test]\nmock\n", ["python-six"]),
    ("six>=1.9.0\n", ["python-six (>= 1.9.0)"]),
    ("six<2,>=1.4\n", ["python-six (<< 2)", "python-six (>= 1.4)"]),
    ("", []),
])
def test_kazoo_requirements_become_ubuntu_dependencies(requires: str, depends: list[str]) -> None:
    module = fuel9_packages()
    source = module.Source("kazoo", dict(REAL["kazoo"]))
    assert module.debian_depends(source, requires) == depends


def test_a_requirement_without_an_ubuntu_name_is_refused() -> None:
    module = fuel9_packages()
    source = module.Source("kazoo", dict(REAL["kazoo"]))
    with pytest.raises(module.RefusedError, match=r"requires 'selectors2>=2\.0\.2', for which the hook knows no"):
        module.debian_depends(source, 'six\n\n[:python_version < "3.4.0"]\nselectors2>=2.0.2\n')


def test_the_real_sources_file_passes_the_gates() -> None:
    sources = fuel9_packages().read_sources(ROOT / SOURCES)
    assert set(sources) == {"zookeeper", "kazoo"}
    assert sources["zookeeper"].url.startswith("https://archive.apache.org/dist/zookeeper/")
    assert sources["kazoo"].url.startswith("https://files.pythonhosted.org/packages/")


# --- flavours -------------------------------------------------------------------------------

def test_an_unknown_flavour_is_refused(ws: Workspace) -> None:
    result = ws.run(target="debian")
    assert result.returncode == 1
    assert "PLUGIN_TARGET='debian' is not a flavour: fuel9" in result.stderr


def test_a_generated_lab_guard_goes_with_a_fuel9_build(ws: Workspace) -> None:
    (ws.plugin / "pre_install.sh").write_text("# Written by pre_build_hook for the lab flavour\nexit 1\n")
    (ws.plugin / "flavour").write_text("lab\n")
    result = ws.run(target="fuel9", CEILOMETER_ZOOKEEPER_APACHE_MIRROR=f"http://127.0.0.1:{closed_port()}")
    assert result.returncode == 1
    assert not (ws.plugin / "pre_install.sh").exists()
    assert not (ws.plugin / "flavour").exists()


def test_a_hand_written_pre_install_is_kept(ws: Workspace) -> None:
    (ws.plugin / "pre_install.sh").write_text("echo hand-written\n")
    assert ws.run(target="fuel9", CEILOMETER_ZOOKEEPER_APACHE_MIRROR="file:///nonexistent").returncode == 1
    assert (ws.plugin / "pre_install.sh").read_text() == "echo hand-written\n"
    result = ws.run(target="lab")
    assert result.returncode == 1
    assert "pre_install.sh was not written by this hook" in result.stderr


def test_lab_flavour_explains_a_package_apt_does_not_know(tmp_path: Path) -> None:
    """The lab flavour takes the build host's apt; here real apt, pointed at a configuration
    without any package source."""
    plugin = tmp_path / "plugin"
    (plugin / "repositories" / "ubuntu").mkdir(parents=True)
    shutil.copy(ROOT / "pre_build_hook", plugin / "pre_build_hook")
    for d in ("lists/partial", "cache/archives/partial", "sources.list.d"):
        (tmp_path / "apt" / d).mkdir(parents=True)
    config = tmp_path / "apt.conf"
    config.write_text(
        f'Dir::State::Lists "{tmp_path}/apt/lists";\n'
        f'Dir::Cache "{tmp_path}/apt/cache";\n'
        'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n'
        'Dir::Etc::SourceList "/dev/null";\n'
        f'Dir::Etc::SourceParts "{tmp_path}/apt/sources.list.d";\n')
    result = subprocess.run(["bash", str(plugin / "pre_build_hook")], capture_output=True, text=True,
                            env=dict(os.environ, APT_CONFIG=str(config), PLUGIN_TARGET="lab"), cwd=plugin)
    assert result.returncode == 1
    assert "pre_build_hook:" in result.stderr
    assert "is known to apt here; run 'apt-get update'" in result.stderr
    assert not list((plugin / "repositories" / "ubuntu").glob("*.deb"))
    assert not (plugin / "flavour").exists()
    assert not (plugin / "pre_install.sh").exists()


def test_puppet_pins_the_kazoo_version_the_hook_builds() -> None:
    """Fuel 9 nodes install exactly the python-kazoo the RPM brings: 'latest' or a bare
    'installed' could keep or prefer a MOS build of the same upstream version."""
    built = f"{KAZOO_VERSION}-{fuel9_packages().DEB_REVISION}"
    params = (ROOT / "deployment_scripts/puppet/modules/ceilometer_zookeeper/manifests/params.pp").read_text()
    assert f"$plugin_kazoo_version = '{built}'" in params, f"params.pp must pin python-kazoo to {built}"
    # Each place that names python-kazoo (Fuel 9's nodes, a Debian node whose python is 2.7)
    # installs that version.
    pins = re.findall(r"\$kazoo_package\s*=\s*'python-kazoo'\s*\n\s*\$kazoo_ensure\s*=\s*(\S+)", params)
    assert pins == ["$plugin_kazoo_version"] * 2, pins
