#!/usr/bin/env python3
"""The Fuel 9 flavour of pre_build_hook (PLUGIN_TARGET=fuel9): the packages the plugin brings
to Fuel 9 controllers (Ubuntu 14.04), built from the downloads that pre_build_sources.ini
names, into repositories/ubuntu. The lab flavour takes python-kazoo from here too (--only).

- ceilometer-zookeeper-server: the Apache ZooKeeper 3.4 release's jars, laid out as Debian's
  zookeeper and zookeeperd packages are as far as the Puppet module relies on it
  (/etc/zookeeper/conf with zoo.cfg, myid and the `environment` file, /var/lib/zookeeper,
  /var/log/zookeeper, the `zookeeper` user, the SysV service `zookeeper`). It depends on the
  Java runtime of the node's own mirror (OpenJDK 7 on Ubuntu 14.04).
- python-kazoo: kazoo's PyPI source distribution for the controllers' Python 2.7.

Usage: fuel9_packages.py [--only zookeeper|kazoo] PLUGIN_DIR (--only: that package alone,
beside the repository's others). Needs Python 3.9 or later (its standard library only)
and dpkg-deb; runs as an ordinary user and writes only into PLUGIN_DIR/repositories/ubuntu and
the download cache (PLUGIN_DIR/.cache/downloads, or $CEILOMETER_ZOOKEEPER_DOWNLOAD_CACHE).
"""

from __future__ import annotations

import configparser
import email.parser
import hashlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

SOURCES_FILE = "pre_build_sources.ini"
CACHE_VARIABLE = "CEILOMETER_ZOOKEEPER_DOWNLOAD_CACHE"
DOWNLOAD_TIMEOUT = 60  # seconds without data before a download is given up
MAINTAINER = "fuel-plugin-ceilometer-zookeeper developers"
# "~" sorts a package below the same upstream version of Ubuntu or MOS; Fuel pins a plugin's
# repository above all others (priority 1100), so the nodes take these anyway.
DEB_REVISION = "1~czk1"

# Which versions the plugin can ship, and why.
GATES = {
    "zookeeper": ((3, 4, 10), (3, 5),
                  "the plugin ships the 3.4 line at 3.4.10 or later: 3.4.10 brings the "
                  "4lw.commands.whitelist that its zoo.cfg sets and its wait task checks (and "
                  "3.4.6 the session ids that 3.4.5 gets wrong since 2022); 3.5 and later are "
                  "another line, which from 3.5.5 on needs Java 8, absent from Ubuntu 14.04"),
    "kazoo": ((2, 2), (2, 9),
              "the plugin ships kazoo 2.2 or later (tooz 1.34 imports kazoo.handlers.eventlet "
              "and asks for kazoo>=2.2) and before 2.9 (2.9 dropped Python 2; Fuel 9 "
              "controllers run tooz under Python 2.7)"),
}
FIELDS = ("version", "base_url", "base_url_env", "path", "sha256")

# Newest class-file version that the OpenJDK 7 of Ubuntu 14.04 runs (Java N = N + 44).
JAVA7_CLASS_VERSION = 51

# kazoo's requirements (setup.py install_requires) as Ubuntu 14.04 package names.
UBUNTU_PYTHON_PACKAGES = {"six": "python-six"}
DEBIAN_OPERATORS = {">=": ">=", "<=": "<=", "==": "=", ">": ">>", "<": "<<", "~=": ">="}

ZOOKEEPER_PACKAGE = "ceilometer-zookeeper-server"
KAZOO_PACKAGE = "python-kazoo"
ZOOKEEPER_HOME = "usr/share/zookeeper"
DIST_PACKAGES = "usr/lib/python2.7/dist-packages"


class RefusedError(Exception):
    """A download or a package the hook will not use; the message says what it expected."""


def log(message: str) -> None:
    print(f"pre_build_hook: {message}", flush=True)


# --- pre_build_sources.ini -----------------------------------------------------------------

