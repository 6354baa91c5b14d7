"""ceilometer-zookeeper-bridge: how long it runs for each Ceilometer, read from the
agent's own files; run for real against a stand-in `ceilometer` distribution, that it
runs the agent's console script without coordination and ends it in time; and that
`start` bridges each agent process once, with the agent's interpreter and environment.
The lab's Mitaka scenarios run it beside the real agents."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from project import MODULE_FILES, load_module_file

BRIDGE = MODULE_FILES / "ceilometer-zookeeper-bridge"


@pytest.fixture(scope="module")
def bridge():
    return load_module_file("ceilometer-zookeeper-bridge")


@pytest.mark.parametrize(("version", "waits"), [("6.1.5", (1, 0)), ("6.0.0", (1, 0)), ("8.1.5", (2, 1)),
                                                ("9.0.7", (2, 1)), ("10.0.0", (0, 0)), ("27.0.0", (0, 0))])
def test_first_poll_waits_by_release(bridge, version: str, waits: tuple[int, int]) -> None:
    assert bridge.first_poll_waits(version) == waits


def agent_files(folder: Path, conf: str, sources: str) -> Path:
    (folder / "pipeline.yaml").write_text(textwrap.dedent(sources))
    path = folder / "ceilometer.conf"
    path.write_text(textwrap.dedent(conf))
    return path


SOURCES = """\
    sources:
      - name: meters
        interval: 600
        meters: ["*"]
      - name: lab
        interval: 20
        meters: [lab.resource.size]
