"""The lab's stand-in for the OpenStack APIs the central agent polls: GET
/resources/<name> answers [{"id": name, "size": n}]; every request is logged as one JSON line
(time, client address, resource) so that who polled what is known independently of the
agents' own samples. Runs inside the lab's client namespace."""

from __future__ import annotations

import argparse
import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote


class Handler(BaseHTTPRequestHandler):
    log_lock = threading.Lock()
    log_path = ""
    latency = 0.0  # seconds every answer waits, as a real API's round trip would

    def do_GET(self) -> None:
        prefix = "/resources/"
        if not self.path.startswith(prefix) or len(self.path) == len(prefix):
            self.send_error(404, "GET /resources/<name>")
            return
        name = unquote(self.path[len(prefix):])
        if self.latency:
            time.sleep(self.latency)
        # A list: Ceilometer reads a bare object as a mapping of entry lists.
        entry = {"id": name, "user_id": "lab-user", "project_id": "lab-project",
                 "size": zlib.crc32(name.encode()) % 10000}
        body = json.dumps([entry]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        line = json.dumps({"at": time.time(), "client": self.client_address[0], "resource": name})
        with self.log_lock, open(self.log_path, "a") as out:
            out.write(line + "\n")

    def log_message(self, format: str, *args: object) -> None:
        return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bind", required=True, help="ADDRESS:PORT")
    parser.add_argument("--log", required=True, help="request log (JSON lines)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="fixed wait before each answer (ms)")
    args = parser.parse_args()
    host, port = args.bind.rsplit(":", 1)
    Handler.log_path = args.log
    Handler.latency = args.latency_ms / 1000.0
    server = ThreadingHTTPServer((host, int(port)), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
