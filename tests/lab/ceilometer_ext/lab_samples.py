"""The lab's record of what an agent polled: an oslo.messaging notifier driver (``labfile``)
that appends one JSON line per sample, with the agent's host, to $LAB_SAMPLES_FILE, instead
of a message bus. Ceilometer 8.1.5 loads it on Python 2.7; tests/lab/observe.py reads the
lines.

8.1.5's polling agent publishes as ``ceilometer.polling``: the host is the agent's
``[DEFAULT] host`` option.
"""

import json
import os
import socket
import time

from oslo_messaging.notify import notifier


class SampleFileDriver(notifier.Driver):
    """Writes each sample of a telemetry notification as a JSON line."""

    def notify(self, ctxt, message, priority, retry):
        path = os.environ.get("LAB_SAMPLES_FILE")
        if not path:
            return
        host = getattr(self.conf, "host", None) or socket.gethostname()
        payload = message.get("payload")
        samples = payload if isinstance(payload, list) else (payload or {}).get("samples", [])
        now = time.time()
        lines = [json.dumps({
            "at": now,
            "host": host,
            "meter": item.get("counter_name"),
            "resource": item.get("resource_id"),
            "volume": item.get("counter_volume"),
            "timestamp": item.get("timestamp"),
        }) for item in samples]
        if lines:
            with open(path, "a") as out:
                out.write("\n".join(lines) + "\n")