"""


def test_mitakas_bridge_polls_at_once_and_ends_before_its_second_pass(bridge, tmp_path: Path, monkeypatch) -> None:
    conf = agent_files(tmp_path, "[DEFAULT]\npipeline_cfg_file = pipeline.yaml\n", SOURCES)
    monkeypatch.setattr(bridge, "ceilometer_version", lambda: "6.1.5")
    seconds, reason = bridge.plan(str(conf))
    assert seconds == pytest.approx(18.0)  # 0.9 of the shortest interval
    assert "first polls 1 interval(s) after its start; polling interval 20s" in reason


def test_ocatas_bridge_waits_its_own_interval_first(bridge, tmp_path: Path, monkeypatch) -> None:
    """Each source's first uncoordinated pass comes one of its own intervals after the
    start: the bridge lives until the longest's, plus the shuffle, plus 0.9 of the
    shortest."""
    conf = agent_files(tmp_path, "[DEFAULT]\nshuffle_time_before_polling_task = 5\n"
                                 "[polling]\ncfg_file = pipeline.yaml\n", SOURCES)
    monkeypatch.setattr(bridge, "ceilometer_version", lambda: "8.1.5")
    seconds, _ = bridge.plan(str(conf))
    assert seconds == pytest.approx(600 + 5 + 18)


@pytest.mark.parametrize(("version", "age", "needed"), [("6.1.5", 0.0, True), ("6.1.5", 19.0, True),
                                                        ("6.1.5", 20.0, False), ("8.1.5", 19.0, True),
                                                        ("8.1.5", 20.5, False)])
def test_no_bridge_for_an_agent_that_polls_before_a_bridge_could(bridge, tmp_path: Path, monkeypatch, version: str,
                                                                  age: float, needed: bool) -> None:
    conf = agent_files(tmp_path, "[DEFAULT]\n", SOURCES)
    monkeypatch.setattr(bridge, "ceilometer_version", lambda: version)
    seconds, reason = bridge.plan(str(conf), agent_age=age)
    assert bool(seconds) == needed, reason
    if not needed:
        assert f"the agent started {age:.0f}s ago and polls before a bridge could" in reason


def test_no_bridge_where_the_agent_polls_at_once(bridge, tmp_path: Path, monkeypatch) -> None:
    conf = agent_files(tmp_path, "[DEFAULT]\n", SOURCES)
    monkeypatch.setattr(bridge, "ceilometer_version", lambda: "27.0.0")
    seconds, reason = bridge.plan(str(conf))
    assert seconds == 0 and "no bridge needed" in reason


def test_fuels_default_interval_without_a_pipeline_file(bridge, tmp_path: Path, monkeypatch) -> None:
    conf = tmp_path / "ceilometer.conf"
    conf.write_text("[DEFAULT]\n")
    monkeypatch.setattr(bridge, "ceilometer_version", lambda: "6.1.5")
    seconds, _ = bridge.plan(str(conf))
    assert seconds == pytest.approx(540)


def fake_ceilometer(site: Path, version: str, record: Path) -> None:
    """A `ceilometer` distribution whose ceilometer-polling records its arguments and the
    coordination it was given, then runs until it is told to end."""
    dist = site / f"ceilometer-{version}.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: ceilometer\nVersion: {version}\n")
    (dist / "entry_points.txt").write_text("[console_scripts]\nceilometer-polling = fakepoll:main\n")
    (site / "fakepoll.py").write_text(textwrap.dedent(f"""\
        import configparser, json, os, sys, time
        def main():
            files = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--config-file"]
            conf = configparser.RawConfigParser()
            conf.read(files)
            with open({str(record)!r}, "w") as out:
                json.dump({{"argv": sys.argv, "pid": os.getpid(),
                           "backend_url": conf.get("coordination", "backend_url")}}, out)
            while True:
                time.sleep(1)
        """))


def test_the_bridge_runs_the_agent_uncoordinated_and_ends_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    record = tmp_path / "record.json"
    fake_ceilometer(site, "6.1.5", record)
    conf = agent_files(tmp_path, "[coordination]\nbackend_url = zookeeper://10.0.0.1:2181\n",
                       "sources:\n  - name: lab\n    interval: 3\n    meters: [x]\n")
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)}
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(BRIDGE), "run", "--config", str(conf)], env=env,
                            capture_output=True, text=True, timeout=60)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(record.read_text())
    assert seen["argv"][0] == "ceilometer-zookeeper-bridge-agent"
    assert seen["argv"][1:4] == ["--polling-namespaces", "central", "--config-file"]
    assert seen["backend_url"] == "", seen
    assert 2.5 <= took < 20, f"the bridge ran {took:.1f} s for a 3 s interval (0.9 of it wanted)"
    assert "ended after 3s" in result.stdout
    assert not list(tmp_path.glob("ceilometer-zookeeper-bridge-*.conf")), "override left behind"
    assert not Path(f"/proc/{seen['pid']}").exists(), "the agent outlived its bridge"


def test_plan_says_when_no_bridge_is_needed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    fake_ceilometer(site, "27.0.0", tmp_path / "record.json")
    conf = agent_files(tmp_path, "[DEFAULT]\n", SOURCES)
    result = subprocess.run([sys.executable, str(BRIDGE), "run", "--config", str(conf), "--plan"],
                            env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Ceilometer 27.0.0 polls at once after a restart: no bridge needed" in result.stdout


@pytest.fixture
def agent(tmp_path: Path):
    """A stand-in agent process whose command line matches the plugin's pattern, with a
    `ceilometer` 6.1.5 on its PYTHONPATH and a 3 s polling interval; yields its pid and
    the record its bridge's agent writes."""
    site = tmp_path / "site"
    record = tmp_path / "record.json"
    fake_ceilometer(site, "6.1.5", record)
    agent_files(tmp_path, "[DEFAULT]\n", "sources:\n  - name: lab\n    interval: 3\n    meters: [x]\n")
    script = tmp_path / "bin" / "ceilometer-polling"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\nimport time\nwhile True:\n    time.sleep(1)\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "LAB_MARK": "from-the-agent"}
    proc = subprocess.Popen([sys.executable, str(script), "--polling-namespaces", "central"], env=env)
    time.sleep(0.3)
    yield proc.pid, record
    proc.kill()
    proc.wait()


def pattern(tmp_path: Path) -> str:
    """The plugin's pattern for the agent, narrowed to this test's stand-in."""
    return re.escape(str(tmp_path)) + "/[b]in/ceilometer-(agent-central|polling .*--polling-namespaces[ =]central)"