class Source:
    """One download of pre_build_sources.ini."""

    def __init__(self, name: str, fields: dict[str, str]) -> None:
        self.name = name
        self.version = fields["version"]
        self.base_url_env = fields["base_url_env"]
        self.base_url = os.environ.get(self.base_url_env) or fields["base_url"]
        self.path = fields["path"]
        self.sha256 = fields["sha256"].lower()

    @property
    def url(self) -> str:
        return f"{self.base_url.rstrip('/')}/{self.path.lstrip('/')}"

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


def version_tuple(name: str, version: str) -> tuple[int, ...]:
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        raise RefusedError(f"{name}: version '{version}' in {SOURCES_FILE} is not a release number like 3.4.14")
    return tuple(int(part) for part in version.split("."))


def read_sources(path: Path) -> dict[str, Source]:
    """The downloads, checked before any of them: fields, checksums' form, versions."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(), source=str(path))
    except (OSError, configparser.Error) as exc:
        raise RefusedError(f"cannot read {path}: {exc}") from exc
    sources = {}
    for name, (low, high, why) in GATES.items():
        if not parser.has_section(name):
            raise RefusedError(f"{path} has no [{name}] section")
        fields = dict(parser.items(name))
        missing = [f for f in FIELDS if not fields.get(f)]
        if missing:
            raise RefusedError(f"{name}: {path} lacks {', '.join(missing)}")
        source = Source(name, fields)
        if not re.fullmatch(r"[0-9a-f]{64}", source.sha256):
            raise RefusedError(f"{source}: {SOURCES_FILE} has no SHA-256 for {source.path} (it says "
                          f"'{fields['sha256']}'). Fill in the file's SHA-256, taken from a source "
                          f"you trust (for Apache releases: check the .asc signature beside the "
                          f"file with the project's KEYS, then run sha256sum on it), and build again")
        version = version_tuple(name, source.version)
        if not low <= version < high:
            raise RefusedError(f"{source} in {SOURCES_FILE} is refused: {why}")
        expected = f"{name}-{source.version}.tar.gz"
        if source.file_name != expected:
            raise RefusedError(f"{source}: {SOURCES_FILE} names {source.path}, whose file name is not "
                          f"{expected}: path and version must name the same release")
        sources[name] = source
    return sources


# --- downloads -------------------------------------------------------------------------------

def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def why_unreachable(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(exc, urllib.error.HTTPError):
        return f"the server answered HTTP {exc.code} {exc.reason}"
    if isinstance(reason, socket.gaierror):
        return "its host name does not resolve: no network reaches it from this host"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return f"no answer within {DOWNLOAD_TIMEOUT} s"
    if isinstance(reason, FileNotFoundError):
        return "no such file"
    return str(reason)


def fetch(source: Source, cache: Path) -> Path:
    """The verified file in the cache: taken from there when its checksum matches, else
    downloaded (and kept only when its checksum matches)."""
    dest = cache / source.file_name
    if dest.is_file():
        if sha256_of(dest) == source.sha256:
            log(f"{source}: {dest.name} from the cache, SHA-256 verified")
            return dest
        log(f"{source}: the cached {dest.name} has another SHA-256; downloading it again")
        dest.unlink()
    log(f"{source}: downloading {source.url}")
    part = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(source.url, timeout=DOWNLOAD_TIMEOUT) as response, part.open("wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        if part.exists():
            part.unlink()
        host = urllib.parse.urlsplit(source.url).netloc or source.url
        raise RefusedError(
            f"{source}: cannot download {source.url} from {host}: {why_unreachable(exc)}. The Fuel 9 "
            f"flavour needs that file. Set {source.base_url_env} to a mirror that holds {source.path} "
            f"(http://, https:// or file://), or put {source.file_name} into {cache}/ by hand (its "
            f"SHA-256 is checked: {source.sha256}); or build the lab flavour (PLUGIN_TARGET=lab), "
            f"which takes the build host's own Debian packages") from exc
    found = sha256_of(part)
    if found != source.sha256:
        part.unlink()
        raise RefusedError(f"{source}: {source.url} has SHA-256 {found}, but {SOURCES_FILE} expects "
                      f"{source.sha256}: refused (a wrong or damaged file, or a mirror serving "
                      f"another release)")
    part.rename(dest)
    log(f"{source}: {dest.name} downloaded, SHA-256 verified")
    return dest


# --- building .debs --------------------------------------------------------------------------

def write(root: Path, rel: str, data: bytes | str, mode: int = 0o644) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    path.chmod(mode)
    return path


def safe_relative(name: str) -> bool:
    parts = name.split("/")
    return not name.startswith("/") and all(p not in ("", ".", "..") for p in parts)


def installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += (path.stat().st_size + 1023) // 1024
        else:
            total += 1
    return total


def build_deb(root: Path, out_dir: Path, control: dict[str, str], scripts: dict[str, str],
              conffiles: list[str]) -> Path:
    """dpkg-deb of root with these control fields and maintainer scripts. Members are gzip
    compressed (Ubuntu 14.04's dpkg 1.17.5 cannot read an xz control member) and owned by
    root whoever builds them."""
    fields = dict(control)
    fields["Installed-Size"] = str(installed_size_kib(root))
    order = ["Package", "Version", "Architecture", "Maintainer", "Installed-Size", "Depends",
             "Conflicts", "Replaces", "Provides", "Section", "Priority", "Homepage", "Description"]
    text = "".join(f"{k}: {fields[k]}\n" for k in order if fields.get(k))
    for path in root.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    write(root, "DEBIAN/control", text)
    (root / "DEBIAN").chmod(0o755)
    for name, body in scripts.items():
        write(root, f"DEBIAN/{name}", body, 0o755)
    if conffiles:
        write(root, "DEBIAN/conffiles", "".join(f"{c}\n" for c in conffiles))
    version = fields["Version"].split(":", 1)[-1]
    out = out_dir / f"{fields['Package']}_{version}_{fields['Architecture']}.deb"
    command = ["dpkg-deb", "-Zgzip", "--build", str(root), str(out)]
    if shutil.which("dpkg-deb") is None:
        raise RefusedError("dpkg-deb is missing: install dpkg (fpb needs dpkg-dev's dpkg-scanpackages anyway)")
    help_text = subprocess.run(["dpkg-deb", "--help"], capture_output=True, text=True).stdout
    if "--root-owner-group" in help_text:
        command.insert(1, "--root-owner-group")
    elif shutil.which("fakeroot"):
        command.insert(0, "fakeroot")
    else:
        raise RefusedError("this dpkg-deb has no --root-owner-group (dpkg 1.19 or later) and fakeroot is "
                      "missing: install fakeroot, so that the packages' files belong to root")
    # dpkg-deb's temporary files go next to the package: nothing outside the cache.
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TMPDIR": str(out_dir)})
    if result.returncode != 0:
        raise RefusedError(f"dpkg-deb failed for {fields['Package']}: {result.stdout}{result.stderr}".strip())
    log(f"built {out.name}")
    return out


def description(summary: str, body: str) -> str:
    """A control file's Description: the summary, then the body's lines indented by one."""
    lines = [line if line.strip() else "." for line in body.strip().splitlines()]
    return summary + "".join(f"\n {line}" for line in lines)


# --- ceilometer-zookeeper-server -------------------------------------------------------------

ZOO_CFG = """\
# A standalone server until the ceilometer-zookeeper plugin's Puppet writes the ensemble
# (server.N lines keyed by Fuel node uid) over this file.
tickTime=2000
initLimit=10
syncLimit=5
dataDir=/var/lib/zookeeper
clientPort=2181
"""

ENVIRONMENT = """\
# Read by /etc/init.d/zookeeper (package ceilometer-zookeeper-server), as Debian's zookeeperd
# reads its own: the plugin's Puppet sets JAVA_OPTS and JMXLOCALONLY here.
NAME=zookeeper
ZOOCFGDIR=/etc/$NAME/conf
# Java expands lib/* to the jars of that folder.
CLASSPATH="$ZOOCFGDIR:/usr/share/zookeeper/zookeeper.jar:/usr/share/zookeeper/lib/*"
ZOOCFG="$ZOOCFGDIR/zoo.cfg"
ZOO_LOG_DIR=/var/log/$NAME
USER=$NAME
GROUP=$NAME
PIDDIR=/run/$NAME
PIDFILE=$PIDDIR/$NAME.pid
JAVA=/usr/bin/java
ZOOMAIN="org.apache.zookeeper.server.quorum.QuorumPeerMain"
ZOO_LOG4J_PROP="INFO,ROLLINGFILE"
JMXLOCALONLY=false
JAVA_OPTS=""
"""

INIT_SCRIPT = """\
#!/bin/sh
### BEGIN INIT INFO
# Provides:          zookeeper
# Required-Start:    $remote_fs $network
# Required-Stop:     $remote_fs $network
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: Apache ZooKeeper server
# Description:       Apache ZooKeeper @VERSION@, installed by ceilometer-zookeeper-server.
### END INIT INFO
# Runs ZooKeeper as Debian's zookeeperd does: settings from /etc/zookeeper/conf/environment,
# start-stop-daemon, the pid in /run/zookeeper/zookeeper.pid, logs in /var/log/zookeeper.

PATH=/usr/sbin:/usr/bin:/sbin:/bin
NAME=zookeeper
# Removed but not purged: nothing to run.
if [ ! -r /usr/share/zookeeper/zookeeper.jar ]; then
  [ "$1" = status ] && exit 3
  exit 0
fi

# Defaults; the environment file sets each of them.
ZOOCFGDIR=/etc/zookeeper/conf
CLASSPATH="$ZOOCFGDIR:/usr/share/zookeeper/zookeeper.jar:/usr/share/zookeeper/lib/*"
ZOOCFG=$ZOOCFGDIR/zoo.cfg
ZOO_LOG_DIR=/var/log/zookeeper
USER=zookeeper
GROUP=zookeeper
PIDDIR=/run/zookeeper
PIDFILE=$PIDDIR/zookeeper.pid
JAVA=/usr/bin/java
ZOOMAIN=org.apache.zookeeper.server.quorum.QuorumPeerMain
ZOO_LOG4J_PROP=INFO,ROLLINGFILE
JMXLOCALONLY=false
JAVA_OPTS=
[ -r /etc/zookeeper/conf/environment ] && . /etc/zookeeper/conf/environment
PIDFILE=$PIDDIR/zookeeper.pid

# As in Debian's script: the JMX flags always, and $JMXLOCALONLY unquoted right after them
# (the plugin's Puppet puts "true -XX:-ManagementServer" there to turn the agent off).
if [ -z "$JMXDISABLE" ]; then
  JAVA_OPTS="$JAVA_OPTS -Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.local.only=$JMXLOCALONLY"
fi

running() {
  start-stop-daemon --status --pidfile "$PIDFILE" --user "$USER"
}

do_start() {
  if running; then
    echo "$NAME is already running"
    return 0
  fi
  mkdir -p "$PIDDIR"
  chown "$USER:$GROUP" "$PIDDIR"
  start-stop-daemon --start --quiet --background --make-pidfile --pidfile "$PIDFILE" \\
    --chuid "$USER:$GROUP" --chdir /var/lib/zookeeper --exec "$JAVA" -- \\
    -cp "$CLASSPATH" $JAVA_OPTS -Dzookeeper.log.dir="$ZOO_LOG_DIR" \\
    -Dzookeeper.root.logger="$ZOO_LOG4J_PROP" $ZOOMAIN "$ZOOCFG"
}

do_stop() {
  start-stop-daemon --stop --quiet --oknodo --retry=TERM/30/KILL/5 --pidfile "$PIDFILE" --user "$USER"
  status=$?
  [ $status -eq 0 ] && rm -f "$PIDFILE"
  return $status
}

case "$1" in
  start)
    echo "Starting $NAME"
    do_start
    ;;
  stop)
    echo "Stopping $NAME"
    do_stop
    ;;
  restart|force-reload)
    echo "Restarting $NAME"
    do_stop && do_start
    ;;
  status)
    running
    status=$?
    case $status in
      0) echo "$NAME is running" ;;
      1) echo "$NAME is not running but $PIDFILE exists" ;;
      *) echo "$NAME is not running" ;;
    esac
    exit $status
    ;;
  *)
    echo "Usage: /etc/init.d/$NAME {start|stop|restart|force-reload|status}" >&2
    exit 3
    ;;
