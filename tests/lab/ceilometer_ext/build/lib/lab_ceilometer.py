"""What the local lab plugs into the real Ceilometer polling agent.

- ResourceAuth: the authentication object of the lab's non-OpenStack dynamic pollster.
  Ceilometer builds it from each static resource's name; it sends that name to the lab's
  resource API (path and header), whose answer becomes the sample.
- SampleFileDriver: an oslo.messaging notifier driver (``labfile``) that appends one JSON
  line per sample, with the agent's host, to $LAB_SAMPLES_FILE, instead of a message bus.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any
from urllib.parse import quote

from oslo_messaging.notify import notifier
from requests.auth import AuthBase


class ResourceAuth(AuthBase):
    """Adds the polled resource's name to the request."""

    def __init__(self, resource: str, *_: str) -> None:
        self.resource = resource

    def __call__(self, request: Any) -> Any:
        request.prepare_url(request.url.rstrip("/") + "/" + quote(self.resource, safe=""), None)
        request.headers["X-Lab-Resource"] = self.resource
        return request


class SampleFileDriver(notifier.Driver):
    """Writes each sample of a telemetry notification as a JSON line."""

    def notify(self, ctxt: Any, message: dict, priority: str, retry: Any) -> None:
        path = os.environ.get("LAB_SAMPLES_FILE")
        if not path:
            return
        publisher = str(message.get("publisher_id", ""))
        host = publisher.rsplit(".", 1)[-1] if publisher.startswith("telemetry.publisher.") else publisher
        payload = message.get("payload")
        samples = payload if isinstance(payload, list) else (payload or {}).get("samples", [])
        lines = []
        now = time.time()
        for sample in samples:
            lines.append(json.dumps({
                "at": now,
                "host": host,
                "meter": sample.get("counter_name"),
                "resource": sample.get("resource_id"),
                "volume": sample.get("counter_volume"),
                "timestamp": sample.get("timestamp"),
            }))
        if lines:
            with open(path, "a") as out:
                out.write("\n".join(lines) + "\n")
