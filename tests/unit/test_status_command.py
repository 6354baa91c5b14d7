"""ceilometer-zookeeper-status against a real ZooKeeper (Debian's, standalone, on
127.0.0.1) and real tooz-like members: ephemeral znodes under /tooz/<group> created by
kazoo sessions from two loopback addresses (127.0.0.1 and 127.0.0.2), so that each member's
host is told apart by the session's client address that `cons` shows. The tests that start
a server carry the marker `java` (conftest.py): `make test` runs them, `make check` not."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from kazoo.client import KazooClient
from kazoo.handlers import utils as kazoo_utils
from kazoo.handlers.threading import SequentialThreadingHandler
from project import MODULE_FILES

STATUS = MODULE_FILES / "ceilometer-zookeeper-status"
JAVA = shutil.which("java")
ZOOKEEPER_JAR = Path("/usr/share/java/zookeeper.jar")  # Debian's zookeeper package
NODES = ["node-1=127.0.0.1", "node-2=127.0.0.2", "node-3=127.0.0.3"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ZooKeeper:
    """A standalone ZooKeeper server on 127.0.0.1, stopped by its pid."""

    def __init__(self, workdir: Path, whitelist: str) -> None:
        if not JAVA or not ZOOKEEPER_JAR.exists():
            pytest.skip(f"needs java and ZooKeeper's jars ({ZOOKEEPER_JAR}, Debian's zookeeper package)")
        self.port = free_port()
        workdir.mkdir(parents=True)
        (workdir / "data").mkdir()
        config = workdir / "zoo.cfg"
        config.write_text(
            f"tickTime=500\ndataDir={workdir / 'data'}\nclientPort={self.port}\nclientPortAddress=127.0.0.1\n"
            f"4lw.commands.whitelist={whitelist}\nadmin.enableServer=false\n")
        with open(workdir / "zookeeper.log", "w") as log:
            self.proc = subprocess.Popen(
                [JAVA, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", str(ZOOKEEPER_JAR),
                 "org.apache.zookeeper.server.quorum.QuorumPeerMain", str(config)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while b"Mode: standalone" not in self.srvr():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"ZooKeeper did not start: {(workdir / 'zookeeper.log').read_text()[-2000:]}")
            time.sleep(0.1)

    def srvr(self) -> bytes:
        try:
            with socket.create_connection(("127.0.0.1", self.port), 1) as s:
                s.sendall(b"srvr")
                return s.recv(4096)
        except OSError:
            return b""

    @property
    def server(self) -> str:
        return f"zk=127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def zookeeper(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ZooKeeper]:
    server = ZooKeeper(tmp_path_factory.mktemp("zk") / "server", "srvr,mntr,ruok,cons")
    yield server
    server.stop()


@pytest.fixture
def zookeeper_without_cons(tmp_path: Path) -> Iterator[ZooKeeper]:
    """ZooKeeper's 3.5+ default is to answer srvr only; Puppet adds cons. Here it did not."""
    server = ZooKeeper(tmp_path / "no-cons", "srvr,mntr,ruok")
    yield server
    server.stop()