esac
"""

ZOOKEEPER_POSTINST = """\
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  getent group zookeeper >/dev/null || addgroup --quiet --system zookeeper
  if ! getent passwd zookeeper >/dev/null; then
    adduser --quiet --system --ingroup zookeeper --home /var/lib/zookeeper --no-create-home \\
      --shell /bin/false zookeeper
  fi
  chown zookeeper:zookeeper /var/lib/zookeeper /var/log/zookeeper
  chmod 0750 /var/lib/zookeeper
  # dpkg keeps the mode of a conffile it replaces, and a removed zookeeperd (Debian's or
  # Ubuntu's) leaves its init script, also /etc/init.d/zookeeper, non-executable.
  if [ -f /etc/init.d/zookeeper ]; then
    chmod 0755 /etc/init.d/zookeeper
  fi
  if [ -x /etc/init.d/zookeeper ]; then
    update-rc.d zookeeper defaults >/dev/null
    # Not started on a first installation: the packaged zoo.cfg is a standalone server on
    # every address; the plugin's Puppet starts the service once zoo.cfg and myid are
    # written. An upgrade starts it again (prerm stopped it).
    if [ -n "$2" ]; then
      invoke-rc.d zookeeper start
    fi
  fi
fi
exit 0
"""

ZOOKEEPER_PRERM = """\
#!/bin/sh
set -e
case "$1" in
  remove|upgrade|deconfigure)
    if [ -x /etc/init.d/zookeeper ]; then
      invoke-rc.d zookeeper stop
    fi
    ;;
