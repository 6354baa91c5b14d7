"""What the local lab plugs into the real Ceilometer 27 polling agent: ResourceAuth, the
authentication object of the lab's non-OpenStack dynamic pollster. Ceilometer builds it from
each static resource's name; it sends that name to the lab's resource API (path and header),
whose answer becomes the sample. The samples' record is lab_samples.py, shared with the
Mitaka stack."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from requests.auth import AuthBase


class ResourceAuth(AuthBase):
    """Adds the polled resource's name to the request."""

    def __init__(self, resource: str, *_: str) -> None:
        self.resource = resource

    def __call__(self, request: Any) -> Any:
        request.prepare_url(request.url.rstrip("/") + "/" + quote(self.resource, safe=""), None)
        request.headers["X-Lab-Resource"] = self.resource
        return request
