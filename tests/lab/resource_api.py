"""The lab's stand-in for the OpenStack APIs the central agent polls and aodh's evaluators
ask: GET /resources lists the lab's resources (lab-0000, ...: the lab's discovery asks);
GET /resources/<name> answers [{"id": name, "size": n}], logged as one JSON line (time,
client address, resource) so that who polled what is known independently of the agents'
own samples. The stand-in cloud's services (tests/lab/openstack_api.py: Keystone,
Glance, Neutron, Swift) answer under their own paths, each request logged in the cloud log
(time, client address, request), as is the listing of the resources. Ceilometer's v2 API
as aodh 2.0's threshold alarms use it: GET / (the client's probe for aodh's endpoint) and
GET /v2/meters/<meter>/statistics answer one period whose mean is the size of the resource
the query names (q.field=resource_id), logged as (time, client address,
alarm: that resource) in the alarm log. Runs inside the lab's client namespace."""

from __future__ import annotations

import argparse
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

from model import meters

from . import openstack_api
from .openstack_api import size_of


def queried_resource(query: str) -> str | None:
    """The value of the q.field=resource_id condition of a Ceilometer v2 query string."""
    params = parse_qs(query, keep_blank_values=True)
    for field, value in zip(params.get("q.field", []), params.get("q.value", []), strict=False):
        if field == "resource_id":
            return value
    return None


def statistics(resource: str, period: int) -> list[dict[str, object]]:
    """One period of the v2 API's statistics, its mean the resource's size."""
    size = float(size_of(resource))
    end = datetime.now(UTC).replace(tzinfo=None)
    start = end - timedelta(seconds=period)
    return [{"avg": size, "min": size, "max": size, "sum": size, "count": 1, "unit": "B",
             "period": period, "duration": 0.0, "period_start": start.isoformat(),
             "period_end": end.isoformat(), "duration_start": start.isoformat(),
             "duration_end": start.isoformat(), "groupby": None}]


class Handler(BaseHTTPRequestHandler):
    log_lock = threading.Lock()
    log_path = ""
    alarm_log_path = ""
    cloud_log_path = ""
    resources = 0  # how many lab resources GET /resources lists
    latency = 0.0  # seconds every answer waits, as a real API's round trip would

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        prefix = "/resources/"
        if path.startswith(prefix) and len(path) > len(prefix):  # every poll: first
            self.resource(unquote(path[len(prefix):]))
        elif path == "/resources":
            self.record(self.cloud_log_path, {"request": "GET /resources", "listed": self.resources})
            self.answer(meters.lab_resource_ids(self.resources))
        elif self.cloud("GET", path, query):
            return
        elif path == "/":
            self.answer({"versions": {"values": [{"id": "v2", "status": "stable"}]}})
        elif path.startswith("/v2/meters/") and path.endswith("/statistics"):
            self.statistics(query)
        else:
            self.send_error(404, "GET /resources/<name> or /v2/meters/<meter>/statistics")

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)  # any credentials will do
        if not self.cloud("POST", path, query):
            self.send_error(404, "POST only to the stand-in Keystone's auth/tokens")

    def do_HEAD(self) -> None:
        path, _, query = self.path.partition("?")
        if not self.cloud("HEAD", path, query):
            self.send_error(404, "HEAD only of a stand-in Swift account")

    def cloud(self, method: str, path: str, query: str) -> bool:
        """Answers a request of the stand-in cloud, logged; False when it is not one."""
        answer = openstack_api.route(method, path, query, f"http://{self.headers.get('Host', '')}")
        if answer is None:
            return False
        if self.latency:
            time.sleep(self.latency)
        self.record(self.cloud_log_path, {"request": f"{method} {self.path}", "status": answer.status})
        body = openstack_api.encode(answer)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)
        return True

    def resource(self, name: str) -> None:
        if self.latency:
            time.sleep(self.latency)
        # Recorded before the answer: a client that has its answer finds it in the log.
        self.record(self.log_path, {"resource": name})
        # A list: Ceilometer reads a bare object as a mapping of entry lists.
        self.answer([{"id": name, "user_id": "lab-user", "project_id": "lab-project", "size": size_of(name)}])

    def statistics(self, query: str) -> None:
        resource = queried_resource(query)
        if resource is None:
            self.send_error(400, "the lab answers statistics of one resource: q.field=resource_id")
            return
        period = parse_qs(query).get("period", ["60"])[0]
        self.record(self.alarm_log_path, {"alarm": resource})
        self.answer(statistics(resource, int(period) if period.isdigit() else 60))

    def answer(self, value: object) -> None:
        body = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self, path: str, what: dict[str, object]) -> None:
        if not path:
            return
        line = json.dumps({"at": time.time(), "client": self.client_address[0], **what})
        with self.log_lock, open(path, "a") as out:
            out.write(line + "\n")

    def log_message(self, format: str, *args: object) -> None:
        return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bind", required=True, help="ADDRESS:PORT")
    parser.add_argument("--log", required=True, help="request log (JSON lines)")
    parser.add_argument("--alarm-log", default="", help="statistics query log (JSON lines)")
    parser.add_argument("--cloud-log", default="", help="the stand-in cloud's request log (JSON lines)")
    parser.add_argument("--resources", type=int, default=0, help="how many lab resources GET /resources lists")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="fixed wait before each answer (ms)")
    args = parser.parse_args()
    host, port = args.bind.rsplit(":", 1)
    Handler.log_path = args.log
    Handler.alarm_log_path = args.alarm_log
    Handler.cloud_log_path = args.cloud_log
    Handler.resources = args.resources
    Handler.latency = args.latency_ms / 1000.0
    server = ThreadingHTTPServer((host, int(port)), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