esac
exit 0
"""

ZOOKEEPER_POSTRM = """\
#!/bin/sh
set -e
# The data directory (/var/lib/zookeeper) is kept, also on purge.
if [ "$1" = purge ]; then
  update-rc.d zookeeper remove >/dev/null
  rm -rf /var/log/zookeeper /run/zookeeper
fi
exit 0
"""


def newest_class(jar: bytes, jar_name: str) -> tuple[int, str]:
    """The highest class-file version among the jar's classes, and that class."""
    newest = (0, "")
    try:
        with zipfile.ZipFile(io.BytesIO(jar)) as z:
            for info in z.infolist():
                # Multi-release jars keep classes for newer Javas apart; Java 7 ignores them.
                if not info.filename.endswith(".class") or info.filename.startswith("META-INF/versions/"):
                    continue
                with z.open(info) as f:
                    head = f.read(8)
                if head[:4] != b"\xca\xfe\xba\xbe":
                    raise RefusedError(f"zookeeper: {jar_name}: {info.filename} is not a class file")
                newest = max(newest, (int.from_bytes(head[6:8], "big"), info.filename))
    except zipfile.BadZipFile as exc:
        raise RefusedError(f"zookeeper: {jar_name} is not a jar ({exc})") from exc
    return newest


def zookeeper_deb(source: Source, tarball: Path, work: Path, out_dir: Path) -> Path:
    version = source.version
    top = f"zookeeper-{version}/"
    main_jar = f"{top}zookeeper-{version}.jar"
    with tarfile.open(tarball) as tar:
        members = {m.name.removeprefix("./"): m for m in tar.getmembers() if m.isfile()}

        def read(name: str) -> bytes:
            f = tar.extractfile(members[name])
            assert f is not None
            return f.read()

        if main_jar not in members:
            jars = sorted(n for n in members if re.fullmatch(r"zookeeper-[^/]+/zookeeper-[\d.]+\.jar", n))
            held = ", ".join(jars) or "no zookeeper-*.jar at its top"
            raise RefusedError(f"{source}: {tarball.name} does not hold {main_jar} (it holds {held}): "
                          f"not the ZooKeeper {version} release")
        libs = sorted(n for n in members if re.fullmatch(re.escape(top) + r"lib/[^/]+\.jar", n))
        scripts = sorted(n for n in members if re.fullmatch(re.escape(top) + r"bin/[^/]+\.sh", n))
        needed = [f"{top}conf/log4j.properties", f"{top}bin/zkCli.sh", f"{top}bin/zkEnv.sh"]
        absent = [n for n in needed if n not in members] + ([] if libs else [f"{top}lib/*.jar"])
        if absent:
            raise RefusedError(f"{source}: {tarball.name} lacks {', '.join(absent)}: not a ZooKeeper "
                          f"binary release as the 3.4 line lays it out")

        # Every class of every jar must run on the Java 7 of an Ubuntu 14.04 mirror.
        newest = (0, "", "")
        for name in [main_jar, *libs]:
            major, cls = newest_class(read(name), name.removeprefix(top))
            if major > JAVA7_CLASS_VERSION:
                raise RefusedError(f"{source}: {name.removeprefix(top)} holds {cls} of class-file version "
                              f"{major} (Java {major - 44}); Fuel 9 controllers run OpenJDK 7 "
                              f"(class files up to {JAVA7_CLASS_VERSION}): refused")
            newest = max(newest, (major, cls, name.removeprefix(top)))
        log(f"{source}: {len(libs) + 1} jars, class files up to version {newest[0]} "
            f"(Java {max(newest[0] - 44, 0)}): they run on OpenJDK 7")

        root = work / ZOOKEEPER_PACKAGE
        home = ZOOKEEPER_HOME
        write(root, f"{home}/zookeeper-{version}.jar", read(main_jar))
        (root / home / "zookeeper.jar").symlink_to(f"zookeeper-{version}.jar")
        for name in libs:
            write(root, f"{home}/lib/{name.rsplit('/', 1)[1]}", read(name))
        for name in scripts:
            write(root, f"{home}/bin/{name.rsplit('/', 1)[1]}", read(name), 0o755)
        # zkEnv.sh reads the configuration from the bin folder's sibling conf.
        (root / home / "conf").symlink_to("/etc/zookeeper/conf")
        doc = f"usr/share/doc/{ZOOKEEPER_PACKAGE}"
        legal = b"".join(read(top + n) for n in ("LICENSE.txt", "NOTICE.txt") if top + n in members)
        write(root, f"{doc}/copyright", legal or b"Apache License, Version 2.0\n")
        for name in members:
            if re.fullmatch(re.escape(top) + r"lib/[^/]+\.txt", name):
                write(root, f"{doc}/lib/{name.rsplit('/', 1)[1]}", read(name))
        write(root, "etc/zookeeper/conf/log4j.properties", read(f"{top}conf/log4j.properties"))

    write(root, "etc/zookeeper/conf/zoo.cfg", ZOO_CFG)
    write(root, "etc/zookeeper/conf/environment", ENVIRONMENT)
    write(root, "etc/init.d/zookeeper", INIT_SCRIPT.replace("@VERSION@", version), 0o755)
    (root / "var/lib/zookeeper").mkdir(parents=True)
    (root / "var/log/zookeeper").mkdir(parents=True)
    # As in Debian's package: the data directory's myid is the configuration's.
    (root / "var/lib/zookeeper/myid").symlink_to("/etc/zookeeper/conf/myid")

    control = {
        "Package": ZOOKEEPER_PACKAGE,
        "Version": f"{version}-{DEB_REVISION}",
        "Architecture": "all",
        "Maintainer": MAINTAINER,
        "Depends": "default-jre-headless | java7-runtime-headless, adduser",
        "Conflicts": "zookeeper, zookeeperd",
        "Replaces": "zookeeper, zookeeperd",
        "Section": "net",
        "Priority": "optional",
        "Homepage": "https://zookeeper.apache.org/",
        "Description": description(
            f"Apache ZooKeeper {version} server for the ceilometer-zookeeper Fuel plugin",
            f"The jars of the Apache ZooKeeper {version} release (with the libraries it bundles\n"
            f"in lib/), laid out as Debian's zookeeper and zookeeperd packages: configuration\n"
            f"in /etc/zookeeper/conf, the SysV service zookeeper, data in /var/lib/zookeeper,\n"
            f"logs in /var/log/zookeeper. Runs on the Java of the node's own mirror.\n\n"
            f"Built by the plugin's pre_build_hook from {source.url}\n"
            f"(SHA-256 {source.sha256})."),
    }
    conffiles = ["/etc/init.d/zookeeper", "/etc/zookeeper/conf/environment",
                 "/etc/zookeeper/conf/log4j.properties", "/etc/zookeeper/conf/zoo.cfg"]
    maintainer_scripts = {"postinst": ZOOKEEPER_POSTINST, "prerm": ZOOKEEPER_PRERM, "postrm": ZOOKEEPER_POSTRM}
    return build_deb(root, out_dir, control, maintainer_scripts, conffiles)


