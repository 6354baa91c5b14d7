"""Every four-letter-word probe of the node-side scripts ends by a deadline, whatever the
peer does: trickle its answer one byte every 0.2 s forever, accept and never answer, never
accept (a full listen backlog: connect itself hangs), or flood. The peers are threads of
this process on 127.0.0.1; the scripts run as subprocesses, as Puppet and operators run
them, and must return by their deadline (plus start-up) and name the bad peer. The
tests give the scripts short deadlines: what is tested is that a deadline holds, and one
test keeps the probes' default (PROBE_TIMEOUT, 3 s)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from project import MODULE_FILES

CHECK = MODULE_FILES / "zookeeper-ensemble-check"
STATUS = MODULE_FILES / "ceilometer-zookeeper-status"
SRVR = (b"Zookeeper version: 3.8.0-test, built on 2024-12-29 17:54 UTC\nLatency min/avg/max: 0/0.0/0\n"
        b"Received: 3\nSent: 2\nConnections: 1\nOutstanding: 0\nZxid: 0x100000000\nMode: leader\n"
        b"Node count: 5\n")
# The probes' own deadline, when --timeout allows more (the scripts' PROBE_TIMEOUT).
PROBE_TIMEOUT = 3.0
# The deadline (--timeout) most tests give the scripts.
DEADLINE = 1.0
# A run must be over by its deadline plus this: interpreter start-up on a loaded machine.
STARTUP = 5.0
# A script still running after this has no deadline at all (the test fails, it does not hang).
HANG = 20.0


def python27() -> str | None:
    """A Python 2.7 interpreter that runs, if the machine has one (pyenv's, here)."""
    candidates = [os.environ.get("PYTHON27", ""), str(Path.home() / ".pyenv/versions/2.7.18/bin/python"),
                  "python2.7"]
    for candidate in filter(None, candidates):
        try:
            result = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                                    capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if result.returncode == 0 and result.stdout.strip() == "(2, 7)":
            return candidate
    return None


PYTHON27 = python27()
INTERPRETERS = [pytest.param(sys.executable, id="python3"),
                pytest.param(PYTHON27, id="python2.7",
                             marks=pytest.mark.skipif(PYTHON27 is None, reason="no Python 2.7 interpreter here"))]


def read_word(conn: socket.socket) -> None:
    conn.settimeout(2)
    with contextlib.suppress(OSError):
        conn.recv(4)


def healthy(conn: socket.socket, stop: threading.Event) -> None:
    read_word(conn)
    conn.sendall(SRVR)


def trickle(conn: socket.socket, stop: threading.Event) -> None:
    """A real answer, one byte every 0.2 s, forever (until the test ends)."""
    read_word(conn)
    i = 0
    while not stop.wait(0.2):
        try:
            conn.sendall(SRVR[i % len(SRVR):i % len(SRVR) + 1])
        except OSError:
            return  # the prober gave up
        i += 1


def silent(conn: socket.socket, stop: threading.Event) -> None:
    read_word(conn)
    stop.wait(HANG)


def flood(conn: socket.socket, stop: threading.Event) -> None:
    read_word(conn)
    chunk = b"x" * 65536
    for _ in range(1000):  # 64 MiB at most
        if stop.is_set():
            return
        try:
            conn.sendall(chunk)
        except OSError:
            return


class Peer:
    """A listener on 127.0.0.1. With `serve`, a thread accepts and serves each connection
    in a thread of its own; without, it never accepts and its backlog is full, so that a
    connect hangs until the prober's own timeout."""

    def __init__(self, serve: Callable[[socket.socket, threading.Event], None] | None) -> None:
        self.stop = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.threads: list[threading.Thread] = []
        if serve is None:
            self.sock.listen(0)
            self.fill_backlog()
        else:
            self.sock.listen(16)
            self.sock.settimeout(0.1)
            self.spawn(self.accept_loop, serve)

    def fill_backlog(self) -> None:
        """Linux queues backlog + 1 connections; later SYNs are dropped."""
        for _ in range(4):
            conn = socket.socket()
            conn.settimeout(0.3)
            try:
                conn.connect(("127.0.0.1", self.port))
            except TimeoutError:
                conn.close()
                return  # the queue is full: connects hang now
            self.held.append(conn)
        raise AssertionError("could not fill the listen backlog: connects do not hang here")

    def spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def accept_loop(self, serve: Callable[[socket.socket, threading.Event], None]) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            self.held.append(conn)
            self.spawn(self.serve_one, serve, conn)

    def serve_one(self, serve: Callable[[socket.socket, threading.Event], None], conn: socket.socket) -> None:
        try:
            serve(conn, self.stop)
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(5)
        for conn in self.held:
            conn.close()
        self.sock.close()

    def arg(self, name: str) -> str:
        return f"{name}=127.0.0.1:{self.port}"


def whitelisting(conn: socket.socket, stop: threading.Event) -> None:
    """A ZooKeeper 3.4.10+ with `4lw.commands.whitelist`: srvr answered, other words refused."""
    conn.settimeout(2)
    with contextlib.suppress(OSError):
        word = conn.recv(4)
        conn.sendall(SRVR if word == b"srvr" else word + b" is not executed because it is not in the whitelist.\n")


def pre_whitelist_follower(conn: socket.socket, stop: threading.Event) -> None:
    """A follower of ZooKeeper before 3.4.10: every word answered (here with srvr's text)."""
    read_word(conn)
    conn.sendall(SRVR.replace(b"Mode: leader", b"Mode: follower"))


KINDS: dict[str, Callable[[socket.socket, threading.Event], None] | None] = {
    "whitelisting": whitelisting, "pre_whitelist_follower": pre_whitelist_follower,
    "healthy": healthy, "trickle": trickle, "silent": silent, "unaccepted": None, "flood": flood}
# What the check says of each bad peer, by the probes' deadline.
SAYS = {
    "trickle": "no answer within {deadline:.1f} s (answer incomplete after",
    "silent": "no answer within {deadline:.1f} s (waiting for an answer)",
    "unaccepted": "no answer within {deadline:.1f} s (connecting)",
    "flood": "answer longer than 65536 bytes",
}


def says(kind: str, deadline: float | None = None) -> str:
    """What is said of a bad peer after a probe with this deadline; without one, the part
    that does not depend on it (the status command's deadline is a share of its own)."""
    if deadline is None:
        return SAYS[kind].rpartition(" s ")[2]
    return SAYS[kind].format(deadline=deadline)


@pytest.fixture
def peer() -> Iterator[Callable[[str], Peer]]:
    made: list[Peer] = []

    def make(kind: str) -> Peer:
        made.append(Peer(KINDS[kind]))
        return made[-1]

    yield make
    for p in made:
        p.close()


def run(*argv: str | Path, python: str = sys.executable) -> tuple[subprocess.CompletedProcess[str], float]:
    """Runs a script; returns its result and how long it took."""
    start = time.monotonic()
    try:
        result = subprocess.run([python, *map(str, argv)], capture_output=True, text=True, timeout=HANG)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{Path(argv[0]).name} {' '.join(map(str, argv[1:]))}: still running after {HANG} s")
    return result, time.monotonic() - start


@pytest.mark.parametrize("kind", sorted(SAYS))
def test_once_returns_in_time_and_names_the_bad_peer(peer: Callable[[str], Peer], kind: str) -> None:
    good, bad = peer("healthy"), peer(kind)
    result, took = run(CHECK, "--once", "--timeout", str(DEADLINE), good.arg("good"), bad.arg("bad"))
    assert took < DEADLINE + STARTUP, f"{kind}: took {took:.1f} s"
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"good 127.0.0.1:{good.port} leader" in lines
    assert any(line.startswith(f"bad 127.0.0.1:{bad.port} ") and says(kind, DEADLINE) in line for line in lines), lines
    assert f"bad (127.0.0.1:{bad.port}): " + says(kind, DEADLINE) in result.stderr


@pytest.mark.parametrize(("python", "deadline"), [
    pytest.param(sys.executable, None, id="python3-probe-timeout"),
    pytest.param(PYTHON27, DEADLINE, id="python2.7",
                 marks=pytest.mark.skipif(PYTHON27 is None, reason="no Python 2.7 interpreter here")),
])
def test_servers_are_probed_at_once(peer: Callable[[str], Peer], python: str, deadline: float | None) -> None:
    """Four bad peers cost one deadline, not four; and so on Python 2.7 too. Without
    --timeout, --once ends by the probes' own deadline."""
    good = peer("healthy")
    bad = {kind: peer(kind) for kind in SAYS}
    timeout = [] if deadline is None else ["--timeout", str(deadline)]
    result, took = run(CHECK, "--once", *timeout, good.arg("good"), *(p.arg(k) for k, p in bad.items()),
                       python=python)
    deadline = deadline or PROBE_TIMEOUT
    assert took < deadline + 2.0, f"took {took:.1f} s"
    assert result.returncode == 1
    for kind, p in bad.items():
        assert f"{kind} (127.0.0.1:{p.port}): {says(kind, deadline)}" in result.stderr


def test_waiting_ends_by_the_timeout(peer: Callable[[str], Peer]) -> None:
    good, bad = peer("healthy"), peer("trickle")
    result, took = run(CHECK, "--timeout", str(DEADLINE), "--interval", "0.5", good.arg("good"), bad.arg("bad"))
    assert took < DEADLINE + STARTUP, f"took {took:.1f} s"
    assert result.returncode == 1
    assert f"ZooKeeper ensemble not healthy after {DEADLINE}s" in result.stderr
    assert f"bad (127.0.0.1:{bad.port}): {says('trickle', DEADLINE)}" in result.stderr


@pytest.mark.parametrize("python", INTERPRETERS)
def test_a_healthy_leader_passes(peer: Callable[[str], Peer], python: str) -> None:
    good = peer("healthy")
    result, _ = run(CHECK, "--once", good.arg("good"), python=python)
    assert (result.returncode, result.stdout) == (0, f"good 127.0.0.1:{good.port} leader\n"), result.stderr
    result, _ = run(CHECK, "--timeout", "10", good.arg("good"), python=python)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ZooKeeper ensemble healthy: 1 servers, leader good\n"


# The status command's --timeout here: its survey has 0.3 of it, time for the trickling
# peer to send a few bytes.
STATUS_DEADLINE = 2.0


@pytest.mark.parametrize("python", INTERPRETERS)
def test_status_command_has_the_same_deadlines(peer: Callable[[str], Peer], python: str) -> None:
    """The status command probes with the same code, and its kazoo step (here against a peer
    that answers srvr to anything, which no kazoo handshake survives) is bounded too."""
    good = peer("healthy")
    bad = {kind: peer(kind) for kind in SAYS}
    result, took = run(STATUS, "--json", "--timeout", str(STATUS_DEADLINE), "--config", os.devnull,
                       "--servers", good.arg("good"), *(p.arg(k) for k, p in bad.items()), python=python)
    assert took < STATUS_DEADLINE + 2.0, f"took {took:.1f} s"
    assert result.returncode == 1, result.stderr
    status = json.loads(result.stdout)
    servers = {s["name"]: s for s in status["ensemble"]["servers"]}
    assert servers["good"]["mode"] == "leader"
    for kind in SAYS:
        assert says(kind) in servers[kind]["problem"], servers[kind]
    assert status["groups_error"]  # no kazoo session with a fake server
    assert result.stderr == ""


def test_the_check_needs_the_status_file_beside_it(tmp_path: Path) -> None:
    (tmp_path / CHECK.name).write_text(CHECK.read_text())
    result, _ = run(tmp_path / CHECK.name, "--once", "a=127.0.0.1:1")
    assert result.returncode == 1
    assert "ceilometer-zookeeper-status is missing" in result.stderr


@pytest.mark.parametrize("python", INTERPRETERS)
def test_the_check_fails_while_a_server_answers_a_word_outside_the_whitelist(
        peer: Callable[[str], Peer], python: str) -> None:
    """ZooKeeper before 3.4.10 answers every word (the wait task runs the check with
    --refused envi); 3.4.10 and later refuse a word outside the whitelist."""
    closed, open_ = peer("whitelisting"), peer("pre_whitelist_follower")
    result, _ = run(CHECK, "--once", "--refused", "envi", closed.arg("closed"), python=python)
    assert result.returncode == 0, result.stdout + result.stderr
    result, _ = run(CHECK, "--once", "--refused", "envi", closed.arg("closed"), open_.arg("open"), python=python)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "answers a four-letter word outside its whitelist" in result.stderr
    assert f"open (127.0.0.1:{open_.port}) answered envi" in result.stderr
    assert "closed (" not in result.stderr


@pytest.mark.parametrize(("kinds", "quorate"), [
    (("healthy", "pre_whitelist_follower", "silent"), True),   # a controller lost: 2 of 3 serve
    (("healthy", "silent", "unaccepted"), False),              # a leader without followers
    (("pre_whitelist_follower", "pre_whitelist_follower", "silent"), False),  # no leader
])
def test_status_command_says_whether_the_ensemble_keeps_a_quorum(
        peer: Callable[[str], Peer], kinds: tuple[str, ...], quorate: bool) -> None:
    peers = [peer(kind) for kind in kinds]
    result, _ = run(STATUS, "--json", "--timeout", str(STATUS_DEADLINE), "--config", os.devnull,
                    "--servers", *(p.arg(f"s{i}") for i, p in enumerate(peers)))
    status = json.loads(result.stdout)
    assert status["ensemble"]["healthy"] is False
    assert status["ensemble"]["quorate"] is quorate, status["ensemble"]


def electing(conn: socket.socket, stop: threading.Event) -> None:
    """A server choosing a leader (LOOKING): it runs, and refuses to serve."""
    read_word(conn)
    conn.sendall(b"This ZooKeeper instance is not currently serving requests\n")


KINDS["electing"] = electing


@pytest.mark.parametrize(("kinds", "running"), [
    # s0 is the server that has just (re)started.
    (("silent", "healthy", "pre_whitelist_follower"), True),    # a follower's restart
    (("silent", "electing", "electing"), True),                 # the leader's: the others elect
    (("silent", "electing", "unaccepted"), True),               # a first deployment's second server
    (("healthy", "silent", "unaccepted"), False),               # the very first server
])
def test_others_running_tells_a_restart_from_the_very_first_start(
        peer: Callable[[str], Peer], kinds: tuple[str, ...], running: bool) -> None:
    peers = [peer(kind) for kind in kinds]
    result, took = run(CHECK, "--others-running", "s0", "--timeout", str(DEADLINE),
                       *(p.arg(f"s{i}") for i, p in enumerate(peers)))
    assert result.returncode == (0 if running else 1), result.stdout + result.stderr
    assert ("a first start" in result.stdout) is not running, result.stdout
    assert took < DEADLINE + STARTUP


def test_rejoined_waits_for_the_server_and_names_it_on_timeout(peer: Callable[[str], Peer]) -> None:
    leader, follower, silent = peer("healthy"), peer("pre_whitelist_follower"), peer("silent")
    servers = [leader.arg("s0"), follower.arg("s1"), silent.arg("s2")]
    result, _ = run(CHECK, "--rejoined", "s1", "--timeout", str(DEADLINE), *servers)
    assert result.returncode == 0, result.stderr
    assert "s1 serves as follower; the ensemble has a leader and a quorum" in result.stdout
    result, took = run(CHECK, "--rejoined", "s2", "--timeout", str(DEADLINE), *servers)
    assert result.returncode == 1 and f"s2 has not rejoined the ensemble after {DEADLINE}s" in result.stderr
    assert took < DEADLINE + STARTUP
    result, _ = run(CHECK, "--rejoined", "nobody", *servers)
    assert result.returncode == 2 and "nobody is not one of the servers" in result.stderr