def test_start_bridges_each_agent_process_once(bridge, agent, tmp_path: Path, monkeypatch, capsys) -> None:
    pid, record = agent
    for name in ("STATE", "LOCK", "LOG"):
        monkeypatch.setattr(bridge, name, str(tmp_path / "run" / name.lower()))
    monkeypatch.setattr(bridge, "default_file", lambda service: {})
    conf = str(tmp_path / "ceilometer.conf")
    assert bridge.start(pattern(tmp_path), conf, "ceilometer-agent-central") == 0
    state = json.loads((tmp_path / "run" / "state").read_text())
    assert state["agent"].startswith(f"{pid}:"), state
    bridged = int(state["bridge"].split(":")[0])
    said = capsys.readouterr().out
    assert f"bridge {bridged} started beside agent {pid}" in said
    assert bridge.start(pattern(tmp_path), conf, "ceilometer-agent-central") == 0
    assert f"agent {pid} has its bridge already" in capsys.readouterr().out
    deadline = time.time() + 20
    while not record.exists() and time.time() < deadline:
        time.sleep(0.2)
    seen = json.loads(record.read_text())
    assert seen["backend_url"] == ""
    # The bridge ends by itself, 0.9 of the interval after its start (started from this
    # process, it is this process's child to reap).
    while os.waitpid(bridged, os.WNOHANG) == (0, 0):
        assert time.time() < deadline, "the bridge did not end"
        time.sleep(0.2)
    log = (tmp_path / "run" / "log").read_text()
    assert "ended after 3s" in log, log


def test_agent_env_keeps_the_agents_pairs_then_etc_default(bridge, agent, monkeypatch) -> None:
    pid, _ = agent
    monkeypatch.setattr(bridge, "default_file", lambda service: {"LAB_DEFAULT": service})
    env = bridge.agent_env(pid, "ceilometer-agent-central")
    assert env["LAB_MARK"] == "from-the-agent"
    assert env["LAB_DEFAULT"] == "ceilometer-agent-central"
    assert env["PATH"] == "/usr/bin:/bin"