# --- python-kazoo ----------------------------------------------------------------------------

KAZOO_POSTINST = """\
#!/bin/sh
set -e
if [ "$1" = configure ] && command -v pycompile >/dev/null 2>&1; then
  pycompile -p python-kazoo
fi
exit 0
"""

KAZOO_PRERM = """\
#!/bin/sh
set -e
if command -v pyclean >/dev/null 2>&1; then
  pyclean -p python-kazoo
else
  find /usr/lib/python2.7/dist-packages/kazoo -name '*.py[co]' -delete
fi
exit 0
"""


def debian_depends(source: Source, requires_txt: str) -> list[str]:
    """kazoo's requirements (its egg-info's requires.txt) as Ubuntu 14.04 dependencies.
    Extras ([test], ...) are not installed; conditional sections ([:python_version...])
    count, whatever their condition: an unknown name is refused rather than left out."""
    depends = []
    section = None
    for raw in requires_txt.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section is not None and not section.startswith(":"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)", line)
        name = match.group(1).lower().replace("_", "-") if match else line
        package = UBUNTU_PYTHON_PACKAGES.get(name)
        if match is None or package is None:
            raise RefusedError(f"{source} requires '{line}', for which the hook knows no Ubuntu 14.04 "
                          f"package: add it to UBUNTU_PYTHON_PACKAGES in tools/fuel9_packages.py")
        clauses = [c.strip() for c in match.group(3).split(";")[0].split(",") if c.strip()]
        versions = []
        for clause in clauses:
            found = re.fullmatch(r"(>=|<=|==|~=|>|<|!=)\s*([\w.]+)", clause)
            if found and found.group(1) in DEBIAN_OPERATORS:
                versions.append(f"{package} ({DEBIAN_OPERATORS[found.group(1)]} {found.group(2)})")
        depends.extend(versions or [package])
    return depends


