"""Ceilometer 8.1.5's own central pollsters and discoveries, and the lab's, against the lab's
stand-in cloud: the real agent manager (the agents' venv, on Python 2.7) discovers each
meter's resources through the stand-in Keystone's catalog and polls them, as the lab's agents
do every cycle. Each meter yields one sample per resource that model/meters.py says the cloud
holds, and the stand-in logs the requests that made them. Runs in a private network and
mount namespace: the API on its loopback, Python 2.7's layer under /usr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lab import control
from model import meters
from project import ROOT

pytestmark = pytest.mark.lab

RESOURCES = 7
PORT = 8080
DEADLINE = 180  # seconds for the whole run, the agent manager's imports included

CONF = f"""[DEFAULT]
transport_url = fake://
[polling]
cfg_file = /nonexistent/polling.yaml
[service_credentials]
auth_type = password
auth_url = http://127.0.0.1:{PORT}/identity/v3
username = ceilometer
password = lab
project_name = lab-project-00
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
interface = internal
"""

# Python 2.7, in the Mitaka venv: every central pollster of the lab's meters, with its
# default discovery, through the real agent manager, sharing one cycle's caches as the
# pollsters of one polling source do; prints {meter: [resource ids]}.
PROGRAM = """
import json, sys
from ceilometer import service
from ceilometer.agent import manager as agent_manager
conf = service.prepare_service(argv=['lab', '--config-file', sys.argv[1]])
wanted = sys.argv[2].split(',')
mgr = agent_manager.AgentManager(0, conf, namespaces=['central'], pollster_list=wanted)
out, cache, discovered = {}, {}, {}
for ext in mgr.extensions:
    resources = mgr.discover([ext.obj.default_discovery], discovered)
    out[ext.name] = sorted(s.resource_id for s in ext.obj.get_samples(mgr, cache, resources))
print('SAMPLES ' + json.dumps(out))
"""

SCRIPT = """
ip link set lo up
"$HOST_PYTHON" -m lab.resource_api --bind 127.0.0.1:$PORT --log "$DIR/requests.jsonl" \
  --cloud-log "$DIR/cloud.jsonl" --resources $RESOURCES &
api=$!
trap 'kill $api' EXIT
for _ in $(seq 50); do "$HOST_PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" \
  2>/dev/null && break; sleep 0.1; done
mount -t overlay overlay -o "lowerdir=$LAYER/usr:/usr" /usr
LAB_RESOURCE_API=127.0.0.1:$PORT "$VENV/bin/python" -c "$PROGRAM" "$DIR/ceilometer.conf" "$METERS"
"""


def python27_layer() -> str:
    result = subprocess.run([str(ROOT / "tools" / "setup-zookeeper34"), "--python27", "--print"],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        pytest.skip(f"Python 2.7 is not prepared (tools/setup-host lab): {result.stderr.strip()}")
    return result.stdout.strip()


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_each_meter_samples_every_resource_the_cloud_holds(tmp_path: Path) -> None:
    venv = control.CEILOMETER_VENV
    if not (venv / "bin" / "python").exists():
        pytest.skip(f"no Mitaka venv at {venv} (tools/setup-host all)")
    (tmp_path / "ceilometer.conf").write_text(CONF)
    wanted = meters.meters()
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOST_PYTHON": sys.executable, "PORT": str(PORT),
           "DIR": str(tmp_path), "RESOURCES": str(RESOURCES), "LAYER": python27_layer(), "VENV": str(venv),
           "PROGRAM": PROGRAM, "METERS": ",".join(wanted), "PYTHONPATH": str(ROOT / "tests")}
    result = subprocess.run(["timeout", "--kill-after=10", str(DEADLINE), "unshare", "--net", "--mount",
                             "--propagation", "private", "--", "bash", "-ec", SCRIPT],
                            capture_output=True, text=True, env=env, cwd=str(ROOT / "tests"), timeout=DEADLINE + 30)
    found = [line for line in result.stdout.splitlines() if line.startswith("SAMPLES ")]
    assert result.returncode == 0 and found, result.stdout[-2000:] + result.stderr[-4000:]
    samples = json.loads(found[0][len("SAMPLES "):])

    expected = meters.by_meter(meters.expected(RESOURCES))
    assert sorted(samples) == sorted(wanted)
    for meter in wanted:
        assert {meters.key(meter, r) for r in samples[meter]} == expected[meter], meter
        assert len(samples[meter]) == len(expected[meter]), f"{meter}: a resource sampled twice"

    # The lab's meter: one GET per resource; the cloud's: through the stand-in's services.
    assert sorted(e["resource"] for e in lines(tmp_path / "requests.jsonl")) == meters.lab_resource_ids(RESOURCES)
    asked = [e["request"].split("?")[0] for e in lines(tmp_path / "cloud.jsonl")]
    for request in ("POST /identity/v3/auth/tokens", "GET /identity/v3/projects", "GET /image/v2/images",
                    "GET /resources"):
        assert request in asked, asked
    assert any(a.startswith("GET /network/v2.0/floatingips") for a in asked), asked
    heads = sorted(a for a in asked if a.startswith("HEAD /object-store/v1/AUTH_"))
    # One HEAD per project serves the three storage meters (the pollsters' cycle cache).
    assert heads == [f"HEAD /object-store/v1/AUTH_{p}" for p in meters.project_ids()], asked
