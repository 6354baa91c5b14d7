"""The lab's stand-in for the OpenStack services that Ceilometer's central pollsters ask on
a Fuel 9 cloud, as Ceilometer 8.1.5's clients use them (keystoneauth1 2.18,
python-keystoneclient 3.10, python-glanceclient 2.6, python-neutronclient 6.1,
python-swiftclient 3.3), each under its own path prefix of the resource API's address:

- Keystone v3 (/identity/v3): the version document, a token with the service catalog for
  any password (POST auth/tokens), and the cloud's projects (discovery ``tenant``).
- Glance v2 (/image): the image schema and the images, paged as Glance pages them
  (discovery ``images``, meter image.size).
- Neutron v2.0 (/network): the floating IPs (discovery ``fip_services``, meter ip.floating).
- Swift (/object-store/v1/AUTH_<project>): HEAD of a project's account (meters
  storage.objects, storage.objects.size and storage.objects.containers).

What the cloud holds comes from tests/model/meters.py, which the lab's checks share. Pure:
route() answers one request; tests/lab/resource_api.py serves and logs it."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from model import meters

TOKEN = "lab-token"
REGION = "RegionOne"
EXPIRES = "2099-01-01T00:00:00.000000Z"
ISSUED = "2026-01-01T00:00:00.000000Z"
# The project the agents' token is scoped to, which also owns the images and floating IPs.
OWNER = meters.project_ids()[0]
# Service type -> (name, path prefix under the API's address, path of the catalog's URL).
SERVICES = {
    "identity": ("keystone", "/identity", "/identity/v3"),
    "image": ("glance", "/image", "/image"),
    "network": ("neutron", "/network", "/network"),
    "object-store": ("swift", "/object-store", "/object-store/v1/AUTH_%(tenant_id)s"),
}
IMAGE_FIELDS = ("status", "visibility", "name", "container_format", "created_at", "disk_format", "updated_at",
                "min_disk", "protected", "checksum", "min_ram", "tags", "virtual_size", "size", "owner", "id")


@dataclass
class Answer:
    status: int
    body: Any = None  # JSON-encoded unless None
    headers: dict[str, str] = field(default_factory=dict)


def size_of(name: str) -> int:
    """The size (a stable number) the lab's APIs give a resource: the same on every request."""
    return zlib.crc32(name.encode()) % 10000


def catalog(base: str) -> list[dict[str, Any]]:
    """Keystone v3's catalog: every service at every interface, one region."""
    out = []
    for kind, (name, _, path) in sorted(SERVICES.items()):
        endpoints = [{"id": f"{name}-{interface}", "interface": interface, "region": REGION, "region_id": REGION,
                      "url": base + path} for interface in ("public", "internal", "admin")]
        out.append({"id": name, "name": name, "type": kind, "endpoints": endpoints})
    return out


def version(base: str) -> dict[str, Any]:
    return {"version": {"id": "v3.6", "status": "stable", "updated": ISSUED,
                        "links": [{"rel": "self", "href": base + "/identity/v3/"}],
                        "media-types": [{"base": "application/json",
                                         "type": "application/vnd.openstack.identity-v3+json"}]}}


def token(base: str) -> Answer:
    project = OWNER
    body = {"token": {
        "methods": ["password"], "expires_at": EXPIRES, "issued_at": ISSUED, "audit_ids": ["lab"],
        "user": {"id": "ceilometer", "name": "ceilometer", "domain": {"id": "default", "name": "Default"}},
        "project": {"id": project, "name": project, "domain": {"id": "default", "name": "Default"}},
        "roles": [{"id": "admin", "name": "admin"}],
        "catalog": catalog(base)}}
    return Answer(201, body, {"X-Subject-Token": TOKEN})