def kazoo_deb(source: Source, sdist: Path, work: Path, out_dir: Path) -> Path:
    version = source.version
    top = f"kazoo-{version}/"
    with tarfile.open(sdist) as tar:
        members = {m.name.removeprefix("./"): m for m in tar.getmembers() if m.isfile()}

        def read(name: str) -> bytes:
            f = tar.extractfile(members[name])
            assert f is not None
            return f.read()

        if f"{top}PKG-INFO" not in members:
            tops = sorted({n.split("/", 1)[0] for n in members})
            raise RefusedError(f"{source}: {sdist.name} has no {top}PKG-INFO (its top folders: "
                          f"{', '.join(tops)}): not the kazoo {version} source distribution")
        info = email.parser.Parser().parsestr(read(f"{top}PKG-INFO").decode("utf-8", "replace"))
        if (info["Name"] or "").lower() != "kazoo" or info["Version"] != version:
            raise RefusedError(f"{source}: {sdist.name} holds {info['Name']} {info['Version']}, "
                          f"expected kazoo {version}: refused")
        if "Programming Language :: Python :: 2.7" not in (info.get_all("Classifier") or []):
            raise RefusedError(f"{source} does not declare Python 2.7 (PKG-INFO's classifiers); Fuel 9 "
                          f"controllers run tooz under Python 2.7: refused")
        if f"{top}kazoo/handlers/eventlet.py" not in members:
            raise RefusedError(f"{source} has no kazoo/handlers/eventlet.py, which tooz 1.34 imports: refused")
        egg = f"{top}kazoo.egg-info/"
        if f"{egg}PKG-INFO" not in members:
            raise RefusedError(f"{source}: {sdist.name} has no {egg}PKG-INFO: not a setuptools sdist")
        requires = read(f"{egg}requires.txt").decode() if f"{egg}requires.txt" in members else ""
        depends = ["python (>= 2.7)", "python (<< 2.8)", *debian_depends(source, requires)]

        root = work / KAZOO_PACKAGE
        for name in members:
            rel = name.removeprefix(top)
            if not name.startswith(top) or not safe_relative(rel):
                continue
            if rel.startswith("kazoo/") and not rel.startswith("kazoo/tests/") \
                    and not rel.endswith((".pyc", ".pyo")) and "__pycache__" not in rel:
                write(root, f"{DIST_PACKAGES}/{rel}", read(name))
            elif rel.startswith("kazoo.egg-info/") and rel.rsplit("/", 1)[1] != "SOURCES.txt":
                write(root, f"{DIST_PACKAGES}/kazoo-{version}.egg-info/{rel.rsplit('/', 1)[1]}", read(name))
        license_text = read(f"{top}LICENSE") if f"{top}LICENSE" in members else b"Apache License, Version 2.0\n"
        write(root, f"usr/share/doc/{KAZOO_PACKAGE}/copyright", license_text)

    control = {
        "Package": KAZOO_PACKAGE,
        "Version": f"{version}-{DEB_REVISION}",
        "Architecture": "all",
        "Maintainer": MAINTAINER,
        "Depends": ", ".join(depends),
        "Provides": "python2.7-kazoo",
        "Section": "python",
        "Priority": "optional",
        "Homepage": info["Home-page"] or "https://kazoo.readthedocs.org",
        "Description": description(
            f"higher level ZooKeeper client for Python 2.7 (kazoo {version})",
            f"kazoo {version} from PyPI for tooz's ZooKeeper driver, which Ceilometer and aodh\n"
            f"use on Fuel 9 controllers. Built by the ceilometer-zookeeper plugin's\n"
            f"pre_build_hook from {source.url}\n(SHA-256 {source.sha256})."),
    }
    return build_deb(root, out_dir, control, {"postinst": KAZOO_POSTINST, "prerm": KAZOO_PRERM}, [])


