"""The lab's stand-in API as its two clients use it: the agents' pollsters GET a resource,
aodh 2.0's threshold evaluator (through python-ceilometerclient 2.4) probes / and asks
Ceilometer's v2 statistics of one resource; each request it answers is logged with the
client's address, so that who polled or evaluated what is known apart from the services."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from lab import openstack_api, resource_api
from model import meters

# The query string aodh 2.0.6 sends for alarm lab-alarm-0007 (its rule's query, then the
# time window), as python-ceilometerclient 2.4 encodes it.
QUERY = ("q.field=resource_id&q.field=timestamp&q.field=timestamp&q.op=eq&q.op=le&q.op=ge"
         "&q.type=&q.type=&q.type=&q.value=lab-0007&q.value=2026-12-06T01%3A57%3A22"
         "&q.value=2026-12-06T01%3A55%3A22&period=60")


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    handler = type("Handler", (resource_api.Handler,), {
        "log_path": str(tmp_path / "requests.jsonl"), "alarm_log_path": str(tmp_path / "alarms.jsonl"),
        "cloud_log_path": str(tmp_path / "cloud.jsonl"), "resources": 12})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "requests.jsonl", tmp_path / "alarms.jsonl"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.loads(answer.read())


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_statistics_query_answers_the_resources_size_and_logs_the_alarm(api: tuple[str, Path, Path]) -> None:
    base, requests, alarms = api
    answer = get(f"{base}/v2/meters/lab.resource.size/statistics?{QUERY}")
    assert isinstance(answer, list) and len(answer) == 1
    assert answer[0]["avg"] == resource_api.size_of("lab-0007") and answer[0]["period"] == 60
    assert [(e["client"], e["alarm"]) for e in lines(alarms)] == [("127.0.0.1", "lab-0007")]
    assert lines(requests) == []  # not a poll


def test_the_clients_probe_of_the_root_is_answered_and_not_logged(api: tuple[str, Path, Path]) -> None:
    base, requests, alarms = api
    assert "versions" in get(f"{base}/")
    assert lines(requests) == [] and lines(alarms) == []


def test_a_resource_get_is_a_poll(api: tuple[str, Path, Path]) -> None:
    base, requests, alarms = api
    assert get(f"{base}/resources/lab-0003")[0]["size"] == resource_api.size_of("lab-0003")
    assert [e["resource"] for e in lines(requests)] == ["lab-0003"] and lines(alarms) == []


@pytest.mark.parametrize("path", ["/v2/meters/m/statistics?q.field=project_id&q.value=p", "/v2/meters/m", "/other"])
def test_what_the_lab_does_not_answer_is_an_error_not_a_record(api: tuple[str, Path, Path], path: str) -> None:
    base, requests, alarms = api
    with pytest.raises(urllib.error.HTTPError) as error:
        get(base + path)
    assert error.value.code in (400, 404)
    assert lines(requests) == [] and lines(alarms) == []


def test_the_queried_resource_is_the_resource_id_condition() -> None:
    assert resource_api.queried_resource(QUERY) == "lab-0007"
    assert resource_api.queried_resource("q.field=timestamp&q.value=x") is None


def call(method: str, url: str, body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, method=method)
    with urllib.request.urlopen(request, timeout=5) as answer:
        return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()


def test_the_listing_names_every_lab_resource_and_is_no_poll(api: tuple[str, Path, Path]) -> None:
    base, requests, _ = api
    assert get(f"{base}/resources") == meters.lab_resource_ids(12)
    assert lines(requests) == []
    assert [(e["request"], e["listed"]) for e in lines(requests.parent / "cloud.jsonl")] == [("GET /resources", 12)]


def test_a_token_for_any_password_carries_the_clouds_catalog(api: tuple[str, Path, Path]) -> None:
    base, _, _ = api
    status, headers, body = call("POST", f"{base}/identity/v3/auth/tokens", b'{"auth": {}}')
    token = json.loads(body)["token"]
    assert status == 201 and headers["x-subject-token"] == openstack_api.TOKEN
    urls = {(s["type"], e["interface"]): e["url"] for s in token["catalog"] for e in s["endpoints"]}
    host = base.split("//", 1)[1]
    assert urls[("image", "internal")] == f"http://{host}/image"
    assert urls[("object-store", "public")] == f"http://{host}/object-store/v1/AUTH_%(tenant_id)s"
    assert get(f"{base}/identity/v3")["version"]["id"].startswith("v3")


def test_the_cloud_answers_what_model_meters_says_it_holds(api: tuple[str, Path, Path]) -> None:
    base, requests, _ = api
    assert [p["id"] for p in get(f"{base}/identity/v3/projects")["projects"]] == meters.project_ids()
    assert [f["id"] for f in get(f"{base}/network/v2.0/floatingips")["floatingips"]] == meters.floating_ip_ids()
    # Glance's paging: the next page starts after the marker.
    first = get(f"{base}/image/v2/images?limit=4")
    ids = [i["id"] for i in first["images"]]
    page = first
    while "next" in page:
        page = get(f"{base}/image{page['next']}")
        ids += [i["id"] for i in page["images"]]
    assert ids == meters.image_ids()
    status, headers, body = call("HEAD", f"{base}/object-store/v1/AUTH_lab-project-03")
    assert status == 204 and body == b""
    assert int(headers["x-account-object-count"]) == openstack_api.size_of("lab-project-03")
    assert lines(requests) == []  # none of them is a poll of a lab resource


def test_every_cloud_request_is_logged_with_its_client_even_unknown_ones(api: tuple[str, Path, Path]) -> None:
    base, requests, _ = api
    with pytest.raises(urllib.error.HTTPError) as error:
        call("HEAD", f"{base}/object-store/v1/AUTH_nobody")
    assert error.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as error:
        get(f"{base}/network/v2.0/ports")
    assert error.value.code == 404
    logged = [(e["client"], e["request"], e["status"]) for e in lines(requests.parent / "cloud.jsonl")]
    assert logged == [("127.0.0.1", "HEAD /object-store/v1/AUTH_nobody", 404),
                      ("127.0.0.1", "GET /network/v2.0/ports", 404)]