def projects(base: str) -> dict[str, Any]:
    return {"links": {"self": base + "/identity/v3/projects", "next": None, "previous": None},
            "projects": [{"id": p, "name": p, "domain_id": "default", "enabled": True, "is_domain": False,
                          "parent_id": "default", "description": "", "links": {}} for p in meters.project_ids()]}


def image(image_id: str) -> dict[str, Any]:
    size = size_of(image_id) * 1024
    return {"id": image_id, "name": image_id, "status": "active", "visibility": "public", "owner": OWNER,
            "container_format": "bare", "disk_format": "qcow2", "created_at": ISSUED, "updated_at": ISSUED,
            "min_disk": 0, "min_ram": 0, "protected": False, "checksum": f"{size:032x}", "tags": [],
            "virtual_size": None, "size": size, "self": f"/v2/images/{image_id}", "file": f"/v2/images/{image_id}/file",
            "schema": "/v2/schemas/image"}


def image_schema() -> dict[str, Any]:
    """Enough of Glance's image schema for the client's model: each field, any value."""
    return {"name": "image", "properties": {name: {} for name in IMAGE_FIELDS}, "additionalProperties": True}


def images(query: str) -> dict[str, Any]:
    """A page of images after ?marker=, at most ?limit= of them, with the next page's link."""
    params = parse_qs(query)
    ids = meters.image_ids()
    marker = params.get("marker", [""])[0]
    start = ids.index(marker) + 1 if marker in ids else 0
    limit = int(params.get("limit", ["25"])[0])
    page = ids[start:start + limit]
    body: dict[str, Any] = {"images": [image(i) for i in page], "schema": "/v2/schemas/images",
                            "first": "/v2/images"}
    if start + limit < len(ids):
        body["next"] = f"/v2/images?marker={page[-1]}&limit={limit}"
    return body


def floating_ips() -> dict[str, Any]:
    return {"floatingips": [{
        "id": fip, "status": "ACTIVE", "tenant_id": OWNER, "project_id": OWNER,
        "router_id": "lab-router", "floating_network_id": "lab-external", "port_id": None,
        "fixed_ip_address": None, "floating_ip_address": f"192.0.2.{n + 10}",
    } for n, fip in enumerate(meters.floating_ip_ids())]}


def account(project: str) -> Answer:
    """HEAD of a project's Swift account: its counts in headers."""
    if project not in meters.project_ids():
        return Answer(404)
    n = size_of(project)
    return Answer(204, None, {"X-Account-Object-Count": str(n), "X-Account-Bytes-Used": str(n * 4096),
                              "X-Account-Container-Count": str(n % 7)})


def route(method: str, path: str, query: str, base: str) -> Answer | None:
    """The answer to one request of the stand-in cloud, None when the path is not the
    cloud's (the resource API's own)."""
    identity, image_path, network, swift = (SERVICES[s][1] for s in ("identity", "image", "network", "object-store"))
    if path.rstrip("/") == identity + "/v3" and method == "GET":
        return Answer(200, version(base))
    if path == identity + "/v3/auth/tokens" and method == "POST":
        return token(base)
    if path == identity + "/v3/projects" and method == "GET":
        return Answer(200, projects(base))
    if path == image_path + "/v2/schemas/image" and method == "GET":
        return Answer(200, image_schema())
    if path == image_path + "/v2/images" and method == "GET":
        return Answer(200, images(query))
    if path in (network + "/v2.0/floatingips", network + "/v2.0/floatingips.json") and method == "GET":
        return Answer(200, floating_ips())
    prefix = swift + "/v1/AUTH_"
    if path.startswith(prefix) and method == "HEAD":
        return account(path[len(prefix):].rstrip("/"))
    for prefix in (identity, image_path, network, swift):
        if path == prefix or path.startswith(prefix + "/"):
            return Answer(404, {"error": f"the lab's stand-in cloud does not answer {method} {path}"})
    return None


def encode(answer: Answer) -> bytes:
    return b"" if answer.body is None else json.dumps(answer.body).encode()