# --- main ------------------------------------------------------------------------------------

BUILDERS = {"zookeeper": zookeeper_deb, "kazoo": kazoo_deb}


def main(argv: list[str]) -> int:
    # --only NAME: that package alone, beside the repository's other packages (the lab
    # flavour adds the Fuel 9 python-kazoo to the build host's Debian packages).
    only: str | None = None
    if len(argv) == 4 and argv[1] == "--only":
        only, argv = argv[2], [argv[0], argv[3]]
    if len(argv) != 2 or (only is not None and only not in BUILDERS):
        print(f"usage: {argv[0]} [--only {'|'.join(BUILDERS)}] PLUGIN_DIR", file=sys.stderr)
        return 2
    plugin = Path(argv[1]).resolve()
    repo = plugin / "repositories" / "ubuntu"
    cache = Path(os.environ.get(CACHE_VARIABLE) or plugin / ".cache" / "downloads").resolve()
    try:
        sources = read_sources(plugin / SOURCES_FILE)
        if only is not None:
            if only not in sources:
                raise RefusedError(f"{SOURCES_FILE} has no [{only}] section to build it from")
            sources = {only: sources[only]}
        cache.mkdir(parents=True, exist_ok=True)
        files, refused = {}, []
        for name, source in sources.items():
            try:
                files[name] = fetch(source, cache)
            except RefusedError as exc:
                refused.append(str(exc))
        if refused:
            raise RefusedError("\npre_build_hook: ".join(refused))
        work = Path(tempfile.mkdtemp(prefix="build-", dir=cache))
        try:
            out = work / "debs"
            out.mkdir()
            debs = [BUILDERS[name](source, files[name], work, out) for name, source in sources.items()]
            repo.mkdir(parents=True, exist_ok=True)
            for old in repo.glob("*.deb"):
                if only is None or old.name.startswith(f"{debs[0].name.split('_')[0]}_"):
                    old.unlink()
            for deb in debs:
                shutil.copyfile(deb, repo / deb.name)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except RefusedError as exc:
        print(f"pre_build_hook: {exc}", file=sys.stderr)
        return 1
    log(f"{len(debs)} packages in {repo}: {', '.join(d.name for d in debs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