def test_default_file_reads_shell_pairs(bridge, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "etc-default"
    path.write_text("# comment\nexport A=1\nB=\"two words\"\nC='3'\nnot a pair\n")
    real_exists = bridge.os.path.exists
    monkeypatch.setattr(bridge.os.path, "exists", lambda p: True if p == "/etc/default/x" else real_exists(p))
    real_open = open

    def fake_open(p, *a, **k):
        return real_open(path if p == "/etc/default/x" else p, *a, **k)

    monkeypatch.setattr("builtins.open", fake_open)
    assert bridge.default_file("x") == {"A": "1", "B": "two words", "C": "3"}


def test_the_watch_records_an_old_agent_without_bridging_it(bridge, agent, tmp_path: Path, monkeypatch,
                                                            capsys) -> None:
    pid, _ = agent
    for name in ("STATE", "LOCK", "LOG"):
        monkeypatch.setattr(bridge, name, str(tmp_path / "run" / name.lower()))
    monkeypatch.setattr(bridge, "NEW_AGENT_AGE", 0)
    assert bridge.start(pattern(tmp_path), str(tmp_path / "ceilometer.conf"), "svc", only_new=True) == 0
    state = json.loads((tmp_path / "run" / "state").read_text())
    assert state["agent"].startswith(f"{pid}:") and "bridge" not in state, state
    assert "bridge" not in capsys.readouterr().out


def alive(pid: int) -> bool:
    """Running, neither gone nor a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_the_agent_ends_when_its_bridge_is_killed(tmp_path: Path) -> None:
    """An uncoordinated agent must never outlive its bridge, even one killed outright."""
    site = tmp_path / "site"
    record = tmp_path / "record.json"
    fake_ceilometer(site, "6.1.5", record)
    conf = agent_files(tmp_path, "[DEFAULT]\n", "sources:\n  - name: lab\n    interval: 60\n    meters: [x]\n")
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, str(BRIDGE), "run", "--config", str(conf)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while not record.exists():
        assert time.time() < deadline and proc.poll() is None, "the bridge's agent never started"
        time.sleep(0.1)
    agent = json.loads(record.read_text())["pid"]
    proc.kill()
    proc.wait()
    try:
        while alive(agent):
            assert time.time() < deadline, "the agent outlived its killed bridge"
            time.sleep(0.1)
    finally:
        if alive(agent):
            os.kill(agent, 9)


def test_the_interpreter_is_the_one_the_agents_script_names(bridge, tmp_path: Path) -> None:
    """A venv's python may be a link to the base interpreter, which /proc/PID/exe resolves
    out of the venv (and its Ceilometer): the script's #! line names the venv's."""
    venv_python = tmp_path / "venv" / "bin" / "python3"
    venv_python.parent.mkdir(parents=True)
    venv_python.symlink_to(sys.executable)
    script = tmp_path / "venv" / "bin" / "ceilometer-polling"
    script.write_text(f"#!{venv_python}\nimport time\nwhile True:\n    time.sleep(1)\n")
    script.chmod(0o755)
    proc = subprocess.Popen([str(script), "--polling-namespaces", "central"])
    try:
        time.sleep(0.3)
        assert os.readlink(f"/proc/{proc.pid}/exe") != str(venv_python)
        assert bridge.interpreter(proc.pid) == str(venv_python)
    finally:
        proc.kill()
        proc.wait()


def run_bridge(tmp_path: Path, *args: str) -> subprocess.Popen:
    """The bridge on a stand-in Ceilometer 6.1.5 with a 60 s interval (it would run 54 s),
    its output in tmp_path/out; returns once its agent has started."""
    site = tmp_path / "site"
    record = tmp_path / "record.json"
    fake_ceilometer(site, "6.1.5", record)
    conf = agent_files(tmp_path, "[DEFAULT]\n", "sources:\n  - name: lab\n    interval: 60\n    meters: [x]\n")
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)}
    with open(tmp_path / "out", "w") as out:
        proc = subprocess.Popen([sys.executable, str(BRIDGE), "run", "--config", str(conf), *args], env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    deadline = time.time() + 20
    while not record.exists():
        assert time.time() < deadline and proc.poll() is None, (tmp_path / "out").read_text()
        time.sleep(0.1)
    return proc


def test_the_bridge_ends_with_the_agent_it_bridges(bridge, tmp_path: Path) -> None:
    """A bridge must not outlive its agent (stopped, moved, restarted once more)."""
    bridged = subprocess.Popen(["sleep", "60"])
    ident = f"{bridged.pid}:{bridge.process_start(bridged.pid)[0]}"
    proc = run_bridge(tmp_path, "--agent", ident)
    agent = json.loads((tmp_path / "record.json").read_text())["pid"]
    try:
        bridged.kill()
        bridged.wait()
        assert proc.wait(timeout=20) == 0
        said = (tmp_path / "out").read_text()
        assert f"ended early: the agent it bridged ({ident}) is gone" in said, said
        assert not alive(agent)
    finally:
        proc.kill()
        if alive(agent):
            os.kill(agent, 9)


def test_a_bridge_told_to_end_ends_its_agent_first(tmp_path: Path) -> None:
    proc = run_bridge(tmp_path)
    agent = json.loads((tmp_path / "record.json").read_text())["pid"]
    try:
        proc.terminate()
        assert proc.wait(timeout=20) == 0
        said = (tmp_path / "out").read_text()
        assert f"agent {agent} ended told to (signal 15)" in said, said
        assert not alive(agent)
        assert not list(tmp_path.glob("ceilometer-zookeeper-bridge-*.conf")), "override left behind"
    finally:
        proc.kill()
        if alive(agent):
            os.kill(agent, 9)


def test_a_new_agent_process_ends_the_earlier_bridge(bridge, agent, tmp_path: Path, monkeypatch, capsys) -> None:
    for name in ("STATE", "LOCK", "LOG"):
        monkeypatch.setattr(bridge, name, str(tmp_path / "run" / name.lower()))
    monkeypatch.setattr(bridge, "default_file", lambda service: {})
    # An earlier bridge, as start() records it, still running (a sleep under its name).
    holder = subprocess.Popen(["sh", "-c", "exec -a ceilometer-zookeeper-bridge sleep 60"])
    time.sleep(0.2)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "state").write_text(json.dumps(
        {"agent": "1:1", "bridge": f"{holder.pid}:{bridge.process_start(holder.pid)[0]}"}))
    try:
        assert bridge.start(pattern(tmp_path), str(tmp_path / "ceilometer.conf"), "svc") == 0
        said = capsys.readouterr().out
        assert f"ended the earlier bridge {holder.pid}" in said, said
        assert holder.poll() is not None
        state = json.loads((tmp_path / "run" / "state").read_text())
        bridged = int(state["bridge"].split(":")[0])
        os.kill(bridged, 15)
        os.waitpid(bridged, 0)
    finally:
        holder.kill()
        holder.wait()


def test_start_records_an_agent_that_needs_no_bridge(bridge, tmp_path: Path, monkeypatch, capsys) -> None:
    site = tmp_path / "site"
    fake_ceilometer(site, "27.0.0", tmp_path / "record.json")
    agent_files(tmp_path, "[DEFAULT]\n", SOURCES)
    script = tmp_path / "bin" / "ceilometer-polling"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\nimport time\nwhile True:\n    time.sleep(1)\n")
    proc = subprocess.Popen([sys.executable, str(script), "--polling-namespaces", "central"],
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site)})
    for name in ("STATE", "LOCK", "LOG"):
        monkeypatch.setattr(bridge, name, str(tmp_path / "run" / name.lower()))
    monkeypatch.setattr(bridge, "default_file", lambda service: {})
    try:
        time.sleep(0.3)
        assert bridge.start(pattern(tmp_path), str(tmp_path / "ceilometer.conf"), "svc") == 0
        assert "Ceilometer 27.0.0 polls at once after a restart: no bridge needed" in capsys.readouterr().out
        state = json.loads((tmp_path / "run" / "state").read_text())
        assert state == {"agent": f"{proc.pid}:{bridge.process_start(proc.pid)[0]}"}, state
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def forking_agent(tmp_path: Path):
    """A stand-in cotyledon agent: a master matching the plugin's pattern that forks its
    worker 0.3 s after its start (the worker matches too until it would rename itself);
    yields (master pid, worker pid)."""
    script = tmp_path / "bin" / "ceilometer-polling"
    script.parent.mkdir()
    pids = tmp_path / "worker.pid"
    script.write_text(f"#!{sys.executable}\nimport os, time\ntime.sleep(0.3)\nif os.fork() == 0:\n"
                      f"    open({str(pids)!r}, 'w').write(str(os.getpid()))\n"
                      "while True:\n    time.sleep(1)\n")
    proc = subprocess.Popen([sys.executable, str(script), "--polling-namespaces", "central"],
                            start_new_session=True)
    deadline = time.time() + 10
    while not (pids.exists() and pids.read_text()) and time.time() < deadline:
        time.sleep(0.1)
    yield proc.pid, int(pids.read_text())
    os.killpg(proc.pid, 9)
    proc.wait()


def test_the_worker_an_agent_forks_is_not_a_new_agent(bridge, forking_agent, tmp_path: Path, monkeypatch,
                                                      capsys) -> None:
    """The bridge recorded beside a cotyledon master before its worker existed: the watch,
    finding the worker newest, neither ends that bridge nor starts another."""
    master, worker = forking_agent
    for name in ("STATE", "LOCK", "LOG"):
        monkeypatch.setattr(bridge, name, str(tmp_path / "run" / name.lower()))
    (tmp_path / "run").mkdir()
    known = f"{master}:{bridge.process_start(master)[0]}"
    (tmp_path / "run" / "state").write_text(json.dumps({"agent": known, "bridge": "1:1"}))
    assert bridge.newest_pid(pattern(tmp_path)) == worker
    assert bridge.start(pattern(tmp_path), str(tmp_path / "ceilometer.conf"), "svc", only_new=True) == 0
    assert json.loads((tmp_path / "run" / "state").read_text()) == {"agent": known, "bridge": "1:1"}
    assert capsys.readouterr().out == ""


def test_which_processes_belong_to_the_agent_bridged(bridge, forking_agent, monkeypatch) -> None:
    """Its worker forked at once and a process older than it belong to the recorded agent;
    a worker forked after FORK_GRACE (respawned: a new member) or any process once the
    recorded one is gone do not."""
    master, worker = forking_agent
    master_start, worker_start = bridge.process_start(master)[0], bridge.process_start(worker)[0]
    assert bridge.same_agent(f"{master}:{master_start}", worker, worker_start)
    assert bridge.same_agent(f"{worker}:{worker_start}", master, master_start)
    assert not bridge.same_agent(f"{master}:{master_start + 1}", worker, worker_start)
    monkeypatch.setattr(bridge, "FORK_GRACE", -1)
    assert not bridge.same_agent(f"{master}:{master_start}", worker, worker_start)


def test_a_bridge_started_ahead_of_a_restart_is_the_next_agents(bridge, agent, tmp_path: Path, monkeypatch,
                                                                capsys) -> None:
    """start --ahead bridges before the restart, without tying the bridge to the agent
    about to go; while that agent still runs nothing changes; the first agent process
    after it is recorded as bridged by that same bridge, none other started or ended."""
    old, _ = agent
    for name in ("STATE", "LOCK", "LOG"):
        monkeypatch.setattr(bridge, name, str(tmp_path / "run" / name.lower()))
    monkeypatch.setattr(bridge, "default_file", lambda service: {})
    # A 30 s interval: the bridge runs 27 s, longer than this test.
    conf = str(agent_files(tmp_path, "[DEFAULT]\n", "sources:\n  - name: lab\n    interval: 30\n    meters: [x]\n"))
    assert bridge.start(pattern(tmp_path), conf, "svc", ahead=True) == 0
    assert "ahead of its restart" in capsys.readouterr().out
    state = json.loads((tmp_path / "run" / "state").read_text())
    assert state["ahead"] and state["agent"].startswith(f"{old}:"), state
    bridged = int(state["bridge"].split(":")[0])
    try:
        assert "--agent" not in Path(f"/proc/{bridged}/cmdline").read_text().split("\0")
        assert bridge.start(pattern(tmp_path), conf, "svc", only_new=True) == 0
        assert json.loads((tmp_path / "run" / "state").read_text()) == state
        new = subprocess.Popen([sys.executable, str(tmp_path / "bin" / "ceilometer-polling"), "--polling-namespaces",
                                "central"], env={"PATH": "/usr/bin:/bin"})
        try:
            time.sleep(0.3)
            assert bridge.start(pattern(tmp_path), conf, "svc") == 0
            said = capsys.readouterr().out
            assert f"agent {new.pid} (started 0s ago) has bridge {state['bridge']}, started ahead" in said, said
            assert json.loads((tmp_path / "run" / "state").read_text()) == {
                "agent": f"{new.pid}:{bridge.process_start(new.pid)[0]}", "bridge": state["bridge"]}
            assert alive(bridged)
        finally:
            new.kill()
            new.wait()
    finally:
        os.kill(bridged, 15)
        os.waitpid(bridged, 0)


def test_a_bridge_started_ahead_too_long_ago_is_not_the_next_agents(bridge, agent, tmp_path: Path, monkeypatch,
                                                                    capsys) -> None:
    """An agent that appears after ADOPT_WITHIN (the restart the bridge was started for
    failed; Pacemaker restarted a killed agent later) gets a bridge of its own, the one
    started ahead ended."""
    for name in ("STATE", "LOCK", "LOG"):
        monkeypatch.setattr(bridge, name, str(tmp_path / "run" / name.lower()))
    monkeypatch.setattr(bridge, "default_file", lambda service: {})
    conf = str(agent_files(tmp_path, "[DEFAULT]\n", "sources:\n  - name: lab\n    interval: 30\n    meters: [x]\n"))
    assert bridge.start(pattern(tmp_path), conf, "svc", ahead=True) == 0
    ahead = json.loads((tmp_path / "run" / "state").read_text())["bridge"]
    monkeypatch.setattr(bridge, "ADOPT_WITHIN", -1)
    new = subprocess.Popen([sys.executable, str(tmp_path / "bin" / "ceilometer-polling"), "--polling-namespaces",
                            "central"], env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path / "site")})
    bridged = None
    try:
        time.sleep(0.3)
        assert bridge.start(pattern(tmp_path), conf, "svc") == 0
        said = capsys.readouterr().out
        assert f"ended the earlier bridge {ahead.split(':')[0]}" in said, said
        state = json.loads((tmp_path / "run" / "state").read_text())
        assert state["agent"].startswith(f"{new.pid}:") and state["bridge"] != ahead and "ahead" not in state
        bridged = int(state["bridge"].split(":")[0])
    finally:
        new.kill()
        new.wait()
        for ident in (ahead, f"{bridged}:0" if bridged else None):
            if ident:
                try:
                    os.kill(int(ident.split(":")[0]), 15)
                    os.waitpid(int(ident.split(":")[0]), 0)
                except (OSError, ChildProcessError):
                    pass


def test_an_agent_recorded_without_a_bridge_ends_what_carries_over(bridge) -> None:
    """Recording an agent that needs no bridge keeps the earlier bridge known (to be ended
    later) but lets no bridge started ahead carry over to a later agent."""
    assert bridge.recorded({"agent": "1:1", "bridge": "2:2", "ahead": True}, "3:3") == {"agent": "3:3",
                                                                                      "bridge": "2:2"}
    assert bridge.recorded({"agent": "1:1"}, "3:3") == {"agent": "3:3"}