class FromAddress(SequentialThreadingHandler):
    """kazoo's threading handler, connecting from a chosen loopback address."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    def create_connection(self, *args: Any, **kwargs: Any) -> socket.socket:
        source = self.source

        class Socket(types.SimpleNamespace):
            def __getattr__(self, name: str) -> Any:
                return getattr(socket, name)

            @staticmethod
            def create_connection(address: tuple[str, int], timeout: float | None = None) -> socket.socket:
                return socket.create_connection(address, timeout, source_address=(source, 0))

        return kazoo_utils.create_tcp_connection(Socket(), *args, **kwargs)


Join = Callable[[ZooKeeper, str, str, str], KazooClient]


@pytest.fixture
def join() -> Iterator[Join]:
    """join(zk, group, member, from_address): a tooz-like member, as tooz's ZooKeeper driver
    makes one: a persistent /tooz/<group>, an ephemeral /tooz/<group>/<member>, one session
    per member. Sessions end and /tooz goes after the test."""
    clients: list[KazooClient] = []
    servers: dict[int, ZooKeeper] = {}

    def make(zk: ZooKeeper, group: str, member: str, source: str) -> KazooClient:
        servers[zk.port] = zk
        client = KazooClient(hosts=f"127.0.0.1:{zk.port}", timeout=5, handler=FromAddress(source))
        client.start(timeout=10)
        clients.append(client)
        client.create(f"/tooz/{group}/{member}", b'{"capabilities": null}', ephemeral=True, makepath=True)
        return client

    yield make
    for client in clients:
        client.stop()
        client.close()
    for port in servers:
        cleaner = KazooClient(hosts=f"127.0.0.1:{port}", timeout=5)
        cleaner.start(timeout=10)
        cleaner.delete("/tooz", recursive=True)
        cleaner.stop()
        cleaner.close()


def status(*argv: str, timeout: float = 10) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    result = subprocess.run([sys.executable, str(STATUS), "--config", os.devnull, "--timeout", str(timeout), *argv],
                            capture_output=True, text=True, timeout=timeout + 10)
    return result, time.monotonic() - start


def status_json(*argv: str, timeout: float = 10) -> tuple[int, dict[str, Any]]:
    result, took = status("--json", *argv, timeout=timeout)
    assert took < timeout + 1.5
    assert result.stderr == ""
    return result.returncode, json.loads(result.stdout)


def session(client: KazooClient) -> str:
    return f"0x{client.client_id[0]:x}"


def hosts_of(report: dict[str, Any], group: str) -> dict[str, tuple[str | None, str]]:
    return {m["id"]: (m["host"], m["session"]) for m in report["groups"][group]["members"]}


def test_members_are_listed_with_the_hosts_of_their_sessions(zookeeper: ZooKeeper, join: Join) -> None:
    a = join(zookeeper, "central-global", "agent-a", "127.0.0.1")
    b = join(zookeeper, "central-global", "agent-b", "127.0.0.2")
    code, report = status_json("--servers", zookeeper.server, "--hosts", *NODES, "--group", "central-global",
                               "--local-host", "node-1", "--local-agent-running", "yes")
    assert (code, report["healthy"], report["problems"]) == (0, True, [])
    assert report["ensemble"]["servers"][0]["mode"] == "standalone"
    assert hosts_of(report, "central-global") == {"agent-a": ("node-1", session(a)), "agent-b": ("node-2", session(b))}
    assert {m["address"] for m in report["groups"]["central-global"]["members"]} == {"127.0.0.1", "127.0.0.2"}
    assert report["local"]["member_of"] == ["central-global"]

    result, _ = status("--servers", zookeeper.server, "--hosts", *NODES, "--group", "central-global",
                       "--local-host", "node-2", "--local-agent-running", "yes")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "ZooKeeper ensemble (1 server): healthy (standalone)"
    assert "Coordination groups under /tooz (expected: central-global):" in lines
    assert "  central-global: 2 members" in lines
    assert f"    agent-b session {session(b)} node-2 (127.0.0.2, connected to zk)" in lines
    assert lines[-2:] == ["Agent on node-2: running [--local-agent-running yes]; member of central-global", "Healthy"]


def test_a_running_agent_outside_one_of_its_groups_is_unhealthy(zookeeper: ZooKeeper, join: Join) -> None:
    """node-2's agent covers central-x; node-1's agent, running, is not in it: unhealthy."""
    join(zookeeper, "central-global", "agent-a", "127.0.0.1")
    join(zookeeper, "central-global", "agent-b", "127.0.0.2")
    join(zookeeper, "central-x", "agent-b2", "127.0.0.2")
    common = ["--servers", zookeeper.server, "--hosts", *NODES, "--group", "central-global", "central-x"]
    code, report = status_json(*common, "--local-host", "node-1", "--local-agent-running", "yes")
    assert code == 3
    assert report["problems"] == ["the agent on node-1 runs but is not a member of central-x"]
    assert (report["local"]["member_of"], report["local"]["missing_from"]) == (["central-global"], ["central-x"])
    code, report = status_json(*common, "--local-host", "node-3", "--local-agent-running", "yes")
    assert code == 3
    assert report["local"]["missing_from"] == ["central-global", "central-x"]
    # Not running: not expected in any group.
    code, report = status_json(*common, "--local-host", "node-3", "--local-agent-running", "no")
    assert (code, report["problems"]) == (0, [])
    # An expected group that nobody is in: nobody polls its resources.
    code, report = status_json(*common, "--group", "central-y", "--local-host", "node-2",
                               "--local-agent-running", "yes")
    assert code == 3
    assert report["problems"] == ["group central-y has no member: no agent polls its resources",
                                  "the agent on node-2 runs but is not a member of central-y"]


def test_auto_finds_a_running_agent_in_proc(zookeeper: ZooKeeper, join: Join, tmp_path: Path) -> None:
    join(zookeeper, "central-global", "agent-a", "127.0.0.1")
    agent = tmp_path / "ceilometer-polling"
    agent.symlink_to(sys.executable)
    proc = subprocess.Popen([str(agent), "-c", "import time; time.sleep(60)"])
    try:
        code, report = status_json("--servers", zookeeper.server, "--hosts", *NODES, "--group", "central-global",
                                   "--local-host", "node-3")
    finally:
        proc.kill()
        proc.wait()
    assert code == 3
    assert report["local"]["agent_running"] is True
    assert proc.pid in report["local"]["agent_pids"]


def test_settings_come_from_a_configuration_file(zookeeper: ZooKeeper, join: Join, tmp_path: Path) -> None:
    join(zookeeper, "central-global", "agent-a", "127.0.0.1")
    config = tmp_path / "status.ini"
    config.write_text(f"# written by Puppet\n[status]\nservers = {zookeeper.server}\nhosts = {' '.join(NODES)}\n"
                      "group = central-global\nlocal_host = node-1\nlocal_agent_running = yes\ntimeout = 5\n")
    result = subprocess.run([sys.executable, str(STATUS), "--config", str(config), "--json"],
                            capture_output=True, text=True, timeout=20)
    report = json.loads(result.stdout)
    assert (result.returncode, report["timeout"], report["local"]["member_of"]) == (0, 5.0, ["central-global"])
    # The command line wins, --group included.
    result = subprocess.run([sys.executable, str(STATUS), "--config", str(config), "--json", "--group", "central-x"],
                            capture_output=True, text=True, timeout=20)
    assert json.loads(result.stdout)["local"]["missing_from"] == ["central-x"]
    assert result.returncode == 3
    config.write_text("[status]\nserver = x\n")
    result = subprocess.run([sys.executable, str(STATUS), "--config", str(config)], capture_output=True, text=True,
                            timeout=20)
    assert result.returncode == 2
    assert "unknown key 'server' in [status]" in result.stderr


def test_cons_refused_shows_members_without_hosts(zookeeper_without_cons: ZooKeeper, join: Join) -> None:
    zk = zookeeper_without_cons
    join(zk, "central-global", "agent-a", "127.0.0.1")
    code, report = status_json("--servers", zk.server, "--hosts", *NODES, "--group", "central-global")
    assert (code, report["problems"]) == (0, [])
    assert report["ensemble"]["servers"][0]["cons_problem"] == "cons refused (not in 4lw.commands.whitelist)"
    assert [(m["id"], m["host"]) for m in report["groups"]["central-global"]["members"]] == [("agent-a", None)]
    # A running agent that cannot be found among members whose hosts cannot be told: unknown.
    result, _ = status("--servers", zk.server, "--hosts", *NODES, "--group", "central-global",
                       "--local-host", "node-1", "--local-agent-running", "yes")
    assert result.returncode == 4
    assert ("  zk: cons refused (not in 4lw.commands.whitelist); members connected to it are shown without "
            "their host") in result.stdout.splitlines()
    assert "host unknown" in result.stdout


def test_bounded_when_no_server_answers() -> None:
    """One server refuses connections, one never accepts them (full backlog)."""
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(0)
    filler = socket.create_connection(hanging.getsockname(), 1)
    try:
        code, report = status_json("--servers", f"down=127.0.0.1:{free_port()}",
                                   f"hanging=127.0.0.1:{hanging.getsockname()[1]}", "--group", "central-global",
                                   "--local-host", "node-1", "--local-agent-running", "yes", timeout=3)
    finally:
        filler.close()
        hanging.close()
    assert code == 1
    assert report["groups_error"] == "no ZooKeeper server serves"
    problems = {s["name"]: s["problem"] for s in report["ensemble"]["servers"]}
    assert "Connection refused" in problems["down"]
    assert problems["hanging"] == "no answer within 0.9 s (connecting)"
    assert report["local"]["unknown_for"] == ["central-global"]


def test_groups_are_read_while_a_server_is_down(zookeeper: ZooKeeper, join: Join) -> None:
    join(zookeeper, "central-global", "agent-a", "127.0.0.1")
    code, report = status_json("--servers", zookeeper.server, f"down=127.0.0.1:{free_port()}", "--hosts", *NODES,
                               "--group", "central-global", "--local-host", "node-1", "--local-agent-running", "yes",
                               timeout=5)
    assert code == 1
    assert report["ensemble"]["healthy"] is False
    assert hosts_of(report, "central-global")["agent-a"][0] == "node-1"
    assert report["local"]["member_of"] == ["central-global"]


def load_status_module() -> types.ModuleType:
    """The script as a module, loaded as zookeeper-ensemble-check loads it."""
    module = types.ModuleType("ceilometer_zookeeper_status")
    exec(compile(STATUS.read_text(), str(STATUS), "exec"), module.__dict__)
    return module


def test_the_report_says_which_servers_run_electing_included() -> None:
    """A server that answers "not currently serving" runs (it elects a leader); one that
    refuses connections does not. Readers (tests/model/status.py) take `running` as is."""
    electing = socket.socket()
    electing.bind(("127.0.0.1", 0))
    electing.listen(8)

    def answer() -> None:
        while True:
            try:
                conn, _ = electing.accept()
            except OSError:
                return
            with conn:
                conn.recv(16)
                conn.sendall(b"This ZooKeeper instance is not currently serving requests\n")

    threading.Thread(target=answer, daemon=True).start()
    try:
        _, report = status_json("--servers", f"electing=127.0.0.1:{electing.getsockname()[1]}",
                                f"down=127.0.0.1:{free_port()}", "--group", "central-global", timeout=3)
    finally:
        electing.close()
    running = {s["name"]: s["running"] for s in report["ensemble"]["servers"]}
    assert running == {"electing": True, "down": False}, report["ensemble"]


def test_cons_lines_give_each_session_its_client_address() -> None:
    module = load_status_module()
    answer = (" /10.0.0.2:41234[1](queued=0,recved=10,sent=10,sid=0x1000a2b3c0001,lop=PING,est=1,to=10000,"
              "lcxid=0x2,lzxid=0x5,lresp=1,llat=0,minlat=0,avglat=0.3,maxlat=1)\n"
              " /0:0:0:0:0:0:0:1:50838[1](queued=0,recved=1,sent=1,sid=0x2000000000002,lop=SESS)\n"
              " /127.0.0.1:50840[0](queued=0,recved=1,sent=0)\n\n")
    assert module.sessions_of(answer) == {0x1000A2B3C0001: "10.0.0.2", 0x2000000000002: "::1"}
    assert module.canonical("::ffff:10.0.0.2") == "10.0.0.2"
    assert module.parse_host("node-1=[::1]") == ("node-1", "::1")
